import type { Browser, BrowserContext, Locator, Page, Route } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startTestSite, type TestSite } from '../helpers/local-site';
import { CONVERSATION_KEY } from '../../src/public/custom-elements/fhir-assistant/store';

/**
 * The site's AI assistant in Chromium: <fhir-assistant>, placed once in the layout (the master
 * page) of every page, asks the local site's real chat http function (offline engine), shows the
 * answer with citations as links that open their pages, keeps the conversation across page loads
 * and works with the keyboard. Answers the offline engine cannot give on cue (429, 400, no network,
 * hostile text, a slowly streamed answer) are played by page.route on the same endpoint.
 */

const CHAT = '/_functions/chat';
const QUESTION = 'What does the Data Quality Scanner check?';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let site: TestSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const chatCalls: Array<{ method: string; url: string; body: any }> = [];
const allRequests: string[] = [];
const pageErrors: string[] = [];
const dialogs: string[] = [];

interface RecordedEvent {
  type: string;
  detail: any;
}

const assistant = (): Locator => page.locator('fhir-assistant');
const $ = (selector: string): Locator => assistant().locator(selector);
const turns = (): Locator => $('#messages .msg');
const focusedId = (): Promise<string | null> => assistant().evaluate((el) => el.shadowRoot!.activeElement?.id ?? null);
const stored = (): Promise<string | null> => page.evaluate((key) => localStorage.getItem(key), CONVERSATION_KEY);
const events = (): Promise<RecordedEvent[]> => page.evaluate(() => (window as unknown as { __events: RecordedEvent[] }).__events);

