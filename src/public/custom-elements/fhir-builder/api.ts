/**
 * The <fhir-builder> element's one call: POST the visitor's request to the codegen http function
 * and turn every possible answer (success, 422 not understood, 400/413 bad request, 429, 5xx, an
 * unreadable answer, no answer at all) into one of two plain shapes the element shows. No DOM here.
 */
import { isObject, issueText } from '../shared/json-answer';
import { retryAfterSeconds } from '../shared/retry-after';

export const MAX_PROMPT_CHARS = 2000;
export const DEFAULT_ENDPOINT = '/_functions/codegen';

export type Severity = 'fatal' | 'error' | 'warning' | 'information';

export interface BuildIssue {
  resourceType: string;
  id?: string;
  severity: Severity;
  code: string;
  category: string;
  expression: string[];
  message: string;
  /** For a Bundle: the index of the entry the issue is in (the scanner's location.entry). */
  entry?: number;
}

export interface BuildResult {
  resource: { resourceType: string; id?: string } & Record<string, unknown>;
  validation: { valid: boolean; issues: BuildIssue[] };
  /** Language key (typescript, python, curl, java, csharp) -> snippet. */
  code: Record<string, string>;
  engine: string;
  understood: string[];
  notes: string[];
}

export interface BuildFailure {
  /** HTTP status, or 0 when there was no answer (network failure, timeout) or the request never left. */
  status: number;
  /** The server's error code (NOT_UNDERSTOOD, INVALID_BODY...), or ours: EMPTY_PROMPT, PROMPT_TOO_LONG, BAD_BASE_URL, NETWORK, TIMEOUT, BAD_ANSWER, RATE_LIMITED, UNAVAILABLE. */
  code: string;
  message: string;
  understood: string[];
  missing: string[];
  /** The server's itemised problems with the request (400 INVALID_BODY issues), as text. */
  details: string[];
  /** Seconds to wait before trying again (429 with Retry-After). */
  retryAfterSeconds?: number;
}

export type BuildOutcome = { ok: true; result: BuildResult } | { ok: false; failure: BuildFailure };

export interface BuildRequest {
  prompt: string;
  baseUrl?: string;
}

const fail = (status: number, code: string, message: string, extra: Partial<BuildFailure> = {}): BuildFailure => ({
  status,
  code,
  message,
  understood: [],
  missing: [],
  details: [],
  ...extra,
});
const failure = (...args: Parameters<typeof fail>): BuildOutcome => ({ ok: false, failure: fail(...args) });

/** Checks made before sending, with the same limits as the endpoint; null when the request may go. */
export function checkRequest(request: BuildRequest): BuildFailure | null {
  const prompt = request.prompt.trim();
  if (prompt === '') {
    return fail(0, 'EMPTY_PROMPT', 'Describe the resource you need first, for example "blood pressure 120/80 for patient 42 taken this morning".');
  }
  if (request.prompt.length > MAX_PROMPT_CHARS) {
    const length = request.prompt.length.toLocaleString('en-US');
    return fail(0, 'PROMPT_TOO_LONG', `Your request is ${length} characters long; the limit is ${MAX_PROMPT_CHARS.toLocaleString('en-US')}. Shorten it and try again.`);
  }
  if (request.baseUrl !== undefined && request.baseUrl.trim() !== '' && !isHttpUrl(request.baseUrl.trim())) {
    return fail(0, 'BAD_BASE_URL', 'The FHIR server base URL must be an http:// or https:// address, e.g. https://hapi.fhir.org/baseR4.');
  }
  return null;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export interface CallOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** "now" for an HTTP-date Retry-After. */
  now?: () => number;
}

/** Sends the request; never throws (an abort by the caller included: it comes back as TIMEOUT). */
export async function requestBuild(endpoint: string, request: BuildRequest, options: CallOptions = {}): Promise<BuildOutcome> {
  const invalid = checkRequest(request);
  if (invalid) return { ok: false, failure: invalid };
  const body: Record<string, unknown> = { prompt: request.prompt.trim() };
  const baseUrl = request.baseUrl?.trim();
  if (baseUrl) body.baseUrl = baseUrl;

  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted || (error instanceof Error && error.name === 'AbortError')) {
      return failure(0, 'TIMEOUT', 'The builder took too long to answer. Please try again.');
    }
    return failure(0, 'NETWORK', 'Could not reach the builder. Check your connection and try again.');
  }

  let data: unknown;
  try {
    data = await response.json();
  } catch {
    data = undefined;
  }
  return interpret(response.status, data, response.headers.get('retry-after'), options.now ?? Date.now);
}

