import sjson from 'secure-json-parse';
import type { WixHttpFunctionRequest, WixHttpFunctionResponse } from 'wix-http-functions';
import type { z } from 'zod';
import { jsonError } from './responses';

/** Velo refuses http-function bodies over 512 KB; we refuse them the same way everywhere. */
export const MAX_BODY_BYTES = 512 * 1024;

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: WixHttpFunctionResponse };

/**
 * The one way an http function reads a JSON body: size limit (413), media type (415), syntax
 * (400 MALFORMED_JSON), prototype-pollution keys anywhere in the tree (400 FORBIDDEN_KEY) and the
 * endpoint's schema (400 INVALID_BODY with one issue per problem). Never throws for bad input.
 */
export async function readJsonBody<S extends z.ZodType>(
  request: WixHttpFunctionRequest,
  schema: S,
): Promise<Parsed<z.infer<S>>> {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType && contentType !== 'application/json' && !contentType.endsWith('+json')) {
    return fail(415, 'UNSUPPORTED_MEDIA_TYPE', `Expected a JSON body (Content-Type: application/json), got "${contentType}"`);
  }

  let text: string;
  try {
    text = await request.body.text();
  } catch {
    return fail(400, 'UNREADABLE_BODY', 'The request body could not be read');
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_BODY_BYTES) {
    return fail(413, 'BODY_TOO_LARGE', `The body is ${bytes} bytes; the limit is ${MAX_BODY_BYTES} bytes (512 KB)`);
  }
  if (text.trim() === '') return fail(400, 'EMPTY_BODY', 'The request body is empty; send a JSON document');

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(400, 'MALFORMED_JSON', `The body is not valid JSON: ${(error as Error).message}`);
  }
  try {
    if (value !== null && typeof value === 'object') {
      sjson.scan(value as Record<string, unknown>, { protoAction: 'error', constructorAction: 'error' });
    }
  } catch {
    return fail(400, 'FORBIDDEN_KEY', 'The body contains a "__proto__" or "constructor.prototype" key, which is not allowed');
  }

  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.length ? issue.path.join('.') : '(body)',
      message: issue.message,
    }));
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return { ok: false, response: jsonError(400, 'INVALID_BODY', `The body does not have the expected shape: ${summary}`, issues) };
  }
  return { ok: true, value: result.data };
}

function fail(status: number, code: string, message: string): Parsed<never> {
  return { ok: false, response: jsonError(status, code, message) };
}
