import { COMMON_PARAMS, SUPPORTED_TYPES } from '../../local/fhir-server/capability';
import { FAULT_IDS, FAULTS, startFhirServer, type FaultId, type TestFhirServer } from '../helpers/fhir-server';

/**
 * The reference FHIR server of the API Testing Suite, over HTTP: what it does (R4 http.html and
 * search.html), that every search parameter it declares filters, and that each faulty variant
 * changes exactly the behaviour its catalog entry claims and nothing else.
 */

type Json = Record<string, any>;
interface Res {
  status: number;
  headers: Headers;
  json?: Json;
  text: string;
}
type Call = (method: string, path: string, options?: { json?: unknown; body?: string; headers?: Record<string, string> }) => Promise<Res>;

function clientFor(base: string): Call {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { accept: 'application/fhir+json', ...(options.json !== undefined ? { 'content-type': 'application/fhir+json' } : {}), ...options.headers };
    const response = await fetch(/^https?:/.test(path) ? path : `${base}/${path}`, { method, headers, body: options.json !== undefined ? JSON.stringify(options.json) : options.body });
    const text = await response.text();
    let json: Json | undefined;
    try {
      json = text ? (JSON.parse(text) as Json) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  };
}

const q = (params: Record<string, string> | Array<[string, string]>) => new URLSearchParams(params).toString();
const isOutcome = (r: Res) => r.json?.resourceType === 'OperationOutcome' && Array.isArray(r.json.issue) && r.json.issue.length > 0;
const matchIds = (bundle: Json | undefined) => ((bundle?.entry ?? []) as Json[]).filter((e) => e.search?.mode === 'match').map((e) => e.resource.id as string);
/** Ids of the entries of a type, whatever their search.mode (the probes must not depend on it). */
const idsOfType = (bundle: Json | undefined, type: string) => ((bundle?.entry ?? []) as Json[]).filter((e) => e.resource?.resourceType === type).map((e) => e.resource.id as string);
const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const OBS_CAT = 'http://terminology.hl7.org/CodeSystem/observation-category';
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const UCUM = 'http://unitsofmeasure.org';

// --- test data: per type an "a" (matches every case below) and a "b" (matches none) ----------------

type Which = 'a' | 'b';
interface Seeded {
  ids: Record<string, Record<Which, string>>;
  lastUpdated: Record<string, Record<Which, string>>;
}

function build(type: string, which: Which, ids: Seeded['ids']): Json {
  const a = which === 'a';
  const common = { meta: { tag: [{ system: 'urn:test:tag', code: which }] }, identifier: [{ system: 'urn:test:id', value: `${type.toLowerCase()}-${which}` }] };
  const subject = { reference: `Patient/${ids.Patient?.[which]}` };
  switch (type) {
    case 'Patient':
      return {
        resourceType: type,
        ...common,
        generalPractitioner: [{ reference: `Practitioner/${ids.Practitioner[which]}` }],
        managingOrganization: { reference: `Organization/${ids.Organization[which]}` },
        active: a,
        name: [a ? { family: 'Álvarez', given: ['Ada'] } : { family: 'Beta', given: ['Bob'] }],
        gender: a ? 'female' : 'male',
        birthDate: a ? '1950-01-01' : '1990-06-15',
        telecom: [
          { system: 'phone', value: a ? '+1-555-0100' : '+1-555-0199' },
          { system: 'email', value: `${which}@example.org` },
        ],
        address: [a ? { line: ['1 Alpha Street'], city: 'Alphaville', state: 'AK', postalCode: '99501', country: 'AQ' } : { line: ['2 Beta Road'], city: 'Betatown', state: 'TX', postalCode: '73301', country: 'BV' }],
      };
    case 'Practitioner':
      return { resourceType: type, ...common, active: a, name: [a ? { family: 'Álvarez', given: ['Grace'] } : { family: 'Beta', given: ['Bob'] }], gender: a ? 'female' : 'male' };
    case 'Organization':
      return { resourceType: type, ...common, active: a, name: a ? 'Alpha Clinic' : 'Beta Clinic' };
    case 'Observation':
      return {
        resourceType: type,
        ...common,
        status: a ? 'final' : 'preliminary',
        category: [{ coding: [{ system: OBS_CAT, code: a ? 'vital-signs' : 'laboratory' }] }],
        code: { coding: [{ system: 'urn:test:code', code: `o${which}` }] },
        subject,
        effectiveDateTime: a ? '2001-01-01' : '2011-06-15',
        valueQuantity: { value: a ? 5.4 : 120, unit: 'mg', system: UCUM, code: 'mg' },
      };
    case 'Encounter':
      return { resourceType: type, ...common, status: a ? 'finished' : 'planned', class: { system: ACT, code: a ? 'AMB' : 'IMP' }, subject, period: a ? { start: '2001-01-01', end: '2001-01-01' } : { start: '2011-06-15', end: '2011-06-15' } };
    case 'Condition':
      return { resourceType: type, ...common, clinicalStatus: { coding: [{ system: CLINICAL, code: a ? 'active' : 'resolved' }] }, code: { coding: [{ system: 'urn:test:code', code: `c${which}` }] }, subject, onsetDateTime: a ? '2001-01-01' : '2011-06-15' };
    default:
      throw new Error(type);
  }
}

const SEED_ORDER = ['Practitioner', 'Organization', 'Patient', 'Observation', 'Encounter', 'Condition'];

async function seed(call: Call): Promise<Seeded> {
  const seeded: Seeded = { ids: {}, lastUpdated: {} };
  for (const type of SEED_ORDER) {
    for (const which of ['a', 'b'] as const) {
      const r = await call('POST', type, { json: build(type, which, seeded.ids) });
      if (r.status >= 300 || !r.json?.id) throw new Error(`seeding ${type} ${which}: ${r.status} ${r.text}`);
      (seeded.ids[type] ??= {} as Record<Which, string>)[which] = r.json.id;
      (seeded.lastUpdated[type] ??= {} as Record<Which, string>)[which] = r.json.meta.lastUpdated;
    }
  }
  return seeded;
}

