import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Locator, Page, Route } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startFhirServer, type TestFhirServer } from '../helpers/fhir-server';
import { startTestSite, type TestSite } from '../helpers/local-site';

/**
 * The API Testing Suite page in Chromium: <fhir-api-tester> runs the suite through the local
 * site's real apiTest http function (private targets allowed, as in development) against the
 * reference FHIR server (behind a slow proxy, so the run takes several steps) and a faulty variant
 * of it: live progress, the results tree, the
 * request/response viewer, the downloads. What the site cannot be made to answer on cue (a
 * refused private target, 409, 429, 404, no network, hostile text in a report) is played by
 * page.route on the same endpoint.
 */

const API_TEST = '/_functions/apiTest';
const RUN_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

let site: TestSite;
let referenceServer: TestFhirServer;
/** The reference server as the suite sees it: through slowProxy. */
let reference: SlowProxy;
let faulty: TestFhirServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
const dialogs: string[] = [];
const apiCalls: Array<{ method: string; url: string; body: unknown }> = [];

const tester = (): Locator => page.locator('fhir-api-tester');
const $ = (selector: string): Locator => tester().locator(selector);

interface RecordedEvent {
  type: string;
  detail: any;
}

async function openPage(): Promise<void> {
  await page.goto(`${site.url}/api-testing-suite`, { waitUntil: 'load' });
  await page.waitForFunction(() => customElements.get('fhir-api-tester') !== undefined && document.querySelector('#apiTester')?.getAttribute('endpoint'));
  // Every event of the element, and every text the progress line shows while it is visible.
  await page.evaluate(() => {
    const w = window as unknown as { __events: unknown[]; __progress: string[] };
    w.__events = [];
    w.__progress = [];
    for (const type of ['run-start', 'run-progress', 'run-complete', 'run-stopped', 'run-error']) {
      document.addEventListener(type, (e) => w.__events.push({ type, detail: (e as CustomEvent).detail }));
    }
    const root = document.querySelector('fhir-api-tester')!.shadowRoot!;
    const text = root.getElementById('progress-text')!;
    new MutationObserver(() => {
      if (!root.getElementById('progress')!.hidden && text.textContent) w.__progress.push(text.textContent);
    }).observe(text, { childList: true, characterData: true, subtree: true });
  });
}

const events = async (): Promise<RecordedEvent[]> => page.evaluate(() => (window as unknown as { __events: RecordedEvent[] }).__events);

/** Runs `start` and waits until the element ends the run one way or another; gives the events of that run. */
async function runWith(start: () => Promise<void>, until: string[] = ['run-complete', 'run-error', 'run-stopped']): Promise<RecordedEvent[]> {
  const from = (await events()).length;
  await start();
  await page.waitForFunction(
    ([n, types]) => (window as unknown as { __events: RecordedEvent[] }).__events.slice(n as number).some((e) => (types as string[]).includes(e.type)),
    [from, until] as const,
    { timeout: 120_000 },
  );
  return (await events()).slice(from);
}

async function runAgainst(baseUrl: string, options: { writes?: boolean; resources?: string } = {}): Promise<RecordedEvent[]> {
  await $('#base-url').fill(baseUrl);
  if ((await $('#allow-writes').isChecked()) !== (options.writes ?? false)) await $('#allow-writes').click();
  await $('#resources').fill(options.resources ?? '');
  return runWith(() => $('#run').click());
}

const lastOf = (list: RecordedEvent[], type: string) => [...list].reverse().find((e) => e.type === type);

// ---- answers played by page.route ----------------------------------------------------------

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** No answer at all (the network failed). */
  abort?: boolean;
  /** Hold the answer back until this resolves. */
  hold?: Promise<void>;
}

