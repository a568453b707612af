import { classifyError, mergeHeaders } from './http-client';
import { fixtureFor, runSuffix, TAG_SYSTEM, type FixtureEnv, type TypeFixture } from './fixtures';
import type { CapabilitySummary, HttpClient, HttpErrorKind, HttpResponse, RunState } from './types';

export type Json = Record<string, unknown>;

/** One request the suite made and what came back; `json` is the parsed body when it is a JSON object. */
export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response: HttpResponse;
  json?: Json;
  /** Why the body is not a JSON object (empty, not JSON, an array...). */
  jsonError?: string;
}

/** A test's verdict. Failures are thrown (TestFailure) so a check reads as one line. */
export interface Outcome {
  status: 'passed' | 'failed' | 'skipped';
  message: string;
  exchange?: Exchange;
}

export class TestFailure extends Error {
  constructor(
    message: string,
    readonly exchange?: Exchange,
  ) {
    super(message);
  }
}

export class TestSkip extends Error {}

/** A request that could not be made; the test fails with "Request failed: ...". */
export class RequestFailed extends Error {
  constructor(
    readonly kind: HttpErrorKind,
    message: string,
    readonly request: Exchange['request'],
  ) {
    super(message);
  }
}

/** The step ran out of the call's hard time limit: abandon it and retry at the next call. */
export class BudgetExhausted extends Error {}

export const pass = (message: string, exchange?: Exchange): Outcome => ({ status: 'passed', message, exchange });
export const skip = (message: string): never => {
  throw new TestSkip(message);
};
export const fail = (message: string, exchange?: Exchange): never => {
  throw new TestFailure(message, exchange);
};
export function check(condition: unknown, message: string, exchange?: Exchange): asserts condition {
  if (!condition) throw new TestFailure(message, exchange);
}

export interface SendOptions {
  headers?: Record<string, string>;
  /** A JSON body (sent as application/fhir+json). */
  json?: unknown;
  /** A raw body with its own Content-Type header. */
  body?: string;
  /** Leave out the default Accept header. */
  noAccept?: boolean;
}

export interface Ctx {
  state: RunState;
  cap: CapabilitySummary | undefined;
  type: string;
  param: string;
  env: FixtureEnv;
  fixture: TypeFixture | undefined;
  /** The last exchange made (what a result records when the verdict names none). */
  last: Exchange | undefined;
  /** An absolute URL from a path relative to the base ("Patient/1") or an absolute URL. */
  url(path: string): string;
  send(method: string, path: string, options?: SendOptions): Promise<Exchange>;
}

export interface CtxDeps {
  client: HttpClient;
  headers: Record<string, string>;
  now: () => number;
  /** Absolute time after which no request may start (hard limit), or undefined. */
  hardDeadline?: number;
}

export const FHIR_JSON = 'application/fhir+json';

export function createCtx(state: RunState, deps: CtxDeps, type = '', param = ''): Ctx {
  const base = state.options.baseUrl;
  const env: FixtureEnv = {
    runId: state.runId,
    u: runSuffix(state.runId),
    baseUrl: base,
    startedAt: state.startedAt,
    idOf: (t, which) => state.data[t]?.[which],
  };
  const ctx: Ctx = {
    state,
    cap: state.capability,
    type,
    param,
    env,
    fixture: type ? fixtureFor(type) : undefined,
    last: undefined,
    url: (path) => (/^https?:\/\//i.test(path) ? path : `${base}/${path.replace(/^\//, '')}`),
    async send(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (!options.noAccept) headers.accept = FHIR_JSON;
      let body: string | undefined;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers['content-type'] = FHIR_JSON;
      } else if (options.body !== undefined) {
        body = options.body;
      }
      for (const [k, v] of Object.entries(options.headers ?? {})) headers[k.toLowerCase()] = v;
      const request = { method, url: ctx.url(path), headers, ...(body !== undefined ? { body } : {}) };
      let timeoutMs = state.options.timeoutMs;
      let clipped = false;
      if (deps.hardDeadline !== undefined) {
        const left = deps.hardDeadline - deps.now();
        if (left <= 0) throw new BudgetExhausted('The step ran out of time');
        if (left < timeoutMs) {
          timeoutMs = left;
          clipped = true;
        }
      }
      let response: HttpResponse;
      try {
        response = await deps.client({ method, url: request.url, headers: mergeHeaders(deps.headers, headers), body, timeoutMs });
      } catch (error) {
        const { kind, message } = classifyError(error);
        if (kind === 'timeout' && clipped) throw new BudgetExhausted('The step ran out of time');
        const what = kind === 'timeout' ? `no response within ${timeoutMs} ms` : message;
        throw new RequestFailed(kind, `Request failed: ${method} ${request.url}: ${what}`, request);
      }
      const exchange: Exchange = { request, response: normalize(response) };
      parseBody(exchange);
      ctx.last = exchange;
      return exchange;
    },
  };
  return ctx;
}

