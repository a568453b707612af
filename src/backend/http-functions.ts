/**
 * Public HTTP endpoints: https://<site>/_functions/<name>. Thin: parse -> service -> response.
 * Every body goes through readJsonBody and every handler through guarded(), so malformed input
 * always gets a 4xx JSON error and a fault gets a JSON 5xx.
 */
import type { WixHttpFunctionRequest } from 'wix-http-functions';
import { z } from 'zod';
import { guarded } from './http/guard';
import { readJsonBody } from './http/json-body';
import { readQuery } from './http/query';
import { attachment, json, jsonError, tooManyRequests } from './http/responses';
import { ports } from './platform';
import {
  ApiTestBodySchema,
  EXPORT_FORMATS,
  continueApiTest,
  exportApiTestRun,
  getApiTestRun,
  startApiTest,
  type RunOutcome,
} from './services/api-test-runs';
import { ChatBodySchema, ChatQuerySchema, askAssistant, readConversation } from './services/assistant/chat';
import { CodegenBodySchema, generateFhir } from './services/codegen';
import { limitClient, RATE_LIMITS } from './services/rate-limit';
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
 * -> 200 with the JSON scan report (findings about the data are in the report, not errors); 429 with
 * Retry-After past 60 scans in 10 minutes per member or IP.
 */
export const post_scan = guarded('scan', async (request: WixHttpFunctionRequest) => {
  const query = readQuery(request, ScanQuerySchema);
  if (!query.ok) return query.response;
  const body = await readJsonBody(request, ScanBodySchema);
  if (!body.ok) return body.response;
  const limit = await limitClient(ports(), RATE_LIMITS.scan, request.ip);
  if (!limit.ok) return tooManyRequests(limit.retryAfterSeconds, 'scans');
  return json(200, scanDocument(body.value, query.value));
});

/**
 * POST /_functions/codegen { prompt, languages?, baseUrl? } -> 200 { resource, validation, code,
 * engine, understood, notes }: a FHIR R4 resource our scanner passes, and client code that sends it.
 * A request the engine cannot turn into a resource is a 422 saying what was understood and what is
 * missing; a bad body (empty or whitespace prompt, over 2,000 characters, not JSON) a 400; 429 with
 * Retry-After past 30 generations in 10 minutes per member or IP.
 */
export const post_codegen = guarded('codegen', async (request: WixHttpFunctionRequest) => {
  const body = await readJsonBody(request, CodegenBodySchema);
  if (!body.ok) return body.response;
  const limit = await limitClient(ports(), RATE_LIMITS.codegen, request.ip);
  if (!limit.ok) return tooManyRequests(limit.retryAfterSeconds, 'generations');
  const outcome = await generateFhir(ports().ai, body.value);
  if (!outcome.ok) {
    return json(422, { error: { code: outcome.code, message: outcome.message }, understood: outcome.understood, missing: outcome.missing });
  }
  return json(200, outcome.response);
});

/**
 * POST /_functions/chat { message, conversationId? } -> 200 { conversationId, answer, citations:
 * [{ title, url }], engine, masked, notice? }: the AI assistant, answering from the site's content.
 * A new conversationId (a UUID the client chose) starts a conversation with that id. 400 for an
 * empty or over-4,000-character message, bad JSON or unknown keys; 429 with Retry-After when the
 * member (else the IP) asked too often; 404 when the conversation is another member's. Engine
 * trouble is answered offline, never a 5xx.
 */
export const post_chat = guarded('chat', async (request: WixHttpFunctionRequest) => {
  const body = await readJsonBody(request, ChatBodySchema);
  if (!body.ok) return body.response;
  const outcome = await askAssistant(ports(), body.value, { ip: request.ip });
  if (outcome.ok) return json(200, outcome.reply);
  if (outcome.status === 429) return tooManyRequests(outcome.retryAfterSeconds, 'questions');
  return conversationNotFound();
});

/**
 * GET /_functions/chat?conversationId=<uuid> -> { conversationId, messages, pending? } (pending: the
 * answer being streamed); 404 when unknown or another member's; 429 past 600 reads in 10 minutes.
 */
export const get_chat = guarded('chat', async (request: WixHttpFunctionRequest) => {
  const query = readQuery(request, ChatQuerySchema);
  if (!query.ok) return query.response;
  const limit = await limitClient(ports(), RATE_LIMITS.chatRead, request.ip);
  if (!limit.ok) return tooManyRequests(limit.retryAfterSeconds, 'reads of this conversation');
  const view = await readConversation(ports(), query.value.conversationId);
  return view ? json(200, view) : conversationNotFound();
});

const conversationNotFound = () =>
  jsonError(404, 'NOT_FOUND', 'There is no conversation with this id (conversations expire 30 days after their last message)');

/**
 * POST /_functions/apiTest: `{ baseUrl, allowWrites?, groups?, resources? }` starts an API Testing
 * Suite run (201) and runs its first step; `{ runId }` runs the next step (200); `{ runId, cancel:
 * true }` skips the tests not run yet and cleans up. A backend call ends
 * after ~14 s on Wix, so a client calls again while `status` is "running". 403 when the target is
 * one the site must not call (loopback, private, link-local, metadata, after DNS); 429 with Retry-After
 * past 10 runs started in an hour per member or IP.
 */
export const post_apiTest = guarded('apiTest', async (request: WixHttpFunctionRequest) => {
  const body = await readJsonBody(request, ApiTestBodySchema);
  if (!body.ok) return body.response;
  if ('runId' in body.value) return runResponse(await continueApiTest(ports(), body.value.runId, { cancel: body.value.cancel ?? false }), 200);
  // Only starting a run is limited: its steps are paced by the run's lease, and Stop must always work.
  const limit = await limitClient(ports(), RATE_LIMITS.apiTestStart, request.ip);
  if (!limit.ok) return tooManyRequests(limit.retryAfterSeconds, 'test runs started');
  return runResponse(await startApiTest(ports(), body.value, { ip: request.ip }), 201);
});

const ApiTestQuerySchema = z.object({ runId: z.uuid('Not a run id'), format: z.enum(EXPORT_FORMATS).optional() });

/** GET /_functions/apiTest?runId=...[&format=json|junit|testreport]: the run as it stands, or its report as a file. */
export const get_apiTest = guarded('apiTest', async (request: WixHttpFunctionRequest) => {
  const query = readQuery(request, ApiTestQuerySchema);
  if (!query.ok) return query.response;
  const { runId, format } = query.value;
  if (!format) return runResponse(await getApiTestRun(ports(), runId), 200);
  const file = await exportApiTestRun(ports(), runId, format);
  if ('ok' in file) return runResponse(file, 200);
  return attachment(file.contentType, file.filename, file.body);
});

function runResponse(outcome: RunOutcome, status: number) {
  if (outcome.ok) return json(status, outcome.view);
  const headers = outcome.status === 409 ? { 'Retry-After': String(outcome.retryAfterSeconds) } : undefined;
  const error = jsonError(outcome.status, outcome.code, outcome.message);
  return headers ? { ...error, headers: { ...error.headers, ...headers } } : error;
}