/** The endpoint answers with `replies`, one per request, instead of the site. */
async function playEndpoint(replies: Reply[]): Promise<Array<{ method: string; body: any }>> {
  const seen: Array<{ method: string; body: any }> = [];
  await page.route(`**${API_TEST}**`, async (route: Route) => {
    const request = route.request();
    seen.push({ method: request.method(), body: request.postData() ? JSON.parse(request.postData()!) : undefined });
    const reply = replies.shift();
    if (!reply) return route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"UNEXPECTED","message":"no reply left"}}' });
    if (reply.hold) await reply.hold;
    try {
      if (reply.abort) return await route.abort('failed');
      return await route.fulfill({ status: reply.status, contentType: 'application/json', headers: reply.headers ?? {}, body: JSON.stringify(reply.body ?? {}) });
    } catch {
      // the page gave up on this request (Stop aborts it): nobody is left to answer
    }
  });
  return seen;
}

type MockTest = { id: string; title: string; status: 'passed' | 'failed' | 'skipped'; message: string; specRef: string; request: unknown; response: unknown };

function mockView(status: 'running' | 'done' | 'failed', done: number, tests: MockTest[]) {
  const count = (s: string) => tests.filter((t) => t.status === s).length;
  return {
    runId: RUN_ID,
    status,
    baseUrl: 'https://fhir.example.org/r4',
    progress: { phase: status === 'running' ? 'tests' : 'done', done, total: 4, passed: count('passed'), failed: count('failed'), skipped: count('skipped') },
    report: {
      summary: { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), durationMs: 1234 },
      groups: tests.length ? [{ id: 'read', title: 'Read and vread', tests }] : [],
    },
  };
}

const passedTest: MockTest = {
  id: 'read-01-Patient',
  title: 'read returns the resource',
  status: 'passed',
  message: 'GET Patient/1 gave 200',
  specRef: 'https://hl7.org/fhir/R4/http.html#read',
  request: { method: 'GET', url: 'https://fhir.example.org/r4/Patient/1', headers: { accept: 'application/fhir+json' } },
  response: { status: 200, headers: { 'content-type': 'application/fhir+json' }, body: '{"resourceType":"Patient","id":"1"}', durationMs: 12 },
};

// ---- a slow way to the reference server ------------------------------------------------------

interface SlowProxy {
  baseUrl: string;
  requests: number;
  close(): Promise<void>;
}

/**
 * The reference server answers the whole suite in about a second, inside the site's first step
 * (8 s). Behind this proxy every request takes at least `delayMs`, so a run of ~150 requests
 * cannot end in one step and the element must follow it step by step. The server's own base URL
 * in bodies and headers (fullUrl, Location, links) is rewritten to the proxy's and back, so the
 * suite sees one consistent server.
 */
async function startSlowProxy(target: string, delayMs: number): Promise<SlowProxy> {
  const upstream = new URL(target);
  let own = '';
  const swap = (text: string, from: string, to: string) =>
    text.split(from).join(to).split(encodeURIComponent(from)).join(encodeURIComponent(to));
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    state.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const body = swap(Buffer.concat(chunks).toString('utf8'), own, target);
        const headers: IncomingHttpHeaders = { ...req.headers, host: upstream.host };
        delete headers['content-length'];
        const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: swap(req.url ?? '/', own, target), headers }, (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const text = swap(Buffer.concat(parts).toString('utf8'), target, own);
            const back: Record<string, string | string[]> = {};
            for (const [name, value] of Object.entries(answer.headers)) {
              if (value === undefined || name === 'content-length' || name === 'transfer-encoding' || name === 'connection') continue;
              back[name] = Array.isArray(value) ? value.map((v) => swap(v, target, own)) : swap(value, target, own);
            }
            res.writeHead(answer.statusCode ?? 502, { ...back, 'content-length': String(Buffer.byteLength(text)) });
            res.end(text);
          });
        });
        out.on('error', () => {
          res.writeHead(502);
          res.end();
        });
        out.end(body);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  own = `http://127.0.0.1:${(server.address() as AddressInfo).port}${upstream.pathname}`;
  return {
    baseUrl: own,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

beforeAll(async () => {
  [site, referenceServer, faulty] = await Promise.all([
    startTestSite({ allowPrivateTargets: true }),
    startFhirServer(),
    startFhirServer({ fault: 'searchset-no-fullurl' }),
  ]);
  // 151 requests x 70 ms > the 8 s a step may run: the run needs at least two steps.
  reference = await startSlowProxy(referenceServer.baseUrl, 70);
  browser = await launchBrowser();
  context = await browser.newContext({ acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === API_TEST) apiCalls.push({ method: r.method(), url: r.url(), body: r.postData() ? JSON.parse(r.postData()!) : undefined });
  });
  await openPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([site?.close(), reference?.close(), referenceServer?.close(), faulty?.close()]);
});

