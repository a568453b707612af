import { GROUP_IDS, type ApiTestReport, type Progress } from 'public/fhir/api-test';
import {
  checkBaseUrl,
  checkStart,
  interpret,
  readView,
  runUrl,
  startRun,
  continueRun,
} from 'public/custom-elements/fhir-api-tester/api';
import {
  completeDetail,
  countTests,
  countsText,
  downloadName,
  durationText,
  failureText,
  headerRows,
  lastTest,
  matchesFilter,
  prettyBody,
  progressFraction,
  progressLabel,
  safeHref,
  statusBadge,
  summaryLine,
} from 'public/custom-elements/fhir-api-tester/view';

/** What <fhir-api-tester> computes without the DOM: input checks, answer reading, texts. */

const report: ApiTestReport = {
  summary: { passed: 2, failed: 1, skipped: 1, durationMs: 3400 },
  groups: [
    {
      id: 'capability',
      title: 'Capability statement',
      tests: [{ id: 'cap-01', title: 'metadata is a CapabilityStatement', status: 'passed', message: 'ok', specRef: 'https://hl7.org/fhir/R4/http.html#capabilities', request: null, response: null }],
    },
    {
      id: 'read',
      title: 'Read and vread',
      tests: [
        { id: 'read-01-Patient', title: 'read works', status: 'passed', message: '', specRef: '', request: null, response: null },
        { id: 'read-03-Patient', title: 'ETag on read', status: 'failed', message: 'no ETag', specRef: '', request: null, response: null },
        { id: 'read-07-Patient', title: 'vread', status: 'skipped', message: 'not declared', specRef: '', request: null, response: null },
      ],
    },
  ],
};
const progress: Progress = { phase: 'tests', done: 5, total: 20, passed: 2, failed: 1, skipped: 1 };
const view = { runId: '0f8fad5b-d9cb-469f-a165-70867728950e', status: 'running', baseUrl: 'https://fhir.example.org/r4', progress, report };

describe('checkBaseUrl / checkStart', () => {
  const input = { baseUrl: 'https://fhir.example.org/r4', allowWrites: false, groups: [...GROUP_IDS], allGroups: GROUP_IDS, resources: '' };

  it('accepts http(s) URLs and refuses the rest with a message', () => {
    expect(checkBaseUrl('https://hapi.fhir.org/baseR4')).toBeNull();
    expect(checkBaseUrl(' http://10.0.0.5:8080/fhir ')).toBeNull();
    expect(checkBaseUrl('')).toMatch(/Enter the base URL/);
    expect(checkBaseUrl('   ')).toMatch(/Enter the base URL/);
    expect(checkBaseUrl('javascript:alert(1)')).toMatch(/Only http:\/\/ and https:\/\/ .* not javascript/);
    expect(checkBaseUrl('ftp://example.org/')).toMatch(/not ftp/);
    expect(checkBaseUrl('hapi.fhir.org/baseR4')).toMatch(/not a full URL/);
    expect(checkBaseUrl('https://user:pw@example.org/')).toMatch(/credentials/);
    expect(checkBaseUrl(`https://example.org/${'a'.repeat(2100)}`)).toMatch(/limit is 2,048/);
  });

  it('sends groups only when some are left out, resources only when given', () => {
    expect(checkStart(input)).toEqual({ ok: true, request: { baseUrl: 'https://fhir.example.org/r4', allowWrites: false } });
    const some = checkStart({ ...input, allowWrites: true, groups: ['search', 'capability'], resources: 'Patient, Observation  Patient' });
    expect(some).toEqual({ ok: true, request: { baseUrl: 'https://fhir.example.org/r4', allowWrites: true, groups: ['capability', 'search'], resources: ['Patient', 'Observation'] } });
  });

  it('names the field of the first problem', () => {
    expect(checkStart({ ...input, baseUrl: 'javascript:alert(1)' })).toMatchObject({ ok: false, problem: { field: 'baseUrl' } });
    expect(checkStart({ ...input, groups: [] })).toMatchObject({ ok: false, problem: { field: 'groups', message: expect.stringMatching(/at least one group/) } });
    expect(checkStart({ ...input, resources: 'Patient, <b>' })).toMatchObject({ ok: false, problem: { field: 'resources', message: expect.stringContaining('"<b>"') } });
    expect(checkStart({ ...input, resources: Array.from({ length: 11 }, (_, i) => `Type${String.fromCharCode(65 + i)}`).join(',') })).toMatchObject({ ok: false, problem: { field: 'resources' } });
  });
});

