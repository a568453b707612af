import type { HttpResponse, RecordedRequest, RecordedResponse } from './types';

const MAX_HEADER_CHARS = 500;

/** Cuts a body to `limit` characters (the state has to stay small; the verdict's message says what matters). */
function cut(body: string, limit: number): { body: string; truncated?: boolean } {
  return body.length > limit ? { body: body.slice(0, limit), truncated: true } : { body };
}

function headers(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k] = v.length > MAX_HEADER_CHARS ? `${v.slice(0, MAX_HEADER_CHARS)}…` : v;
  return out;
}

export function recordRequest(request: { method: string; url: string; headers: Record<string, string>; body?: string }, limit: number): RecordedRequest {
  const r: RecordedRequest = { method: request.method, url: request.url, headers: headers(request.headers) };
  if (request.body !== undefined) r.body = cut(request.body, limit).body;
  return r;
}

export function recordResponse(response: HttpResponse, limit: number): RecordedResponse {
  const { body, truncated } = cut(response.body, limit);
  return { status: response.status, headers: headers(response.headers), body, ...(truncated ? { truncated } : {}), durationMs: response.durationMs };
}
