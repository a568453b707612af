import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page, Route } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { EXAMPLE_PROMPTS } from '../../src/public/custom-elements/fhir-builder/view';
import { fetchJson, startTestSite, type TestSite } from '../helpers/local-site';

/**
 * The FHIR Builder AI page in Chromium: <fhir-builder> asks the local site's real codegen http
 * function (offline engine) for a resource, shows it highlighted with its validity badge, the
 * code tabs (keyboard, copy), the errors of every kind, never runs markup from the data, and hands
 * the resource to the Data Quality Scanner page. Answers the offline engine cannot give (429, 5xx,
 * no network, hostile model output) are played by page.route on the same endpoint.
 */

const BP_PROMPT = 'blood pressure 120/80 for patient 42 taken this morning';
const PATIENT_PROMPT = 'a patient Jane Roe, female, born 1980-02-03';
const CODEGEN = '/_functions/codegen';

let site: TestSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const codegenCalls: Array<{ body: Record<string, unknown> }> = [];
const pageErrors: string[] = [];
const dialogs: string[] = [];

const builder = (): Locator => page.locator('fhir-builder');
const $ = (selector: string, options?: Parameters<Locator['locator']>[1]): Locator => builder().locator(selector, options);

interface Outcome {
  type: 'build-complete' | 'build-error';
  detail: Record<string, any>;
}

/** Runs `start` and waits for the element's next build-complete or build-error event. */
async function buildWith(start: () => Promise<void>): Promise<Outcome> {
  await page.evaluate(() => {
    const w = window as unknown as { __build?: Promise<unknown> };
    w.__build = new Promise((resolve) => {
      const done = (e: Event) => {
        document.removeEventListener('build-complete', done);
        document.removeEventListener('build-error', done);
        resolve({ type: e.type, detail: (e as CustomEvent).detail });
      };
      document.addEventListener('build-complete', done);
      document.addEventListener('build-error', done);
    });
  });
  await start();
  return (await page.evaluate(() => (window as unknown as { __build: Promise<unknown> }).__build)) as Outcome;
}

async function generate(prompt: string): Promise<Outcome> {
  await $('#prompt').fill(prompt);
  return buildWith(() => $('#generate').click());
}

/** Answers the codegen endpoint's next request with `fulfil` instead of the site. */
async function answerOnce(fulfil: (route: Route) => Promise<void>): Promise<void> {
  await page.route(`**${CODEGEN}`, fulfil, { times: 1 });
}

const selectedTab = () => $('[role=tab][aria-selected=true]').textContent();
const visiblePanels = () => $('[role=tabpanel]:not([hidden])').evaluateAll((els) => els.map((e) => e.id));
const focusedTab = () => builder().evaluate((el) => el.shadowRoot!.activeElement?.textContent ?? null);

