import type { DataItem } from '../../src/backend/ports';
import { startFhirServer, type TestFhirServer } from '../helpers/fhir-server';
import { fetchJson, startTestSite, type TestSite } from '../helpers/local-site';

/**
 * POST/GET /_functions/apiTest on the local runtime, as the page and other clients call it: a run
 * against the reference FHIR server advances to the end with no failure, is stored in TestRuns,
 * downloads in three formats; bad input is a 4xx JSON error. (Target safety: api-test-target-safety.test.ts.)
 */
let site: TestSite;
let fhir: TestFhirServer;

beforeAll(async () => {
  [site, fhir] = await Promise.all([startTestSite({ allowPrivateTargets: true }), startFhirServer()]);
}, 30_000);

afterAll(async () => {
  await Promise.all([site?.close(), fhir?.close()]);
});

const post = (s: TestSite, json: unknown) => fetchJson(`${s.url}/_functions/apiTest`, { method: 'POST', json });

describe('POST /_functions/apiTest', () => {
  let runId: string;

  it('starts a run (201), continues it by run id until done: no failure against the reference server', async () => {
    const started = await post(site, { baseUrl: fhir.baseUrl, allowWrites: true });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ runId: expect.stringMatching(/^[0-9a-f-]{36}$/), baseUrl: fhir.baseUrl, status: expect.stringMatching(/^(running|done)$/) });
    runId = started.body.runId;
    let view = started.body;
    for (let calls = 0; view.status === 'running' && calls < 20; calls++) {
      const next = await post(site, { runId });
      expect(next.status).toBe(200);
      view = next.body;
    }
    expect(view.status).toBe('done');
    expect(view.report.summary.failed).toBe(0);
    expect(view.report.summary.passed).toBeGreaterThanOrEqual(20);
    expect(view.progress).toMatchObject({ phase: 'done', failed: 0 });
    const failures = view.report.groups.flatMap((g: { tests: Array<{ status: string; id: string; message: string }> }) => g.tests.filter((t) => t.status === 'failed'));
    expect(failures).toEqual([]);

    const stored = await site.ports.data.get<DataItem & { status: string; summary: { passed: number }; lockedUntil: unknown; finishedAt: Date }>('TestRuns', runId);
    expect(stored).toMatchObject({ status: 'done', summary: { passed: view.report.summary.passed }, lockedUntil: null });
    expect(stored?.finishedAt).toBeInstanceOf(Date);
    const audit = await site.ports.data.query('AuditLog').eq('action', 'apiTest.started').find();
    expect(audit.items.map((i) => i.target)).toContain(`TestRuns/${runId}`);
  }, 60_000);

  it('continuing a finished run only shows it', async () => {
    const again = await post(site, { runId });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('done');
  });

  it('GET shows the run and downloads its report as JSON, JUnit and a FHIR TestReport', async () => {
    const view = await fetchJson(`${site.url}/_functions/apiTest?runId=${runId}`);
    expect(view.status).toBe(200);
    expect(view.body.runId).toBe(runId);

    const asJson = await fetch(`${site.url}/_functions/apiTest?runId=${runId}&format=json`);
    expect(asJson.headers.get('content-disposition')).toMatch(/^attachment; filename="fhiriq-api-test-[0-9a-f]{8}\.json"$/);
    expect(JSON.parse(await asJson.text()).summary.failed).toBe(0);

    const junit = await fetch(`${site.url}/_functions/apiTest?runId=${runId}&format=junit`);
    expect(junit.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await junit.text();
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toMatch(/<testsuite /);

    const report = await fetch(`${site.url}/_functions/apiTest?runId=${runId}&format=testreport`);
    expect(report.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(JSON.parse(await report.text())).toMatchObject({ resourceType: 'TestReport', result: 'pass' });
  });

  it.each([
    ['no baseUrl', {}, /baseUrl/],
    ['an empty baseUrl', { baseUrl: '  ' }, /base URL/],
    ['a baseUrl that is not a URL', { baseUrl: 'fhir server' }, /not an absolute URL/],
    ['a non-http scheme', { baseUrl: 'ftp://fhir.example.org/r4' }, /Only http and https/],
    ['a javascript: URL', { baseUrl: 'javascript:alert(1)' }, /Only http and https/],
    ['an unknown group', { baseUrl: 'https://fhir.example.org', groups: ['everything'] }, /groups/],
    ['a bad resource type', { baseUrl: 'https://fhir.example.org', resources: ['patient;drop'] }, /resource type/],
    ['allowWrites that is not a boolean', { baseUrl: 'https://fhir.example.org', allowWrites: 'yes' }, /allowWrites/],
    ['an unknown key', { baseUrl: 'https://fhir.example.org', headers: { a: 'b' } }, /headers/],
    ['a run id that is not one', { runId: '../../etc' }, /run id/],
    ['a JSON array', [], /(body)/],
  ])('answers 400 for %s', async (_label, body, message) => {
    const res = await post(site, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toMatch(/^(INVALID_BODY|TARGET_URL|TARGET_SCHEME)$/);
    expect(`${res.body.error.message} ${JSON.stringify(res.body.error.issues ?? [])}`).toMatch(message);
  });

  it('answers 400 for malformed JSON and 404 for an unknown run', async () => {
    const malformed = await fetchJson(`${site.url}/_functions/apiTest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"baseUrl":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');
    const unknown = await post(site, { runId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('RUN_NOT_FOUND');
    const badQuery = await fetchJson(`${site.url}/_functions/apiTest?runId=${runId}&format=pdf`);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.code).toBe('INVALID_QUERY');
  });

  it('answers 409 with Retry-After while a step of the run holds its lease', async () => {
    const item = await site.ports.data.get('TestRuns', runId);
    await site.ports.data.update('TestRuns', { ...item!, _id: runId, status: 'running', lockedUntil: new Date(Date.now() + 10_000) });
    const busy = await post(site, { runId });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('STEP_RUNNING');
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0);
    await site.ports.data.update('TestRuns', { ...item!, _id: runId });
  });
});
