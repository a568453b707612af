import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { backendFile, loadBackendModule, type BackendModule } from './backend-modules';
import { GENERIC_FAULT, sendError } from './errors';
import { toVeloRequest, splitFunctionPath } from './http-request';
import { sendVeloResponse } from './http-response';
import { requestRole } from './request-identity';
import { runAs } from './identity';

/**
 * /_functions/<name>[/<more>]: Velo's http functions. The method picks `<method>_<name>` from
 * src/backend/http-functions.ts, with `use_<name>` as the fallback, as on Wix. Bodies of any
 * content type reach the function as raw text; the function's own edge helper judges them.
 */
export interface FunctionsOptions {
  backendDir: string;
  /** Largest body fastify accepts; the functions themselves refuse above Wix's 512 KB. */
  bodyLimit: number;
}

const PREFIX: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'post', PUT: 'put', DELETE: 'delete', OPTIONS: 'options' };
const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export async function functionsRoutes(app: FastifyInstance, options: FunctionsOptions): Promise<void> {
  let loaded: BackendModule | undefined;
  const moduleOf = (): BackendModule | undefined => {
    if (loaded) return loaded;
    const file = backendFile(options.backendDir, 'http-functions');
    if (file) loaded = loadBackendModule(file);
    return loaded;
  };

  // Raw bodies: every content type (and none) arrives as a Buffer, untouched.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (_request, body, done) => done(null, body));

  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'],
    url: '/_functions/*',
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const target = splitFunctionPath(request.url);
      if (!target || !NAME.test(target.name)) return notFound(reply, request, target?.name);
      const mod = moduleOf();
      const handler = mod && pick(mod, request.method, target.name);
      if (!handler) return notFound(reply, request, target.name);

      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const veloRequest = toVeloRequest(request, target.name, target.rest, raw);
      try {
        const result = await runAs(requestRole(request), () => handler(veloRequest));
        return sendVeloResponse(reply, result);
      } catch (err) {
        request.log.error({ err, function: target.name }, 'http function failed');
        return sendError(reply, 500, 'INTERNAL', GENERIC_FAULT);
      }
    },
  });
}

type HttpFunction = (request: unknown) => unknown;

function pick(mod: BackendModule, method: string, name: string): HttpFunction | undefined {
  const prefix = PREFIX[method];
  for (const key of prefix ? [`${prefix}_${name}`, `use_${name}`] : [`use_${name}`]) {
    const fn = Object.hasOwn(mod, key) ? mod[key] : undefined;
    if (typeof fn === 'function') return fn as HttpFunction;
  }
  return undefined;
}

function notFound(reply: FastifyReply, request: FastifyRequest, name: string | undefined): FastifyReply {
  const what = name ? `No http function answers ${request.method} /_functions/${name}` : 'No http function name in the path';
  return sendError(reply, 404, 'NOT_FOUND', what);
}
