import type { WixHttpFunctionRequest } from 'wix-http-functions';
import type { z } from 'zod';
import type { Parsed } from './json-body';
import { jsonError } from './responses';

/** The one way an http function reads its query string: the endpoint's schema, or 400 INVALID_QUERY naming each problem. */
export function readQuery<S extends z.ZodType>(request: WixHttpFunctionRequest, schema: S): Parsed<z.infer<S>> {
  const result = schema.safeParse(request.query ?? {});
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.') || '(query)', message: issue.message }));
  return { ok: false, response: jsonError(400, 'INVALID_QUERY', `The query is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues) };
}