describe('<fhir-api-tester> on /api-testing-suite', () => {
  it('loads the element with the page; page code points it at the site endpoint', async () => {
    const html = await (await fetch(`${site.url}/api-testing-suite`)).text();
    expect(html).toContain('<script type="module" src="/_preview/elements/fhir-api-tester.js"></script>');
    expect(await page.locator('#apiTester').getAttribute('endpoint')).toBe(`${site.url}${API_TEST}`);
    expect(await $('#results').isHidden()).toBe(true);
    // Options: a labelled URL box, the writes warning, one checkbox per group, all ticked.
    expect(await tester().getByLabel('FHIR server base URL').count()).toBe(1);
    expect(await $('#writes-warning').textContent()).toMatch(/creates, updates and then deletes test resources.*tagged https:\/\/fhiriq\.com\/api-test\|<run id>/);
    const groups = await $('input[name=group]').evaluateAll((els) => els.map((e) => [(e as HTMLInputElement).value, (e as HTMLInputElement).checked, e.parentElement!.textContent!.trim()]));
    expect(groups).toEqual([
      ['capability', true, 'Capability statement'],
      ['read', true, 'Read and vread'],
      ['write', true, 'Create, update and delete (needs writes)'],
      ['search', true, 'Search'],
      ['client-search', true, 'Searching the way clients search'],
      ['history', true, 'History'],
      ['format', true, 'Content negotiation and errors'],
    ]);
  });

  it('checks the URL before sending: empty and javascript: URLs get a message, and nothing is sent', async () => {
    const before = apiCalls.length;
    await $('#base-url').fill('');
    await $('#run').click();
    expect(await $('#url-error').textContent()).toMatch(/Enter the base URL of the FHIR server/);
    expect(await $('#url-error').getAttribute('role')).toBe('alert');
    expect(await $('#base-url').getAttribute('aria-invalid')).toBe('true');

    await $('#base-url').fill('javascript:alert(1)');
    await page.keyboard.press('Enter'); // the form submits from the keyboard too
    expect(await $('#url-error').textContent()).toMatch(/Only http:\/\/ and https:\/\/ servers can be tested, not javascript/);
    expect(await $('#url-error').isVisible()).toBe(true);

    await $('#base-url').fill('https://fhir.example.org/r4');
    expect(await $('#url-error').isHidden()).toBe(true);
    await $('input[name=group]').evaluateAll((els) => els.forEach((e) => ((e as HTMLInputElement).checked = false)));
    await $('#run').click();
    expect(await $('#groups-error').textContent()).toMatch(/at least one group/);
    await $('input[name=group]').evaluateAll((els) => els.forEach((e) => ((e as HTMLInputElement).checked = true)));
    await $('#resources').fill('Patient, <img>');
    await $('#run').click();
    expect(await $('#resources-error').textContent()).toContain('"<img>" is not a FHIR resource type name');
    await $('#resources').fill('');

    expect(apiCalls.length).toBe(before);
    expect(dialogs).toEqual([]);
  });

  it('runs the suite with writes against the reference server: live progress, no failure, at least 20 passed', async () => {
    const run = await runAgainst(reference.baseUrl, { writes: true, resources: 'Patient, Observation' });
    const complete = lastOf(run, 'run-complete');
    expect(lastOf(run, 'run-error')).toBeUndefined();
    expect(run[0]).toEqual({ type: 'run-start', detail: { baseUrl: reference.baseUrl, allowWrites: true, groups: expect.arrayContaining(['write', 'search']), resources: ['Patient', 'Observation'] } });
    expect(complete?.detail).toMatchObject({ status: 'done', failed: 0, baseUrl: reference.baseUrl });
    expect(complete!.detail.passed).toBeGreaterThanOrEqual(20);

    // The body the site got: one start, then continues with the run id until done.
    const calls = apiCalls.filter((c) => c.method === 'POST');
    const start = calls.findIndex((c) => (c.body as { baseUrl?: string }).baseUrl === reference.baseUrl);
    expect(calls[start]!.body).toEqual({ baseUrl: reference.baseUrl, allowWrites: true, resources: ['Patient', 'Observation'] });
    expect(calls.slice(start + 1).every((c) => (c.body as { runId?: string }).runId === complete!.detail.runId)).toBe(true);

    // Progress was visible and counted steps; every step told page code where the run was.
    const progressEvents = run.filter((e) => e.type === 'run-progress').map((e) => e.detail);
    expect(progressEvents.length).toBeGreaterThanOrEqual(2);
    expect(calls.length - start).toBe(progressEvents.length); // one answer, one progress event
    const dones = progressEvents.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(progressEvents.at(-1)).toMatchObject({ phase: 'done', failed: 0 });
    expect(progressEvents.at(-1).done).toBe(progressEvents.at(-1).total);
    const texts = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
    expect(texts[0]).toMatch(/^Starting/);
    expect(texts.some((t) => /\d+ of \d+ steps · \d+ passed, \d+ failed, \d+ skipped/.test(t))).toBe(true);
    expect(await $('#progress-text').getAttribute('aria-live')).toBe('polite');
    expect(await $('#progress').isHidden()).toBe(true);

    // The tree: groups with counts; the summary here and on the page.
    expect(await $('#summary').textContent()).toMatch(/^No test failed: \d+ passed, 0 failed, \d+ skipped in /);
    const groupIds = await $('section.group').evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));
    expect(groupIds).toEqual(expect.arrayContaining(['capability', 'read', 'write', 'search']));
    expect(await $('section.group[data-group=read] .group-counts').textContent()).toMatch(/^\d+ passed, 0 failed, \d+ skipped$/);
    expect(await $('li.test[data-status=failed]').count()).toBe(0);
    expect(await $('li.test[data-status=passed]').count()).toBe(complete!.detail.passed);
    expect(await page.locator('#testSummary').textContent()).toMatch(/the server passed every test that ran/);
    expect(await page.locator('#testSummary').isVisible()).toBe(true);
  }, 180_000);

  it('opens a test to show its message, spec link and the request/response exchange', async () => {
    const row = $('li.test[data-status=passed]').filter({ has: page.locator('.test-id', { hasText: /^read-01-/ }) }).first();
    const toggle = row.locator('.test-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.textContent()).toContain('✓');
    expect(await row.locator('.icon').getAttribute('aria-label')).toBe('Passed');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const detail = row.locator('.detail');
    expect(await detail.isVisible()).toBe(true);
    expect((await detail.locator('.message').textContent())!.length).toBeGreaterThan(0);
    const link = detail.locator('a.spec-link');
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/hl7\.org\/fhir\/R4\//);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await detail.locator('.request .line').textContent()).toMatch(new RegExp(`^GET ${reference.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/Patient/`));
    expect(await detail.locator('.request table.headers').textContent()).toMatch(/accept/i);
    expect(await detail.locator('.response .http-status').textContent()).toBe('HTTP 200');
    expect(await detail.locator('.response table.headers').textContent()).toMatch(/content-type/);
    const body = await detail.locator('.response pre.body').textContent();
    expect(JSON.parse(body!)).toMatchObject({ resourceType: 'Patient' });
    expect(body).toContain('\n  "resourceType"'); // pretty-printed

    await page.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await detail.isHidden()).toBe(true);

    // A group folds and unfolds too.
    const groupToggle = $('section.group[data-group=read] .group-toggle');
    await groupToggle.click();
    expect(await groupToggle.getAttribute('aria-expanded')).toBe('false');
    expect(await $('section.group[data-group=read] ul.tests').isHidden()).toBe(true);
    await groupToggle.click();
    expect(await $('section.group[data-group=read] ul.tests').isVisible()).toBe(true);
  });

  it('downloads the run as JUnit XML, JSON and a FHIR TestReport from the site', async () => {
    const runId = lastOf(await events(), 'run-complete')!.detail.runId as string;
    expect(await $('#download-junit').getAttribute('href')).toBe(`${site.url}${API_TEST}?runId=${runId}&format=junit`);
    const [junit] = await Promise.all([page.waitForEvent('download'), $('#download-junit').click()]);
    const xml = readFileSync((await junit.path())!, 'utf8');
    expect(xml).toMatch(/<testsuite\b/);
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return { error: doc.getElementsByTagName('parsererror').length, suites: doc.getElementsByTagName('testsuite').length, failures: doc.getElementsByTagName('failure').length };
    }, xml);
    expect(parsed).toMatchObject({ error: 0, failures: 0 });
    expect(parsed.suites).toBeGreaterThanOrEqual(4);

    const [json] = await Promise.all([page.waitForEvent('download'), $('#download-json').click()]);
    const report = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(report.summary).toMatchObject({ failed: 0 });
    expect(report.summary.passed).toBeGreaterThanOrEqual(20);

    const [testReport] = await Promise.all([page.waitForEvent('download'), $('#download-testreport').click()]);
    expect(JSON.parse(readFileSync((await testReport.path())!, 'utf8'))).toMatchObject({ resourceType: 'TestReport', result: 'pass' });
  });

  it('shows the failed tests of a faulty server with their message and spec link, and filters by status', async () => {
    const run = await runAgainst(faulty.baseUrl, { writes: true, resources: 'Patient, Observation' });
    const complete = lastOf(run, 'run-complete');
    expect(complete?.detail.status).toBe('done');
    expect(complete!.detail.failed).toBeGreaterThanOrEqual(1);
    expect(await $('#summary').textContent()).toMatch(/^\d+ tests? failed: /);

    await $('#filter').selectOption('failed');
    const shown = $('li.test:visible');
    expect(await shown.count()).toBe(complete!.detail.failed);
    expect(new Set(await shown.evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))))).toEqual(new Set(['failed']));
    expect(await $('#match-count').textContent()).toMatch(new RegExp(`^Showing ${complete!.detail.failed} failed tests? of \\d+\\.$`));

    const failed = shown.filter({ has: page.locator('.test-id', { hasText: /^search-02-/ }) }).first();
    expect(await failed.locator('.icon').getAttribute('aria-label')).toBe('Failed');
    await failed.locator('.test-toggle').click();
    expect(await failed.locator('.message').textContent()).toMatch(/fullUrl/);
    expect(await failed.locator('a.spec-link').getAttribute('href')).toMatch(/^https:\/\/hl7\.org\/fhir\/R4\/bundle\.html/);
    expect(await failed.locator('.response pre.body').textContent()).toContain('"searchset"');

    await $('#filter').selectOption('passed');
    expect(await $('li.test:visible[data-status=failed]').count()).toBe(0);
    await $('#filter').selectOption('');
    expect(await $('li.test:visible').count()).toBe(complete!.detail.passed + complete!.detail.failed + complete!.detail.skipped);
    expect(await page.locator('#testSummary').textContent()).toMatch(/\d+ tests? failed/);
  }, 180_000);

  it('says why the site refused a target: the cloud metadata address', async () => {
    const run = await runAgainst('http://169.254.169.254/latest/meta-data');
    expect(lastOf(run, 'run-error')?.detail).toMatchObject({ status: 403, code: 'TARGET_ADDRESS' });
    const alert = $('#error');
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toMatch(/This server was refused as a target\..*metadata.*public internet/s);
    expect(await $('#run').isEnabled()).toBe(true);
  });
});

