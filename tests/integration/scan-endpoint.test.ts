import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fetchJson, startTestSite, type TestSite } from '../helpers/local-site';

/** POST /_functions/scan over HTTP on the local site (runs the full scan engine). */
const fixtures = path.resolve(__dirname, '../fixtures/fhir/scan');
const patientOk = JSON.parse(readFileSync(path.join(fixtures, 'patient-ok.json'), 'utf8'));
const patientBadDate = JSON.parse(readFileSync(path.join(fixtures, 'patient-bad-date.json'), 'utf8'));
const bundleOk = readFileSync(path.join(fixtures, 'bundle-ok.json'), 'utf8');
const ndjsonOk = readFileSync(path.join(fixtures, 'patients-ok.ndjson'), 'utf8');

async function post(site: TestSite, body: string, query = '', headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetchJson(`${site.url}/_functions/scan${query}`, { method: 'POST', headers, body });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', json: res.body, text: res.text };
}

describe('POST /_functions/scan', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite();
  });
  afterAll(async () => site.close());

  it('scans a resource and answers 200 with the JSON report', async () => {
    const res = await post(site, JSON.stringify(patientOk));
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/application\/json/);
    expect(Object.keys(res.json)).toEqual(['summary', 'issues']);
    expect(res.json.summary).toMatchObject({ resources: 1, fatal: 0, errors: 0, truncated: false });
    expect(res.json.summary.byType.Patient.resources).toBe(1);
    expect(res.json.summary.scores).toEqual(expect.objectContaining({ overall: expect.any(Number) }));
  });

  it('reports what is wrong with a resource (still 200: findings are the answer)', async () => {
    const res = await post(site, JSON.stringify(patientBadDate));
    expect(res.status).toBe(200);
    expect(res.json.summary.errors).toBeGreaterThanOrEqual(1);
    expect(res.json.issues).toContainEqual(
      expect.objectContaining({ resourceType: 'Patient', id: 'p-bad', severity: 'error', category: 'conformance', expression: ['Patient.birthDate'] }),
    );
  });

  it('scans a Bundle with its entries', async () => {
    const res = await post(site, bundleOk);
    expect(res.status).toBe(200);
    expect(res.json.summary.resources).toBe(3);
    expect(res.json.summary.byType).toEqual(expect.objectContaining({ Bundle: expect.anything(), Patient: expect.anything(), Observation: expect.anything() }));
    expect(res.json.summary.errors).toBe(0);
  });

  it('scans { "ndjson": "..." } line by line, a broken line as a fatal issue with its line number', async () => {
    const ok = await post(site, JSON.stringify({ ndjson: ndjsonOk }));
    expect(ok.status).toBe(200);
    expect(ok.json.summary).toMatchObject({ resources: 3, errors: 0, fatal: 0 });
    const broken = await post(site, JSON.stringify({ ndjson: `${JSON.stringify(patientOk)}\n{"resourceType":` }));
    expect(broken.status).toBe(200);
    expect(broken.json.summary.fatal).toBe(1);
    expect(broken.json.issues).toContainEqual(expect.objectContaining({ severity: 'fatal', location: { line: 2 } }));
  });

  it('?profile=us-core is recorded; an unknown profile is a 400', async () => {
    const res = await post(site, JSON.stringify(patientOk), '?profile=us-core');
    expect(res.status).toBe(200);
    expect(res.json.summary.profile).toBe('us-core');
    const bad = await post(site, JSON.stringify(patientOk), '?profile=uk-core');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('INVALID_QUERY');
    expect(bad.json.error.issues[0].path).toBe('profile');
  });

  const refused: Array<[string, string, number, string]> = [
    ['truncated JSON', '{"resourceType": "Patient",', 400, 'MALFORMED_JSON'],
    ['not JSON at all', 'resourceType=Patient', 400, 'MALFORMED_JSON'],
    ['an empty body', '', 400, 'EMPTY_BODY'],
    ['an object without resourceType', '{"id":"x"}', 400, 'INVALID_BODY'],
    ['an empty resourceType', '{"resourceType":""}', 400, 'INVALID_BODY'],
    ['a JSON array', '[{"resourceType":"Patient"}]', 400, 'INVALID_BODY'],
    ['a JSON string', '"Patient"', 400, 'INVALID_BODY'],
    ['ndjson that is not a string', '{"ndjson": 5}', 400, 'INVALID_BODY'],
    ['ndjson with no lines', '{"ndjson": " \\n\\n "}', 400, 'INVALID_BODY'],
    ['a __proto__ key', '{"resourceType":"Patient","__proto__":{"x":1}}', 400, 'FORBIDDEN_KEY'],
    ['a body over 512 KB', JSON.stringify({ ndjson: `${JSON.stringify(patientOk)}\n`.repeat(3000) }), 413, 'BODY_TOO_LARGE'],
  ];
  it.each(refused)('refuses %s', async (_label, body, status, code) => {
    const res = await post(site, body);
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/application\/json/);
    expect(res.json.error.code).toBe(code);
    expect(typeof res.json.error.message).toBe('string');
  });

  it('explains what it expects', async () => {
    const res = await post(site, '{"id":"x"}');
    expect(res.json.error.message).toContain('Send a FHIR resource (a JSON object with a resourceType), a Bundle, or { "ndjson": "<NDJSON text>" }');
  });

  it('refuses a non-JSON media type with 415', async () => {
    const res = await post(site, ndjsonOk, '', { 'content-type': 'application/x-ndjson' });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts application/fhir+json', async () => {
    const res = await post(site, JSON.stringify(patientOk), '', { 'content-type': 'application/fhir+json' });
    expect(res.status).toBe(200);
  });

  it('a body just under the limit is scanned', async () => {
    const line = `${JSON.stringify(patientOk)}\n`;
    const perLine = JSON.stringify({ ndjson: line.repeat(2) }).length - JSON.stringify({ ndjson: line }).length;
    const count = Math.floor((510 * 1024) / perLine);
    const body = JSON.stringify({ ndjson: line.repeat(count) });
    expect(body.length).toBeGreaterThan(500 * 1024);
    expect(body.length).toBeLessThanOrEqual(512 * 1024);
    const res = await post(site, body);
    expect(res.status).toBe(200);
    expect(res.json.summary.resources).toBe(count);
  });

  it('never answers odd resources with a 5xx', async () => {
    const samples = [
      { resourceType: 'NotAType' },
      { resourceType: 'Patient', id: 5, name: 'x', birthDate: { y: 1 } },
      { resourceType: 'Bundle', entry: 'x' },
      { resourceType: 'Bundle', entry: [null, 1, { resource: 'x' }, { resource: { resourceType: 'Bundle', entry: [{ resource: {} }] } }] },
      { resourceType: 'Observation', contained: [{ resourceType: 'Patient', contained: [{}] }], extension: [{}] },
      { ndjson: '1\n"x"\nnull\n[]\n{}' },
    ];
    for (const sample of samples) {
      const res = await post(site, JSON.stringify(sample));
      expect([JSON.stringify(sample), res.status]).toEqual([JSON.stringify(sample), 200]);
      expect(res.json.summary.fatal + res.json.summary.errors).toBeGreaterThan(0);
    }
  });
});
