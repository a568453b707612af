import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GENERIC_FAULT, sendError } from './errors';
import { runAs } from './identity';
import { requestRole } from './request-identity';
import { mayCall, type WebMethodRegistry } from './web-methods';

/**
 * POST /_webmethods/<module>.web/<export> {"args": [...]}: what the browser RPC stubs call.
 * The permission is enforced for the caller's local identity, and the method runs inside it.
 */
const Body = z.object({ args: z.array(z.unknown()).max(100) });
const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const NOT_FOUND_MESSAGES = {
  NO_MODULE: (m: string) => `There is no web module ${m}`,
  NO_EXPORT: (m: string, e: string) => `${m} has no export named ${e}`,
  NOT_WEB_METHOD: (m: string, e: string) => `${m}.${e} is not a web method (wrap it with webMethod(Permissions.X, fn))`,
} as const;

export async function webMethodRoutes(app: FastifyInstance, options: { registry: WebMethodRegistry; bodyLimit: number }): Promise<void> {
  // JSON only (fastify's parser, which refuses __proto__ keys): any other body is a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  app.post<{ Params: { module: string; name: string } }>(
    '/_webmethods/:module/:name',
    { bodyLimit: options.bodyLimit },
    async (request, reply) => {
      const { module: moduleName, name } = request.params;
      if (!/^[A-Za-z0-9_-]+\.web$/.test(moduleName) || !NAME.test(name)) {
        return sendError(reply, 404, 'NOT_FOUND', `There is no web method ${moduleName}/${name}`);
      }
      const found = options.registry.find(moduleName, name);
      if (!found.ok) return sendError(reply, 404, 'NOT_FOUND', NOT_FOUND_MESSAGES[found.reason](moduleName, name));

      const role = requestRole(request);
      if (!mayCall(found.permission, role)) {
        return sendError(reply, 403, 'FORBIDDEN', `${moduleName}.${name} needs permission ${found.permission}; you are a ${role}`);
      }
      const parsed = Body.safeParse(request.body);
      if (!parsed.success) {
        return sendError(reply, 400, 'BAD_REQUEST', 'The body must be JSON of the form {"args": [...]}', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      }
      try {
        const result = await runAs(role, () => found.method(...parsed.data.args));
        // Serialised here so a result JSON cannot carry (cycles, BigInt) is this method's logged fault.
        const json = JSON.stringify({ result });
        return reply.type('application/json; charset=utf-8').send(json);
      } catch (err) {
        // Web methods reject malformed arguments with BadArgumentsError (src/backend/web-args.ts):
        // the caller's mistake, so a 400 that names it, as Velo rejects the call's promise with it.
        if (err instanceof Error && (err as { code?: unknown }).code === 'BAD_REQUEST') {
          return sendError(reply, 400, 'BAD_REQUEST', err.message);
        }
        request.log.error({ err, webMethod: `${moduleName}/${name}` }, 'web method failed');
        return sendError(reply, 500, 'INTERNAL', GENERIC_FAULT);
      }
    },
  );
}
