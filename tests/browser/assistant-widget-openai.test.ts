import type { Browser, Page } from 'playwright-core';
import { createOpenAiPort } from '../../src/backend/adapters/openai-ai';
import { launchBrowser } from '../helpers/browser';
import { startFakeOpenAi, type FakeOpenAi, type RecordedRequest } from '../helpers/fake-openai';
import { startTestSite, type TestSite } from '../helpers/local-site';

/**
 * The assistant with the OpenAI engine, end to end with nothing played: Chromium -> the widget ->
 * POST /_functions/chat on the local site -> the OpenAI adapter -> a local server speaking the
 * OpenAI API, which streams its answer a piece a second. While the POST waits, the widget reads
 * the conversation and shows the answer as it grows (the site stores the text so far); the
 * SOURCES line the model ends with is never shown, and becomes the citation link.
 */

const PIECES = [
  'The Data Quality Scanner checks',
  ' FHIR R4 conformance',
  ' and the quality of your data,',
  ' right in your browser.',
  '\nSOURCES: p1',
];
const FINAL = 'The Data Quality Scanner checks FHIR R4 conformance and the quality of your data, right in your browser.';

let fake: FakeOpenAi;
let site: TestSite;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAi();
  site = await startTestSite({ ai: createOpenAiPort({ apiKey: 'sk-test-fake', baseURL: fake.baseURL, model: 'gpt-test' }) });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await fake?.close();
});

/** The url of the passage the model saw as p1 (the one it cites). */
function firstPassageUrl(request: RecordedRequest): string {
  const system = request.body.messages?.find((m) => m.role === 'system')?.content ?? '';
  const url = /<passage label="p1" title=".*?" url="([^"]+)">/.exec(system)?.[1];
  if (!url) throw new Error('the model got no passage p1');
  return url;
}

it('shows the answer growing while the model streams it, then the whole answer with the cited page as a link that opens', async () => {
  fake.script({ pieces: PIECES, gapMs: 1_000 });
  await page.goto(`${site.url}/`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('#assistant')?.getAttribute('endpoint'));

  // Every text the streamed-answer area shows, as it changes.
  await page.evaluate(() => {
    const w = window as unknown as { __drafts: string[]; __answer?: unknown };
    w.__drafts = [];
    const root = document.querySelector('fhir-assistant')!.shadowRoot!;
    const draft = root.getElementById('draft-text')!;
    new MutationObserver(() => w.__drafts.push(draft.textContent ?? '')).observe(draft, { childList: true, characterData: true, subtree: true });
    document.addEventListener('assistant-answer', (e) => (w.__answer = (e as CustomEvent).detail));
  });

  await page.locator('fhir-assistant #toggle').click();
  await page.locator('fhir-assistant #input').fill('What does the Data Quality Scanner check?');
  await page.locator('fhir-assistant #input').press('Enter');
  await page.waitForFunction(() => (window as unknown as { __answer?: unknown }).__answer !== undefined, undefined, { timeout: 30_000 });

  const answer = await page.evaluate(() => (window as unknown as { __answer: any }).__answer);
  expect(answer).toMatchObject({ engine: 'openai', citations: 1 });
  const turns = page.locator('fhir-assistant #messages .msg.assistant');
  expect(await turns.count()).toBe(1);
  expect(await turns.locator('.text').textContent()).toBe(FINAL);

  // While it streamed: at least one part of the answer, shorter than the whole, and never the SOURCES line.
  const drafts = (await page.evaluate(() => (window as unknown as { __drafts: string[] }).__drafts)).filter((d) => d !== '');
  const partial = drafts.filter((d) => FINAL.startsWith(d) && d.length < FINAL.length);
  expect(partial.length).toBeGreaterThanOrEqual(1);
  expect(drafts.every((d) => FINAL.startsWith(d))).toBe(true);
  expect(drafts.some((d) => /SOURCES/i.test(d))).toBe(false);

  // The citation is the passage the model named (p1), and it opens.
  expect(fake.requests).toHaveLength(1);
  expect(fake.requests[0]!.body.stream).toBe(true);
  const cited = firstPassageUrl(fake.requests[0]!);
  const link = turns.locator('.sources a');
  expect(await link.count()).toBe(1);
  const href = new URL((await link.getAttribute('href'))!, site.url);
  expect(`${href.pathname}${href.search}`).toBe(cited);
  const [response] = await Promise.all([page.waitForNavigation(), link.click()]);
  expect(response?.status()).toBe(200);
  expect(pageErrors).toEqual([]);
}, 60_000);
