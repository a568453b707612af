import escapeHtml from 'escape-html';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { htmlPage } from './html';

/**
 * One error shape for every JSON answer of the local server: {"error":{"code","message"}}.
 * Faults (5xx) get a generic message; the detail goes to the log, never to the client.
 */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(errorBody(code, message, details));
}

export const GENERIC_FAULT = 'Something went wrong on our side; the error has been logged.';

/** Paths whose callers are programs: they get JSON errors; everything else is a browser page. */
export function isApiPath(url: string): boolean {
  return /^\/(_functions|_webmethods)(\/|$|\?)/.test(url) || /^\/_local\/.+/.test(url);
}

/** Fastify's own client errors (body too large, bad media type, bad JSON...) as our codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_BAD_URL: 'BAD_REQUEST',
};

function clientCode(error: FastifyError, status: number): string {
  if (error.code && FASTIFY_CODES[error.code]) return FASTIFY_CODES[error.code]!;
  if (error instanceof SyntaxError) return 'INVALID_JSON';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  return 'BAD_REQUEST';
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      return respond(request, reply, status, clientCode(error, status), error.message);
    }
    request.log.error({ err: error }, 'request failed');
    return respond(request, reply, 500, 'INTERNAL', GENERIC_FAULT);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    return respond(request, reply, 404, 'NOT_FOUND', `Nothing is at ${request.method} ${path}`);
  });
}

function respond(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  if (isApiPath(request.url) || !acceptsHtml(request)) return sendError(reply, status, code, message);
  const title = status === 404 ? 'Page not found' : status >= 500 ? 'Something went wrong' : 'Request refused';
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(htmlPage(title, `<h1>${status} · ${title}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to the home page</a></p>`));
}

/** Browsers ask for text/html; fetch() and curl ask for anything. */
function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}
