import type { IncomingMessage, ServerResponse } from 'node:http';
import { getStatus, normalizeOperationOutcome } from '@medplum/core';
import type { FhirRequest, FhirResponse, FhirRouter, HttpMethod } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, BundleLink, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { buildCapabilityStatement, isSupportedType } from './capability';
import type { FaultBehaviour, Inbound, Outbound, ServerContext } from './exchange';
import { bodyKind, FHIR_JSON, negotiate, parsePrefer } from './negotiation';
import { httpError, HttpError, outcome } from './outcomes';
import { encodeQuery, prepareQuery, toQueryObject } from './query';
import type { ReferenceRepository } from './repository';
import { pageOf } from './search-engine';
import { invalidOutcome, validateForWrite } from './validation';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface FhirHttpOptions {
  repo: ReferenceRepository;
  router: FhirRouter;
  /** The base path, e.g. "/fhir". */
  basePath: string;
  context: ServerContext;
  /** When the server started (CapabilityStatement.date). */
  startedAt: string;
  fault?: FaultBehaviour;
}

/**
 * The HTTP layer: turns HTTP requests into Medplum FhirRouter requests and the router's
 * [OperationOutcome, Resource] answers into R4 HTTP (http.html): status codes, ETag W/"<vid>",
 * Last-Modified, Location with _history on create, OperationOutcome bodies for errors, content
 * negotiation, Prefer. Where Medplum departs from the spec, it is fixed here or in the repository
 * (see the comments at each place); what the router lacks (metadata, type history) is done here.
 */
