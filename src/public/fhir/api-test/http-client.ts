import type { HttpClient, HttpErrorKind, HttpRequest, HttpResponse } from './types';

/** A request that could not be made or answered: the runner reports it as a failed test, never crashes. */
export class HttpClientError extends Error {
  constructor(
    readonly kind: HttpErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'HttpClientError';
  }
}

export interface FetchClientOptions {
  /** Default per-request timeout when the request gives none (ms). Default 10,000. */
  timeoutMs?: number;
  /** Responses larger than this fail with kind 'too-large' (bytes). Default 2 MB. */
  maxResponseBytes?: number;
  /** Headers added to every request (the request's own win). */
  headers?: Record<string, string>;
  /** The fetch to use (tests). Default globalThis.fetch. */
  fetch?: typeof fetch;
}

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/**
 * The default HttpClient over fetch. Redirects are not followed (redirect: 'manual'): a 3xx comes
 * back as is, so a wrapper can re-check the target before following it. The body is read as a
 * stream and reading stops at the size cap, so a hostile server cannot make us buffer gigabytes.
 */
export function createFetchClient(options: FetchClientOptions = {}): HttpClient {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_BYTES;
  const baseHeaders = options.headers ?? {};
  return async (request: HttpRequest): Promise<HttpResponse> => {
    const doFetch = options.fetch ?? globalThis.fetch;
    const timeoutMs = request.timeoutMs > 0 ? request.timeoutMs : (options.timeoutMs ?? 10_000);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const started = Date.now();
    try {
      const response = await doFetch(request.url, {
        method: request.method,
        headers: mergeHeaders(baseHeaders, request.headers),
        body: request.body,
        redirect: 'manual',
        signal: controller.signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        const key = name.toLowerCase();
        headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
      });
      const declared = Number(headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        controller.abort();
        throw new HttpClientError('too-large', `The response is ${declared} bytes, over the ${maxBytes}-byte limit`);
      }
      const body = await readCapped(response, maxBytes, controller);
      return { status: response.status, headers, body, durationMs: Date.now() - started };
    } catch (error) {
      if (error instanceof HttpClientError) throw error;
      if (timedOut) throw new HttpClientError('timeout', `No complete response within ${timeoutMs} ms`);
      const cause = describeCause(error);
      throw new HttpClientError('network', `Could not reach ${safeOrigin(request.url)}: ${cause}`);
    } finally {
      clearTimeout(timer);
    }
  };
}

async function readCapped(response: Response, maxBytes: number, controller: AbortController): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let total = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop reading: cancel the stream and the connection.
      await reader.cancel().catch(() => undefined);
      controller.abort();
      throw new HttpClientError('too-large', `The response is over the ${maxBytes}-byte limit`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * fetch reports "fetch failed" and hides the reason (ECONNREFUSED, ENOTFOUND...) in `cause`. Duck
 * typing, not instanceof: errors may come from another realm (a VM context, a test environment).
 */
function describeCause(error: unknown): string {
  if (!error || typeof error !== 'object') return String(error);
  const e = error as { message?: unknown; cause?: unknown };
  const cause = e.cause as { message?: unknown; code?: unknown } | undefined;
  if (cause && typeof cause === 'object') {
    const message = typeof cause.message === 'string' ? cause.message : '';
    if (typeof cause.code === 'string') return message && !message.includes(cause.code) ? `${cause.code} (${message})` : message || cause.code;
    if (message) return message;
  }
  return typeof e.message === 'string' ? e.message : String(error);
}

/** Merges header sets case-insensitively (later sets win); names come out lower-cased. */
export function mergeHeaders(...sets: Array<Record<string, string> | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const set of sets) for (const [k, v] of Object.entries(set ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the server';
  }
}

/** Sorts a thrown value into an error kind and a message for the test result. */
export function classifyError(error: unknown): { kind: HttpErrorKind; message: string } {
  if (error instanceof HttpClientError) return { kind: error.kind, message: error.message };
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; message?: unknown; kind?: unknown; code?: unknown };
    const message = typeof e.message === 'string' ? e.message : String(error);
    if (e.kind === 'timeout' || e.kind === 'network' || e.kind === 'too-large' || e.kind === 'refused') return { kind: e.kind, message };
    if (e.name === 'TargetRefusedError') return { kind: 'refused', message };
    if (e.name === 'TimeoutError' || e.name === 'AbortError' || /timed? ?out/i.test(message)) return { kind: 'timeout', message };
    return { kind: 'network', message };
  }
  return { kind: 'network', message: String(error) };
}
