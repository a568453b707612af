import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { DataPort } from '../../src/backend/ports';
import { errorBody, installErrorHandlers } from './errors';
import { collectionRoutes } from './routes-collections';
import { functionsRoutes } from './routes-functions';
import { jobRoutes, type JobsControl } from './routes-jobs';
import { localIndexRoutes } from './routes-local';
import { loginRoutes } from './routes-login';
import { previewRoutes } from './routes-preview';
import { webMethodRoutes } from './routes-webmethods';
import { createWebMethodRegistry } from './web-methods';

/** The local server's wiring: plugins, headers, error handling and every route group. */
export interface ServerOptions {
  /** Repository root (holds src/ and local/). */
  root: string;
  /** Where http-functions.ts and the *.web.ts modules are. */
  backendDir: string;
  data: () => DataPort;
  jobs: () => JobsControl | undefined;
  quiet: boolean;
}

/** Bodies up to this size reach http functions and web methods (the functions refuse above 512 KB). */
export const BODY_LIMIT = 4 * 1024 * 1024;

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "media-src 'self' https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // The Data Quality Scanner runs its engine in a web worker: from the site, or from a blob: URL
  // when the worker script is hosted elsewhere (see src/public/scanner-config.ts).
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Warnings and faults only: request lines would drown the terminal.
    logger: options.quiet ? false : { level: 'warn' },
    // Malformed URLs (bad %-escapes) are the client's fault: a JSON 400 like any other.
    frameworkErrors: (error, _request, reply) => {
      (reply as FastifyReply).code(400).type('application/json; charset=utf-8').send(errorBody('BAD_REQUEST', error.message));
    },
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      reply.header('content-security-policy', CSP);
      reply.header('referrer-policy', 'same-origin');
      reply.header('x-frame-options', 'SAMEORIGIN');
    }
    return payload;
  });

  installErrorHandlers(app);
  await app.register(fastifyFormbody);

  // Each group in its own encapsulated context: the functions' raw-body parsers stay theirs.
  await app.register(functionsRoutes, { backendDir: options.backendDir, bodyLimit: BODY_LIMIT });
  await app.register(webMethodRoutes, { registry: createWebMethodRegistry(options.backendDir), bodyLimit: BODY_LIMIT });
  await app.register(previewRoutes, { root: options.root });
  await app.register(localIndexRoutes);
  await app.register(loginRoutes);
  await app.register(collectionRoutes, { data: options.data });
  await app.register(jobRoutes, { jobs: options.jobs });
  return app;
}
