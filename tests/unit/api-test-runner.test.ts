import {
  advanceRun,
  ApiTestOptionsError,
  buildReport,
  cancelRun,
  createRun,
  getProgress,
  isDone,
  runSuite,
  TAG_SYSTEM,
  type HttpClient,
  type RunState,
} from 'public/fhir/api-test';
import { createFakeServer } from '../helpers/api-test-fake-server';

const RESOURCES = ['Patient', 'Observation'];

/** What a report says, without timings: two runs that made the same decisions compare equal. */
function verdicts(state: RunState) {
  return state.results.map((r) => ({ id: r.id, status: r.status, message: r.message, url: r.request?.url, status2: r.response?.status }));
}

const latestIsDeleted = (server: ReturnType<typeof createFakeServer>, key: string) => server.store.get(key)?.at(-1)?.deleted === true;

describe('runSuite against a correct server', () => {
  it('passes every test it can run, and deletes everything it wrote', async () => {
    const server = createFakeServer();
    const state = await runSuite({ baseUrl: server.base, allowWrites: true, resources: RESOURCES, runId: 'run-1' }, server);
    const report = buildReport(state);
    expect(report.groups.flatMap((g) => g.tests).filter((t) => t.status === 'failed')).toEqual([]);
    expect(report.summary.passed).toBeGreaterThanOrEqual(60);
    expect(isDone(state)).toBe(true);
    // Every resource created carries the run's tag and is gone at the end.
    expect(state.written.length).toBeGreaterThanOrEqual(6);
    for (const key of state.written) expect(latestIsDeleted(server, key)).toBe(true);
    for (const [key, versions] of server.store) {
      expect(versions[0].meta.tag).toEqual([{ system: TAG_SYSTEM, code: 'run-1' }]);
      expect(latestIsDeleted(server, key)).toBe(true);
    }
    expect(state.teardown.every((t) => t.result === 'pass')).toBe(true);
  });

  it('explains every skip', async () => {
    const server = createFakeServer();
    const state = await runSuite({ baseUrl: server.base, allowWrites: true, resources: RESOURCES, runId: 'run-1' }, server);
    const skipped = state.results.filter((r) => r.status === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    for (const r of skipped) expect(r.message).toMatch(/does not declare|declares no|cannot build|No declared|None of the declared|needs/i);
    expect(state.results.find((r) => r.id === 'write-07-Observation')?.message).toBe('The CapabilityStatement does not declare conditionalCreate for Observation');
  });

  it('gives every test a unique, stable id, a title, a spec link and a message', async () => {
    const server = createFakeServer();
    const state = await runSuite({ baseUrl: server.base, allowWrites: true, resources: RESOURCES, runId: 'run-1' }, server);
    const ids = state.results.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['cap-01', 'read-03-Patient', 'search-10-Patient-family', 'write-01-Observation', 'csearch-02-Observation']));
    for (const r of state.results) {
      expect(r.specRef).toMatch(/^https:\/\/hl7\.org\/fhir\/R4\/[a-z]+\.html(#.+)?$/);
      expect(r.title).not.toMatch(/\{type\}|\{param\}/);
      expect(r.message.length).toBeGreaterThan(3);
    }
    // Per-parameter tests link to the section of their parameter type.
    expect(state.results.find((r) => r.id === 'search-10-Patient-birthdate')?.specRef).toBe('https://hl7.org/fhir/R4/search.html#date');
  });
});

describe('resumable runs', () => {
  it('advancing in small budgets gives the same verdicts as one run', async () => {
    const whole = await runSuite({ baseUrl: 'http://fake.test/fhir', allowWrites: true, resources: RESOURCES, runId: 'same' }, createFakeServer());

    const clock = { now: 0 };
    const server = createFakeServer({ clock, latencyMs: 100 });
    let state = createRun({ baseUrl: server.base, allowWrites: true, resources: RESOURCES, runId: 'same' }, () => clock.now);
    let calls = 0;
    while (!isDone(state)) {
      // Each call gets the state back from storage, as the backend does.
      state = JSON.parse(JSON.stringify(await advanceRun(state, server, { budgetMs: 250, now: () => clock.now })));
      calls++;
    }
    expect(calls).toBeGreaterThan(20);
    expect(verdicts(state)).toEqual(verdicts(whole));
    expect(state.teardown.map((t) => t.id)).toEqual(whole.teardown.map((t) => t.id));
  });

  it('does not change the state it is given, and reports progress', async () => {
    const server = createFakeServer();
    const initial = createRun({ baseUrl: server.base, resources: ['Patient'] });
    const copy = JSON.stringify(initial);
    const seen: string[] = [];
    const next = await advanceRun(initial, server, { budgetMs: 0, onProgress: (p) => seen.push(p.current ?? '') });
    expect(JSON.stringify(initial)).toBe(copy);
    expect(seen).toEqual(['setup:metadata']);
    expect(getProgress(next)).toMatchObject({ phase: 'setup', done: 1 });
    expect(getProgress(next).total).toBeGreaterThan(20);
  });

  it('abandons a step that overruns the hard limit, keeps its writes for cleanup, and retries it', async () => {
    const clock = { now: 0 };
    const server = createFakeServer({ clock, latencyMs: 1000 });
    let state = createRun({ baseUrl: server.base, allowWrites: true, resources: ['Patient'], groups: ['write'], runId: 'hard' }, () => clock.now);
    let guard = 0;
    while (!isDone(state) && guard++ < 500) state = await advanceRun(state, server, { budgetMs: 1, hardLimitMs: 1500, now: () => clock.now });
    expect(isDone(state)).toBe(true);
    // Setup (two creates and a search) is cut short, but its retry does not write the fixtures again.
    expect(state.setup.find((s) => s.id === 'setup:data:Patient')?.result).toBe('pass');
    expect(state.data.Patient).toEqual({ a: 'patient1', b: 'patient2' });
    // write-01 makes one request (1 s) and fits in 1.5 s; write-03 needs two and is given up after retries.
    expect(state.results.find((r) => r.id === 'write-01-Patient')?.status).toBe('passed');
    const w3 = state.results.find((r) => r.id === 'write-03-Patient')!;
    expect(w3.status).toBe('failed');
    expect(w3.message).toMatch(/^Request failed: The step did not finish within the time of one backend call/);
    // Resources written by abandoned attempts are cleaned up too.
    for (const key of state.written) expect(latestIsDeleted(server, key)).toBe(true);
  });

  it('keeps the state well under 512 KB even when the server sends huge responses', async () => {
    const server = createFakeServer();
    const padded: HttpClient = async (req) => {
      const res = await server(req);
      if (!res.body.startsWith('{')) return res;
      const json = JSON.parse(res.body);
      json.text = { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(300_000)}</div>` };
      return { ...res, body: JSON.stringify(json) };
    };
    const state = await runSuite({ baseUrl: server.base, allowWrites: true, resources: ['Patient', 'Observation'] }, padded);
    expect(state.results.length).toBeGreaterThan(80);
    expect(JSON.stringify(state).length).toBeLessThan(512 * 1024 / 2);
    const cut = state.results.find((r) => r.response?.truncated);
    expect(cut?.response?.body.length).toBeLessThanOrEqual(4096);
  });
});

describe('skips, writes and cleanup', () => {
  it('read-only: sends no write, skips write tests with the reason, and tests what it finds', async () => {
    const server = createFakeServer();
    await server({ method: 'POST', url: `${server.base}/Patient`, headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient', gender: 'male' }), timeoutMs: 1000 });
    server.requests.length = 0;
    const state = await runSuite({ baseUrl: server.base, resources: ['Patient'] }, server);
    const writes = server.requests.filter((r) => r.method !== 'GET' && !(r.method === 'POST' && r.url.endsWith('/_search')));
    expect(writes).toEqual([]);
    expect(state.written).toEqual([]);
    const w = state.results.filter((r) => r.group === 'write');
    expect(w.length).toBeGreaterThan(5);
    for (const r of w) expect(r).toMatchObject({ status: 'skipped', message: expect.stringMatching(/^Writes are not allowed/) });
    expect(state.results.find((r) => r.id === 'read-03-Patient')).toMatchObject({ status: 'passed', request: { url: `${server.base}/Patient/patient1` } });
    expect(state.results.filter((r) => r.status === 'failed')).toEqual([]);
  });

  it('read-only against an empty server: data tests skip saying nothing was found', async () => {
    const server = createFakeServer();
    const state = await runSuite({ baseUrl: server.base, resources: ['Patient'] }, server);
    expect(state.results.find((r) => r.id === 'read-01-Patient')).toMatchObject({ status: 'skipped', message: expect.stringContaining('found none') });
    expect(state.results.find((r) => r.id === 'read-05-Patient')?.status).toBe('passed');
  });

  it('runs only the groups asked for', async () => {
    const server = createFakeServer();
    const state = await runSuite({ baseUrl: server.base, resources: ['Patient'], groups: ['capability', 'format'] }, server);
    expect(new Set(state.results.map((r) => r.group))).toEqual(new Set(['capability', 'format']));
  });

  it('defaults to the types of the default set the server declares, Patient first', async () => {
    const server = createFakeServer();
    const state = await runSuite({ baseUrl: server.base, groups: ['capability'] }, server);
    expect(state.resources).toEqual(['Patient', 'Observation']);
  });

  it('cleans up after failures and after a cancel', async () => {
    const server = createFakeServer({ faults: ['no-etag', 'ignore-gender'] });
    let state = createRun({ baseUrl: server.base, allowWrites: true, resources: RESOURCES });
    while (state.results.length < 30) state = await advanceRun(state, server, { budgetMs: 0 });
    expect(state.results.some((r) => r.status === 'failed')).toBe(true);
    state = cancelRun(state);
    expect(state.phase).toBe('cleanup');
    expect(state.results.at(-1)).toMatchObject({ status: 'skipped', message: 'The run was cancelled before this test' });
    while (!isDone(state)) state = await advanceRun(state, server);
    expect(state.written.length).toBeGreaterThan(3);
    for (const key of state.written) expect(latestIsDeleted(server, key)).toBe(true);
  });

  it('sends the extra headers but never stores their values', async () => {
    const server = createFakeServer();
    const state = await runSuite({ baseUrl: server.base, resources: ['Patient'], groups: ['capability'], headers: { Authorization: 'Bearer s3cret' } }, server);
    expect(server.requests.every((r) => r.headers.authorization === 'Bearer s3cret')).toBe(true);
    expect(JSON.stringify(state)).not.toContain('s3cret');
    expect(state.options.headerNames).toEqual(['Authorization']);
  });
});

describe('request failures', () => {
  it('a timeout fails the tests that hit it with "Request failed", and the run goes on', async () => {
    const server = createFakeServer({ timeoutOn: /\/Patient\?/ });
    const state = await runSuite({ baseUrl: server.base, allowWrites: true, resources: ['Patient'], timeoutMs: 1500 }, server);
    const s1 = state.results.find((r) => r.id === 'search-01-Patient')!;
    expect(s1).toMatchObject({ status: 'failed', error: true, response: null });
    expect(s1.message).toBe(`Request failed: GET ${server.base}/Patient?_count=5: no response within 1500 ms`);
    expect(s1.request?.url).toContain('/Patient?');
    expect(state.results.find((r) => r.id === 'read-01-Patient')?.status).toBe('passed');
    expect(isDone(state)).toBe(true);
  });

  it('an unreachable server fails every test with the reason instead of crashing', async () => {
    const down: HttpClient = async () => {
      throw new TypeError('fetch failed');
    };
    const state = await runSuite({ baseUrl: 'http://down.test', resources: ['Patient'] }, down);
    expect(state.capabilityError).toBe('Request failed: GET http://down.test/metadata: fetch failed');
    expect(state.results.find((r) => r.id === 'cap-01')).toMatchObject({ status: 'failed', error: true, message: 'Request failed: GET http://down.test/metadata: fetch failed' });
    expect(state.results.find((r) => r.id === 'cap-02')).toMatchObject({ status: 'skipped', message: expect.stringContaining('could not be read') });
    expect(isDone(state)).toBe(true);
  });
});

describe('createRun', () => {
  it.each([
    ['ftp://x.test/fhir', /http\(s\)/],
    ['not a url', /not a URL/],
    ['https://user:pw@x.test/fhir', /credentials/],
    ['https://x.test/fhir?x=1', /query/],
  ])('refuses the base URL %s', (baseUrl, message) => {
    expect(() => createRun({ baseUrl })).toThrow(ApiTestOptionsError);
    expect(() => createRun({ baseUrl })).toThrow(message);
  });

  it('refuses unknown groups and bad type names, and normalizes the base URL', () => {
    expect(() => createRun({ baseUrl: 'https://x.test', groups: ['nope' as never] })).toThrow(/Unknown group "nope"/);
    expect(() => createRun({ baseUrl: 'https://x.test', resources: ['patient'] })).toThrow(/not a FHIR resource type/);
    const s = createRun({ baseUrl: 'https://x.test/fhir/', timeoutMs: 5 });
    expect(s.options).toMatchObject({ baseUrl: 'https://x.test/fhir', allowWrites: false, timeoutMs: 100 });
    expect(s.runId).toMatch(/^[a-z0-9]+-[0-9a-f]{12}$/);
  });
});