/** For every declared parameter of every type: a value that matches "a" and not "b". */
function paramCases(s: Seeded, base: string): Record<string, Record<string, string>> {
  const common = (type: string) => ({ _id: s.ids[type].a, _lastUpdated: `lt${s.lastUpdated[type].b}`, _tag: 'urn:test:tag|a', identifier: `urn:test:id|${type.toLowerCase()}-a` });
  const pa = s.ids.Patient.a;
  return {
    Patient: {
      ...common('Patient'),
      family: 'alv', // accent- and case-insensitive "starts with" (Álvarez)
      given: 'AD',
      name: 'álv',
      gender: 'female',
      birthdate: 'lt1970',
      active: 'true',
      email: 'a@example.org',
      phone: '+1-555-0100',
      telecom: 'phone|+1-555-0100',
      address: 'alpha',
      'address-city': 'alphav',
      'address-state': 'AK',
      'address-postalcode': '99501',
      'address-country': 'aq',
      'general-practitioner': s.ids.Practitioner.a,
      organization: `${base}/Organization/${s.ids.Organization.a}`,
    },
    Practitioner: { ...common('Practitioner'), family: 'Alvarez', given: 'gra', name: 'GRACE', gender: 'female', active: 'true' },
    Organization: { ...common('Organization'), name: 'alpha', active: 'true' },
    Observation: {
      ...common('Observation'),
      status: 'final',
      category: `${OBS_CAT}|vital-signs`,
      code: 'urn:test:code|oa',
      date: 'le2005',
      'value-quantity': `5.4|${UCUM}|mg`,
      subject: `Patient/${pa}`,
      patient: pa,
    },
    Encounter: { ...common('Encounter'), status: 'finished', class: `${ACT}|AMB`, date: 'lt2005-01-01', subject: `${base}/Patient/${pa}`, patient: `Patient/${pa}` },
    Condition: { ...common('Condition'), 'clinical-status': 'active', code: 'ca', 'onset-date': 'eb2005', subject: pa, patient: `${base}/Patient/${pa}` },
  };
}

// --- the reference server ------------------------------------------------------------------------