describe('<fhir-api-tester> with answers played by page.route', () => {
  beforeEach(async () => {
    await page.unroute(`**${API_TEST}**`);
    await openPage();
  });
  afterAll(() => page.unroute(`**${API_TEST}**`));

  it('says why a private target was refused (403 TARGET_ADDRESS)', async () => {
    await playEndpoint([{ status: 403, body: { error: { code: 'TARGET_ADDRESS', message: '10.0.0.5 is in a private range: not a target the site may call' } } }]);
    const run = await runAgainst('http://10.0.0.5/fhir');
    expect(lastOf(run, 'run-error')?.detail).toEqual({ status: 403, code: 'TARGET_ADDRESS', message: '10.0.0.5 is in a private range: not a target the site may call' });
    const lines = await $('#error p').allTextContents();
    expect(lines[0]).toBe('This server was refused as a target.');
    expect(lines[1]).toBe('10.0.0.5 is in a private range: not a target the site may call');
    expect(lines[2]).toMatch(/npx fhiriq test/);
    expect(await $('#results').isHidden()).toBe(true);
  });

  it('explains 400, 429 and a network failure at the start', async () => {
    await playEndpoint([
      { status: 400, body: { error: { code: 'INVALID_BODY', message: 'The request body is not valid', issues: [{ path: ['resources', 0], message: 'A FHIR resource type name, e.g. Patient' }] } } },
      { status: 429, headers: { 'retry-after': '30' }, body: { error: { code: 'RATE_LIMITED', message: 'Too many requests' } } },
      { status: 0, abort: true },
    ]);
    await runAgainst('https://fhir.example.org/r4');
    expect(await $('#error p').allTextContents()).toEqual(['The site could not accept these options.', 'The request body is not valid', 'resources.0: A FHIR resource type name, e.g. Patient']);
    const limited = await runWith(() => $('#run').click());
    expect(lastOf(limited, 'run-error')?.detail).toMatchObject({ status: 429 });
    expect(await $('#error').textContent()).toContain('Please try again in 30 seconds.');
    const offline = await runWith(() => $('#run').click());
    expect(lastOf(offline, 'run-error')?.detail).toMatchObject({ status: 0, code: 'NETWORK' });
    expect(await $('#error').textContent()).toMatch(/Could not reach the site/);
  });

  it('waits out a 409 (a step still running) and goes on; shows markup from the server as text', async () => {
    const hostile: MockTest = {
      id: 'read-03-Patient',
      title: 'ETag <b>bold</b>',
      status: 'failed',
      message: 'No ETag: <img src=x onerror=alert(1)>',
      specRef: 'javascript:alert(2)',
      request: { method: 'GET', url: 'https://fhir.example.org/r4/Patient/<script>alert(3)</script>', headers: { 'x-evil': '<svg onload=alert(4)>' } },
      response: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><img src=x onerror=alert(5)></html>', durationMs: 3 },
    };
    const seen = await playEndpoint([
      { status: 201, body: mockView('running', 1, [passedTest]) },
      { status: 409, headers: { 'retry-after': '1' }, body: { error: { code: 'STEP_RUNNING', message: 'A step of this run is running; ask again when it ends' } } },
      { status: 200, body: mockView('done', 4, [passedTest, hostile]) },
    ]);
    const run = await runAgainst('https://fhir.example.org/r4');
    expect(seen.map((s) => s.body)).toEqual([{ baseUrl: 'https://fhir.example.org/r4', allowWrites: false }, { runId: RUN_ID }, { runId: RUN_ID }]);
    expect(lastOf(run, 'run-complete')?.detail).toEqual({ runId: RUN_ID, status: 'done', baseUrl: 'https://fhir.example.org/r4', passed: 1, failed: 1, skipped: 0, durationMs: 1234 });
    expect(run.filter((e) => e.type === 'run-progress').map((e) => e.detail.done)).toEqual([1, 4]);
    expect(await $('#error').isHidden()).toBe(true);

    const row = $('li.test[data-test-id="read-03-Patient"]');
    await row.locator('.test-toggle').click();
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(await row.locator('.test-title').textContent()).toBe('ETag <b>bold</b>');
    expect(await row.locator('.message').textContent()).toBe('No ETag: <img src=x onerror=alert(1)>');
    expect(await row.locator('.spec').textContent()).toBe('Specification: javascript:alert(2)');
    expect(await row.locator('.spec a').count()).toBe(0); // not a web address: no link
    expect(await row.locator('.request .line').textContent()).toBe('GET https://fhir.example.org/r4/Patient/<script>alert(3)</script>');
    expect(await row.locator('.response pre.body').textContent()).toBe('<html><img src=x onerror=alert(5)></html>');
    expect(await tester().evaluate((el) => el.shadowRoot!.querySelectorAll('img, script, b, svg').length)).toBe(0);
  });

  it('stops following a run on Stop, and Resume picks it up again', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await playEndpoint([
      { status: 201, body: mockView('running', 1, [passedTest]) },
      { status: 200, body: mockView('running', 2, [passedTest]), hold: held },
      { status: 200, body: mockView('done', 4, [passedTest, { ...passedTest, id: 'read-02-Patient', title: 'vread' }]) },
    ]);
    const stopped = await runWith(async () => {
      await $('#base-url').fill('https://fhir.example.org/r4');
      await $('#run').click();
      await $('#stop').waitFor({ state: 'visible' });
      await page.waitForFunction(() => (window as unknown as { __events: RecordedEvent[] }).__events.some((e) => e.type === 'run-progress'));
      await $('#stop').click();
    });
    release();
    expect(lastOf(stopped, 'run-stopped')?.detail).toEqual({ runId: RUN_ID });
    expect(lastOf(stopped, 'run-complete')).toBeUndefined();
    expect(await $('#summary').textContent()).toBe('Stopped: 1 passed, 0 failed, 0 skipped.');
    expect(await $('#resume').isVisible()).toBe(true);
    expect(await $('#stop').isHidden()).toBe(true);
    expect(await $('#stopped-note').textContent()).toMatch(/cancelled by the site after about 15 minutes/);

    const resumed = await runWith(() => $('#resume').click());
    expect(lastOf(resumed, 'run-complete')?.detail).toMatchObject({ status: 'done', passed: 2 });
    expect(await $('#stopped-note').isHidden()).toBe(true);
    expect(await $('li.test').count()).toBe(2);
    expect(await $('#resume').isHidden()).toBe(true);
  });

  it('cancels a stopped run on the site: the tests left are skipped and its resources cleaned up', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const seen = await playEndpoint([
      { status: 201, body: mockView('running', 1, [passedTest]) },
      { status: 200, body: mockView('running', 2, [passedTest]), hold: held },
      { status: 200, body: mockView('done', 4, [passedTest, { ...passedTest, id: 'read-02-Patient', title: 'vread', status: 'skipped', message: 'The run was cancelled before this test' }]) },
    ]);
    await runWith(async () => {
      await $('#base-url').fill('https://fhir.example.org/r4');
      await $('#run').click();
      await $('#stop').waitFor({ state: 'visible' });
      await page.waitForFunction(() => (window as unknown as { __events: RecordedEvent[] }).__events.some((e) => e.type === 'run-progress'));
      await $('#stop').click();
    });
    release();
    expect(await $('#cancel').isVisible()).toBe(true);
    const cancelled = await runWith(() => $('#cancel').click());
    expect(seen.map((s) => s.body).at(-1)).toEqual({ runId: RUN_ID, cancel: true });
    expect(lastOf(cancelled, 'run-complete')?.detail).toMatchObject({ status: 'done', passed: 1, skipped: 1 });
    expect(await $('#cancel').isHidden()).toBe(true);
    expect(await $('#resume').isHidden()).toBe(true);
  });

  it('says when the run is gone (404) and when the run itself failed', async () => {
    await playEndpoint([
      { status: 201, body: mockView('running', 1, [passedTest]) },
      { status: 404, body: { error: { code: 'RUN_NOT_FOUND', message: `There is no test run ${RUN_ID}` } } },
    ]);
    const gone = await runAgainst('https://fhir.example.org/r4');
    expect(lastOf(gone, 'run-error')?.detail).toMatchObject({ status: 404, code: 'RUN_NOT_FOUND' });
    expect(await $('#error').textContent()).toMatch(/This test run was not found\..*There is no test run/);
    expect(await $('#resume').isHidden()).toBe(true);

    await page.unroute(`**${API_TEST}**`);
    await playEndpoint([{ status: 201, body: { ...mockView('failed', 1, [passedTest]), error: 'The run stopped: <b>boom</b>' } }]);
    const failed = await runWith(() => $('#run').click());
    expect(lastOf(failed, 'run-complete')?.detail).toMatchObject({ status: 'failed', passed: 1 });
    expect(await $('#error').textContent()).toContain('The run stopped: <b>boom</b>');
    expect(await $('#summary').textContent()).toBe('The run stopped early: 1 passed, 0 failed, 0 skipped.');
  });

  it('had no page errors and no dialogs', () => {
    expect(pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