describe('interpret', () => {
  it('reads a run view and drops what is not of its shape', () => {
    const outcome = interpret(201, { ...view, report: { ...report, groups: [...report.groups, { id: 'x' }, 'junk'] } }, null);
    expect(outcome).toEqual({ ok: true, view: { ...view, status: 'running' } });
    expect(interpret(200, { runId: 'r', status: 'weird', progress, report }, null)).toMatchObject({ ok: false, failure: { code: 'BAD_ANSWER' } });
    expect(interpret(200, 'not json', null)).toMatchObject({ ok: false, failure: { code: 'BAD_ANSWER' } });
    expect(readView({ ...view, status: 'failed', error: 'The run stopped: boom' })).toMatchObject({ status: 'failed', error: 'The run stopped: boom' });
  });

  it('keeps recorded requests and responses as strings only', () => {
    const test = {
      id: 't',
      title: 'T',
      status: 'failed',
      message: 'm',
      specRef: 's',
      request: { method: 'GET', url: 'u', headers: { accept: 'application/fhir+json', bad: 1 } },
      response: { status: 404, headers: { 'content-type': 'x' }, body: '{}', truncated: true, durationMs: 12 },
    };
    const read = readView({ ...view, report: { summary: report.summary, groups: [{ id: 'read', title: 'R', tests: [test] }] } })!;
    expect(read.report.groups[0]!.tests[0]).toEqual({
      ...test,
      request: { method: 'GET', url: 'u', headers: { accept: 'application/fhir+json' } },
    });
  });

  it('turns error answers into failures with codes and waits', () => {
    expect(interpret(400, { error: { code: 'INVALID_BODY', message: 'Invalid body', issues: [{ path: 'baseUrl', message: 'Required' }] } }, null)).toEqual({
      ok: false,
      failure: { status: 400, code: 'INVALID_BODY', message: 'Invalid body', details: ['baseUrl: Required'] },
    });
    expect(interpret(403, { error: { code: 'TARGET_ADDRESS', message: '10.0.0.5 is in a private range' } }, null)).toMatchObject({
      ok: false,
      failure: { status: 403, code: 'TARGET_ADDRESS', message: '10.0.0.5 is in a private range' },
    });
    expect(interpret(404, { error: { code: 'RUN_NOT_FOUND', message: 'There is no test run x' } }, null)).toMatchObject({ ok: false, failure: { code: 'RUN_NOT_FOUND' } });
    expect(interpret(409, { error: { code: 'STEP_RUNNING', message: 'busy' } }, '3')).toMatchObject({ ok: false, failure: { status: 409, retryAfterSeconds: 3 } });
    expect(interpret(429, undefined, '120')).toMatchObject({ ok: false, failure: { status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 120 } });
    expect(interpret(502, '<html>', null)).toMatchObject({ ok: false, failure: { status: 502, code: 'UNAVAILABLE' } });
  });
});

describe('calls', () => {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

  it('POSTs the start and continue bodies as JSON to the endpoint', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return answer(calls.length === 1 ? 201 : 200, view);
    }) as unknown as typeof globalThis.fetch;
    await expect(startRun('/_functions/apiTest', { baseUrl: 'https://x.org/fhir', allowWrites: true }, { fetch })).resolves.toMatchObject({ ok: true });
    await expect(continueRun('/_functions/apiTest', view.runId, { fetch })).resolves.toMatchObject({ ok: true, view: { runId: view.runId } });
    expect(calls.map((c) => [c.url, c.init.method, c.init.body])).toEqual([
      ['/_functions/apiTest', 'POST', '{"baseUrl":"https://x.org/fhir","allowWrites":true}'],
      ['/_functions/apiTest', 'POST', `{"runId":"${view.runId}"}`],
    ]);
  });

  it('says NETWORK when nothing answers and TIMEOUT when the answer is too slow', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    await expect(continueRun('/f', 'r', { fetch: down })).resolves.toMatchObject({ ok: false, failure: { status: 0, code: 'NETWORK' } });
    const slow = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as unknown as typeof globalThis.fetch;
    await expect(continueRun('/f', 'r', { fetch: slow, timeoutMs: 20 })).resolves.toMatchObject({ ok: false, failure: { code: 'TIMEOUT' } });
    const stop = new AbortController();
    const stopped = continueRun('/f', 'r', { fetch: slow, signal: stop.signal });
    stop.abort();
    await expect(stopped).resolves.toMatchObject({ ok: false, failure: { code: 'ABORTED' } });
  });

  it('builds the download addresses from the endpoint', () => {
    expect(runUrl('/_functions/apiTest', 'a b', 'junit', 'https://site.example/tools/x')).toBe('https://site.example/_functions/apiTest?runId=a+b&format=junit');
    expect(runUrl('https://user.wixsite.com/site/_functions/apiTest', 'r1', undefined, 'https://ignored/')).toBe('https://user.wixsite.com/site/_functions/apiTest?runId=r1');
  });
});

