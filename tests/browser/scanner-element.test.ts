import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startTestSite, type TestSite } from '../helpers/local-site';

/**
 * The Data Quality Scanner page in Chromium: <fhir-scanner> scans pasted JSON and a picked NDJSON
 * file in the browser (in the web worker, and on the main thread without one), shows score
 * cards, charts and the issue table, filters it, downloads the report, and sends the data nowhere.
 */
const scanFixture = (name: string) => path.join(__dirname, '../fixtures/fhir/scan', name);

let site: TestSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: Array<{ url: string; phase: 'load' | 'scan' }> = [];
const pageErrors: string[] = [];
const dialogs: string[] = [];
let phase: 'load' | 'scan' = 'load';

const scanner = (): Locator => page.locator('fhir-scanner');
const $ = (selector: string): Locator => scanner().locator(selector);
const issueRows = () => $('#issues tbody tr');

interface CompleteDetail {
  resources: number;
  errors: number;
  warnings: number;
  scores: Record<string, number | null>;
  mode: 'worker' | 'main-thread';
}

/** Runs `start` and waits for the element's next scan-complete (or scan-error) event. */
async function scanWith(start: () => Promise<void>): Promise<CompleteDetail> {
  await page.evaluate(() => {
    const w = window as unknown as { __scan?: Promise<unknown> };
    w.__scan = new Promise((resolve, reject) => {
      document.addEventListener('scan-complete', (e) => resolve((e as CustomEvent).detail), { once: true });
      document.addEventListener('scan-error', (e) => reject(new Error((e as CustomEvent).detail.message)), { once: true });
    });
  });
  phase = 'scan';
  await start();
  const detail = (await page.evaluate(() => (window as unknown as { __scan: Promise<unknown> }).__scan)) as CompleteDetail;
  return detail;
}

/** Polls `read` until `ok` holds (the search box filters after a short debounce). */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function paste(text: string): Promise<CompleteDetail> {
  await $('#paste').fill(text);
  return scanWith(() => $('#scan').click());
}

