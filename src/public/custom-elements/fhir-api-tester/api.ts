import type { ApiTestReport, GroupId, Progress, RecordedRequest, RecordedResponse, TestStatus } from '../../fhir/api-test/types';
import { isObject, issueText } from '../shared/json-answer';
import { retryAfterSeconds } from '../shared/retry-after';

/**
 * The <fhir-api-tester> element's calls to the apiTest http function (start, continue, view) and
 * the reading of every answer it can get (the run, 400/403/404/409/429/5xx errors, something
 * unreadable, no answer at all) into one of two plain shapes. No DOM here; never throws.
 */

export const DEFAULT_ENDPOINT = '/_functions/apiTest';
/** One step runs for about 8 s on the backend (Wix ends a call after ~14 s): wait well beyond that. */
export const CALL_TIMEOUT_MS = 60_000;
/** Same limits as the endpoint's body schema. */
export const MAX_URL_CHARS = 2048;
export const MAX_RESOURCES = 10;
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;

export type RunStatus = 'running' | 'done' | 'failed';

/** What the endpoint answers for a run (start, continue and view alike). */
export interface RunView {
  runId: string;
  status: RunStatus;
  baseUrl?: string;
  progress: Progress;
  report: ApiTestReport;
  /** Why the run itself stopped (status "failed"): not a test failure. */
  error?: string;
}

export interface CallFailure {
  /** HTTP status, or 0 when there was no answer (network failure, timeout) or the request never left. */
  status: number;
  /** The server's code (TARGET_ADDRESS, INVALID_BODY, RUN_NOT_FOUND, STEP_RUNNING...) or ours (NETWORK, TIMEOUT, BAD_ANSWER, RATE_LIMITED, UNAVAILABLE). */
  code: string;
  message: string;
  /** The server's itemised problems with the request (400 issues), as text. */
  details: string[];
  /** Seconds to wait before asking again (409, 429 with Retry-After). */
  retryAfterSeconds?: number;
}

export type CallOutcome = { ok: true; view: RunView } | { ok: false; failure: CallFailure };

export interface StartRequest {
  baseUrl: string;
  allowWrites?: boolean;
  groups?: GroupId[];
  resources?: string[];
}

/** What the visitor typed: checked here with the endpoint's rules, so mistakes are caught before sending. */
export interface StartInput {
  baseUrl: string;
  allowWrites: boolean;
  /** The ticked groups; all ticked = no `groups` in the body (the suite's default). */
  groups: GroupId[];
  allGroups: readonly GroupId[];
  /** Comma- or space-separated resource type names; empty = the suite's default. */
  resources: string;
}

export type InputProblem = { field: 'baseUrl' | 'groups' | 'resources'; message: string };

/** The request body for the visitor's input, or the first problem with it. */
export function checkStart(input: StartInput): { ok: true; request: StartRequest } | { ok: false; problem: InputProblem } {
  const baseUrl = input.baseUrl.trim();
  const urlProblem = checkBaseUrl(baseUrl);
  if (urlProblem) return { ok: false, problem: { field: 'baseUrl', message: urlProblem } };
  if (input.groups.length === 0) return { ok: false, problem: { field: 'groups', message: 'Choose at least one group of tests.' } };
  const resources = input.resources.split(/[\s,]+/).filter((t) => t !== '');
  const bad = resources.find((t) => !RESOURCE_TYPE.test(t));
  if (bad !== undefined) {
    return { ok: false, problem: { field: 'resources', message: `"${bad}" is not a FHIR resource type name. Use names such as Patient, Observation.` } };
  }
  if (resources.length > MAX_RESOURCES) {
    return { ok: false, problem: { field: 'resources', message: `Choose at most ${MAX_RESOURCES} resource types.` } };
  }
  const everyGroup = input.allGroups.every((g) => input.groups.includes(g));
  return {
    ok: true,
    request: {
      baseUrl,
      allowWrites: input.allowWrites,
      ...(everyGroup ? {} : { groups: input.allGroups.filter((g) => input.groups.includes(g)) }),
      ...(resources.length ? { resources: [...new Set(resources)] } : {}),
    },
  };
}