function normalize(response: HttpResponse): HttpResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers ?? {})) headers[k.toLowerCase()] = String(v);
  return { status: response.status, headers, body: typeof response.body === 'string' ? response.body : '', durationMs: response.durationMs ?? 0 };
}

function parseBody(exchange: Exchange): void {
  const text = exchange.response.body;
  if (!text.trim()) {
    exchange.jsonError = 'the body is empty';
    return;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) exchange.json = value as Json;
    else exchange.jsonError = 'the body is JSON but not an object';
  } catch {
    exchange.jsonError = 'the body is not JSON';
  }
}

// ---------- helpers the tests share ----------

export const tagParam = (state: RunState) => `${TAG_SYSTEM}|${state.runId}`;

/** "404 (OperationOutcome)", or for a redirect where it leads: the suite does not follow redirects. */
export function describeResponse(ex: Exchange): string {
  const { status, headers } = ex.response;
  if (status >= 300 && status < 400 && headers.location) return `${status} (a redirect to ${headers.location}; the suite does not follow redirects: use the final base URL)`;
  const type = ex.json && typeof ex.json.resourceType === 'string' ? ` (${ex.json.resourceType})` : '';
  return `${status}${type}`;
}

/** What a body is, for messages: "an OperationOutcome without issues", "a JSON object that is not a FHIR resource", "the body is empty"... */
export function describeBody(ex: Exchange): string {
  const json = ex.json;
  if (!json) return ex.jsonError ?? 'not JSON';
  const type = json.resourceType;
  if (typeof type !== 'string') return 'a JSON object that is not a FHIR resource (no resourceType)';
  if (type === 'OperationOutcome' && !(Array.isArray(json.issue) && json.issue.length)) return 'an OperationOutcome without issues';
  return `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}`;
}

export function isFhirJsonType(contentType: string | undefined): boolean {
  return !!contentType && /^\s*application\/fhir\+json\s*(;|$)/i.test(contentType);
}

export function isJsonType(contentType: string | undefined): boolean {
  return !!contentType && /^\s*application\/(fhir\+)?json\s*(;|$)/i.test(contentType);
}

/** The version in an ETag W/"v" (a strong "v" is read too, but reported by the ETag test). */
export function etagVersion(etag: string | undefined): string | undefined {
  const m = etag ? /^\s*(?:W\/)?"([^"]*)"\s*$/.exec(etag) : null;
  return m ? m[1] : undefined;
}

export function metaVersion(resource: Json | undefined): string | undefined {
  const meta = resource?.meta as Json | undefined;
  return typeof meta?.versionId === 'string' ? meta.versionId : undefined;
}

export function isOperationOutcome(ex: Exchange): boolean {
  return ex.json?.resourceType === 'OperationOutcome' && Array.isArray(ex.json.issue) && ex.json.issue.length > 0;
}

/** Asserts the body is a resource of the type; returns it. */
export function expectResource(ex: Exchange, type: string, rule: string): Json {
  if (!ex.json) fail(`${rule}, but ${ex.jsonError ?? 'the body is not a resource'}`, ex);
  const json = ex.json as Json;
  check(json.resourceType === type, `${rule}, but the body is ${typeof json.resourceType === 'string' ? `a ${json.resourceType}` : 'not a FHIR resource (no resourceType)'}`, ex);
  return json;
}

export interface Entry {
  fullUrl?: string;
  resource?: Json;
  search?: Json;
  request?: Json;
  response?: Json;
}

