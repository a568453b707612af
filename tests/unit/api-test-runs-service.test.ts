import { continueApiTest, finishAbandonedRuns, getApiTestRun, startApiTest, ABANDONED_AFTER_MS } from '../../src/backend/services/api-test-runs';
import { startFhirServer, type TestFhirServer } from '../helpers/fhir-server';
import { createTestPorts, type TestPorts } from '../helpers/test-ports';

/**
 * The run service: steps with a tiny time budget (as if each Wix call were nearly out of time),
 * each stored in TestRuns, give the same verdicts as one long run; abandoned runs are cancelled
 * and cleaned up by the job, deleting what they wrote on the target.
 */
let fhir: TestFhirServer;
let ports: TestPorts;

beforeAll(async () => {
  fhir = await startFhirServer();
});
afterAll(async () => {
  await fhir?.close();
});
beforeEach(() => {
  ports = createTestPorts();
});

/** Resources the suite tagged on the server (it tags everything it writes with its run id). */
async function tagged(runId: string): Promise<number> {
  let total = 0;
  for (const type of ['Patient', 'Observation']) {
    const res = await fetch(`${fhir.baseUrl}/${type}?_tag=${encodeURIComponent(`https://fhiriq.com/api-test|${runId}`)}&_summary=count`, { headers: { accept: 'application/fhir+json' } });
    total += ((await res.json()) as { total?: number }).total ?? 0;
  }
  return total;
}

describe('API test runs service', () => {
  it('advances in many short steps, storing the state each time, to the same verdicts as one long run', async () => {
    const oneRun = await startApiTest(ports, { baseUrl: fhir.baseUrl, allowWrites: true }, {});
    if (!oneRun.ok) throw new Error(oneRun.message);
    let long = oneRun.view;
    while (long.status === 'running') {
      const next = await continueApiTest(ports, long.runId);
      if (!next.ok) throw new Error(next.message);
      long = next.view;
    }

    const started = await startApiTest(ports, { baseUrl: fhir.baseUrl, allowWrites: true }, { ip: '203.0.113.9' }, { budgetMs: 1 });
    if (!started.ok) throw new Error(started.message);
    expect(started.view.status).toBe('running');
    let view = started.view;
    let steps = 1;
    const seen: number[] = [];
    while (view.status === 'running' && steps < 500) {
      const stored = await getApiTestRun(ports, view.runId);
      if (!stored.ok) throw new Error(stored.message);
      seen.push(stored.view.progress.done);
      const next = await continueApiTest(ports, view.runId, { budgetMs: 1 });
      if (!next.ok) throw new Error(next.message);
      view = next.view;
      steps++;
    }
    expect(view.status).toBe('done');
    expect(steps).toBeGreaterThan(10);
    // Every step moved the stored run forward.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const verdicts = (v: typeof view) => v.report.groups.flatMap((g) => g.tests.map((t) => `${t.id}:${t.status}`)).sort();
    expect(verdicts(view)).toEqual(verdicts(long));
    expect(view.report.summary.failed).toBe(0);
    expect(await tagged(view.runId)).toBe(0);
    const item = await ports.data.get('TestRuns', view.runId);
    expect(item).toMatchObject({ ip: '203.0.113.9', status: 'done' });
  }, 120_000);

  it('the job cancels a run nobody advanced and deletes what it wrote on the target', async () => {
    // Step until the suite has written its fixtures, then walk away.
    const started = await startApiTest(ports, { baseUrl: fhir.baseUrl, allowWrites: true }, {}, { budgetMs: 1 });
    if (!started.ok) throw new Error(started.message);
    let view = started.view;
    while (view.progress.phase === 'setup') {
      const next = await continueApiTest(ports, view.runId, { budgetMs: 1 });
      if (!next.ok) throw new Error(next.message);
      view = next.view;
    }
    expect(view.status).toBe('running');
    expect(await tagged(view.runId)).toBeGreaterThan(0);

    expect(await finishAbandonedRuns(ports)).toEqual({ finished: 0, stillRunning: 0 }); // not abandoned yet
    ports.clock.advance(ABANDONED_AFTER_MS + 1000);
    expect(await finishAbandonedRuns(ports)).toEqual({ finished: 1, stillRunning: 0 });

    const after = await getApiTestRun(ports, view.runId);
    if (!after.ok) throw new Error(after.message);
    expect(after.view.status).toBe('done');
    const skipped = after.view.report.groups.flatMap((g) => g.tests).filter((t) => t.status === 'skipped');
    expect(skipped.some((t) => /cancelled/.test(t.message))).toBe(true);
    expect(await tagged(view.runId)).toBe(0);
  }, 60_000);

  it('cancel skips the tests not run yet and still deletes what the run wrote', async () => {
    const started = await startApiTest(ports, { baseUrl: fhir.baseUrl, allowWrites: true }, {}, { budgetMs: 1 });
    if (!started.ok) throw new Error(started.message);
    let view = started.view;
    while (view.progress.phase === 'setup') {
      const next = await continueApiTest(ports, view.runId, { budgetMs: 1 });
      if (!next.ok) throw new Error(next.message);
      view = next.view;
    }
    expect(await tagged(view.runId)).toBeGreaterThan(0);
    const stopped = await continueApiTest(ports, view.runId, { cancel: true });
    if (!stopped.ok) throw new Error(stopped.message);
    expect(stopped.view.status).toBe('done');
    const tests = stopped.view.report.groups.flatMap((g) => g.tests);
    expect(tests.filter((t) => t.status === 'skipped' && /cancelled/.test(t.message)).length).toBeGreaterThan(5);
    expect(await tagged(view.runId)).toBe(0);
  }, 60_000);

  it('refuses targets before storing anything when private targets are not allowed', async () => {
    const strict = createTestPorts({ allowPrivateTargets: false });
    const outcome = await startApiTest(strict, { baseUrl: fhir.baseUrl }, {});
    expect(outcome).toMatchObject({ ok: false, status: 403, code: 'TARGET_ADDRESS' });
    expect(await strict.data.query('TestRuns').count()).toBe(0);
  });
});
