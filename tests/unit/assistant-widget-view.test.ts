import { ask, interpret, readConversation, readConversationBody, readReply } from '../../src/public/custom-elements/fhir-assistant/api';
import { browserStore, CONVERSATION_KEY, newConversationId, OPEN_KEY } from '../../src/public/custom-elements/fhir-assistant/store';
import {
  checkMessage,
  citationHref,
  counterText,
  failureText,
  isConversationId,
  maskedNotice,
  siteBase,
  waitText,
} from '../../src/public/custom-elements/fhir-assistant/view';

// What <fhir-assistant> decides without a DOM: the message check, which citations become links,
// the words for every failure, and the reading of every answer the chat endpoint can give.

const ID = '3b241101-e2bb-4255-8caf-4136c566a962';
const PAGE = 'https://www.fhiriq.example';

describe('the message check and counter', () => {
  it('sends a trimmed message of 1..4,000 characters and says what is wrong otherwise', () => {
    expect(checkMessage('  What is FHIR?\n')).toEqual({ ok: true, message: 'What is FHIR?' });
    expect(checkMessage(' \n\t ')).toEqual({ ok: false, problem: 'Type a question first.' });
    expect(checkMessage('x'.repeat(4000))).toEqual({ ok: true, message: 'x'.repeat(4000) });
    const over = checkMessage(`  ${'x'.repeat(4001)}  `);
    expect(over.ok).toBe(false);
    expect(!over.ok && over.problem).toBe('Your message is 4,001 characters long; the limit is 4,000. Shorten it and send it again.');
  });

  it('counts against the limit', () => {
    expect(counterText(0)).toBe('0 / 4,000');
    expect(counterText(4123)).toBe('4,123 / 4,000');
  });
});

describe('citations as links', () => {
  const base = siteBase('/_functions/chat', `${PAGE}/pricing`);

  it('turns site paths and same-origin http(s) URLs into links', () => {
    expect(citationHref('/data-quality-scanner', base, PAGE)).toBe(`${PAGE}/data-quality-scanner`);
    expect(citationHref('/docs?page=getting-started#install', base, PAGE)).toBe(`${PAGE}/docs?page=getting-started#install`);
    expect(citationHref(`${PAGE}/blog/why-fhir`, base, PAGE)).toBe(`${PAGE}/blog/why-fhir`);
  });

  it('keeps everything else as text', () => {
    for (const url of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '//evil.example/phish',
      '/\\evil.example/phish',
      'https://evil.example/pricing',
      'http://www.fhiriq.example:8443/pricing',
      `https://user:pass@www.fhiriq.example/pricing`,
      'pricing',
      'mailto:hello@fhiriq.example',
      '',
    ]) {
      expect({ url, href: citationHref(url, base, PAGE) }).toEqual({ url, href: null });
    }
  });

  it('opens site paths under the prefix a Wix site lives under (taken from the endpoint)', () => {
    const prefixed = siteBase('https://user.wixsite.com/fhiriq/_functions/chat', 'https://user.wixsite.com/fhiriq/pricing');
    expect(prefixed?.href).toBe('https://user.wixsite.com/fhiriq/');
    expect(citationHref('/docs?page=x', prefixed, 'https://user.wixsite.com')).toBe('https://user.wixsite.com/fhiriq/docs?page=x');
    // An endpoint on another origin gives links there, which the page's origin then refuses.
    expect(citationHref('/pricing', siteBase('https://other.example/_functions/chat', `${PAGE}/`), PAGE)).toBeNull();
  });
});