export function entriesOf(bundle: Json | undefined): Entry[] {
  return Array.isArray(bundle?.entry) ? (bundle!.entry as unknown[]).filter((e): e is Entry => !!e && typeof e === 'object') : [];
}

export function linkOf(bundle: Json | undefined, relation: string): string | undefined {
  const links = Array.isArray(bundle?.link) ? (bundle!.link as Json[]) : [];
  const link = links.find((l) => l && l.relation === relation);
  return typeof link?.url === 'string' ? link.url : undefined;
}

/** Ids of the resources of a type in a Bundle (search.mode "include" entries are left out). */
export function idsOf(bundle: Json | undefined, type: string, mode: 'match' | 'include' | 'any' = 'match'): string[] {
  return entriesOf(bundle)
    .filter((e) => e.resource?.resourceType === type && typeof e.resource.id === 'string')
    .filter((e) => mode === 'any' || (e.search?.mode ?? 'match') === mode)
    .map((e) => e.resource!.id as string);
}

/** Asserts a 200 searchset Bundle. */
export function expectSearchset(ex: Exchange, what: string): Json {
  check(ex.response.status === 200, `${what}: a search SHALL return 200 OK with a Bundle, but the server answered ${describeResponse(ex)}`, ex);
  const bundle = ex.json;
  check(bundle?.resourceType === 'Bundle', `${what}: a search returns a Bundle, but the body is ${describeBody(ex)}`, ex);
  check(bundle.type === 'searchset', `${what}: the Bundle of a search SHALL be of type "searchset", but it is "${String(bundle.type)}"`, ex);
  return bundle;
}

export function encodeQuery(params: Array<[string, string]>): string {
  return params.map(([k, v]) => `${encodeURIComponent(k).replace(/%3A/gi, ':')}=${encodeURIComponent(v).replace(/%7C/gi, '|')}`).join('&');
}

/** The id of a resource to use for the current type: our fixture a, or one found on the server. */
export function dataId(ctx: Ctx, type = ctx.type): string {
  const data = ctx.state.data[type];
  const id = data?.a ?? data?.found;
  if (!id) skip(data?.note ?? `No ${type} to test with: none was found on the server and writes are not allowed`);
  return id!;
}

export function requireWrites(ctx: Ctx): void {
  if (!ctx.state.options.allowWrites) skip('Writes are not allowed (run with allowWrites / --allow-writes to test this)');
}

export function requireInteraction(ctx: Ctx, interaction: string, type = ctx.type): void {
  if (!ctx.cap) skip(`The CapabilityStatement could not be read (${ctx.state.capabilityError ?? 'unknown reason'}), so the suite cannot tell whether ${type} supports ${interaction}`);
  if (!ctx.cap!.types[type]) skip(`The CapabilityStatement does not declare ${type}`);
  if (!ctx.cap!.types[type].interactions.includes(interaction)) skip(`The CapabilityStatement does not declare the ${interaction} interaction for ${type}`);
}

export function requireFixture(ctx: Ctx): TypeFixture {
  if (!ctx.fixture) skip(`The suite has no test data for ${ctx.type} (it can write ${'Patient, Observation, Encounter, Condition, Practitioner, Organization'})`);
  return ctx.fixture!;
}

/** Marks a resource written by this run for cleanup (at once, so an abandoned step still cleans up). */
export function remember(ctx: Ctx, type: string, id: string): void {
  const key = `${type}/${id}`;
  if (!ctx.state.written.includes(key)) ctx.state.written.push(key);
}

/** The id and version a create/update response points at: body first, then Location. */
export function writtenId(ex: Exchange, type: string): { id?: string; version?: string } {
  const body = ex.json?.resourceType === type ? ex.json : undefined;
  const loc = parseLocation(ex.response.headers.location ?? ex.response.headers['content-location'], type);
  return { id: (typeof body?.id === 'string' ? body.id : undefined) ?? loc.id, version: metaVersion(body) ?? loc.version ?? etagVersion(ex.response.headers.etag) };
}

export function parseLocation(location: string | undefined, type: string): { id?: string; version?: string } {
  if (!location) return {};
  const m = new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})(?:/_history/([^/?#]+))?`).exec(location);
  return m ? { id: m[1], version: m[2] } : {};
}
