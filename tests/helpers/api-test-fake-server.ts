import type { HttpClient, HttpRequest, HttpResponse } from 'public/fhir/api-test';

/**
 * A small in-memory FHIR server for the runner's unit tests, called directly as an HttpClient (no
 * sockets). It follows the rules the suite checks for Patient and Observation, and can break some
 * of them on demand (`faults`), so the unit tests can see both verdicts without the reference server.
 */
export interface FakeServerOptions {
  faults?: Array<'no-etag' | 'ignore-gender' | 'no-fullurl' | 'no-location'>;
  /** Milliseconds every request "takes" (advances the fake clock). */
  latencyMs?: number;
  clock?: { now: number };
  /** Throw a timeout for URLs matching this. */
  timeoutOn?: RegExp;
}

type R = Record<string, any>;
const BASE = 'http://fake.test/fhir';
const OO = (code: string, text: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: text }] });

export function createFakeServer(options: FakeServerOptions = {}): HttpClient & { store: Map<string, R[]>; requests: HttpRequest[]; base: string } {
  const store = new Map<string, R[]>(); // "Type/id" -> versions (a deleted version is { deleted: true })
  const requests: HttpRequest[] = [];
  let nextId = 1;
  let tick = Date.parse('2024-01-01T00:00:00Z');
  const faults = new Set(options.faults ?? []);

  const res = (status: number, body?: unknown, headers: Record<string, string> = {}): HttpResponse => ({
    status,
    headers: body === undefined ? headers : { 'content-type': 'application/fhir+json;charset=utf-8', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
    durationMs: options.latencyMs ?? 1,
  });
  const current = (type: string, id: string) => store.get(`${type}/${id}`)?.at(-1);
  const live = (type: string) =>
    [...store.entries()].filter(([k, v]) => k.startsWith(`${type}/`) && !v.at(-1)!.deleted).map(([, v]) => v.at(-1)!);
  const withHeaders = (r: R, status = 200) =>
    res(status, r, {
      ...(faults.has('no-etag') ? {} : { etag: `W/"${r.meta.versionId}"` }),
      'last-modified': new Date(r.meta.lastUpdated).toUTCString(),
      ...(status === 201 && !faults.has('no-location') ? { location: `${BASE}/${r.resourceType}/${r.id}/_history/${r.meta.versionId}` } : {}),
    });

  function validate(r: R): string | undefined {
    if (r.resourceType === 'Patient') {
      if (r.gender !== undefined && !['male', 'female', 'other', 'unknown'].includes(r.gender)) return 'bad gender';
      if (r.birthDate !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(r.birthDate)) return 'bad birthDate';
    }
    if (r.resourceType === 'Observation' && !['registered', 'preliminary', 'final', 'amended'].includes(r.status)) return 'bad status';
    return undefined;
  }

  function save(r: R): R {
    tick += 1000;
    const versions = store.get(`${r.resourceType}/${r.id}`) ?? [];
    const saved = { ...r, meta: { ...(r.meta ?? {}), versionId: `v${versions.length + 1}x`, lastUpdated: new Date(tick).toISOString() } };
    store.set(`${r.resourceType}/${r.id}`, [...versions, saved]);
    return saved;
  }

  const dateOf = (r: R) => r.birthDate ?? r.effectiveDateTime;
  function matchDate(value: string, got: string | undefined): boolean {
    if (!got) return false;
    const m = /^(eq|lt|ge|gt|le)?(.*)$/.exec(value)!;
    const [p, v] = [m[1] ?? 'eq', m[2]];
    return p === 'eq' ? got.startsWith(v) : p === 'lt' ? got < v : p === 'ge' ? got >= v : p === 'gt' ? got > v : got <= v;
  }
  const refMatches = (value: string, ref: string | undefined) => !!ref && (ref === value || ref.endsWith(`/${value}`) || value.endsWith(`/${ref}`));
  const tokenMatches = (value: string, codings: Array<{ system?: string; code?: string; value?: string }>) =>
    codings.some((c) => {
      const code = c.code ?? c.value;
      if (!value.includes('|')) return code === value;
      const [s, v] = value.split('|');
      return (s === '' || s === c.system) && v === code;
    });

  const KNOWN = new Set(['_id', 'identifier', 'family', 'gender', 'birthdate', 'subject', 'patient', 'date', 'code', '_tag', '_count', '_offset', '_include', '_revinclude', '_format']);
  function matches(r: R, name: string, value: string): boolean {
    return value.split(',').some((v) => {
      switch (name) {
        case '_id': return r.id === v;
        case 'identifier': return tokenMatches(v, r.identifier ?? []);
        case 'family': return (r.name ?? []).some((n: R) => String(n.family ?? '').toLowerCase().startsWith(v.toLowerCase()));
        case 'gender': return faults.has('ignore-gender') || r.gender === v;
        case 'birthdate':
        case 'date': return matchDate(v, dateOf(r));
        case 'subject':
        case 'patient': return refMatches(v.startsWith(BASE) ? v.slice(BASE.length + 1) : v.includes('/') ? v : `Patient/${v}`, r.subject?.reference);
        case 'code': return tokenMatches(v, r.code?.coding ?? []);
        case '_tag': return tokenMatches(v, r.meta?.tag ?? []);
        default: return true;
      }
    });
  }

  function searchset(type: string, params: URLSearchParams, prefer: string | undefined): HttpResponse {
    for (const k of params.keys()) if (!KNOWN.has(k) && /strict/.test(prefer ?? '')) return res(400, OO('not-supported', `Unknown parameter ${k}`));
    let hits = live(type);
    for (const [k, v] of params) if (KNOWN.has(k) && !k.startsWith('_') || k === '_id' || k === '_tag') hits = hits.filter((r) => matches(r, k, v));
    const count = Number(params.get('_count') ?? 20);
    const offset = Number(params.get('_offset') ?? 0);
    const page = hits.slice(offset, offset + count);
    const entry: R[] = page.map((r) => ({ ...(faults.has('no-fullurl') ? {} : { fullUrl: `${BASE}/${type}/${r.id}` }), resource: r, search: { mode: 'match' } }));
    if (params.get('_include') === 'Observation:subject') {
      for (const r of page) { const p = r.subject?.reference && current('Patient', r.subject.reference.split('/')[1]); if (p && !p.deleted) entry.push({ fullUrl: `${BASE}/${p.resourceType}/${p.id}`, resource: p, search: { mode: 'include' } }); }
    }
    if (params.get('_revinclude') === 'Observation:subject') {
      for (const o of live('Observation')) if (page.some((p) => o.subject?.reference === `Patient/${p.id}`)) entry.push({ fullUrl: `${BASE}/Observation/${o.id}`, resource: o, search: { mode: 'include' } });
    }
    const used = [...params].filter(([k]) => KNOWN.has(k) && k !== '_offset');
    const q = (extra: Array<[string, string]>) => `${BASE}/${type}?${new URLSearchParams([...used, ...extra]).toString()}`;
    const link = [{ relation: 'self', url: q([]) }];
    if (offset + count < hits.length) link.push({ relation: 'next', url: q([['_offset', String(offset + count)]]) });
    return res(200, { resourceType: 'Bundle', type: 'searchset', total: hits.length, link, entry });
  }

  const history = (versions: R[]) => ({
    resourceType: 'Bundle',
    type: 'history',
    entry: [...versions].reverse().map((v) => ({ fullUrl: `${BASE}/${v.resourceType}/${v.id}`, resource: v.deleted ? undefined : v, request: { method: v.deleted ? 'DELETE' : 'PUT', url: `${v.resourceType}/${v.id}` }, response: { status: v.deleted ? '204' : '200' } })),
  });

  const capability = {
    resourceType: 'CapabilityStatement', status: 'active', date: '2024-01-01', kind: 'instance', fhirVersion: '4.0.1', format: ['json'],
    rest: [{ mode: 'server', resource: [
      { type: 'Patient', versioning: 'versioned-update', conditionalCreate: true, conditionalUpdate: true, conditionalDelete: 'single',
        interaction: ['read', 'vread', 'update', 'delete', 'create', 'search-type', 'history-instance', 'history-type'].map((code) => ({ code })),
        searchRevInclude: ['Observation:subject'],
        searchParam: [['_id', 'token'], ['identifier', 'token'], ['family', 'string'], ['gender', 'token'], ['birthdate', 'date']].map(([name, type]) => ({ name, type })) },
      { type: 'Observation', versioning: 'versioned-update',
        interaction: ['read', 'vread', 'update', 'delete', 'create', 'search-type', 'history-instance', 'history-type'].map((code) => ({ code })),
        searchInclude: ['Observation:subject'],
        searchParam: [['_id', 'token'], ['subject', 'reference'], ['patient', 'reference'], ['date', 'date'], ['code', 'token']].map(([name, type]) => ({ name, type })) },
    ] }],
  };

  function handle(req: HttpRequest): HttpResponse {
    const url = new URL(req.url);
    const path = url.pathname.replace(/^\/fhir\/?/, '');
    const [type, id, hist, vid] = path.split('/');
    const h = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const params = new URLSearchParams(url.search);
    if (type === 'metadata') return res(200, capability);
    if (!['Patient', 'Observation'].includes(type)) return res(404, OO('not-supported', `Unknown type ${type}`));
    let body: R | undefined;
    if (req.body && h['content-type']?.includes('json')) {
      try { body = JSON.parse(req.body); } catch { return res(400, OO('structure', 'Bad JSON')); }
    }
    if (req.method === 'GET' && !id) return searchset(type, params, h.prefer);
    if (req.method === 'POST' && id === '_search') return searchset(type, new URLSearchParams(req.body ?? ''), h.prefer);
    if (req.method === 'GET' && id === '_history') return res(200, history(live(type)));
    if (req.method === 'POST' && !id) {
      if (!body || body.resourceType !== type) return res(400, OO('structure', 'Not a resource'));
      const invalid = validate(body);
      if (invalid) return res(400, OO('invalid', invalid));
      if (h['if-none-exist']) {
        const q = new URLSearchParams(h['if-none-exist']);
        const found = live(type).filter((r) => [...q].every(([k, v]) => matches(r, k, v)));
        if (found.length === 1) return withHeaders(found[0], 200);
      }
      return withHeaders(save({ ...body, id: `${type.toLowerCase()}${nextId++}` }), 201);
    }
    if (req.method === 'PUT' && !id && [...params].length) {
      const found = live(type).filter((r) => [...params].every(([k, v]) => matches(r, k, v)));
      if (found.length !== 1) return res(412, OO('multiple-matches', 'not one match'));
      return withHeaders(save({ ...body, id: found[0].id }), 200);
    }
    if (req.method === 'DELETE' && !id && [...params].length) {
      const found = live(type).filter((r) => [...params].every(([k, v]) => matches(r, k, v)));
      for (const r of found) store.get(`${type}/${r.id}`)!.push({ deleted: true, resourceType: type, id: r.id, meta: { versionId: 'd', lastUpdated: r.meta.lastUpdated } });
      return res(204);
    }
    const cur = current(type, id);
    if (req.method === 'GET' && hist === '_history' && vid) {
      const v = store.get(`${type}/${id}`)?.find((x) => x.meta.versionId === vid && !x.deleted);
      return v ? withHeaders(v) : res(404, OO('not-found', 'no such version'));
    }
    if (req.method === 'GET' && hist === '_history') return cur ? res(200, history(store.get(`${type}/${id}`)!)) : res(404, OO('not-found', 'gone'));
    if (req.method === 'GET') return !cur ? res(404, OO('not-found', 'unknown')) : cur.deleted ? res(410, OO('deleted', 'deleted')) : withHeaders(cur);
    if (req.method === 'PUT') {
      if (!body || body.resourceType !== type) return res(400, OO('structure', 'Not a resource'));
      if (body.id !== id) return res(400, OO('invalid', 'id mismatch'));
      const invalid = validate(body);
      if (invalid) return res(400, OO('invalid', invalid));
      if (h['if-match'] && cur && h['if-match'] !== `W/"${cur.meta.versionId}"`) return res(412, OO('conflict', 'version'));
      return withHeaders(save(body), cur && !cur.deleted ? 200 : 201);
    }
    if (req.method === 'DELETE') {
      if (cur && !cur.deleted) store.get(`${type}/${id}`)!.push({ deleted: true, resourceType: type, id, meta: { versionId: 'd', lastUpdated: cur.meta.lastUpdated } });
      return res(204);
    }
    return res(405, OO('not-supported', 'method'));
  }

  const client = (async (req: HttpRequest) => {
    requests.push(req);
    const latency = options.latencyMs ?? 0;
    if (options.clock) options.clock.now += Math.min(latency, req.timeoutMs);
    if (options.timeoutOn?.test(req.url) || latency > req.timeoutMs) {
      const e = new Error(`No complete response within ${req.timeoutMs} ms`);
      e.name = 'TimeoutError';
      throw e;
    }
    return handle(req);
  }) as HttpClient & { store: Map<string, R[]>; requests: HttpRequest[]; base: string };
  client.store = store;
  client.requests = requests;
  client.base = BASE;
  return client;
}