describe('words for the visitor', () => {
  it('tells about masked personal data, in the site’s words when it gives them', () => {
    expect(maskedNotice('We removed a phone number from your message.', ['phone number'])).toBe('We removed a phone number from your message.');
    expect(maskedNotice(undefined, ['phone number', 'email address', 'phone number'])).toBe(
      'For your privacy, we removed phone number and email address from your message before it was stored or answered.',
    );
    expect(maskedNotice(undefined, [])).toBeNull();
    expect(maskedNotice('  ', [])).toBeNull();
  });

  it('says how long to wait', () => {
    expect(waitText(1)).toBe('1 second');
    expect(waitText(42)).toBe('42 seconds');
    expect(waitText(60)).toBe('1 minute');
    expect(waitText(200)).toBe('3 minutes 20 seconds');
  });

  it('has a title and a next step for every failure', () => {
    const f = (status: number, code: string, extra = {}) => failureText({ status, code, message: 'the server said so', details: [], ...extra });
    expect(f(429, 'RATE_LIMITED', { retryAfterSeconds: 30 })).toEqual({
      title: 'You have asked a lot of questions in a short time.',
      lines: ['Please wait 30 seconds, then ask again.'],
    });
    expect(f(429, 'RATE_LIMITED').lines).toEqual(['Please wait a minute, then ask again.']);
    expect(f(400, 'INVALID_BODY', { details: ['message: too long'] })).toEqual({
      title: 'The assistant could not accept this message.',
      lines: ['the server said so', 'message: too long'],
    });
    expect(f(0, 'NETWORK').title).toBe('Could not reach the site.');
    expect(f(0, 'TIMEOUT').title).toBe('The assistant took too long to answer.');
    expect(f(404, 'NOT_FOUND').lines).toEqual(['Your next question starts a new conversation.']);
    expect(f(200, 'BAD_ANSWER').title).toBe('The site gave an answer this page cannot read.');
    expect(f(503, 'UNAVAILABLE').title).toBe('The assistant is not available right now (HTTP 503).');
  });
});

describe('reading the endpoint’s answers', () => {
  it('reads an answer, keeping only well-formed citations', () => {
    const reply = readReply({
      conversationId: ID,
      answer: 'The scanner checks structure, terminology and references.',
      citations: [{ title: 'Data Quality Scanner', url: '/data-quality-scanner' }, { url: '/docs' }, { title: 'no url' }, 'junk', { title: 7, url: '/pricing' }],
      engine: 'offline',
      masked: ['phone number', 3],
      notice: 'We removed a phone number.',
    });
    expect(reply).toEqual({
      conversationId: ID,
      answer: 'The scanner checks structure, terminology and references.',
      citations: [
        { title: 'Data Quality Scanner', url: '/data-quality-scanner' },
        { title: '/docs', url: '/docs' },
        { title: '/pricing', url: '/pricing' },
      ],
      engine: 'offline',
      masked: ['phone number'],
      notice: 'We removed a phone number.',
    });
    expect(readReply({ conversationId: ID })).toBeNull();
    expect(readReply({ answer: 'x' })).toBeNull();
    expect(readReply('<html>')).toBeNull();
  });

  it('reads a conversation with the answer streaming into it', () => {
    expect(
      readConversationBody({
        conversationId: ID,
        messages: [
          { role: 'user', content: 'What is FHIR?' },
          { role: 'assistant', content: 'A standard.', citations: [{ title: 'Docs', url: '/docs' }] },
          { role: 'system', content: 'never shown' },
          { role: 'user' },
        ],
        pending: { text: 'FHIR is' },
      }),
    ).toEqual({
      conversationId: ID,
      messages: [
        { role: 'user', content: 'What is FHIR?', citations: [] },
        { role: 'assistant', content: 'A standard.', citations: [{ title: 'Docs', url: '/docs' }] },
      ],
      pending: 'FHIR is',
    });
    expect(readConversationBody({ conversationId: ID, messages: 'no' })).toBeNull();
  });

  it('reads every kind of failure', () => {
    const now = () => Date.parse('2026-01-01T00:00:00Z');
    const fail = (status: number, data: unknown, retryAfter: string | null = null) => {
      const outcome = interpret(status, data, retryAfter, readReply, now);
      return outcome.ok ? null : outcome.failure;
    };
    expect(fail(429, { error: { code: 'RATE_LIMITED', message: 'Slow down' } }, '42')).toEqual({
      status: 429,
      code: 'RATE_LIMITED',
      message: 'Slow down',
      details: [],
      retryAfterSeconds: 42,
    });
    expect(fail(429, undefined, 'Thu, 01 Jan 2026 00:01:00 GMT')?.retryAfterSeconds).toBe(60);
    expect(fail(400, { error: { code: 'INVALID_BODY', message: 'Bad message', issues: [{ path: ['message'], message: 'Too long' }] } })).toEqual({
      status: 400,
      code: 'INVALID_BODY',
      message: 'Bad message',
      details: ['message: Too long'],
    });
    expect(fail(413, undefined)?.message).toBe('The message is too large.');
    expect(fail(404, {})?.code).toBe('NOT_FOUND');
    expect(fail(502, '<html>')?.code).toBe('UNAVAILABLE');
    expect(fail(200, { nope: true })?.code).toBe('BAD_ANSWER');
  });

  it('asks with a JSON body and reads the conversation by id, never throwing on a lost network', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      if (init.method === 'GET') return new Response(JSON.stringify({ conversationId: ID, messages: [] }), { status: 200 });
      return new Response(JSON.stringify({ conversationId: ID, answer: 'Hi', citations: [], engine: 'offline' }), { status: 200 });
    }) as typeof fetch;
    const asked = await ask('/_functions/chat', { message: 'Hello', conversationId: ID }, { fetch: fakeFetch });
    expect(asked).toEqual({ ok: true, value: { conversationId: ID, answer: 'Hi', citations: [], engine: 'offline', masked: [] } });
    expect(seen[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ message: 'Hello', conversationId: ID });
    const read = await readConversation('/site/_functions/chat', ID, 'https://x.example/site/pricing', { fetch: fakeFetch });
    expect(read.ok).toBe(true);
    expect(seen[1]!.url).toBe(`https://x.example/site/_functions/chat?conversationId=${ID}`);

    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const lost = await ask('/_functions/chat', { message: 'Hello' }, { fetch: offline });
    expect(lost).toEqual({ ok: false, failure: { status: 0, code: 'NETWORK', message: 'Could not reach the site.', details: [] } });
  });
});

