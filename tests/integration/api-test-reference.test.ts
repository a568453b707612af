import { advanceRun, buildReport, createFetchClient, createRun, isDone, runSuite, TAG_SYSTEM, type RunState } from 'public/fhir/api-test';
import { startFhirServer, type TestFhirServer } from '../helpers/fhir-server';

const client = createFetchClient({ timeoutMs: 10_000 });
const failures = (state: RunState) => state.results.filter((r) => r.status === 'failed').map((r) => `${r.id}: ${r.message}`);

describe('the suite against the reference server', () => {
  let server: TestFhirServer;
  beforeAll(async () => {
    server = await startFhirServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reports no failure and at least 20 passed tests, with writes', async () => {
    const state = await runSuite({ baseUrl: server.baseUrl, allowWrites: true }, client);
    expect(failures(state)).toEqual([]);
    const { summary } = buildReport(state);
    expect(summary.failed).toBe(0);
    expect(summary.passed).toBeGreaterThanOrEqual(20);
    // The default types are those of the default set the server declares, Patient first.
    expect(state.resources[0]).toBe('Patient');
    expect(state.teardown.length).toBe(state.written.length);
    expect(state.teardown.filter((t) => t.result !== 'pass')).toEqual([]);

    // Cleanup: nothing tagged with the run is left.
    for (const type of state.resources) {
      const res = await client({ method: 'GET', url: `${server.baseUrl}/${type}?_tag=${encodeURIComponent(`${TAG_SYSTEM}|${state.runId}`)}`, headers: { accept: 'application/fhir+json' }, timeoutMs: 5000 });
      expect(JSON.parse(res.body).entry ?? []).toEqual([]);
    }
  });

  it('tests every type the suite has data for with no failure', async () => {
    const state = await runSuite({ baseUrl: server.baseUrl, allowWrites: true, resources: ['Patient', 'Practitioner', 'Organization', 'Observation', 'Encounter', 'Condition'] }, client);
    expect(failures(state)).toEqual([]);
    // Every declared parameter the suite can build values for was really tested.
    const paramTests = state.results.filter((r) => r.id.startsWith('search-10-'));
    expect(paramTests.filter((r) => r.status === 'passed').length).toBeGreaterThanOrEqual(40);
  });

  it('read-only: no failure, tests what it finds, and the write tests say why they skip', async () => {
    // Something to find: one Patient written beforehand (by hand, not by the suite).
    const created = await client({ method: 'POST', url: `${server.baseUrl}/Patient`, headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient', gender: 'other' }), timeoutMs: 5000 });
    expect(created.status).toBe(201);
    const state = await runSuite({ baseUrl: server.baseUrl, resources: ['Patient'] }, client);
    expect(failures(state)).toEqual([]);
    expect(state.written).toEqual([]);
    expect(state.results.find((r) => r.id === 'read-03-Patient')?.status).toBe('passed');
    expect(state.results.filter((r) => r.group === 'write').every((r) => r.status === 'skipped' && r.message.startsWith('Writes are not allowed'))).toBe(true);
  });

  it('advancing in small steps over HTTP reaches the same verdicts', async () => {
    const whole = await runSuite({ baseUrl: server.baseUrl, allowWrites: true, resources: ['Patient', 'Observation'] }, client);
    let state = createRun({ baseUrl: server.baseUrl, allowWrites: true, resources: ['Patient', 'Observation'] });
    let calls = 0;
    while (!isDone(state)) {
      state = JSON.parse(JSON.stringify(await advanceRun(state, client, { budgetMs: 0 })));
      calls++;
    }
    expect(calls).toBeGreaterThan(state.results.length);
    expect(state.results.map((r) => [r.id, r.status])).toEqual(whole.results.map((r) => [r.id, r.status]));
    expect(JSON.stringify(state).length).toBeLessThan(512 * 1024);
  });
});