describe('view texts', () => {
  it('counts, labels and filters', () => {
    expect(countTests(report.groups[1]!.tests)).toEqual({ passed: 1, failed: 1, skipped: 1 });
    expect(countsText({ passed: 1200, failed: 0, skipped: 3 })).toBe('1,200 passed, 0 failed, 3 skipped');
    expect(statusBadge('failed')).toEqual({ icon: '✗', label: 'Failed' });
    expect(matchesFilter({ status: 'passed' }, '')).toBe(true);
    expect(matchesFilter({ status: 'passed' }, 'failed')).toBe(false);
  });

  it('says where the run is, and which test finished last', () => {
    expect(lastTest(report)?.id).toBe('read-07-Patient');
    expect(progressLabel(progress, report)).toBe('Running tests: 5 of 20 steps · 2 passed, 1 failed, 1 skipped · last: vread');
    expect(progressLabel({ ...progress, phase: 'done', done: 20 }, report)).toBe('Finished: 20 of 20 steps · 2 passed, 1 failed, 1 skipped');
    expect(progressFraction(progress)).toBe(0.25);
    expect(progressFraction({ ...progress, total: 0 })).toBeUndefined();
  });

  it('pretty-prints JSON bodies and leaves other text alone', () => {
    expect(prettyBody('{"resourceType":"Patient","id":"1"}')).toEqual({ text: '{\n  "resourceType": "Patient",\n  "id": "1"\n}', json: true });
    expect(prettyBody('{"resourceType":"Pat')).toEqual({ text: '{"resourceType":"Pat', json: false });
    expect(prettyBody('<html><img src=x onerror=alert(1)></html>')).toEqual({ text: '<html><img src=x onerror=alert(1)></html>', json: false });
    expect(headerRows({ etag: 'W/"1"', 'content-type': 'x' })).toEqual([
      ['content-type', 'x'],
      ['etag', 'W/"1"'],
    ]);
  });

  it('links the spec only over http(s)', () => {
    expect(safeHref('https://hl7.org/fhir/R4/http.html#read')).toBe('https://hl7.org/fhir/R4/http.html#read');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('http.html#read')).toBeNull();
  });

  it('sums the run up', () => {
    expect(summaryLine({ status: 'done', report }, false)).toEqual({ text: '1 test failed: 2 passed, 1 failed, 1 skipped in 3.4 s.', tone: 'bad' });
    const clean = { ...report, summary: { passed: 30, failed: 0, skipped: 2, durationMs: 900 } };
    expect(summaryLine({ status: 'done', report: clean }, false)).toEqual({ text: 'No test failed: 30 passed, 0 failed, 2 skipped in 900 ms.', tone: 'good' });
    expect(summaryLine({ status: 'running', report: clean }, true).text).toBe('Stopped: 30 passed, 0 failed, 2 skipped.');
    expect(summaryLine({ status: 'failed', report: clean }, false).tone).toBe('bad');
    expect(durationText(125_000)).toBe('2 min 5 s');
    expect(completeDetail({ ...view, status: 'done' } as never, 'https://typed')).toEqual({
      runId: view.runId,
      status: 'done',
      baseUrl: 'https://fhir.example.org/r4',
      passed: 2,
      failed: 1,
      skipped: 1,
      durationMs: 3400,
    });
    expect(downloadName(view.runId, 'junit')).toBe('fhiriq-api-test-0f8fad5b.junit.xml');
  });

  it('explains every failure, a refused target above all', () => {
    const refused = failureText({ status: 403, code: 'TARGET_ADDRESS', message: '10.0.0.5 is in a private range: not a target the site may call', details: [] });
    expect(refused.title).toBe('This server was refused as a target.');
    expect(refused.lines[0]).toContain('10.0.0.5 is in a private range');
    expect(refused.lines[1]).toMatch(/public internet.*npx fhiriq test/);
    expect(failureText({ status: 429, code: 'RATE_LIMITED', message: '', details: [], retryAfterSeconds: 1 }).lines).toEqual(['Please try again in 1 second.']);
    expect(failureText({ status: 409, code: 'STEP_RUNNING', message: 'busy', details: [], retryAfterSeconds: 4 }).lines).toEqual(['busy', 'Trying again in 4 seconds.']);
    expect(failureText({ status: 0, code: 'NETWORK', message: '', details: [] }).title).toBe('Could not reach the site.');
    expect(failureText({ status: 404, code: 'RUN_NOT_FOUND', message: 'gone', details: [] }).title).toMatch(/not found/);
    expect(failureText({ status: 400, code: 'INVALID_BODY', message: 'Invalid body', details: ['groups: bad'] }).lines).toEqual(['Invalid body', 'groups: bad']);
    expect(failureText({ status: 503, code: 'UNAVAILABLE', message: '', details: [] }).title).toMatch(/HTTP 503/);
  });
});