/** Why a base URL cannot be tested (http and https only), or null. */
export function checkBaseUrl(value: string): string | null {
  const text = value.trim();
  if (text === '') return 'Enter the base URL of the FHIR server to test, e.g. https://hapi.fhir.org/baseR4.';
  if (text.length > MAX_URL_CHARS) return `The URL is ${text.length.toLocaleString('en-US')} characters long; the limit is ${MAX_URL_CHARS.toLocaleString('en-US')}.`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'That is not a full URL. Enter an address that starts with https:// or http://, e.g. https://hapi.fhir.org/baseR4.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `Only http:// and https:// servers can be tested, not ${url.protocol.replace(/:$/, '')}: addresses.`;
  }
  if (url.hostname === '') return 'The URL has no host name.';
  if (url.username !== '' || url.password !== '') return 'Leave credentials out of the URL: the suite does not send them.';
  return null;
}

export interface CallOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** "now" for an HTTP-date Retry-After. */
  now?: () => number;
  timeoutMs?: number;
}

/** Starts a run: the first step has run when this answers. */
export function startRun(endpoint: string, request: StartRequest, options: CallOptions = {}): Promise<CallOutcome> {
  return call(endpoint, { method: 'POST', body: JSON.stringify(request) }, options);
}

/** Runs the run's next step; with `cancel`, the tests left are skipped and the step cleans up. */
export function continueRun(endpoint: string, runId: string, options: CallOptions & { cancel?: boolean } = {}): Promise<CallOutcome> {
  return call(endpoint, { method: 'POST', body: JSON.stringify(options.cancel ? { runId, cancel: true } : { runId }) }, options);
}

/** The run as it stands (nothing runs). */
export function viewRun(endpoint: string, runId: string, options: CallOptions = {}): Promise<CallOutcome> {
  return call(runUrl(endpoint, runId, undefined, baseOf()), { method: 'GET' }, options);
}

export type DownloadFormat = 'json' | 'junit' | 'testreport';

/** The address of a run (or of one of its files): the endpoint with runId (and format). */
export function runUrl(endpoint: string, runId: string, format: DownloadFormat | undefined, base: string): string {
  const url = new URL(endpoint, base);
  url.searchParams.set('runId', runId);
  if (format) url.searchParams.set('format', format);
  return url.href;
}

function baseOf(): string {
  return typeof document !== 'undefined' ? document.baseURI : 'http://localhost/';
}

