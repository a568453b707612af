/**
 * Public HTTP endpoints: https://<site>/_functions/<name>. Thin: parse -> service -> response.
 * Every body goes through readJsonBody and every handler through guarded(), so malformed input
 * always gets a 4xx JSON error and a fault gets a JSON 5xx.
 */
import type { WixHttpFunctionRequest } from 'wix-http-functions';
import { z } from 'zod';
import { guarded } from './http/guard';
import { readJsonBody } from './http/json-body';
import { json, jsonError } from './http/responses';
import { ports } from './platform';
import { submitContact } from './services/contact';
import { checkHealth } from './services/health';
import { ScanBodySchema, ScanQuerySchema, scanDocument } from './services/scan';

/** GET /_functions/health -> { status: "ok" | "degraded", checks }; 503 when degraded, for monitors. */
export const get_health = guarded('health', async () => {
  const report = await checkHealth(ports());
  return json(report.status === 'ok' ? 200 : 503, report);
});

/** POST /_functions/contact: the contact form for other front ends (same rules as the page). */
export const post_contact = guarded('contact', async (request: WixHttpFunctionRequest) => {
  const body = await readJsonBody(request, z.record(z.string(), z.unknown()));
  if (!body.ok) return body.response;
  const result = await submitContact(ports(), body.value, { ip: request.ip, source: 'api' });
  if (!result.ok) {
    const issues = Object.entries(result.errors).map(([path, message]) => ({ path, message: message ?? '' }));
    return jsonError(400, 'INVALID_BODY', 'The contact form has errors', issues);
  }
  return json(201, { id: result.id });
});

/**
 * POST /_functions/scan[?profile=us-core]: a resource, a Bundle or { "ndjson": "..." } (512 KB)
 * -> 200 with the JSON scan report (findings about the data are in the report, not errors).
 */
export const post_scan = guarded('scan', async (request: WixHttpFunctionRequest) => {
  const query = ScanQuerySchema.safeParse(request.query ?? {});
  if (!query.success) {
    const issues = query.error.issues.map((issue) => ({ path: issue.path.join('.') || '(query)', message: issue.message }));
    return jsonError(400, 'INVALID_QUERY', `The query is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  const body = await readJsonBody(request, ScanBodySchema);
  if (!body.ok) return body.response;
  return json(200, scanDocument(body.value, query.data));
});