beforeAll(async () => {
  site = await startTestSite();
  browser = await launchBrowser();
  context = await browser.newContext({ acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
  page = await context.newPage();
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === CODEGEN) codegenCalls.push({ body: JSON.parse(r.postData() ?? 'null') });
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${site.url}/fhir-builder`, { waitUntil: 'load' });
  await page.waitForFunction(() => customElements.get('fhir-builder') !== undefined && document.querySelector('#builder')?.getAttribute('endpoint'));
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('<fhir-builder> on /fhir-builder', () => {
  it('loads the element with the page; the page code points it at the site\'s codegen function', async () => {
    const html = await (await fetch(`${site.url}/fhir-builder`)).text();
    expect(html).toContain('<script type="module" src="/_preview/elements/fhir-builder.js"></script>');
    expect(html).not.toContain('It is not switched on on this page yet');
    expect(await page.locator('#builder').getAttribute('endpoint')).toBe(`${site.url}${CODEGEN}`);
    expect(await $('#results').isHidden()).toBe(true);
    expect(await $('#counter').textContent()).toBe('0 / 2,000');
    expect(await page.getByLabel('Describe the FHIR resource you need').count()).toBe(1);
  });

  it('offers example prompts that the offline engine turns into valid resources', async () => {
    const buttons = await $('button.example').allTextContents();
    expect(buttons).toEqual([...EXAMPLE_PROMPTS]);
    for (const prompt of EXAMPLE_PROMPTS) {
      const res = await fetchJson(`${site.url}${CODEGEN}`, { method: 'POST', json: { prompt } });
      expect({ prompt, status: res.status, valid: res.body?.validation?.valid }).toEqual({ prompt, status: 200, valid: true });
    }
  });

  it('asks for a request when the box is empty, without calling the server', async () => {
    const before = codegenCalls.length;
    const outcome = await generate('   ');
    expect(outcome).toEqual({ type: 'build-error', detail: expect.objectContaining({ status: 0, code: 'EMPTY_PROMPT' }) });
    expect(await $('#error').isVisible()).toBe(true);
    expect(await $('#error').getAttribute('role')).toBe('alert');
    expect(await $('#error-message').textContent()).toMatch(/^Describe the resource you need first/);
    expect(await $('#prompt').getAttribute('aria-invalid')).toBe('true');
    expect(await builder().evaluate((el) => el.shadowRoot!.activeElement?.id)).toBe('prompt');
    expect(codegenCalls.length).toBe(before);
  });

  it('counts characters and refuses more than 2,000 before sending', async () => {
    const before = codegenCalls.length;
    await $('#prompt').fill('x'.repeat(2001));
    expect(await $('#counter').textContent()).toBe('2,001 / 2,000');
    expect(await $('#counter').getAttribute('class')).toContain('over');
    await $('#generate').click();
    expect(await $('#error-message').textContent()).toContain('the limit is 2,000');
    await $('#prompt').fill('x'.repeat(2000));
    expect(await $('#counter').getAttribute('class')).not.toContain('over');
    expect(codegenCalls.length).toBe(before);
  });

  it('builds from an example prompt (Ctrl+Enter): highlighted resource, valid badge, what it understood', async () => {
    await $('button.example', { hasText: BP_PROMPT }).click();
    expect(await $('#prompt').inputValue()).toBe(BP_PROMPT);
    expect(await $('#counter').textContent()).toBe(`${BP_PROMPT.length} / 2,000`);
    const outcome = await buildWith(() => $('#prompt').press('Control+Enter'));
    expect(outcome).toEqual({ type: 'build-complete', detail: expect.objectContaining({ resourceType: 'Observation', valid: true, engine: 'offline' }) });
    expect(codegenCalls.at(-1)!.body).toEqual({ prompt: BP_PROMPT });
    expect(await $('#error').isHidden()).toBe(true);
    await $('#results').waitFor({ state: 'visible' });

    expect(await $('#badge').textContent()).toMatch(/^Valid FHIR R4/);
    expect(await $('#badge').getAttribute('class')).toMatch(/\b(valid|warning)\b/);
    const shown = JSON.parse((await $('#resource').textContent())!);
    expect(shown).toEqual(await builder().evaluate((el) => (el as unknown as { result: { resource: unknown } }).result.resource));
    expect(shown.resourceType).toBe('Observation');
    expect(JSON.stringify(shown.component)).toMatch(/"value":120\b[\s\S]*"value":80\b/);
    expect(shown.subject).toEqual(expect.objectContaining({ reference: 'Patient/42' }));
    // Highlighted: keys, strings and numbers are spans of their own, and the text is all there.
    expect(await $('#resource .tok-key').first().textContent()).toBe('"resourceType"');
    expect(await $('#resource .tok-string', { hasText: '"Observation"' }).count()).toBeGreaterThan(0);
    expect(await $('#resource .tok-number', { hasText: /^120$/ }).count()).toBeGreaterThan(0);
    expect(await $('#understood li').count()).toBeGreaterThan(0);
    // The scanner's issues (warnings, for a valid resource) are listed with severity, element and message.
    const issues = await builder().evaluate((el) => (el as unknown as { result: { validation: { issues: Array<{ severity: string; message: string }> } } }).result.validation.issues);
    expect(await $('#issues tbody tr').count()).toBe(issues.length);
    expect(await $('#issues-block').isVisible()).toBe(issues.length > 0);
    for (const [i, issue] of issues.entries()) {
      const cells = await $('#issues tbody tr').nth(i).locator('td').allTextContents();
      expect([cells[0], cells[2]]).toEqual([issue.severity, issue.message]);
    }
    expect(await $('#engine').textContent()).toContain('offline engine');
    expect(await $('#status').textContent()).toMatch(/^Built an Observation: Valid FHIR R4/);
    expect(await page.locator('#buildSummary').textContent()).toBe('Observation built by the offline engine: valid FHIR R4.');
    expect(await page.locator('#buildSummary').isVisible()).toBe(true);
  });

  it('shows the code in ARIA tabs that the arrow keys, Home and End move through', async () => {
    expect(await $('[role=tablist] [role=tab]').allTextContents()).toEqual(['TypeScript', 'Python', 'curl', 'Java', 'C#']);
    expect(await selectedTab()).toBe('TypeScript');
    expect(await visiblePanels()).toEqual(['panel-typescript']);
    expect(await $('#tab-typescript').getAttribute('aria-controls')).toBe('panel-typescript');
    expect(await $('#panel-typescript').getAttribute('aria-labelledby')).toBe('tab-typescript');
    expect(await $('[role=tab][tabindex="0"]').count()).toBe(1);

    await $('#tab-typescript').focus();
    await page.keyboard.press('ArrowRight');
    expect([await selectedTab(), await focusedTab(), await visiblePanels()]).toEqual(['Python', 'Python', ['panel-python']]);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft'); // wraps around to the last tab
    expect([await selectedTab(), await focusedTab(), await visiblePanels()]).toEqual(['C#', 'C#', ['panel-csharp']]);
    await page.keyboard.press('Home');
    expect(await selectedTab()).toBe('TypeScript');
    await page.keyboard.press('End');
    expect(await selectedTab()).toBe('C#');
    await page.keyboard.press('ArrowRight');
    expect(await selectedTab()).toBe('TypeScript');
    expect(await $('[role=tab][tabindex="0"]').textContent()).toBe('TypeScript');

    // Every snippet carries the resource and the default test server.
    for (const language of ['typescript', 'python', 'curl', 'java', 'csharp']) {
      const code = await $(`#panel-${language} pre`).textContent();
      expect({ language, hasResource: code!.includes('Observation'), hasServer: code!.includes('hapi.fhir.org') }).toEqual({ language, hasResource: true, hasServer: true });
    }
    await $('#tab-curl').click();
    expect(await visiblePanels()).toEqual(['panel-curl']);
  });

  it('copies the code to the clipboard and says "Copied"', async () => {
    await $('#tab-python').click();
    await $('#panel-python button.copy').click();
    await expect(eventually(() => $('#panel-python .copy-status').textContent(), (t) => t === 'Copied')).resolves.toBe('Copied');
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard).toBe(await $('#panel-python pre').textContent());
    expect(clipboard).toContain('requests');
  });

  it('selects the code and says how to copy it when the clipboard is unavailable', async () => {
    await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }));
    await $('#tab-java').click();
    await $('#panel-java button.copy').click();
    expect(await $('#panel-java .copy-status').textContent()).toMatch(/press Ctrl\+C/);
    const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
    expect(selected.trimEnd()).toBe((await $('#panel-java pre').textContent())!.trimEnd()); // a selection drops the last newline
  });

  it('writes the code for the FHIR server the visitor names, and checks that it is a web address', async () => {
    await $('#base-url').fill('ftp://fhir.example.org');
    const before = codegenCalls.length;
    const refused = await generate(PATIENT_PROMPT);
    expect(refused.detail.code).toBe('BAD_BASE_URL');
    expect(await $('#error-message').textContent()).toContain('http:// or https://');
    expect(codegenCalls.length).toBe(before);

    await $('#base-url').fill('https://fhir.example.org/r4');
    const outcome = await generate(PATIENT_PROMPT);
    expect(outcome.detail).toEqual(expect.objectContaining({ resourceType: 'Patient', valid: true }));
    expect(codegenCalls.at(-1)!.body).toEqual({ prompt: PATIENT_PROMPT, baseUrl: 'https://fhir.example.org/r4' });
    expect(await $('#panel-curl pre').textContent()).toContain('https://fhir.example.org/r4');
    const patient = JSON.parse((await $('#resource').textContent())!);
    expect(JSON.stringify(patient.name)).toContain('Roe');
    expect(patient).toEqual(expect.objectContaining({ gender: 'female', birthDate: '1980-02-03' }));
    await $('#base-url').fill('');
  });

  it('downloads the resource as JSON', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), $('#download').click()]);
    expect(download.suggestedFilename()).toMatch(/^patient(-[\w.-]+)?\.json$/);
    const saved = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(saved).toEqual(JSON.parse((await $('#resource').textContent())!));
  });

  it('says what it understood and what is missing when the request makes no sense (422)', async () => {
    const outcome = await generate('qwzx plorb fnarg blimble');
    expect(outcome).toEqual({ type: 'build-error', detail: expect.objectContaining({ status: 422, code: 'NOT_UNDERSTOOD' }) });
    expect(await $('#error').isVisible()).toBe(true);
    expect((await $('#error-message').textContent())!.length).toBeGreaterThan(0);
    expect(await $('#error-missing').isVisible()).toBe(true);
    expect(await $('#error-missing li').count()).toBeGreaterThan(0);
    expect(await $('#results').isHidden()).toBe(true);
    expect(await $('#generate').isEnabled()).toBe(true);
  });

  it('shows the server\'s message for a refused request (400)', async () => {
    await answerOnce((route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'INVALID_BODY', message: 'The body does not have the expected shape: baseUrl: Invalid URL', issues: [{ path: 'baseUrl', message: 'Invalid URL' }] } }),
      }),
    );
    const outcome = await generate(PATIENT_PROMPT);
    expect(outcome.detail).toEqual(expect.objectContaining({ status: 400, code: 'INVALID_BODY' }));
    expect(await $('#error-message').textContent()).toBe('The body does not have the expected shape: baseUrl: Invalid URL');
  });

  it('says when to try again after a 429 with Retry-After', async () => {
    await answerOnce((route) =>
      route.fulfill({ status: 429, headers: { 'retry-after': '30' }, contentType: 'application/json', body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Too many requests' } }) }),
    );
    const outcome = await generate(PATIENT_PROMPT);
    expect(outcome.detail).toEqual(expect.objectContaining({ status: 429 }));
    expect(await $('#error-message').textContent()).toBe('Too many requests just now. Please try again in 30 seconds.');
  });

  it('says the builder is unavailable on a 5xx, and that it cannot be reached when the network fails', async () => {
    await answerOnce((route) => route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>down</h1>' }));
    expect((await generate(PATIENT_PROMPT)).detail.status).toBe(503);
    expect(await $('#error-message').textContent()).toMatch(/not available right now \(HTTP 503\)/);

    await answerOnce((route) => route.abort('internetdisconnected'));
    expect((await generate(PATIENT_PROMPT)).detail).toEqual(expect.objectContaining({ status: 0, code: 'NETWORK' }));
    expect(await $('#error-message').textContent()).toMatch(/^Could not reach the builder/);
    expect(await $('#generate').textContent()).toBe('Generate');
    expect(await builder().getAttribute('aria-busy')).toBe('false');
  });

  it('shows a busy Generate button while the request is under way', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      `**${CODEGEN}`,
      async (route) => {
        await held;
        await route.fallback(); // on to the site
      },
      { times: 1 },
    );
    await $('#prompt').fill(PATIENT_PROMPT);
    const finished = buildWith(() => $('#generate').click());
    await $('#generate').filter({ hasText: 'Generating…' }).waitFor();
    expect(await $('#generate').isDisabled()).toBe(true);
    expect(await builder().getAttribute('aria-busy')).toBe('true');
    release();
    expect((await finished).type).toBe('build-complete');
    expect(await $('#generate').isEnabled()).toBe(true);
  });

  it('never runs markup from the prompt or the answer: it is all shown as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    // The real engine with markup in the prompt: whatever it makes of it, nothing runs.
    await generate(`a patient named ${hostile}, female, born 1980-02-03`);
    // An answer full of markup, as a misbehaving model or server could send.
    await answerOnce((route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          resource: { resourceType: 'Patient', id: '<script>alert(2)</script>', name: [{ text: hostile }] },
          validation: { valid: false, issues: [{ resourceType: 'Patient', severity: 'error', code: 'x', category: 'conformance', expression: ['<b>Patient.name</b>'], message: `bad ${hostile}` }] },
          code: { typescript: `// ${hostile}`, python: '<svg onload=alert(3)>' },
          engine: 'openai',
          understood: [hostile],
          notes: ['<iframe src="javascript:alert(4)"></iframe>'],
        }),
      }),
    );
    const outcome = await generate('a patient');
    expect(outcome.detail).toEqual(expect.objectContaining({ resourceType: 'Patient', valid: false, languages: ['typescript', 'python'] }));
    await page.waitForTimeout(200); // an onerror or onload would have fired by now
    expect(dialogs).toEqual([]);
    expect(await builder().evaluate((el) => el.shadowRoot!.querySelectorAll('img, script, svg, iframe, b').length)).toBe(0);
    expect(await $('#resource').textContent()).toContain(JSON.stringify(hostile));
    expect(await $('#issues tbody').textContent()).toContain(`bad ${hostile}`);
    expect(await $('#issues tbody').textContent()).toContain('<b>Patient.name</b>');
    expect(await $('#understood').textContent()).toContain(hostile);
    expect(await $('#badge').textContent()).toBe('Not valid: 1 error');
    expect(await $('#badge').getAttribute('class')).toContain('invalid');
    expect(await $('[role=tab]').allTextContents()).toEqual(['TypeScript', 'Python']);
    await $('#tab-python').click();
    expect(await $('#panel-python pre').textContent()).toBe('<svg onload=alert(3)>');
  });

  it('emits open-in-scanner with the resource as JSON', async () => {
    // A capturing listener on window sees the event first and keeps it from the page code (no navigation).
    const detail = await page.evaluate(async () => {
      const seen = new Promise<unknown>((resolve) =>
        window.addEventListener(
          'open-in-scanner',
          (e) => {
            e.stopPropagation();
            resolve((e as CustomEvent).detail);
          },
          { capture: true, once: true },
        ),
      );
      const el = document.querySelector('fhir-builder')!;
      (el.shadowRoot!.getElementById('open-scanner') as HTMLButtonElement).click();
      return seen;
    });
    expect(detail).toEqual({ text: await $('#resource').textContent() });
    expect(page.url()).toBe(`${site.url}/fhir-builder`);
  });

  it('opens the resource in the Data Quality Scanner, which scans it at once', async () => {
    const outcome = await generate(BP_PROMPT);
    expect(outcome.type).toBe('build-complete');
    const resourceJson = (await $('#resource').textContent())!;
    await Promise.all([page.waitForURL(`${site.url}/data-quality-scanner`), $('#open-scanner').click()]);

    const scanner = page.locator('fhir-scanner');
    await scanner.locator('#summary').filter({ hasText: /^Scanned/ }).waitFor({ timeout: 20_000 });
    expect(await scanner.locator('#summary').textContent()).toMatch(/^Scanned 1 resource: 0 errors/);
    expect(JSON.parse(await scanner.locator('#paste').inputValue())).toEqual(JSON.parse(resourceJson));
    expect(await page.locator('#scanSummary').textContent()).toMatch(/^1 resource scanned: 0 errors/);
    // Taken once: the handed-over resource is gone from session storage, so a reload starts empty.
    expect(await page.evaluate(() => sessionStorage.getItem('fhiriq.scanner.handoff'))).toBeNull();
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.getAttribute('data-w-ready') === 'true');
    expect(await page.locator('fhir-scanner').locator('#paste').inputValue()).toBe('');
    expect(await page.locator('fhir-scanner').locator('#results').isHidden()).toBe(true);
  });

  it('ran without page errors', () => {
    expect(pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});

/** Polls `read` until `ok` holds (the clipboard write settles after the click). */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