describe('reference FHIR server', () => {
  let server: TestFhirServer;
  let call: Call;
  let s: Seeded;

  beforeAll(async () => {
    server = await startFhirServer();
    call = clientFor(server.baseUrl);
    s = await seed(call);
  });
  afterAll(() => server.close());

  describe('startFhirServer', () => {
    it('listens on 127.0.0.1 with a /fhir base and can run twice at once', async () => {
      expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir$/);
      const other = await startFhirServer();
      try {
        expect(other.baseUrl).not.toBe(server.baseUrl);
        // Its own memory: the other server's data is not there.
        expect((await clientFor(other.baseUrl)('GET', `Patient/${s.ids.Patient.a}`)).status).toBe(404);
      } finally {
        await other.close();
      }
    });
  });

  describe('capabilities', () => {
    it('serves a CapabilityStatement for R4 JSON that declares exactly the support table', async () => {
      const r = await call('GET', 'metadata');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
      const cs = r.json!;
      expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1' });
      expect(cs.format).toEqual(expect.arrayContaining(['json', 'application/fhir+json']));
      expect(cs.implementation.url).toBe(server.baseUrl);
      const rest = cs.rest[0];
      expect(rest.mode).toBe('server');
      expect(rest.resource.map((x: Json) => x.type).sort()).toEqual(Object.keys(SUPPORTED_TYPES).sort());
      for (const res of rest.resource as Json[]) {
        const support = SUPPORTED_TYPES[res.type];
        expect(res.interaction.map((i: Json) => i.code).sort()).toEqual(['create', 'delete', 'history-instance', 'history-type', 'read', 'search-type', 'update', 'vread']);
        expect(res).toMatchObject({ versioning: 'versioned-update', readHistory: true, updateCreate: true, conditionalCreate: true, conditionalUpdate: true, conditionalDelete: 'single' });
        expect(res.searchParam.map((p: Json) => p.name)).toEqual([...COMMON_PARAMS, ...support.params]);
        expect(res.searchInclude).toEqual(support.include);
        expect(res.searchRevInclude).toEqual(support.revinclude);
      }
      const patient = rest.resource.find((x: Json) => x.type === 'Patient');
      expect(patient.searchParam.find((p: Json) => p.name === 'birthdate')).toEqual({ name: 'birthdate', type: 'date', definition: 'http://hl7.org/fhir/SearchParameter/individual-birthdate' });
    });
  });

  describe('read and vread', () => {
    it('reads with ETag W/"<versionId>", Last-Modified = meta.lastUpdated and the id of the URL', async () => {
      const r = await call('GET', `Patient/${s.ids.Patient.a}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
      expect(r.json!.id).toBe(s.ids.Patient.a);
      expect(r.headers.get('etag')).toBe(`W/"${r.json!.meta.versionId}"`);
      expect(r.headers.get('last-modified')).toBe(new Date(r.json!.meta.lastUpdated).toUTCString());
    });

    it('answers an unknown id, an invalid id and an unknown version with 404 and an OperationOutcome', async () => {
      for (const path of ['Patient/no-such-id', 'Patient/not$valid', `Patient/${s.ids.Patient.a}/_history/999`, 'Patient/no-such-id/_history/1']) {
        const r = await call('GET', path);
        expect([path, r.status]).toEqual([path, 404]);
        expect(isOutcome(r)).toBe(true);
      }
    });

    it('vreads a version with its ETag', async () => {
      const r = await call('GET', `Observation/${s.ids.Observation.a}/_history/1`);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ resourceType: 'Observation', id: s.ids.Observation.a, meta: { versionId: '1' } });
      expect(r.headers.get('etag')).toBe('W/"1"');
    });
  });

  describe('create', () => {
    it('answers 201 with Location [base]/[type]/[id]/_history/[vid], ETag and Last-Modified, ignoring a client id', async () => {
      const r = await call('POST', 'Organization', { json: { resourceType: 'Organization', id: 'client-chosen', name: 'Created Org', meta: { versionId: '77' } } });
      expect(r.status).toBe(201);
      expect(r.json!.id).not.toBe('client-chosen');
      expect(r.json!.meta.versionId).toBe('1');
      expect(r.headers.get('location')).toBe(`${server.baseUrl}/Organization/${r.json!.id}/_history/1`);
      expect(r.headers.get('etag')).toBe('W/"1"');
      expect(r.headers.get('last-modified')).toBe(new Date(r.json!.meta.lastUpdated).toUTCString());
      expect((await call('GET', `Organization/${r.json!.id}`)).json!.name).toBe('Created Org');
    });

    it('honours Prefer: return=minimal and return=OperationOutcome', async () => {
      const minimal = await call('POST', 'Organization', { json: { resourceType: 'Organization', name: 'Minimal' }, headers: { prefer: 'return=minimal' } });
      expect(minimal.status).toBe(201);
      expect(minimal.text).toBe('');
      expect(minimal.headers.get('location')).toMatch(/\/Organization\/[^/]+\/_history\/1$/);
      const oo = await call('POST', 'Organization', { json: { resourceType: 'Organization', name: 'OO' }, headers: { prefer: 'return=OperationOutcome' } });
      expect(oo.status).toBe(201);
      expect(isOutcome(oo)).toBe(true);
    });

    it('refuses invalid resources with 400 and an OperationOutcome naming the element', async () => {
      const cases: Json[] = [
        { resourceType: 'Patient', gender: 'not-a-gender' },
        { resourceType: 'Patient', birthDate: 'the first of May' },
        { resourceType: 'Observation', status: 'final' }, // code is required
        { resourceType: 'Organization', active: 'yes' },
      ];
      for (const body of cases) {
        const r = await call('POST', body.resourceType, { json: body });
        expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
        expect(isOutcome(r)).toBe(true);
        expect(r.json!.issue[0].expression?.[0]).toMatch(new RegExp(`^${body.resourceType}\\.`));
      }
      const before = (await call('GET', 'Patient?_summary=count')).json!.total;
      await call('POST', 'Patient', { json: { resourceType: 'Patient', gender: 'not-a-gender' } });
      expect((await call('GET', 'Patient?_summary=count')).json!.total).toBe(before);
    });

    it('refuses a body that is not JSON (400), a resourceType other than the URL (400), XML (415)', async () => {
      const broken = await call('POST', 'Patient', { body: '{"resourceType": "Patient", ', headers: { 'content-type': 'application/fhir+json' } });
      expect(broken.status).toBe(400);
      expect(isOutcome(broken)).toBe(true);
      const wrongType = await call('POST', 'Patient', { json: { resourceType: 'Organization', name: 'x' } });
      expect(wrongType.status).toBe(400);
      const xml = await call('POST', 'Patient', { body: '<Patient xmlns="http://hl7.org/fhir"/>', headers: { 'content-type': 'application/fhir+xml' } });
      expect(xml.status).toBe(415);
      expect(isOutcome(xml)).toBe(true);
    });

    it('conditional create (If-None-Exist): one match 200 and no new resource, none 201, several 412', async () => {
      const match = await call('POST', 'Patient', { json: build('Patient', 'a', s.ids), headers: { 'if-none-exist': q({ identifier: 'urn:test:id|patient-a' }) } });
      expect(match.status).toBe(200);
      expect(match.json!.id).toBe(s.ids.Patient.a);
      expect(match.headers.get('location')).toBeNull();
      const none = await call('POST', 'Patient', { json: { resourceType: 'Patient', identifier: [{ system: 'urn:test:cc', value: '1' }] }, headers: { 'if-none-exist': 'identifier=urn:test:cc|1' } });
      expect(none.status).toBe(201);
      await call('POST', 'Patient', { json: { resourceType: 'Patient', identifier: [{ system: 'urn:test:cc', value: 'dup' }] } });
      await call('POST', 'Patient', { json: { resourceType: 'Patient', identifier: [{ system: 'urn:test:cc', value: 'dup' }] } });
      const several = await call('POST', 'Patient', { json: { resourceType: 'Patient' }, headers: { 'if-none-exist': 'Patient?identifier=urn:test:cc|dup' } });
      expect(several.status).toBe(412);
      const unknown = await call('POST', 'Patient', { json: { resourceType: 'Patient' }, headers: { 'if-none-exist': 'nonsense=1' } });
      expect(unknown.status).toBe(400);
    });
  });

  describe('update', () => {
    async function fresh(): Promise<Json> {
      return (await call('POST', 'Practitioner', { json: { resourceType: 'Practitioner', name: [{ family: 'Updater' }] } })).json!;
    }

    it('answers 200 with a new versionId, ETag and Last-Modified', async () => {
      const p = await fresh();
      const r = await call('PUT', `Practitioner/${p.id}`, { json: { ...p, active: true } });
      expect(r.status).toBe(200);
      expect(r.json!.meta.versionId).toBe('2');
      expect(r.headers.get('etag')).toBe('W/"2"');
      expect(r.headers.get('last-modified')).toBeTruthy();
      expect(r.headers.get('location')).toBeNull();
      expect((await call('GET', `Practitioner/${p.id}`)).json!.active).toBe(true);
    });

    it('creates with 201 and Location when the id is new (update as create)', async () => {
      const r = await call('PUT', 'Practitioner/client-id-1', { json: { resourceType: 'Practitioner', id: 'client-id-1' } });
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`${server.baseUrl}/Practitioner/client-id-1/_history/1`);
    });

    it('refuses a body without id or with another id (400)', async () => {
      const p = await fresh();
      expect((await call('PUT', `Practitioner/${p.id}`, { json: { resourceType: 'Practitioner' } })).status).toBe(400);
      const other = await call('PUT', `Practitioner/${p.id}`, { json: { ...p, id: 'other' } });
      expect(other.status).toBe(400);
      expect(isOutcome(other)).toBe(true);
    });

    it('If-Match: the current version updates, a stale one is refused with 412, a malformed one with 400', async () => {
      const p = await fresh();
      expect((await call('PUT', `Practitioner/${p.id}`, { json: p, headers: { 'if-match': 'W/"1"' } })).status).toBe(200);
      const stale = await call('PUT', `Practitioner/${p.id}`, { json: p, headers: { 'if-match': 'W/"1"' } });
      expect(stale.status).toBe(412);
      expect(isOutcome(stale)).toBe(true);
      expect((await call('PUT', `Practitioner/${p.id}`, { json: p, headers: { 'if-match': '"2"' } })).status).toBe(200);
      expect((await call('PUT', `Practitioner/${p.id}`, { json: p, headers: { 'if-match': '3' } })).status).toBe(400);
    });

    it('conditional update: one match updated (200), none created (201), several 412, unknown criteria 400', async () => {
      const one = await call('PUT', `Organization?${q({ identifier: 'urn:test:id|organization-b' })}`, { json: { ...build('Organization', 'b', s.ids), alias: ['conditional'] } });
      expect(one.status).toBe(200);
      expect(one.json).toMatchObject({ id: s.ids.Organization.b, meta: { versionId: '2' } });
      const none = await call('PUT', `Organization?${q({ identifier: 'urn:test:cu|new' })}`, { json: { resourceType: 'Organization', identifier: [{ system: 'urn:test:cu', value: 'new' }] } });
      expect(none.status).toBe(201);
      expect(none.headers.get('location')).toMatch(/\/Organization\/[^/]+\/_history\/1$/);
      const several = await call('PUT', `Organization?${q({ _tag: 'urn:test:tag|a,urn:test:tag|b' })}`, { json: { resourceType: 'Organization' } });
      expect(several.status).toBe(412);
      expect((await call('PUT', 'Organization?nonsense=1', { json: { resourceType: 'Organization' } })).status).toBe(400);
      expect((await call('PUT', 'Organization', { json: { resourceType: 'Organization' } })).status).toBe(400);
    });
  });

  describe('delete', () => {
    it('deletes (200 OperationOutcome); reads give 410 Gone; older versions stay readable; deleting again is 200', async () => {
      const { identifier: _unused, ...body } = build('Condition', 'b', s.ids);
      const created = (await call('POST', 'Condition', { json: body })).json!;
      await call('PUT', `Condition/${created.id}`, { json: { ...created, note: [{ text: 'v2' }] } });
      const del = await call('DELETE', `Condition/${created.id}`);
      expect(del.status).toBe(200);
      expect(isOutcome(del)).toBe(true);
      const read = await call('GET', `Condition/${created.id}`);
      expect(read.status).toBe(410);
      expect(isOutcome(read)).toBe(true);
      expect((await call('GET', `Condition/${created.id}/_history/2`)).status).toBe(200);
      expect((await call('GET', `Condition/${created.id}/_history/3`)).status).toBe(410);
      expect((await call('DELETE', `Condition/${created.id}`)).status).toBe(200);
      expect((await call('DELETE', 'Condition/never-existed')).status).toBe(200);
      expect(matchIds((await call('GET', `Condition?_id=${created.id}`)).json)).toEqual([]);
      const history = (await call('GET', `Condition/${created.id}/_history`)).json!;
      expect(history.entry.map((e: Json) => [e.request.method, e.response.status, e.response.etag, !!e.resource])).toEqual([
        ['DELETE', '204', 'W/"3"', false],
        ['PUT', '200', 'W/"2"', true],
        ['POST', '201', 'W/"1"', true],
      ]);
      // Recreated by an update: a new version after the delete, 201.
      const again = await call('PUT', `Condition/${created.id}`, { json: { ...created } });
      expect(again.status).toBe(201);
      expect(again.json!.meta.versionId).toBe('4');
    });

    it('conditional delete: one match deleted, several 412, no criteria 400', async () => {
      const c = (await call('POST', 'Patient', { json: { resourceType: 'Patient', identifier: [{ system: 'urn:test:cd', value: 'one' }] } })).json!;
      const del = await call('DELETE', `Patient?${q({ identifier: 'urn:test:cd|one' })}`);
      expect(del.status).toBe(200);
      expect((await call('GET', `Patient/${c.id}`)).status).toBe(410);
      expect((await call('DELETE', 'Patient?gender=female,male')).status).toBe(412);
      expect((await call('DELETE', 'Patient')).status).toBe(400);
    });
  });

  describe('search', () => {
    it('covers every declared search parameter of every type with a case', () => {
      const cases = paramCases(s, server.baseUrl);
      for (const [type, support] of Object.entries(SUPPORTED_TYPES)) {
        expect([type, Object.keys(cases[type]).sort()]).toEqual([type, [...COMMON_PARAMS, ...support.params].sort()]);
      }
    });

    it('every declared parameter filters, with GET and POST _search alike: a matches, b does not', async () => {
      const failures: string[] = [];
      for (const [type, cases] of Object.entries(paramCases(s, server.baseUrl))) {
        for (const [param, value] of Object.entries(cases)) {
          const get = await call('GET', `${type}?${q({ [param]: value })}`);
          const post = await call('POST', `${type}/_search`, { body: q({ [param]: value }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
          for (const [how, r] of [['GET', get], ['POST', post]] as const) {
            const ids = matchIds(r.json);
            if (r.status !== 200 || !ids.includes(s.ids[type].a) || ids.includes(s.ids[type].b)) failures.push(`${how} ${type}?${param}=${value}: ${r.status} [${ids.join(', ')}]`);
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('returns a searchset with total, self link and entries with fullUrl and search.mode', async () => {
      const r = await call('GET', `Patient?${q({ _id: s.ids.Patient.a })}`);
      expect(r.json).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
      expect(r.json!.link[0]).toEqual({ relation: 'self', url: `${server.baseUrl}/Patient?_id=${s.ids.Patient.a}&_count=20` });
      expect(r.json!.entry).toEqual([{ fullUrl: `${server.baseUrl}/Patient/${s.ids.Patient.a}`, resource: expect.objectContaining({ id: s.ids.Patient.a }), search: { mode: 'match' } }]);
    });

    it('pages with _count: next links that resolve walk every match once; previous, first and last links', async () => {
      const all = matchIds((await call('GET', 'Encounter?_count=100')).json);
      expect(all.length).toBeGreaterThanOrEqual(2);
      const seen: string[] = [];
      let page = (await call('GET', 'Encounter?_count=1')).json!;
      expect(page.total).toBe(all.length);
      expect(page.link.find((l: Json) => l.relation === 'last').url).toBe(`${server.baseUrl}/Encounter?_count=1&_offset=${all.length - 1}`);
      for (;;) {
        expect(matchIds(page)).toHaveLength(1);
        seen.push(...matchIds(page));
        const next = page.link.find((l: Json) => l.relation === 'next');
        if (!next) break;
        expect(next.url.startsWith(`${server.baseUrl}/Encounter?`)).toBe(true);
        page = (await call('GET', next.url)).json!;
        expect(page.link.find((l: Json) => l.relation === 'previous')).toBeDefined();
      }
      expect(seen).toEqual(all);
      const none = await call('GET', 'Encounter?_count=0');
      expect(none.json!.entry).toBeUndefined();
      expect(none.json!.total).toBe(all.length);
      expect((await call('GET', 'Encounter?_summary=count')).json).toMatchObject({ total: all.length });
      expect((await call('GET', 'Encounter?_count=lots')).status).toBe(400);
    });

    it('_include and _revinclude return the referenced / referring resources with search.mode include', async () => {
      const inc = (await call('GET', `Observation?${q({ _id: s.ids.Observation.a, _include: 'Observation:subject' })}`)).json!;
      expect(inc.entry.map((e: Json) => [e.resource.resourceType, e.resource.id, e.search.mode, e.fullUrl])).toEqual([
        ['Observation', s.ids.Observation.a, 'match', `${server.baseUrl}/Observation/${s.ids.Observation.a}`],
        ['Patient', s.ids.Patient.a, 'include', `${server.baseUrl}/Patient/${s.ids.Patient.a}`],
      ]);
      expect(inc.total).toBe(1);
      const typed = (await call('GET', `Encounter?${q({ _id: s.ids.Encounter.a, _include: 'Encounter:patient:Patient' })}`)).json!;
      expect(typed.entry.map((e: Json) => e.search.mode)).toEqual(['match', 'include']);
      const patientInc = (await call('GET', `Patient?${q([['_id', s.ids.Patient.a], ['_include', 'Patient:general-practitioner'], ['_include', 'Patient:organization']])}`)).json!;
      expect(patientInc.entry.map((e: Json) => `${e.resource.resourceType}/${e.resource.id} ${e.search.mode}`)).toEqual([
        `Patient/${s.ids.Patient.a} match`,
        `Practitioner/${s.ids.Practitioner.a} include`,
        `Organization/${s.ids.Organization.a} include`,
      ]);
      const orgRev = (await call('GET', `Organization?${q({ _id: s.ids.Organization.b, _revinclude: 'Patient:organization' })}`)).json!;
      expect(orgRev.entry.map((e: Json) => `${e.resource.resourceType}/${e.resource.id} ${e.search.mode}`)).toEqual([`Organization/${s.ids.Organization.b} match`, `Patient/${s.ids.Patient.b} include`]);
      const rev = (await call('GET', `Patient?${q([['_id', s.ids.Patient.a], ['_revinclude', 'Observation:subject'], ['_revinclude', 'Condition:patient']])}`)).json!;
      expect(rev.entry.map((e: Json) => `${e.resource.resourceType}/${e.resource.id} ${e.search.mode}`)).toEqual([
        `Patient/${s.ids.Patient.a} match`,
        `Observation/${s.ids.Observation.a} include`,
        `Condition/${s.ids.Condition.a} include`,
      ]);
    });

    it('unknown or undeclared parameters: ignored and left out of the self link, or 400 with Prefer: handling=strict', async () => {
      for (const query of [`_id=${s.ids.Patient.a}&nonsense=1`, `_id=${s.ids.Patient.a}&deceased=true`, `_id=${s.ids.Patient.a}&_sort=family`, `_id=${s.ids.Patient.a}&_include=Patient:link`]) {
        const lenient = await call('GET', `Patient?${query}`, { headers: { prefer: 'handling=lenient' } });
        expect([query, lenient.status, matchIds(lenient.json)]).toEqual([query, 200, [s.ids.Patient.a]]);
        expect(lenient.json!.link[0].url).toBe(`${server.baseUrl}/Patient?_id=${s.ids.Patient.a}&_count=20`);
        expect((await call('GET', `Patient?${query}`)).status).toBe(200);
        const strict = await call('GET', `Patient?${query}`, { headers: { prefer: 'handling=strict' } });
        expect([query, strict.status, isOutcome(strict)]).toEqual([query, 400, true]);
      }
    });

    it('refuses unsupported modifiers and malformed values with 400', async () => {
      for (const query of ['family:text=x', 'gender:text=female', 'birthdate=yesterday', 'value-quantity=five', 'gender:missing=maybe']) {
        const type = query.startsWith('value') ? 'Observation' : 'Patient';
        const r = await call('GET', `${type}?${query}`);
        expect([query, r.status, isOutcome(r)]).toEqual([query, 400, true]);
      }
    });

    it('applies modifiers, prefixes, OR (comma) and AND (repeated parameters)', async () => {
      const { Patient: P, Observation: O } = s.ids;
      const ids = async (query: string) => matchIds((await call('GET', query)).json).filter((id) => [P.a, P.b, O.a, O.b].includes(id)).sort();
      expect(await ids('Patient?family:exact=Álvarez')).toEqual([P.a]);
      expect(await ids('Patient?family:exact=alvarez')).toEqual([]);
      expect(await ids('Patient?family:contains=lvar')).toEqual([P.a]);
      expect(await ids('Patient?family=lvar')).toEqual([]);
      expect(await ids('Patient?gender:not=female&identifier=urn:test:id|patient-a,urn:test:id|patient-b')).toEqual([P.b]);
      expect(await ids(`Patient?${q({ identifier: 'patient-a,patient-b' })}`)).toEqual([P.a, P.b].sort());
      expect(await ids(`Patient?${q([['identifier', 'patient-a,patient-b'], ['gender', 'male']])}`)).toEqual([P.b]);
      expect(await ids(`Patient?${q({ identifier: '|patient-a' })}`)).toEqual([]);
      expect(await ids('Patient?birthdate=ge1970&_tag=urn:test:tag|a,urn:test:tag|b')).toEqual([P.b]);
      expect(await ids('Patient?birthdate=1950&_tag=urn:test:tag|a,urn:test:tag|b')).toEqual([P.a]);
      expect(await ids(`Observation?${q({ 'value-quantity': 'gt100' })}`)).toEqual([O.b]);
      expect(await ids(`Observation?${q({ 'value-quantity': 'lt100||mg' })}`)).toEqual([O.a]);
      expect(await ids(`Observation?${q({ 'value-quantity': '5.40|urn:other|mg' })}`)).toEqual([]);
      expect(await ids(`Observation?${q({ 'value-quantity': 'ap5' })}`)).toEqual([O.a]);
      expect(await ids(`Observation?${q({ 'subject:Patient': P.b })}`)).toEqual([O.b]);
      expect(await ids(`Observation?${q({ subject: `${server.baseUrl}/Patient/${P.a}` })}`)).toEqual([O.a]);
      expect(await ids(`Observation?${q({ subject: `http://elsewhere.example/fhir/Patient/${P.a}` })}`)).toEqual([]);
      expect(await ids(`Observation?${q({ 'subject:missing': 'false', status: 'final' })}`)).toEqual([O.a]);
    });
  });

  describe('history', () => {
    it('instance history: newest first, fullUrl, request and response on every entry; paging', async () => {
      const p = (await call('POST', 'Organization', { json: { resourceType: 'Organization', name: 'H' } })).json!;
      await call('PUT', `Organization/${p.id}`, { json: { ...p, name: 'H2' } });
      await call('PUT', `Organization/${p.id}`, { json: { ...p, name: 'H3' } });
      const h = (await call('GET', `Organization/${p.id}/_history`)).json!;
      expect(h).toMatchObject({ resourceType: 'Bundle', type: 'history', total: 3 });
      expect(h.entry.map((e: Json) => [e.fullUrl, e.resource.meta.versionId, e.request.method, e.request.url, e.response.status])).toEqual([
        [`${server.baseUrl}/Organization/${p.id}`, '3', 'PUT', `Organization/${p.id}`, '200'],
        [`${server.baseUrl}/Organization/${p.id}`, '2', 'PUT', `Organization/${p.id}`, '200'],
        [`${server.baseUrl}/Organization/${p.id}`, '1', 'POST', 'Organization', '201'],
      ]);
      const page = (await call('GET', `Organization/${p.id}/_history?_count=2`)).json!;
      expect(page.entry).toHaveLength(2);
      const next = (await call('GET', page.link.find((l: Json) => l.relation === 'next').url)).json!;
      expect(next.entry.map((e: Json) => e.resource.meta.versionId)).toEqual(['1']);
      expect((await call('GET', 'Organization/never/_history')).status).toBe(404);
    });

    it('type history lists only that type, with request and response', async () => {
      const h = (await call('GET', 'Encounter/_history?_count=50')).json!;
      expect(h.type).toBe('history');
      expect(h.entry.length).toBeGreaterThanOrEqual(2);
      for (const e of h.entry as Json[]) {
        expect(e.resource.resourceType).toBe('Encounter');
        expect(e.request.method).toBeDefined();
        expect(e.response.status).toBeDefined();
      }
      expect((await call('GET', 'Encounter/_history?_since=2020', { headers: { prefer: 'handling=strict' } })).status).toBe(400);
    });
  });

  describe('content negotiation and errors', () => {
    const typeOf = async (path: string, headers: Record<string, string>) => {
      const r = await call('GET', path, { headers });
      return `${r.status} ${r.headers.get('content-type')}`;
    };

    it('JSON for _format=json / application/fhir+json / application/json and for Accept, _format first', async () => {
      expect(await typeOf('metadata?_format=json', { accept: '' })).toBe('200 application/fhir+json; charset=utf-8');
      expect(await typeOf(`metadata?_format=${encodeURIComponent('application/fhir+json')}`, { accept: 'application/json' })).toBe('200 application/fhir+json; charset=utf-8');
      expect(await typeOf('metadata?_format=application/json', {})).toBe('200 application/json; charset=utf-8');
      expect(await typeOf('metadata', { accept: 'application/json' })).toBe('200 application/json; charset=utf-8');
      expect(await typeOf('metadata', { accept: 'application/fhir+json; fhirVersion=4.0' })).toBe('200 application/fhir+json; charset=utf-8');
      expect(await typeOf('metadata', { accept: 'text/html, application/xhtml+xml, */*;q=0.8' })).toBe('200 application/fhir+json; charset=utf-8');
      expect(await typeOf('metadata', { accept: 'application/fhir+xml;q=0.9, application/fhir+json;q=0.5' })).toBe('200 application/fhir+json; charset=utf-8');
    });

    it('406 Not Acceptable (with an OperationOutcome in JSON) for XML and other FHIR versions', async () => {
      for (const [path, accept] of [['metadata?_format=xml', ''], ['metadata', 'application/fhir+xml'], ['metadata', 'application/fhir+json; fhirVersion=3.0'], [`Patient/${s.ids.Patient.a}`, 'text/html']]) {
        const r = await call('GET', path, { headers: { accept } });
        expect([path, accept, r.status, isOutcome(r)]).toEqual([path, accept, 406, true]);
      }
    });

    it('an unknown type or path is 404, an unsupported interaction 405, each with an OperationOutcome', async () => {
      for (const [method, path, status] of [
        ['GET', 'FhiriqNotAResourceType/1', 404],
        ['GET', 'Medication?code=x', 404],
        ['GET', 'Patient/1/_history/1/extra', 404],
        ['PATCH', `Patient/${s.ids.Patient.a}`, 405],
        ['POST', '', 405],
        ['POST', 'metadata', 405],
      ] as const) {
        const r = await call(method, path, method === 'PATCH' ? { json: [] } : {});
        expect([method, path, r.status, isOutcome(r)]).toEqual([method, path, status, true]);
      }
    });
  });
});

// --- the faulty variants -------------------------------------------------------------------------

/**
 * A fixed scenario of probes, each reducing its exchanges to facts that do not depend on generated
 * ids. Run against the reference server and against each fault: the probes whose facts differ must
 * be exactly those the fault claims (EXPECTED), so a fault breaks its rule and nothing else.
 */
interface ProbeEnv {
  call: Call;
  base: string;
  s: Seeded;
}
type Probe = (env: ProbeEnv) => Promise<unknown>;

const sameVersionEtag = (r: Res) => r.headers.get('etag') === `W/"${r.json?.meta?.versionId}"`;
const lastModifiedOk = (r: Res) => r.headers.get('last-modified') === new Date(r.json?.meta?.lastUpdated).toUTCString();
const label = (s: Seeded, ids: string[]) => ids.map((id) => Object.entries(s.ids).flatMap(([t, w]) => Object.entries(w).filter(([, v]) => v === id).map(([k]) => `${t}.${k}`))[0] ?? 'other').sort();

const PROBES: Record<string, Probe> = {
  metadata: async ({ call }) => {
    const r = await call('GET', 'metadata');
    return [r.status, r.headers.get('content-type'), r.json?.fhirVersion];
  },
  'accept-json': async ({ call }) => {
    const r = await call('GET', 'metadata', { headers: { accept: 'application/json' } });
    return [r.status, r.headers.get('content-type')];
  },
  'format-xml': async ({ call }) => {
    const r = await call('GET', 'metadata?_format=xml');
    return [r.status, isOutcome(r)];
  },
  'unknown-type': async ({ call }) => {
    const r = await call('GET', 'FhiriqNotAResourceType/1');
    return [r.status, isOutcome(r)];
  },
  create: async ({ call, base }) => {
    const r = await call('POST', 'Organization', { json: { resourceType: 'Organization', name: 'probe' } });
    return { status: r.status, location: r.headers.get('location') === `${base}/Organization/${r.json?.id}/_history/1`, etag: sameVersionEtag(r), lastModified: lastModifiedOk(r) };
  },
  'create-invalid': async ({ call }) => {
    const r = await call('POST', 'Patient', { json: { resourceType: 'Patient', gender: 'not-a-gender' } });
    return [r.status, isOutcome(r)];
  },
  read: async ({ call, s }) => {
    const r = await call('GET', `Patient/${s.ids.Patient.a}`);
    return { status: r.status, type: r.headers.get('content-type'), id: r.json?.id === s.ids.Patient.a, etag: sameVersionEtag(r), lastModified: lastModifiedOk(r) };
  },
  'read-unknown': async ({ call }) => {
    const r = await call('GET', 'Patient/no-such-id');
    return [r.status, isOutcome(r)];
  },
  vread: async ({ call, s }) => {
    const r = await call('GET', `Observation/${s.ids.Observation.a}/_history/1`);
    return [r.status, r.json?.meta?.versionId];
  },
  update: async ({ call }) => {
    const p = (await call('POST', 'Practitioner', { json: { resourceType: 'Practitioner' } })).json!;
    const r = await call('PUT', `Practitioner/${p.id}`, { json: { ...p, active: true } });
    return { status: r.status, newVersion: r.json?.meta?.versionId !== p.meta?.versionId, etag: sameVersionEtag(r) };
  },
  'update-stale': async ({ call }) => {
    const p = (await call('POST', 'Practitioner', { json: { resourceType: 'Practitioner' } })).json!;
    await call('PUT', `Practitioner/${p.id}`, { json: { ...p, active: true } });
    const r = await call('PUT', `Practitioner/${p.id}`, { json: p, headers: { 'if-match': 'W/"stale-version"' } });
    return r.status;
  },
  'update-create': async ({ call, base }) => {
    const r = await call('PUT', 'Practitioner/probe-new', { json: { resourceType: 'Practitioner', id: 'probe-new' } });
    return [r.status, r.headers.get('location') === `${base}/Practitioner/probe-new/_history/1`];
  },
  delete: async ({ call }) => {
    const p = (await call('POST', 'Organization', { json: { resourceType: 'Organization', name: 'to delete' } })).json!;
    const del = await call('DELETE', `Organization/${p.id}`);
    return [del.status, (await call('GET', `Organization/${p.id}`)).status];
  },
  'history-instance': async ({ call, s }) => {
    const r = await call('GET', `Patient/${s.ids.Patient.b}/_history`);
    return [r.status, r.json?.type, r.json?.entry?.length, r.json?.entry?.every((e: Json) => e.request?.method && e.response?.status)];
  },
  'history-type': async ({ call }) => {
    const r = await call('GET', 'Condition/_history');
    return [r.status, r.json?.type, r.json?.entry?.every((e: Json) => e.request?.method && e.response?.status)];
  },
  'search-basic': async ({ call, base }) => {
    const r = await call('GET', 'Encounter?_count=1');
    const entries = (r.json?.entry ?? []) as Json[];
    return {
      status: r.status,
      matches: entries.length,
      total: r.json?.total,
      next: !!r.json?.link?.some((l: Json) => l.relation === 'next'),
      fullUrl: entries.every((e) => e.fullUrl === `${base}/Encounter/${e.resource.id}`),
      mode: entries.every((e) => e.search?.mode === 'match'),
    };
  },
  'search-next': async ({ call, s }) => {
    const first = (await call('GET', 'Encounter?_count=1')).json!;
    const next = first.link?.find((l: Json) => l.relation === 'next');
    if (!next) return 'no next link';
    const page = (await call('GET', next.url)).json!;
    return [label(s, idsOfType(first, 'Encounter')), label(s, idsOfType(page, 'Encounter'))];
  },
  'search-strict': async ({ call }) => {
    const r = await call('GET', 'Patient?nonsense=1', { headers: { prefer: 'handling=strict' } });
    return [r.status, isOutcome(r)];
  },
  'search-gender': async ({ call, s }) => label(s, idsOfType((await call('GET', 'Patient?gender=female')).json, 'Patient')),
  'search-post': async ({ call, s }) =>
    label(s, idsOfType((await call('POST', 'Patient/_search', { body: q({ _id: s.ids.Patient.a }), headers: { 'content-type': 'application/x-www-form-urlencoded' } })).json, 'Patient')),
  'search-date-lt': async ({ call, s }) => label(s, idsOfType((await call('GET', 'Patient?birthdate=lt1970-01-01')).json, 'Patient')),
  'search-ref-url': async ({ call, s, base }) => label(s, idsOfType((await call('GET', `Observation?${q({ subject: `${base}/Patient/${s.ids.Patient.a}` })}`)).json, 'Observation')),
  'search-string-case': async ({ call, s }) => label(s, idsOfType((await call('GET', 'Patient?family=beta')).json, 'Patient')),
  'search-token-code': async ({ call, s }) => label(s, idsOfType((await call('GET', 'Patient?identifier=patient-b')).json, 'Patient')),
  'search-include': async ({ call, s }) => {
    const r = await call('GET', `Observation?${q({ _id: s.ids.Observation.a, _include: 'Observation:subject' })}`);
    return ((r.json?.entry ?? []) as Json[]).map((e) => `${label(s, [e.resource.id])[0]} ${e.search?.mode}`);
  },
  'conditional-create': async ({ call, s }) => {
    const r = await call('POST', 'Patient', { json: build('Patient', 'a', s.ids), headers: { 'if-none-exist': 'identifier=urn:test:id|patient-a' } });
    return [r.status, r.json?.id === s.ids.Patient.a];
  },
  'conditional-update': async ({ call, s }) => {
    const r = await call('PUT', 'Condition?identifier=urn:test:id|condition-b', { json: { ...build('Condition', 'b', s.ids), note: [{ text: 'x' }] } });
    return [r.status, r.json?.id === s.ids.Condition.b, r.json?.meta?.versionId !== '1'];
  },
  'conditional-delete': async ({ call }) => {
    const p = (await call('POST', 'Organization', { json: { resourceType: 'Organization', identifier: [{ system: 'urn:test:probe', value: 'cd' }] } })).json!;
    const del = await call('DELETE', 'Organization?identifier=urn:test:probe|cd');
    return [del.status, (await call('GET', `Organization/${p.id}`)).status];
  },
};

/** The probes each fault changes. */
const EXPECTED: Record<FaultId, string[]> = {
  'searchset-no-fullurl': ['search-basic'],
  'searchset-no-mode': ['search-basic', 'search-include'],
  'etag-not-version': ['create', 'read', 'update'],
  'last-modified-missing': ['create', 'read'],
  'content-type-json': ['metadata', 'read'],
  'accept-json-406': ['accept-json'],
  'error-not-operationoutcome': ['format-xml', 'unknown-type', 'create-invalid', 'read-unknown', 'search-strict'],
  'create-200': ['create'],
  'location-no-history': ['create'],
  'invalid-accepted': ['create-invalid'],
  'update-keeps-version': ['update', 'conditional-update'],
  'if-match-ignored': ['update-stale'],
  'delete-no-effect': ['delete'],
  'history-no-request': ['history-instance', 'history-type'],
  'strict-handling-ignored': ['search-strict'],
  'count-ignored': ['search-basic', 'search-next'],
  'next-link-same-page': ['search-next'],
  'param-ignored': ['search-gender'],
  'post-search-differs': ['search-post'],
  'date-prefix-ignored': ['search-date-lt'],
  'reference-url-unmatched': ['search-ref-url'],
  'string-case-sensitive': ['search-string-case'],
  'token-code-needs-system': ['search-token-code'],
};

async function scenario(fault?: FaultId): Promise<Record<string, string>> {
  const server = await startFhirServer({ fault });
  try {
    const call = clientFor(server.baseUrl);
    const env: ProbeEnv = { call, base: server.baseUrl, s: await seed(call) };
    const facts: Record<string, string> = {};
    for (const [name, probe] of Object.entries(PROBES)) facts[name] = JSON.stringify(await probe(env));
    return facts;
  } finally {
    await server.close();
  }
}

describe('faulty variants', () => {
  let reference: Record<string, string>;

  beforeAll(async () => {
    reference = await scenario();
  });

  it('has at least ten faults, each with a title, a quoted rule, an http.html/search.html/bundle.html anchor and keywords', () => {
    expect(FAULT_IDS.length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(EXPECTED).sort()).toEqual([...FAULT_IDS].sort());
    for (const id of FAULT_IDS) {
      const f = FAULTS[id];
      expect(f.title.length).toBeGreaterThan(5);
      expect(f.rule.length).toBeGreaterThan(20);
      expect(f.specRef).toMatch(/^https:\/\/hl7\.org\/fhir\/R4\/(http|search|bundle)\.html#[\w-]+$/);
      expect(f.keywords.length).toBeGreaterThan(0);
    }
  });

  it('the reference scenario shows the correct behaviour each probe is about', () => {
    const facts = Object.fromEntries(Object.entries(reference).map(([k, v]) => [k, JSON.parse(v)]));
    expect(facts).toEqual({
      metadata: [200, 'application/fhir+json; charset=utf-8', '4.0.1'],
      'accept-json': [200, 'application/json; charset=utf-8'],
      'format-xml': [406, true],
      'unknown-type': [404, true],
      create: { status: 201, location: true, etag: true, lastModified: true },
      'create-invalid': [400, true],
      read: { status: 200, type: 'application/fhir+json; charset=utf-8', id: true, etag: true, lastModified: true },
      'read-unknown': [404, true],
      vread: [200, '1'],
      update: { status: 200, newVersion: true, etag: true },
      'update-stale': 412,
      'update-create': [201, true],
      delete: [200, 410],
      'history-instance': [200, 'history', 1, true],
      'history-type': [200, 'history', true],
      'search-basic': { status: 200, matches: 1, total: 2, next: true, fullUrl: true, mode: true },
      'search-next': [['Encounter.a'], ['Encounter.b']],
      'search-strict': [400, true],
      'search-gender': ['Patient.a'],
      'search-post': ['Patient.a'],
      'search-date-lt': ['Patient.a'],
      'search-ref-url': ['Observation.a'],
      'search-string-case': ['Patient.b'],
      'search-token-code': ['Patient.b'],
      'search-include': ['Observation.a match', 'Patient.a include'],
      'conditional-create': [200, true],
      'conditional-update': [200, true, true],
      'conditional-delete': [200, 410],
    });
  });

  it.each(FAULT_IDS.map((id) => [id]))('%s changes exactly the behaviour it claims', async (id) => {
    const facts = await scenario(id as FaultId);
    const changed = Object.keys(PROBES).filter((name) => facts[name] !== reference[name]);
    expect(changed.sort()).toEqual([...EXPECTED[id as FaultId]].sort());
  });

  it('refuses an unknown fault id', async () => {
    await expect(startFhirServer({ fault: 'no-such-fault' as FaultId })).rejects.toThrow(/Unknown fault/);
  });
});