/** The outcome for one HTTP answer (exported for unit tests). */
export function interpret(status: number, data: unknown, retryAfter: string | null, now: () => number = Date.now): BuildOutcome {
  const error = isObject(data) && isObject(data.error) ? data.error : undefined;
  const serverMessage = typeof error?.message === 'string' && error.message.trim() !== '' ? error.message : undefined;
  const serverCode = typeof error?.code === 'string' ? error.code : undefined;

  if (status >= 200 && status < 300) {
    const result = readResult(data);
    return result ? { ok: true, result } : failure(status, 'BAD_ANSWER', 'The builder answered with something this page cannot read. Please try again.');
  }
  if (status === 422) {
    return failure(status, serverCode ?? 'NOT_UNDERSTOOD', serverMessage ?? 'The builder could not tell what resource you need.', {
      understood: isObject(data) ? strings(data.understood) : [],
      missing: isObject(data) ? strings(data.missing) : [],
    });
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(retryAfter, now());
    const wait = seconds === undefined ? 'in a minute' : `in ${seconds.toLocaleString('en-US')} second${seconds === 1 ? '' : 's'}`;
    return failure(status, serverCode ?? 'RATE_LIMITED', `Too many requests just now. Please try again ${wait}.`, seconds === undefined ? {} : { retryAfterSeconds: seconds });
  }
  if (status === 413) {
    return failure(status, serverCode ?? 'BODY_TOO_LARGE', serverMessage ?? 'The request is too large.');
  }
  if (status >= 400 && status < 500) {
    const details = error && Array.isArray(error.issues) ? error.issues.map(issueText).filter((t): t is string => t !== undefined) : [];
    const message = serverMessage ?? `The builder refused the request (HTTP ${status}).`;
    // INVALID_BODY messages already list their issues; list them apart only when they add something.
    return failure(status, serverCode ?? 'BAD_REQUEST', message, { details: details.filter((d) => !message.includes(d)) });
  }
  return failure(status, serverCode ?? 'UNAVAILABLE', `The builder is not available right now (HTTP ${status}). Please try again in a minute.`);
}

const SEVERITIES: readonly string[] = ['fatal', 'error', 'warning', 'information'];

/** The success body, checked field by field; null when it is not the shape the endpoint promises. */
export function readResult(data: unknown): BuildResult | null {
  if (!isObject(data)) return null;
  const { resource, validation, code, engine } = data;
  if (!isObject(resource) || typeof resource.resourceType !== 'string') return null;
  if (!isObject(validation) || typeof validation.valid !== 'boolean') return null;
  if (!isObject(code)) return null;
  const issues: BuildIssue[] = [];
  for (const raw of Array.isArray(validation.issues) ? validation.issues : []) {
    if (!isObject(raw) || typeof raw.message !== 'string') continue;
    issues.push({
      resourceType: typeof raw.resourceType === 'string' ? raw.resourceType : resource.resourceType,
      ...(typeof raw.id === 'string' ? { id: raw.id } : {}),
      severity: typeof raw.severity === 'string' && SEVERITIES.includes(raw.severity) ? (raw.severity as Severity) : 'information',
      code: typeof raw.code === 'string' ? raw.code : '',
      category: typeof raw.category === 'string' ? raw.category : '',
      expression: strings(raw.expression),
      message: raw.message,
      ...(isObject(raw.location) && Number.isInteger(raw.location.entry) ? { entry: raw.location.entry as number } : {}),
    });
  }
  const snippets: Record<string, string> = {};
  for (const [language, snippet] of Object.entries(code)) if (typeof snippet === 'string') snippets[language] = snippet;
  return {
    resource: resource as BuildResult['resource'],
    validation: { valid: validation.valid, issues },
    code: snippets,
    engine: typeof engine === 'string' ? engine : 'unknown',
    understood: strings(data.understood),
    notes: strings(data.notes),
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