export function createFhirHandler(options: FhirHttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { repo, router, context, fault } = options;
  const validate = fault?.validate ?? true;
  const base = () => context.baseUrl;

  async function route(method: HttpMethod, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<FhirResponse> {
    const request: FhirRequest = { method, url, pathname: '', body, params: {}, query: {}, headers };
    return router.handleRequest(request, repo);
  }

  // --- bodies ----------------------------------------------------------------------------------

  function jsonBody(req: Inbound): Record<string, unknown> {
    const { kind, versionOk } = bodyKind(req.headers['content-type']);
    if (kind === 'unsupported' || kind === 'form') throw httpError(415, 'not-supported', `Content-Type ${req.headers['content-type']} is not supported: send application/fhir+json`);
    if (!versionOk) throw httpError(415, 'not-supported', `Content-Type ${req.headers['content-type']}: this server implements FHIR 4.0`);
    if (req.rawBody.trim() === '') throw httpError(400, 'structure', 'The request has no body: a FHIR resource in JSON is expected');
    let parsed: unknown;
    try {
      parsed = JSON.parse(req.rawBody);
    } catch (error) {
      throw httpError(400, 'structure', `The body could not be parsed as JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw httpError(400, 'structure', 'The body is not a JSON object (a FHIR resource)');
    return parsed as Record<string, unknown>;
  }

  function resourceBody(req: Inbound, type: string): Record<string, unknown> {
    const body = jsonBody(req);
    if (body.resourceType !== type) throw httpError(400, 'invalid', `The body is a ${typeof body.resourceType === 'string' ? body.resourceType : 'resource without resourceType'}, but the URL is for ${type}`, ['resourceType']);
    return body;
  }

  function checkValid(resource: Record<string, unknown>): void {
    if (!validate) return;
    const issues = validateForWrite(resource);
    if (issues.length > 0) throw new HttpError(400, invalidOutcome(issues));
  }

  // --- responses -------------------------------------------------------------------------------

  function errorOut(status: number, oo: OperationOutcome): Outbound {
    return { status, headers: {}, body: oo };
  }

  /** The router's answer as HTTP, or undefined when it is a success (the caller builds it). */
  function failure(response: FhirResponse): Outbound | undefined {
    const status = getStatus(response[0]);
    return status >= 400 ? errorOut(status, response[0]) : undefined;
  }

  function versionHeaders(resource: Resource): Record<string, string> {
    const headers: Record<string, string> = {};
    if (resource.meta?.versionId) headers.etag = `W/"${resource.meta.versionId}"`;
    if (resource.meta?.lastUpdated) headers['last-modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    return headers;
  }

  const locationOf = (r: Resource) => `${base()}/${r.resourceType}/${r.id}/_history/${r.meta?.versionId}`;

  /** A resource answer, honouring Prefer: return=minimal | representation | OperationOutcome. */
  function resourceOut(req: Inbound, status: number, resource: Resource, withLocation: boolean): Outbound {
    const headers = versionHeaders(resource);
    if (withLocation) headers.location = locationOf(resource);
    const wanted = parsePrefer(req.headers.prefer).return;
    if (wanted === 'minimal') return { status, headers };
    if (wanted === 'operationoutcome') return { status, headers, body: outcome('informational', `${resource.resourceType}/${resource.id} version ${resource.meta?.versionId}`, 'information') };
    return { status, headers, body: resource };
  }

  function withFullUrls(bundle: Bundle): void {
    bundle.entry = bundle.entry?.map((entry: BundleEntry) => {
      const r = entry.resource;
      const url = r ? `${r.resourceType}/${r.id}` : entry.request?.url;
      return url && url.includes('/') ? { fullUrl: `${base()}/${url}`, ...entry } : entry;
    });
  }

  /** self/first/previous/next/last links, absolute on the base, that the server resolves itself. */
  function pagingLinks(path: string, used: Array<[string, string]>, total: number): BundleLink[] {
    const rest = used.filter(([k]) => k !== '_count' && k !== '_offset');
    const last = (name: string) => used.filter(([k]) => k === name).pop()?.[1];
    const summaryCount = used.some(([k, v]) => k === '_summary' && v === 'count');
    const { count, offset } = pageOf({ count: last('_count') === undefined ? undefined : Number(last('_count')), offset: last('_offset') === undefined ? undefined : Number(last('_offset')) });
    const url = (o: number) => `${base()}/${path}?${encodeQuery([...rest, ['_count', String(count)], ...(o > 0 ? ([['_offset', String(o)]] as Array<[string, string]>) : [])])}`;
    const links: BundleLink[] = [{ relation: 'self', url: summaryCount ? `${base()}/${path}?${encodeQuery(used)}` : url(offset) }];
    if (summaryCount || count === 0) return links;
    links.push({ relation: 'first', url: url(0) });
    if (offset > 0) links.push({ relation: 'previous', url: url(Math.max(0, offset - count)) });
    if (offset + count < total) links.push({ relation: 'next', url: url(offset + count) });
    if (total > 0) links.push({ relation: 'last', url: url(Math.floor((total - 1) / count) * count) });
    return links;
  }

  function bundleOut(bundle: Bundle, path: string, used: Array<[string, string]>): Outbound {
    withFullUrls(bundle);
    const { resourceType, type, total, entry, ...rest } = bundle;
    const body: Bundle = { resourceType, ...rest, type, total, link: pagingLinks(path, used, total ?? 0), ...(entry?.length ? { entry } : {}) };
    return { status: 200, headers: {}, body };
  }

  // --- interactions ----------------------------------------------------------------------------

  const strictOf = (req: Inbound) => parsePrefer(req.headers.prefer).handling === 'strict';

  async function search(req: Inbound, type: string, pairs: Array<[string, string]>, viaPost: boolean): Promise<Outbound> {
    const { used } = prepareQuery(type, pairs, 'search', strictOf(req));
    const response = viaPost ? await route('POST', `${type}/_search`, toQueryObject(used)) : await route('GET', used.length ? `${type}?${encodeQuery(used)}` : type);
    return failure(response) ?? bundleOut(response[1] as Bundle, type, used);
  }

  function formPairs(req: Inbound): Array<[string, string]> {
    const { kind } = bodyKind(req.headers['content-type']);
    if (req.rawBody.trim() === '') return [];
    if (kind !== 'form') throw httpError(415, 'not-supported', 'POST [type]/_search takes its parameters as application/x-www-form-urlencoded');
    return [...new URLSearchParams(req.rawBody).entries()];
  }

  function conditionalQuery(type: string, pairs: Array<[string, string]>): string {
    return encodeQuery(prepareQuery(type, pairs, 'conditional', true).used);
  }

  async function create(req: Inbound, type: string): Promise<Outbound> {
    const body = resourceBody(req, type);
    // "If an id is provided, the server SHALL ignore it" (http.html#create); Medplum would keep it.
    delete body.id;
    checkValid(body);
    const ifNoneExist = req.headers['if-none-exist'];
    const headers: Record<string, string> = {};
    if (ifNoneExist !== undefined) headers['if-none-exist'] = conditionalQuery(type, [...new URLSearchParams(ifNoneExist.replace(/^[A-Za-z]+\?/, '')).entries()]);
    const response = await route('POST', type, body, headers);
    const failed = failure(response);
    if (failed) return failed;
    const status = getStatus(response[0]);
    // 201 for a new resource; 200 when If-None-Exist matched one ("the server ignores the post").
    return resourceOut(req, status, response[1]!, status === 201);
  }

  /** If-Match: W/"<vid>" (or "<vid>"); Medplum ignores a value it cannot parse, which would make the update unconditional. */
  function ifMatchOf(req: Inbound): Record<string, string> {
    const value = req.headers['if-match'];
    if (value === undefined) return {};
    const m = /^\s*(?:W\/)?"([^"]+)"\s*$/.exec(value);
    if (!m) throw httpError(400, 'invalid', `If-Match must be an ETag such as W/"1", got ${value}`);
    return { 'if-match': `W/"${m[1]}"` };
  }

  async function update(req: Inbound, type: string, id: string): Promise<Outbound> {
    if (!ID.test(id)) throw httpError(400, 'invalid', `"${id}" is not a valid id`);
    const body = resourceBody(req, type);
    if (body.id === undefined) throw httpError(400, 'required', `The resource SHALL have an id element that has an identical value to the [id] in the URL (${id})`, [`${type}.id`]);
    if (body.id !== id) throw httpError(400, 'invalid', `The resource id "${String(body.id)}" disagrees with the id in the URL (${id})`, [`${type}.id`]);
    checkValid(body);
    const headers = ifMatchOf(req);
    const existed = await repo.exists(type, id);
    const response = await route('PUT', `${type}/${id}`, body, headers);
    const failed = failure(response);
    if (failed) return failed;
    // Medplum answers 200 also when the update created the resource; R4 says 201 Created then.
    return resourceOut(req, existed ? 200 : 201, response[1]!, !existed);
  }

  async function conditionalUpdate(req: Inbound, type: string): Promise<Outbound> {
    const query = conditionalQuery(type, req.pairs);
    const body = resourceBody(req, type);
    checkValid(body);
    const response = await route('PUT', `${type}?${query}`, body);
    const failed = failure(response);
    if (failed) return failed;
    const status = getStatus(response[0]);
    return resourceOut(req, status, response[1]!, status === 201);
  }

  async function remove(url: string, type: string, id?: string): Promise<Outbound> {
    // "Upon successful deletion, or if the resource does not exist at all", 200 (with a payload) or
    // 204 (http.html#delete): Medplum answers 404 for an id it never had.
    if (id !== undefined && !repo.known(type, id)) return { status: 200, headers: {}, body: outcome('informational', `${type}/${id} does not exist: nothing to delete`, 'information') };
    const response = await route('DELETE', url);
    return failure(response) ?? { status: 200, headers: {}, body: outcome('informational', `Deleted (${url})`, 'information') };
  }

  async function read(req: Inbound, type: string, id: string, vid?: string): Promise<Outbound> {
    if (!ID.test(id) || (vid !== undefined && !ID.test(vid))) return errorOut(404, outcome('not-found', `${type}/${id}${vid ? `/_history/${vid}` : ''} is not known`));
    const response = await route('GET', vid === undefined ? `${type}/${id}` : `${type}/${id}/_history/${vid}`);
    return failure(response) ?? resourceOut(req, 200, response[1]!, false);
  }

  async function history(req: Inbound, type: string, id?: string): Promise<Outbound> {
    const { used } = prepareQuery(type, req.pairs, 'history', strictOf(req));
    const last = (name: string) => used.filter(([k]) => k === name).pop()?.[1];
    const page = { limit: last('_count') === undefined ? undefined : Number(last('_count')), offset: last('_offset') === undefined ? undefined : Number(last('_offset')) };
    if (id === undefined) {
      // The router has no type-level history route: the repository answers it.
      return bundleOut(repo.typeHistory(type, page), `${type}/_history`, used);
    }
    if (!ID.test(id)) return errorOut(404, outcome('not-found', `${type}/${id} is not known`));
    const response = await route('GET', used.length ? `${type}/${id}/_history?${encodeQuery(used)}` : `${type}/${id}/_history`);
    return failure(response) ?? bundleOut(response[1] as Bundle, `${type}/${id}/_history`, used);
  }

  const notAllowed = (req: Inbound) => errorOut(405, outcome('not-supported', `${req.method} /${req.segments.join('/')} is not supported by this server`));

  async function handle(req: Inbound): Promise<Outbound> {
    const [type, second, third, fourth] = req.segments;
    const n = req.segments.length;
    if (n === 1 && type === 'metadata') return req.method === 'GET' ? { status: 200, headers: {}, body: buildCapabilityStatement(base(), options.startedAt) } : notAllowed(req);
    if (n === 0) return notAllowed(req);
    if (!isSupportedType(type)) return errorOut(404, outcome('not-supported', `Resource type ${type} is not supported by this server`));
    if (n === 1) {
      if (req.method === 'GET') return search(req, type, req.pairs, false);
      if (req.method === 'POST') return create(req, type);
      if (req.method === 'PUT') return conditionalUpdate(req, type);
      if (req.method === 'DELETE') return remove(`${type}?${conditionalQuery(type, req.pairs)}`, type);
      return notAllowed(req);
    }
    if (n === 2 && second === '_search') return req.method === 'POST' ? search(req, type, [...req.pairs, ...formPairs(req)], true) : notAllowed(req);
    if (n === 2 && second === '_history') return req.method === 'GET' ? history(req, type) : notAllowed(req);
    if (n === 2) {
      if (req.method === 'GET') return read(req, type, second);
      if (req.method === 'PUT') return update(req, type, second);
      if (req.method === 'DELETE') return remove(`${type}/${second}`, type, second);
      return notAllowed(req);
    }
    if (n === 3 && third === '_history') return req.method === 'GET' ? history(req, type, second) : notAllowed(req);
    if (n === 4 && third === '_history') return req.method === 'GET' ? read(req, type, second, fourth) : notAllowed(req);
    return errorOut(404, outcome('not-found', `No such endpoint: /${req.segments.join('/')}`));
  }

  // --- the wire --------------------------------------------------------------------------------

  async function inbound(req: IncomingMessage): Promise<Inbound | Outbound> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '');
    if (path !== options.basePath && !path.startsWith(`${options.basePath}/`)) return errorOut(404, outcome('not-found', `Not a FHIR endpoint: ${url.pathname} (the base is ${options.basePath})`));
    let segments: string[];
    try {
      segments = path.slice(options.basePath.length).split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return errorOut(400, outcome('invalid', 'The path is not valid URL encoding'));
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return errorOut(413, outcome('too-long', `The body is larger than ${MAX_BODY_BYTES} bytes`));
      chunks.push(chunk as Buffer);
    }
    return { method: (req.method ?? 'GET').toUpperCase(), segments, pairs: [...url.searchParams.entries()], headers, rawBody: Buffer.concat(chunks).toString('utf8') };
  }

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let request: Inbound | undefined;
    let out: Outbound;
    let mime = FHIR_JSON;
    let pretty = false;
    try {
      const parsed = await inbound(req);
      if ('status' in parsed) out = parsed;
      else {
        request = parsed;
        const format = request.pairs.filter(([k]) => k === '_format').pop()?.[1];
        pretty = request.pairs.some(([k, v]) => k === '_pretty' && v === 'true');
        mime = negotiate(format, request.headers.accept);
        out = fault?.before?.(request, context) ?? (await handle(request));
      }
    } catch (error) {
      out = error instanceof HttpError ? errorOut(error.status, error.outcome) : errorOut(statusOf(error), normalizeOperationOutcome(error));
    }
    if (out.body !== undefined) out.headers['content-type'] ??= `${mime}; charset=utf-8`;
    if (request) fault?.after?.(request, out, context);
    const text = out.body === undefined ? '' : JSON.stringify(out.body, null, pretty ? 2 : undefined);
    res.writeHead(out.status, { ...out.headers, 'content-length': String(Buffer.byteLength(text)) });
    res.end(req.method === 'HEAD' ? undefined : text);
  }

  return (req, res) => {
    respond(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': `${FHIR_JSON}; charset=utf-8` });
      res.end(JSON.stringify(outcome('exception', error instanceof Error ? error.message : String(error), 'fatal')));
    });
  };
}

/** Medplum's OperationOutcomeError carries its status in the outcome; anything else is a 500. */
function statusOf(error: unknown): number {
  const oo = normalizeOperationOutcome(error);
  const status = getStatus(oo);
  return status >= 400 ? status : 500;
}