beforeAll(async () => {
  site = await startTestSite();
  browser = await launchBrowser();
  context = await browser.newContext({ acceptDownloads: true });
  page = await context.newPage();
  page.on('request', (r) => requests.push({ url: r.url(), phase }));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${site.url}/data-quality-scanner`, { waitUntil: 'load' });
  await page.waitForFunction(() => customElements.get('fhir-scanner') !== undefined && document.querySelector('#scanner')?.getAttribute('worker-src'));
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('<fhir-scanner> on /data-quality-scanner', () => {
  it('loads the element script with the page, and the page code gives it the worker URL', async () => {
    const html = await (await fetch(`${site.url}/data-quality-scanner`)).text();
    expect(html).toContain('<script type="module" src="/_preview/elements/fhir-scanner.js"></script>');
    expect(await page.locator('#scanner').getAttribute('worker-src')).toBe('/_preview/elements/fhir-scanner-worker.js');
    expect(await $('#results').isHidden()).toBe(true);
    // The element's own script does not carry the engine: that loads only to scan (worker or fallback).
    expect(requests.map((r) => new URL(r.url).pathname)).not.toContain('/_preview/elements/fhir-scanner-worker.js');
  });

  it('scans pasted JSON in the worker: error row in the issue table, score cards, charts', async () => {
    const detail = await paste(readFileSync(scanFixture('patient-bad-date.json'), 'utf8'));
    expect(detail).toMatchObject({ resources: 1, errors: 1, mode: 'worker' });
    await $('#results').waitFor({ state: 'visible' });

    const row = issueRows().filter({ hasText: 'Patient.birthDate' });
    await expect(row.count()).resolves.toBe(1);
    expect(await row.locator('td').first().textContent()).toBe('error');
    expect(await row.textContent()).toContain('"1980-13-45" is not a valid date');
    expect(await row.textContent()).toContain('Patient/p-bad');

    const cards = await $('.card').evaluateAll((els) => els.map((e) => [e.getAttribute('data-score'), e.querySelector('.value')?.textContent]));
    expect(cards).toEqual([
      ['conformance', '0.0%'],
      ['completeness', expect.stringMatching(/%$/)],
      ['plausibility', expect.stringMatching(/%|n\/a/)],
      ['overall', expect.stringMatching(/%$/)],
    ]);
    expect(await $('#chart-type svg text').first().textContent()).toBe('Patient');
    expect(await $('#chart-category svg rect').count()).toBeGreaterThan(0);
    expect(await $('#checks tbody tr').count()).toBeGreaterThan(0);
    expect(await $('#summary').textContent()).toMatch(/^Scanned 1 resource: 1 error/);
    expect(await page.locator('#scanSummary').textContent()).toMatch(/^1 resource scanned: 1 error/);
    expect(await page.locator('#scanSummary').isVisible()).toBe(true);
  });

  it('scans a picked NDJSON file in the worker and counts its resources', async () => {
    const detail = await scanWith(() => $('#file').setInputFiles(scanFixture('patients-ok.ndjson')));
    expect(detail).toMatchObject({ resources: 3, errors: 0, mode: 'worker' });
    expect(await $('#summary').textContent()).toMatch(/^Scanned 3 resources: 0 errors/);
    expect(await $('#file-name').textContent()).toContain('patients-ok.ndjson');
    expect(await page.locator('#scanSummary').textContent()).toMatch(/^3 resources scanned: 0 errors/);
    const workerFetches = requests.filter((r) => new URL(r.url).pathname === '/_preview/elements/fhir-scanner-worker.js');
    expect(workerFetches.length).toBeGreaterThanOrEqual(1);
  });

  it('scans a file dropped on the drop zone', async () => {
    const json = readFileSync(scanFixture('patient-bad-date.json'), 'utf8');
    const detail = await scanWith(() =>
      $('#drop').evaluate((drop, text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
        drop.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        drop.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, json),
    );
    expect(detail).toMatchObject({ resources: 1, errors: 1, mode: 'worker' });
    expect(await $('#file-name').textContent()).toContain('dropped.json');
    expect(await issueRows().filter({ hasText: 'dropped.json' }).count()).toBeGreaterThan(0);

  });

  it('opens the file picker from the keyboard (Enter and Space on the drop zone)', async () => {
    // The picker itself is the browser's dialog: record the input's click and keep the dialog shut,
    // so the test does not depend on how a headless browser opens native file choosers.
    await $('#file').evaluate((input) => {
      const w = window as unknown as { __pickerOpened: number };
      w.__pickerOpened = 0;
      input.addEventListener('click', (event) => {
        w.__pickerOpened += 1;
        event.preventDefault();
      });
    });
    expect(await $('#file').evaluate((input) => (input as HTMLInputElement).multiple)).toBe(false);
    await $('#drop').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    await page.keyboard.press('a'); // other keys do nothing
    expect(await page.evaluate(() => (window as unknown as { __pickerOpened: number }).__pickerOpened)).toBe(2);
  });

  it('shows progress with resources/s while a bigger file streams through the worker', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `{"resourceType":"Patient","id":"n${i}","identifier":[{"system":"http://example.org/mrn","value":"N${i}"}],"name":[{"family":"F${i}"}],"gender":"female","birthDate":"1990-01-01"}`);
    await scanner().evaluate((el) => {
      const w = window as unknown as { __progress: string[] };
      w.__progress = [];
      const text = el.shadowRoot!.getElementById('progress-text')!;
      new MutationObserver(() => w.__progress.push(text.textContent ?? '')).observe(text, { childList: true, characterData: true, subtree: true });
    });
    const detail = await scanWith(() => $('#file').setInputFiles({ name: 'many.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) }));
    expect(detail).toMatchObject({ resources: 3000, errors: 0, mode: 'worker' });
    const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
    expect(progress).toEqual(expect.arrayContaining([expect.stringMatching(/^(\d+% · )?1,000 resources · [\d,]+ resources\/s$/)]));
    expect(await $('#progress').isHidden()).toBe(true);
  });

  it('narrows the issue table with the severity, category, type and text filters', async () => {
    const ndjson = [
      readFileSync(scanFixture('patient-bad-date.json'), 'utf8').replace(/\s*\n\s*/g, ' '),
      '{"resourceType":"Patient","id":"nameless","gender":"male"}',
      '{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"Patient/p-bad"},"valueQuantity":{"value":900,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}',
      'this line is not JSON',
    ].join('\n');
    const detail = await paste(ndjson);
    expect(detail.resources).toBe(4);
    const all = await issueRows().count();
    expect(all).toBeGreaterThan(3);

    await $('#f-severity').selectOption('error');
    const errors = await issueRows().count();
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(all);
    expect(await issueRows().locator('td:first-child').allTextContents()).toEqual(Array(errors).fill('error'));

    await $('#f-severity').selectOption('');
    await $('#f-type').selectOption('Observation');
    const observations = await issueRows().locator('td:nth-child(3)').allTextContents();
    expect(observations.length).toBeGreaterThan(0);
    expect(observations.every((t) => t.startsWith('Observation'))).toBe(true);

    await $('#f-type').selectOption('');
    await $('#f-category').selectOption('completeness');
    expect(await issueRows().locator('td:nth-child(2)').allTextContents()).toEqual(expect.arrayContaining(['completeness']));
    expect(new Set(await issueRows().locator('td:nth-child(2)').allTextContents())).toEqual(new Set(['completeness']));

    await $('#f-category').selectOption('');
    await $('#f-text').fill('BIRTHDATE');
    expect(await eventually(() => issueRows().count(), (n) => n < all)).toBeLessThan(all);
    expect((await issueRows().allTextContents()).every((t) => /birthdate/i.test(t))).toBe(true);
    expect(await $('#issue-count').textContent()).toContain('filtered from');

    await $('#f-text').fill('');
    expect(await eventually(() => issueRows().count(), (n) => n === all)).toBe(all);
    await $('#f-severity').selectOption('fatal');
    expect(await issueRows().textContent()).toContain('not valid JSON');
    await $('#f-severity').selectOption('');
  });

  it('downloads the report as JSON and as HTML, made in the browser', async () => {
    const [json] = await Promise.all([page.waitForEvent('download'), $('#download-json').click()]);
    expect(json.url()).toMatch(/^blob:/);
    expect(json.suggestedFilename()).toBe('fhir-scan-report.json');
    const report = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(report.summary).toMatchObject({ resources: 4, truncated: false });
    expect(report.issues).toContainEqual(expect.objectContaining({ id: 'p-bad', severity: 'error', expression: ['Patient.birthDate'] }));

    const [html] = await Promise.all([page.waitForEvent('download'), $('#download-html').click()]);
    expect(html.suggestedFilename()).toBe('fhir-scan-report.html');
    const text = readFileSync((await html.path())!, 'utf8');
    expect(text).toMatch(/^<!DOCTYPE html>/);
    expect(text).toContain('Scanned 4 resources');
  });

  it('scans on the main thread (engine loaded on demand) without a worker URL', async () => {
    await page.evaluate(() => document.querySelector('#scanner')!.removeAttribute('worker-src'));
    const before = requests.length;
    const detail = await paste(readFileSync(scanFixture('patient-bad-date.json'), 'utf8'));
    expect(detail).toMatchObject({ resources: 1, errors: 1, mode: 'main-thread' });
    const fetched = requests.slice(before).map((r) => new URL(r.url).pathname);
    expect(fetched.some((p) => /^\/_preview\/elements\/chunks\/runner-[\w-]+\.js$/.test(p))).toBe(true);
    await expect(issueRows().filter({ hasText: 'Patient.birthDate' }).count()).resolves.toBe(1);
    await page.evaluate(() => document.querySelector('#scanner')!.setAttribute('worker-src', '/_preview/elements/fhir-scanner-worker.js'));
  });

  it('falls back to the main thread when the worker script cannot load', async () => {
    await page.evaluate(() => document.querySelector('#scanner')!.setAttribute('worker-src', '/_preview/elements/no-such-worker.js'));
    const detail = await paste(readFileSync(scanFixture('patient-ok.json'), 'utf8'));
    expect(detail).toMatchObject({ resources: 1, errors: 0, mode: 'main-thread' });
    await page.evaluate(() => document.querySelector('#scanner')!.setAttribute('worker-src', '/_preview/elements/fhir-scanner-worker.js'));
  });

  it('shows data as text only: markup in ids, messages and types does not run', async () => {
    const hostile = '{"resourceType":"<img src=x onerror=alert(1)>","id":"<script>alert(2)</script>"}\n{"resourceType":"Patient","id":"x\\"><svg onload=alert(3)>","birthDate":"<b>1990</b>"}';
    await paste(hostile);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(await scanner().evaluate((el) => el.shadowRoot!.querySelectorAll('img, script, b, svg[onload]').length)).toBe(0);
    expect((await issueRows().allTextContents()).join('\n')).toContain('<img src=x onerror=alert(1)>');
  });

  it('says what is wrong when there is nothing to scan', async () => {
    await $('#paste').fill('   ');
    await $('#scan').click();
    expect(await $('#error').textContent()).toMatch(/paste a FHIR resource/);
    expect(await $('#error').isVisible()).toBe(true);
  });

  it('sent nothing anywhere: only same-origin page, bundle and worker fetches, and no page errors', async () => {
    const origin = new URL(site.url).origin;
    expect(requests.filter((r) => !r.url.startsWith(`${origin}/`)).map((r) => r.url)).toEqual([]);
    // While scanning, the only requests are for code: the worker script and the engine chunk.
    const duringScans = requests.filter((r) => r.phase === 'scan').map((r) => new URL(r.url).pathname);
    expect(duringScans.filter((p) => !p.startsWith('/_preview/elements/'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