async function call(url: string, init: { method: string; body?: string }, options: CallOptions): Promise<CallOutcome> {
  const doFetch = options.fetch ?? fetch;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs ?? CALL_TIMEOUT_MS);
  const onAbort = () => timeout.abort();
  options.signal?.addEventListener('abort', onAbort);
  let response: Response;
  let data: unknown;
  try {
    try {
      response = await doFetch(url, {
        method: init.method,
        headers: init.body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
        ...(init.body !== undefined ? { body: init.body } : {}),
        credentials: 'same-origin',
        signal: timeout.signal,
      });
    } catch {
      if (timeout.signal.aborted && !options.signal?.aborted) {
        return failure(0, 'TIMEOUT', 'The site took too long to answer. Please try again.');
      }
      if (options.signal?.aborted) return failure(0, 'ABORTED', 'Stopped.');
      return failure(0, 'NETWORK', 'Could not reach the site. Check your connection and try again.');
    }
    try {
      data = await response.json();
    } catch {
      data = undefined;
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  return interpret(response.status, data, response.headers.get('retry-after'), options.now ?? Date.now);
}

/** The outcome for one HTTP answer (exported for unit tests). */
export function interpret(status: number, data: unknown, retryAfter: string | null, now: () => number = Date.now): CallOutcome {
  const error = isObject(data) && isObject(data.error) ? data.error : undefined;
  const serverMessage = typeof error?.message === 'string' && error.message.trim() !== '' ? error.message.trim() : undefined;
  const serverCode = typeof error?.code === 'string' ? error.code : undefined;
  const seconds = retryAfterSeconds(retryAfter, now());
  const wait = seconds === undefined ? {} : { retryAfterSeconds: seconds };

  if (status >= 200 && status < 300) {
    const view = readView(data);
    return view ? { ok: true, view } : failure(status, 'BAD_ANSWER', 'The site answered with something this page cannot read. Please try again.');
  }
  if (status === 400) {
    const details = error && Array.isArray(error.issues) ? error.issues.map(issueText).filter((t): t is string => t !== undefined) : [];
    const message = serverMessage ?? 'The site refused the request (HTTP 400).';
    return failure(status, serverCode ?? 'BAD_REQUEST', message, { details: details.filter((d) => !message.includes(d)) });
  }
  if (status === 403) return failure(status, serverCode ?? 'FORBIDDEN', serverMessage ?? 'The site refused to test this server.');
  if (status === 404) return failure(status, serverCode ?? 'RUN_NOT_FOUND', serverMessage ?? 'This test run does not exist (any more).');
  if (status === 409) return failure(status, serverCode ?? 'STEP_RUNNING', serverMessage ?? 'A step of this run is still running.', wait);
  if (status === 429) return failure(status, serverCode ?? 'RATE_LIMITED', serverMessage ?? 'Too many requests just now.', wait);
  if (status >= 400 && status < 500) return failure(status, serverCode ?? 'REFUSED', serverMessage ?? `The site refused the request (HTTP ${status}).`);
  return failure(status, serverCode ?? 'UNAVAILABLE', `The test service is not available right now (HTTP ${status}). Please try again in a minute.`);
}

const STATUSES: readonly string[] = ['passed', 'failed', 'skipped'];
const PHASES: readonly string[] = ['setup', 'tests', 'cleanup', 'done'];

/** The run in an answer, checked field by field; null when it is not the shape the endpoint promises. */
export function readView(data: unknown): RunView | null {
  if (!isObject(data) || typeof data.runId !== 'string' || data.runId === '') return null;
  if (data.status !== 'running' && data.status !== 'done' && data.status !== 'failed') return null;
  const report = readReport(data.report);
  const progress = readProgress(data.progress, report);
  if (!report || !progress) return null;
  return {
    runId: data.runId,
    status: data.status,
    ...(typeof data.baseUrl === 'string' ? { baseUrl: data.baseUrl } : {}),
    progress,
    report,
    ...(typeof data.error === 'string' && data.error !== '' ? { error: data.error } : {}),
  };
}

function readReport(value: unknown): ApiTestReport | null {
  if (!isObject(value) || !isObject(value.summary) || !Array.isArray(value.groups)) return null;
  const groups: ApiTestReport['groups'] = [];
  for (const g of value.groups) {
    if (!isObject(g) || typeof g.id !== 'string' || !Array.isArray(g.tests)) continue;
    const tests: ApiTestReport['groups'][number]['tests'] = [];
    for (const t of g.tests) {
      if (!isObject(t) || typeof t.id !== 'string' || typeof t.status !== 'string' || !STATUSES.includes(t.status)) continue;
      tests.push({
        id: t.id,
        title: typeof t.title === 'string' ? t.title : t.id,
        status: t.status as TestStatus,
        message: typeof t.message === 'string' ? t.message : '',
        specRef: typeof t.specRef === 'string' ? t.specRef : '',
        request: readRequest(t.request),
        response: readResponse(t.response),
      });
    }
    groups.push({ id: g.id as GroupId, title: typeof g.title === 'string' ? g.title : g.id, tests });
  }
  const s = value.summary;
  return { summary: { passed: num(s.passed), failed: num(s.failed), skipped: num(s.skipped), durationMs: num(s.durationMs) }, groups };
}

function readProgress(value: unknown, report: ApiTestReport | null): Progress | null {
  if (!isObject(value)) return null;
  const phase = typeof value.phase === 'string' && PHASES.includes(value.phase) ? (value.phase as Progress['phase']) : null;
  if (!phase) return null;
  const s = report?.summary;
  return {
    phase,
    done: num(value.done),
    total: num(value.total),
    passed: typeof value.passed === 'number' ? num(value.passed) : (s?.passed ?? 0),
    failed: typeof value.failed === 'number' ? num(value.failed) : (s?.failed ?? 0),
    skipped: typeof value.skipped === 'number' ? num(value.skipped) : (s?.skipped ?? 0),
    ...(typeof value.current === 'string' ? { current: value.current } : {}),
  };
}

function readRequest(value: unknown): RecordedRequest | null {
  if (!isObject(value) || typeof value.method !== 'string' || typeof value.url !== 'string') return null;
  return { method: value.method, url: value.url, headers: stringRecord(value.headers), ...(typeof value.body === 'string' ? { body: value.body } : {}) };
}

function readResponse(value: unknown): RecordedResponse | null {
  if (!isObject(value) || typeof value.status !== 'number') return null;
  return {
    status: value.status,
    headers: stringRecord(value.headers),
    body: typeof value.body === 'string' ? value.body : '',
    ...(value.truncated === true ? { truncated: true } : {}),
    durationMs: num(value.durationMs),
  };
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

function failure(status: number, code: string, message: string, extra: Partial<CallFailure> = {}): { ok: false; failure: CallFailure } {
  return { ok: false, failure: { status, code, message, details: [], ...extra } };
}