describe('what is kept in the browser', () => {
  function memory(): Storage {
    const map = new Map<string, string>();
    return {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    } as Storage;
  }

  it('keeps the conversation id (only a UUID) and whether the panel was open', () => {
    const local = memory();
    const session = memory();
    const store = browserStore(local, session);
    expect(store.conversationId()).toBeNull();
    store.setConversationId(ID);
    expect(local.getItem(CONVERSATION_KEY)).toBe(ID);
    expect(store.conversationId()).toBe(ID);
    local.setItem(CONVERSATION_KEY, '"><img src=x>');
    expect(store.conversationId()).toBeNull();
    store.setConversationId(null);
    expect(local.getItem(CONVERSATION_KEY)).toBeNull();
    store.setOpen(true);
    expect(session.getItem(OPEN_KEY)).toBe('1');
    expect(store.wasOpen()).toBe(true);
    store.setOpen(false);
    expect(store.wasOpen()).toBe(false);
  });

  it('keeps nothing, and throws nothing, when storage is blocked', () => {
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    } as unknown as Storage;
    const store = browserStore(blocked, null);
    expect(() => store.setConversationId(ID)).not.toThrow();
    expect(store.conversationId()).toBeNull();
    expect(() => store.setOpen(true)).not.toThrow();
    expect(store.wasOpen()).toBe(false);
  });

  it('makes version-4 UUIDs for new conversations', () => {
    const ids = new Set(Array.from({ length: 20 }, () => newConversationId()));
    expect(ids.size).toBe(20);
    for (const id of ids) expect(isConversationId(id) && /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)).toBe(true);
    expect(isConversationId('not-a-uuid')).toBe(false);
  });
});