/** Goes to a page and waits until its page code has run (the master page gives the assistant its endpoint). */
async function visit(path: string): Promise<void> {
  const response = await page.goto(`${site.url}${path}`, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  await ready();
}

async function ready(): Promise<void> {
  await page.waitForFunction(
    () => document.documentElement.getAttribute('data-w-ready') === 'true' && customElements.get('fhir-assistant') !== undefined && document.querySelector('#assistant')?.getAttribute('endpoint'),
  );
}

/** A visitor who never used the assistant, on the home page. */
async function freshVisitor(): Promise<void> {
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await visit('/');
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await visit('/');
}

async function openPanel(): Promise<void> {
  if ((await $('#toggle').getAttribute('aria-expanded')) !== 'true') await $('#toggle').click();
  await $('#panel').waitFor({ state: 'visible' });
}

/** Types a question, sends it with Enter and waits for the element's answer or error event. */
async function askWith(text: string): Promise<RecordedEvent> {
  const from = (await events()).length;
  await $('#input').fill(text);
  await $('#input').press('Enter');
  await page.waitForFunction(
    (n) => (window as unknown as { __events: RecordedEvent[] }).__events.slice(n).some((e) => e.type === 'assistant-answer' || e.type === 'assistant-error'),
    from,
    { timeout: 30_000 },
  );
  return (await events()).slice(from).find((e) => e.type === 'assistant-answer' || e.type === 'assistant-error')!;
}

/** The visitor's and the assistant's turns as the panel shows them (who + text). */
async function shownTurns(): Promise<Array<{ role: string; text: string }>> {
  return turns().evaluateAll((nodes) =>
    nodes.map((n) => ({ role: n.classList.contains('user') ? 'user' : 'assistant', text: n.querySelector('.text')?.textContent ?? '' })),
  );
}

/** Plays the endpoint's answers to POST (and optionally GET) instead of the site. */
async function playChat(handlers: { post?: (route: Route) => Promise<void>; get?: (route: Route) => Promise<void> }): Promise<void> {
  await page.route(`**${CHAT}**`, async (route) => {
    const handler = route.request().method() === 'POST' ? handlers.post : handlers.get;
    if (handler) return handler(route);
    return route.continue();
  });
}

const json = (route: Route, status: number, body: unknown, headers: Record<string, string> = {}) =>
  route.fulfill({ status, contentType: 'application/json', headers, body: JSON.stringify(body) });

beforeAll(async () => {
  site = await startTestSite();
  browser = await launchBrowser();
  context = await browser.newContext();
  // Every event of the element, on every page the tests open.
  await context.addInitScript(() => {
    const w = window as unknown as { __events: unknown[] };
    w.__events = [];
    for (const type of ['assistant-open', 'assistant-close', 'assistant-answer', 'assistant-error']) {
      document.addEventListener(type, (e) => w.__events.push({ type, detail: (e as CustomEvent).detail }));
    }
  });
  page = await context.newPage();
  page.on('request', (r) => {
    allRequests.push(r.url());
    const url = new URL(r.url());
    if (url.pathname === CHAT) chatCalls.push({ method: r.method(), url: r.url(), body: r.postData() ? JSON.parse(r.postData()!) : undefined });
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('the assistant on every page', () => {
  it('is placed once on every page and asks nothing of the site until it is opened', async () => {
    await freshVisitor();
    const before = chatCalls.length;
    for (const path of ['/', '/pricing', '/data-quality-scanner', '/contact']) {
      await visit(path);
      expect(await page.locator('fhir-assistant').count()).toBe(1);
      expect(await $('#toggle').textContent()).toBe('Ask FHIR IQ');
      expect(await $('#toggle').getAttribute('aria-expanded')).toBe('false');
      expect(await $('#toggle').getAttribute('aria-controls')).toBe('panel');
      expect(await $('#panel').isHidden()).toBe(true);
      expect(await page.locator('#assistant').getAttribute('endpoint')).toBe(`${site.url}${CHAT}`);
    }
    expect(chatCalls.slice(before)).toEqual([]);
  });

  it('opens with Enter or Space, moves focus to the input, keeps Tab usable, and Escape closes it and gives focus back', async () => {
    await freshVisitor();
    await $('#toggle').focus();
    await page.keyboard.press('Enter');
    expect(await $('#panel').isVisible()).toBe(true);
    expect(await $('#toggle').getAttribute('aria-expanded')).toBe('true');
    expect(await $('#panel').getAttribute('role')).toBe('dialog');
    const labelledBy = await $('#panel').getAttribute('aria-labelledby');
    expect(await $(`#${labelledBy}`).textContent()).toBe('FHIR IQ assistant');
    expect(await $('#log').getAttribute('role')).toBe('log');
    expect(await $('#log').getAttribute('aria-live')).toBe('polite');
    expect(await $('label[for=input]').textContent()).toBe('Your question');
    expect(await focusedId()).toBe('input');
    expect((await events()).map((e) => e.type)).toEqual(['assistant-open']);

    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('send');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedId()).toBe('input');

    await page.keyboard.press('Escape');
    expect(await $('#panel').isHidden()).toBe(true);
    expect(await $('#toggle').getAttribute('aria-expanded')).toBe('false');
    expect(await focusedId()).toBe('toggle');

    await page.keyboard.press('Space');
    expect(await $('#panel').isVisible()).toBe(true);
    expect(await focusedId()).toBe('input');
    await $('#close').click();
    expect(await $('#panel').isHidden()).toBe(true);
    expect(await focusedId()).toBe('toggle');
    expect((await events()).map((e) => e.type)).toEqual(['assistant-open', 'assistant-close', 'assistant-open', 'assistant-close']);
  });

  it('answers a question on the home page with a citation link that opens its page, where the conversation is still shown', async () => {
    await freshVisitor();
    await openPanel();
    const before = chatCalls.length;
    const outcome = await askWith(QUESTION);
    expect(outcome.type).toBe('assistant-answer');
    expect(outcome.detail.engine).toBe('offline');
    expect(outcome.detail.citations).toBeGreaterThanOrEqual(1);

    // The question went with a new conversation id the element chose, which is now kept.
    const post = chatCalls.slice(before).find((c) => c.method === 'POST')!;
    expect(post.body.message).toBe(QUESTION);
    expect(post.body.conversationId).toMatch(UUID);
    expect(await stored()).toBe(post.body.conversationId);
    expect(outcome.detail.conversationId).toBe(post.body.conversationId);

    const shown = await shownTurns();
    expect(shown).toHaveLength(2);
    expect(shown[0]).toEqual({ role: 'user', text: QUESTION });
    expect(shown[1]!.role).toBe('assistant');
    expect(shown[1]!.text.trim().length).toBeGreaterThan(20);
    expect(await $('#busy').textContent()).toBe('');
    expect(await $('#input').inputValue()).toBe('');

    const links = $('#messages .msg.assistant .sources a');
    expect(await links.count()).toBe(outcome.detail.citations);
    const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) expect(new URL(href).origin).toBe(new URL(site.url).origin);
    // The scanner's own page, if it is among the sources; else the first source.
    const pick = Math.max(0, hrefs.findIndex((h) => new URL(h).pathname === '/data-quality-scanner'));
    const target = hrefs[pick]!;

    const [response] = await Promise.all([page.waitForNavigation(), links.nth(pick).click()]);
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(target);
    await ready();
    // The panel was open when the visitor left: it is open here too, with the conversation read back.
    await $('#panel').waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.querySelector('fhir-assistant')!.shadowRoot!.querySelectorAll('#messages .msg').length === 2);
    expect(await shownTurns()).toEqual(shown);
    expect(await $('#messages .msg.assistant .sources a').count()).toBe(outcome.detail.citations);
    expect((await events()).filter((e) => e.type === 'assistant-open').map((e) => e.detail)).toEqual([{ conversationId: post.body.conversationId, reopened: true }]);
    // It opened by itself: the focus stays with the page.
    expect(await focusedId()).toBeNull();
    const restoreRead = chatCalls.filter((c) => c.method === 'GET').pop()!;
    expect(new URL(restoreRead.url).searchParams.get('conversationId')).toBe(post.body.conversationId);
  });

  it('keeps the conversation after a reload; a follow-up goes to the same conversation', async () => {
    const id = await stored();
    expect(id).toMatch(UUID);
    // Closed before the reload: it stays closed and reads nothing until the visitor opens it.
    await $('#close').click();
    await page.reload();
    await ready();
    expect(await $('#panel').isHidden()).toBe(true);
    const before = chatCalls.length;
    expect(await turns().count()).toBe(0);
    await openPanel();
    await page.waitForFunction(() => document.querySelector('fhir-assistant')!.shadowRoot!.querySelectorAll('#messages .msg').length === 2);
    expect((await shownTurns())[0]).toEqual({ role: 'user', text: QUESTION });
    expect(chatCalls.slice(before).map((c) => c.method)).toEqual(['GET']);

    const outcome = await askWith('And how much does it cost?');
    expect(outcome.type).toBe('assistant-answer');
    const post = chatCalls.filter((c) => c.method === 'POST').pop()!;
    expect(post.body.conversationId).toBe(id);
    expect(await turns().count()).toBe(4);
    expect(await stored()).toBe(id);
  });

  it('starts a new conversation on request', async () => {
    const old = await stored();
    await $('#new').click();
    expect(await turns().count()).toBe(0);
    expect(await stored()).toBeNull();
    expect(await focusedId()).toBe('input');
    const outcome = await askWith('What is FHIR?');
    expect(outcome.type).toBe('assistant-answer');
    const post = chatCalls.filter((c) => c.method === 'POST').pop()!;
    expect(post.body.conversationId).toMatch(UUID);
    expect(post.body.conversationId).not.toBe(old);
    expect(await stored()).toBe(post.body.conversationId);
    expect(await turns().count()).toBe(2);
  });

  it('tells the visitor when personal data was taken out of the message', async () => {
    const outcome = await askWith('My phone number is 555-867-5309, how do I start with the API Testing Suite?');
    expect(outcome.type).toBe('assistant-answer');
    expect(outcome.detail.masked).toBe(true);
    const notice = $('#messages .msg.assistant').last().locator('.notice');
    expect(await notice.isVisible()).toBe(true);
    expect((await notice.textContent())!.length).toBeGreaterThan(10);
    const shownQuestion = (await shownTurns()).filter((t) => t.role === 'user').pop()!;
    // The visitor's own words stay on their screen; what the site stored is masked (read back on reload).
    expect(shownQuestion.text).toContain('555-867-5309');
    await page.reload();
    await ready();
    await page.waitForFunction(() => document.querySelector('fhir-assistant')!.shadowRoot!.querySelectorAll('#messages .msg').length === 4);
    expect(JSON.stringify(await shownTurns())).not.toContain('555-867-5309');
  });

  it('starts afresh when the site no longer knows the kept conversation', async () => {
    await visit('/');
    await page.evaluate((key) => localStorage.setItem(key, '0f8fad5b-d9cb-469f-a165-70867728950e'), CONVERSATION_KEY);
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await ready();
    const before = chatCalls.length;
    await openPanel();
    await page.waitForFunction((key) => localStorage.getItem(key) === null, CONVERSATION_KEY);
    expect(chatCalls.slice(before).map((c) => c.method)).toEqual(['GET']);
    expect(await turns().count()).toBe(0);
    expect(await $('#error').isHidden()).toBe(true);
    expect(await $('#busy').textContent()).toBe('');
  });
});

describe('the input', () => {
  beforeAll(async () => {
    await freshVisitor();
    await openPanel();
  });

  it('sends nothing for an empty message, and says so', async () => {
    const before = chatCalls.length;
    await $('#input').fill('  \n ');
    await $('#input').press('Enter');
    expect(await $('#error').textContent()).toBe('Type a question first.');
    expect(await $('#error').getAttribute('role')).toBe('alert');
    expect(await $('#input').getAttribute('aria-invalid')).toBe('true');
    await $('#input').fill('W');
    expect(await $('#error').isHidden()).toBe(true);
    expect(await $('#input').getAttribute('aria-invalid')).toBeNull();
    expect(chatCalls.slice(before)).toEqual([]);
  });

  it('counts to 4,000 characters and sends nothing longer', async () => {
    const before = chatCalls.length;
    await $('#input').fill('x'.repeat(4001));
    expect(await $('#counter').textContent()).toBe('4,001 / 4,000');
    expect(await $('#counter').getAttribute('class')).toContain('over');
    await $('#send').click();
    expect(await $('#error').textContent()).toContain('the limit is 4,000');
    await $('#input').fill('x'.repeat(12));
    expect(await $('#counter').textContent()).toBe('12 / 4,000');
    expect(chatCalls.slice(before)).toEqual([]);
  });

  it('Shift+Enter starts a new line instead of sending', async () => {
    const before = chatCalls.length;
    await $('#input').fill('');
    await $('#input').type('first line');
    await $('#input').press('Shift+Enter');
    await $('#input').type('second line');
    expect(await $('#input').inputValue()).toBe('first line\nsecond line');
    expect(chatCalls.slice(before)).toEqual([]);
    await $('#input').fill('');
  });
});

describe('answers the site cannot give on cue', () => {
  beforeEach(async () => {
    await freshVisitor();
    await openPanel();
  });

  it('shows a clear message with the wait on 429, and keeps the question to send again', async () => {
    await playChat({ post: (route) => json(route, 429, { error: { code: 'RATE_LIMITED', message: 'Too many messages.' } }, { 'Retry-After': '90' }) });
    const outcome = await askWith(QUESTION);
    expect(outcome).toEqual({ type: 'assistant-error', detail: { status: 429, code: 'RATE_LIMITED', message: 'Too many messages.' } });
    expect(await $('#error').isVisible()).toBe(true);
    expect(await $('#error').getAttribute('role')).toBe('alert');
    expect(await $('#error').textContent()).toContain('Please wait 1 minute 30 seconds, then ask again.');
    expect(await $('#messages .msg.user .not-sent').textContent()).toBe('Not sent');
    expect(await $('#input').inputValue()).toBe(QUESTION);
    expect(await stored()).toBeNull();
    expect(await $('#send').isEnabled()).toBe(true);
  });

  it('shows the site’s reason on 400 and a clear message when the network fails', async () => {
    let reply: (route: Route) => Promise<void> = (route) =>
      json(route, 400, { error: { code: 'INVALID_BODY', message: 'The message is not valid.', issues: [{ path: ['message'], message: 'Too long' }] } });
    await playChat({ post: (route) => reply(route) });
    expect((await askWith('Hello')).detail.status).toBe(400);
    expect(await $('#error p').allTextContents()).toEqual(['The assistant could not accept this message.', 'The message is not valid.', 'message: Too long']);

    reply = (route) => route.abort('internetdisconnected');
    await $('#input').fill('');
    expect((await askWith('Hello again')).detail).toEqual({ status: 0, code: 'NETWORK', message: 'Could not reach the site.' });
    expect(await $('#error p').allTextContents()).toEqual(['Could not reach the site.', 'Check your connection and try again.']);
  });

  it('shows markup in answers, citations and notices as text, and never makes a javascript: or foreign URL a link', async () => {
    const id = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    await playChat({
      post: (route) =>
        json(route, 200, {
          conversationId: id,
          answer: 'Use <img src=x onerror=alert(1)> and <script>alert(2)</script> carefully.',
          citations: [
            { title: '<b>Pricing</b><img src=x onerror=alert(3)>', url: '/pricing' },
            { title: 'Run this', url: 'javascript:alert(4)' },
            { title: 'Elsewhere', url: 'https://evil.example/phish' },
            { title: 'Sneaky', url: '//evil.example/phish' },
          ],
          engine: 'openai',
          masked: ['email address'],
          notice: '<i onmouseover=alert(5)>We removed an email address.</i>',
        }),
    });
    const outcome = await askWith('<svg onload=alert(6)>');
    expect(outcome.detail).toEqual({ conversationId: id, citations: 4, engine: 'openai', masked: true });
    const root = (sel: string) => assistant().evaluate((el, s) => el.shadowRoot!.querySelectorAll(s).length, sel);
    expect(await root('img, script, b, i, svg')).toBe(0);
    expect(await $('#messages .msg.assistant .text').textContent()).toBe('Use <img src=x onerror=alert(1)> and <script>alert(2)</script> carefully.');
    expect(await $('#messages .msg.user .text').textContent()).toBe('<svg onload=alert(6)>');
    expect(await $('#messages .notice').textContent()).toBe('<i onmouseover=alert(5)>We removed an email address.</i>');
    const links = $('#messages .sources a');
    expect(await links.count()).toBe(1);
    expect(await links.textContent()).toBe('<b>Pricing</b><img src=x onerror=alert(3)>');
    expect(await links.getAttribute('href')).toBe(`${site.url}/pricing`);
    expect(await $('#messages .sources li').allTextContents()).toEqual([
      '<b>Pricing</b><img src=x onerror=alert(3)>',
      'Run this (javascript:alert(4))',
      'Elsewhere (https://evil.example/phish)',
      'Sneaky (//evil.example/phish)',
    ]);
    expect(dialogs).toEqual([]);
  });

  it('shows the answer as it streams in while the question is on its way', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let id = '';
    const gets: string[] = [];
    await playChat({
      post: async (route) => {
        id = JSON.parse(route.request().postData()!).conversationId;
        await held;
        await json(route, 200, { conversationId: id, answer: 'The scanner checks structure, terminology and references.', citations: [], engine: 'openai' });
      },
      get: (route) => {
        gets.push(new URL(route.request().url()).searchParams.get('conversationId')!);
        return json(route, 200, { conversationId: id, messages: [{ role: 'user', content: QUESTION }], pending: { text: 'The scanner checks structure' } });
      },
    });
    const answered = askWith(QUESTION);
    await $('#draft').waitFor({ state: 'visible' });
    expect(await $('#draft-text').textContent()).toBe('The scanner checks structure');
    expect(await $('#draft').getAttribute('aria-hidden')).toBe('true');
    expect(await $('#busy').textContent()).toBe('FHIR IQ is answering…');
    expect(await $('#send').isDisabled()).toBe(true);
    expect(gets.every((g) => g === id)).toBe(true);
    release();
    expect((await answered).type).toBe('assistant-answer');
    expect(await $('#draft').isHidden()).toBe(true);
    expect((await shownTurns()).map((t) => t.text)).toEqual([QUESTION, 'The scanner checks structure, terminology and references.']);
    // Polling stops with the answer: no read of the conversation after it.
    const reads = gets.length;
    await page.evaluate(() => new Promise((r) => setTimeout(r, 1000)));
    expect(gets.length).toBe(reads);
  });
});

describe('the whole visit', () => {
  it('raised no page error and talked to no other site', () => {
    const origin = new URL(site.url).origin;
    expect(pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(allRequests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
  });
});
