import type { AiPort, ChatAnswer, ChatPassage, ChatRequest } from '../../src/backend/ports';
import {
  BOOKING_URL,
  CHAT_RATE_LIMIT,
  ChatBodySchema,
  HISTORY_MESSAGES,
  askAssistant,
  readConversation,
  retrievalQuery,
  type ChatOptions,
  type PassageIndex,
} from '../../src/backend/services/assistant/chat';
import { CONVERSATIONS_COLLECTION, CONVERSATION_TTL_MS, expireConversations, type ConversationItem } from '../../src/backend/services/assistant/conversations';
import { NO_ANSWER_TEXT } from '../../src/backend/services/assistant/extractive';
import { GREETING_REPLY } from '../../src/backend/services/assistant/small-talk';
import { expireAssistantData } from '../../src/backend/jobs/assistant';
import { usePorts } from '../../src/backend/platform';
import { createRateLimiter } from '../../src/backend/services/rate-limit';
import { createTestPorts, type TestPorts } from '../helpers/test-ports';

/**
 * The chat service with a scripted engine and a small index: what reaches the engine and the
 * index (masked, with history), what is stored, citations, fallback, no-answer, streaming, limits.
 */

const PASSAGES: ChatPassage[] = [
  { id: 'scanner-1', title: 'Data Quality Scanner', url: '/data-quality-scanner', text: 'The Data Quality Scanner checks FHIR R4 conformance and data quality of bundles and NDJSON.' },
  { id: 'scanner-2', title: 'Data Quality Scanner', url: '/data-quality-scanner', text: 'The scanner runs in the browser, so a file never leaves your machine.' },
  { id: 'pricing-1', title: 'Pricing', url: '/pricing', text: 'The Pro plan costs 49 dollars a month and includes unlimited scans.' },
  { id: 'builder-1', title: 'FHIR Builder AI', url: '/fhir-builder', text: 'FHIR Builder AI turns a plain-language request into a valid FHIR resource.' },
];

/** Scores passages by shared words: enough to tell topics apart, and it records every query. */
function fakeIndex(passages = PASSAGES): PassageIndex & { queries: string[] } {
  // Words of four letters or more: "the" and "a" would tie every passage to every question.
  const words = (s: string) => new Set((s.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => w.length > 3));
  const queries: string[] = [];
  return {
    queries,
    search(query, options) {
      queries.push(query);
      const q = words(query);
      return passages
        .map((p) => ({ ...p, score: [...words(`${p.title} ${p.text}`)].filter((w) => q.has(w)).length }))
        .filter((p) => p.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, options?.limit ?? 10);
    },
  };
}

type Script = (request: ChatRequest) => Promise<ChatAnswer> | ChatAnswer;

/** An AI port that answers as the test says and keeps every request it got. */
function scriptedAi(script: Script, engine: 'openai' | 'offline' = 'openai'): AiPort & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    requests,
    engine: async () => engine,
    draftResource: async () => {
      throw new Error('not used');
    },
    answer: async (request) => {
      requests.push(request);
      return script(request);
    },
  };
}

const citeAll: Script = (request) => ({ ok: true, answer: `Answer to: ${request.question}`, usedPassageIds: request.passages.map((p) => p.id), noAnswer: false });

function setup(script: Script = citeAll, engine: 'openai' | 'offline' = 'openai') {
  const ai = scriptedAi(script, engine);
  const ports: TestPorts = { ...createTestPorts(), ai };
  // createTestPorts' signIn closes over its own members port: keep it.
  const index = fakeIndex();
  const options: ChatOptions = { ip: '203.0.113.7', index: async () => index };
  return { ports, ai, index, options };
}

const ID = '6f1c2b9e-8d4a-4b1e-9f3c-2a7d5e8b1c40';

async function stored(ports: TestPorts, id: string): Promise<ConversationItem> {
  const item = await ports.data.get<ConversationItem>(CONVERSATIONS_COLLECTION, id);
  if (!item) throw new Error(`no conversation ${id}`);
  return item;
}

describe('askAssistant', () => {
  it('answers from the retrieved passages, cites each page once, and stores both turns', async () => {
    const { ports, ai, index, options } = setup();
    const outcome = await askAssistant(ports, { message: 'What does the Data Quality Scanner check?', conversationId: ID }, options);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.reply).toEqual({
      conversationId: ID,
      answer: 'Answer to: What does the Data Quality Scanner check?',
      citations: [{ title: 'Data Quality Scanner', url: '/data-quality-scanner' }],
      engine: 'openai',
      masked: [],
    });
    expect(index.queries).toEqual(['What does the Data Quality Scanner check?']);
    expect(ai.requests[0]!.passages.map((p) => p.id)).toEqual(['scanner-1', 'scanner-2']);
    expect(ai.requests[0]!.history).toEqual([]);

    const item = await stored(ports, ID);
    const now = ports.clock.now();
    expect(item.messages).toEqual([
      { role: 'user', content: 'What does the Data Quality Scanner check?', at: now.toISOString() },
      { role: 'assistant', content: outcome.reply.answer, at: now.toISOString(), citations: outcome.reply.citations },
    ]);
    expect(item).toMatchObject({ ip: '203.0.113.7', createdAt: now, updatedAt: now, expiresAt: new Date(now.getTime() + CONVERSATION_TTL_MS) });
    expect(item.pending).toBeUndefined();
    expect(item.memberId).toBeUndefined();
  });

  it('starts a conversation with a new id when the client gives none, and records the member when signed in', async () => {
    const { ports, options } = setup();
    ports.signIn({ id: 'member-7', loginEmail: 'm@example.com', nickname: 'M', role: 'member' });
    const outcome = await askAssistant(ports, { message: 'pricing of the Pro plan' }, options);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.reply.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    const item = await stored(ports, outcome.reply.conversationId);
    expect(item.memberId).toBe('member-7');
    expect(item.ip).toBeUndefined();
  });

  it('masks PHI before the index, the engine and the store see the message, and tells the visitor', async () => {
    const { ports, ai, index, options } = setup();
    const message = 'I am Jane, DOB 01/02/1980, MRN 12345678, call 555-123-4567 or jane@example.com: does the scanner check Patient?';
    const outcome = await askAssistant(ports, { message, conversationId: ID }, options);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.reply.masked).toEqual(['email address', 'medical record number', 'date of birth', 'phone number']);
    expect(outcome.reply.notice).toMatch(/removed them/);

    const secrets = ['01/02/1980', '12345678', '555-123-4567', 'jane@example.com'];
    const seen = [index.queries.join(' '), JSON.stringify(ai.requests), JSON.stringify(await ports.data.query(CONVERSATIONS_COLLECTION).find())];
    for (const text of seen) for (const secret of secrets) expect(text).not.toContain(secret);
    expect(ai.requests[0]!.question).toContain('DOB [date of birth removed], MRN [medical record number removed]');
  });

  it('a follow-up gets the earlier turns as history, and a short one searches with the previous question', async () => {
    const { ports, ai, index, options } = setup();
    await askAssistant(ports, { message: 'What does the Data Quality Scanner check?', conversationId: ID }, options);
    const outcome = await askAssistant(ports, { message: 'and how much does it cost?', conversationId: ID }, options);
    if (!outcome.ok) throw new Error('refused');
    expect(ai.requests[1]!.history).toEqual([
      { role: 'user', content: 'What does the Data Quality Scanner check?' },
      { role: 'assistant', content: 'Answer to: What does the Data Quality Scanner check?' },
    ]);
    expect(index.queries[1]).toBe('What does the Data Quality Scanner check? and how much does it cost?');
    expect((await readConversation(ports, ID))!.messages).toHaveLength(4);
  });

  it('bounds the history to the last HISTORY_MESSAGES messages', async () => {
    const { ports, ai, options } = setup();
    for (let i = 1; i <= 5; i++) await askAssistant(ports, { message: `question number ${i} about the scanner`, conversationId: ID }, options);
    const last = ai.requests[4]!.history;
    expect(last).toHaveLength(HISTORY_MESSAGES);
    expect(last[0]).toEqual({ role: 'user', content: 'question number 2 about the scanner' });
  });

  it('falls back to the offline composer when the engine gives no answer, and says so in `engine`', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      for (const script of [
        (() => ({ ok: false, reason: 'unavailable', message: 'HTTP 503' })) as Script,
        (() => {
          throw new Error('socket hang up');
        }) as Script,
      ]) {
        const { ports, options } = setup(script);
        const outcome = await askAssistant(ports, { message: 'Does the scanner run in the browser?' }, options);
        if (!outcome.ok) throw new Error('refused');
        expect(outcome.reply.engine).toBe('offline');
        expect(outcome.reply.answer).toMatch(/browser/);
        expect(outcome.reply.citations).toEqual([{ title: 'Data Quality Scanner', url: '/data-quality-scanner' }]);
      }
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/openai engine gave no answer \(unavailable: HTTP 503\)/));
    } finally {
      warn.mockRestore();
    }
  });

  it('with no answer in the content, says so plainly and offers the contact page and a call, with no citations', async () => {
    const { ports, options } = setup(() => ({ ok: true, answer: NO_ANSWER_TEXT, usedPassageIds: [], noAnswer: true }));
    const outcome = await askAssistant(ports, { message: 'What is the weather in Paris?', conversationId: ID }, options);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.reply.answer).toContain(NO_ANSWER_TEXT);
    expect(outcome.reply.answer).toContain('/contact');
    expect(outcome.reply.answer).toContain(BOOKING_URL);
    expect(outcome.reply.citations).toEqual([]);
    expect((await stored(ports, ID)).messages[1]).toMatchObject({ role: 'assistant', content: outcome.reply.answer, citations: [] });
  });

  it('cites only passages the engine used, and ignores ids it made up', async () => {
    const { ports, options } = setup((r) => ({ ok: true, answer: 'It costs 49 dollars.', usedPassageIds: ['pricing-1', 'invented-9', 'pricing-1'], noAnswer: false }));
    const outcome = await askAssistant(ports, { message: 'How much is the Pro plan for scans?' }, options);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.reply.citations).toEqual([{ title: 'Pricing', url: '/pricing' }]);
  });

  it('shows the answer as it streams: GET reads `pending` while the engine writes, and it is cleared at the end', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { ports, options } = setup(async (request) => {
      request.onDelta?.('The scanner checks');
      await gate;
      request.onDelta?.('The scanner checks conformance');
      return { ok: true, answer: 'The scanner checks conformance and quality.', usedPassageIds: ['scanner-1'], noAnswer: false };
    });
    const asking = askAssistant(ports, { message: 'What does the scanner check?', conversationId: ID }, options);

    let view = await readConversation(ports, ID);
    for (let i = 0; i < 100 && !view?.pending; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      view = await readConversation(ports, ID);
    }
    expect(view).toEqual({
      conversationId: ID,
      messages: [{ role: 'user', content: 'What does the scanner check?' }],
      pending: { text: 'The scanner checks' },
    });
    release();
    await asking;
    const done = await readConversation(ports, ID);
    expect(done!.pending).toBeUndefined();
    expect(done!.messages[1]).toEqual({ role: 'assistant', content: 'The scanner checks conformance and quality.', citations: [{ title: 'Data Quality Scanner', url: '/data-quality-scanner' }] });
  });

  it('refuses the 21st question in the window from one IP before doing any work; another IP and a member still ask', async () => {
    const { ports, ai, index, options } = setup();
    for (let i = 0; i < CHAT_RATE_LIMIT.points; i++) {
      expect((await askAssistant(ports, { message: `scanner question ${i}` }, options)).ok).toBe(true);
    }
    const refused = await askAssistant(ports, { message: 'one more about the scanner', conversationId: ID }, options);
    expect(refused).toEqual({ ok: false, status: 429, retryAfterSeconds: 600 });
    expect(ai.requests).toHaveLength(CHAT_RATE_LIMIT.points);
    expect(index.queries).toHaveLength(CHAT_RATE_LIMIT.points);
    expect(await readConversation(ports, ID)).toBeNull();

    expect((await askAssistant(ports, { message: 'scanner' }, { ...options, ip: '198.51.100.1' })).ok).toBe(true);
    ports.signIn({ id: 'member-7', loginEmail: 'm@example.com', nickname: 'M', role: 'member' });
    expect((await askAssistant(ports, { message: 'scanner' }, options)).ok).toBe(true);
    ports.clock.advance(CHAT_RATE_LIMIT.durationSeconds * 1000);
    ports.signIn(null);
    expect((await askAssistant(ports, { message: 'scanner' }, options)).ok).toBe(true);
  });
});

describe('small talk', () => {
  it('answers a greeting without the index or the engine, as the offline engine', async () => {
    const { ports, ai, index, options } = setup();
    const outcome = await askAssistant(ports, { message: 'Hi there!', conversationId: ID }, options);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.reply).toMatchObject({ answer: GREETING_REPLY, citations: [], engine: 'offline' });
    expect(ai.requests).toHaveLength(0);
    expect(index.queries).toHaveLength(0);
    expect((await stored(ports, ID)).messages.map((m) => m.content)).toEqual(['Hi there!', GREETING_REPLY]);
  });
});

describe('readConversation', () => {
  it('is null for an unknown conversation', async () => {
    expect(await readConversation(createTestPorts(), ID)).toBeNull();
  });
});

describe('who may read and continue a conversation', () => {
  const alice = { id: 'member-alice', loginEmail: 'alice@example.com', nickname: 'Alice', role: 'member' as const };
  const bob = { id: 'member-bob', loginEmail: 'bob@example.com', nickname: 'Bob', role: 'member' as const };

  it("a member's conversation is theirs: after sign-out, or for another member, it is not found and cannot be continued", async () => {
    const { ports, ai, options } = setup();
    ports.signIn(alice);
    expect((await askAssistant(ports, { message: 'scanner pricing', conversationId: ID }, options)).ok).toBe(true);
    expect((await readConversation(ports, ID))?.messages).toHaveLength(2);

    for (const who of [null, bob]) {
      ports.signIn(who);
      expect(await readConversation(ports, ID)).toBeNull();
      expect(await askAssistant(ports, { message: 'and what did I ask before?', conversationId: ID }, options)).toEqual({ ok: false, status: 404 });
    }
    // Nothing was added, and nothing reached the engine for the refused requests.
    expect((await stored(ports, ID)).messages).toHaveLength(2);
    expect(ai.requests).toHaveLength(1);

    ports.signIn(alice);
    expect((await askAssistant(ports, { message: 'and the builder?', conversationId: ID }, options)).ok).toBe(true);
    expect((await stored(ports, ID)).messages).toHaveLength(4);
  });

  it("a visitor's conversation stays open to whoever holds its id, and becomes a member's when they sign in and go on", async () => {
    const { ports, options } = setup();
    expect((await askAssistant(ports, { message: 'scanner pricing', conversationId: ID }, options)).ok).toBe(true);
    expect(await readConversation(ports, ID)).not.toBeNull();

    ports.signIn(alice);
    expect((await readConversation(ports, ID))?.messages).toHaveLength(2);
    expect((await askAssistant(ports, { message: 'and the builder?', conversationId: ID }, options)).ok).toBe(true);
    const item = await stored(ports, ID);
    expect(item.memberId).toBe('member-alice');
    expect(item.ip).toBeUndefined();

    ports.signIn(null);
    expect(await readConversation(ports, ID)).toBeNull();
  });
});

describe('retrievalQuery', () => {
  const history = [
    { role: 'user', content: 'What does the scanner check?' },
    { role: 'assistant', content: 'Conformance and quality.' },
  ];
  it.each([
    ['and how much does it cost?', 'What does the scanner check? and how much does it cost?'],
    ['NDJSON?', 'What does the scanner check? NDJSON?'],
    ['what about the API Testing Suite?', 'What does the scanner check? what about the API Testing Suite?'],
    ['How do I generate a FHIR Patient resource from a sentence with the builder?', 'How do I generate a FHIR Patient resource from a sentence with the builder?'],
  ])('%j', (question, query) => {
    expect(retrievalQuery(question, history)).toBe(query);
  });
  it('is the question alone in a new conversation', () => {
    expect(retrievalQuery('and the price?', [])).toBe('and the price?');
  });
});

describe('expireConversations', () => {
  it('deletes conversations past expiresAt and keeps the others', async () => {
    const { ports, options } = setup();
    await askAssistant(ports, { message: 'old question about the scanner', conversationId: ID }, options);
    ports.clock.advance(CONVERSATION_TTL_MS - 60_000);
    const fresh = await askAssistant(ports, { message: 'new question about pricing' }, options);
    ports.clock.advance(120_000);
    expect(await expireConversations(ports)).toBe(1);
    expect(await readConversation(ports, ID)).toBeNull();
    if (!fresh.ok) throw new Error('refused');
    expect(await readConversation(ports, fresh.reply.conversationId)).not.toBeNull();
  });

  it('a new message moves the expiry on', async () => {
    const { ports, options } = setup();
    await askAssistant(ports, { message: 'question about the scanner', conversationId: ID }, options);
    ports.clock.advance(CONVERSATION_TTL_MS - 60_000);
    await askAssistant(ports, { message: 'another question about the scanner', conversationId: ID }, options);
    ports.clock.advance(120_000);
    expect(await expireConversations(ports)).toBe(0);
  });
});

describe('the expireAssistantData job (jobs.config)', () => {
  it('deletes expired conversations and ended rate-limit windows through the platform ports', async () => {
    const { ports, options } = setup();
    usePorts(ports);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await askAssistant(ports, { message: 'question about the scanner', conversationId: ID }, options);
      await createRateLimiter(ports, { name: 'other', points: 5, durationSeconds: 60 }).consume('ip:10.0.0.9');
      expect(await expireAssistantData()).toEqual({ conversationsRemoved: 0, rateLimitsRemoved: 0 });
      ports.clock.advance(CONVERSATION_TTL_MS + 1);
      expect(await expireAssistantData()).toEqual({ conversationsRemoved: 1, rateLimitsRemoved: 2 });
      expect(await ports.data.query('RateLimits').count()).toBe(0);
      expect(log).toHaveBeenCalledWith('[job expireAssistantData]', expect.stringContaining('"conversationsRemoved":1'));
    } finally {
      log.mockRestore();
    }
  });
});

describe('ChatBodySchema', () => {
  it.each<[string, unknown, RegExp]>([
    ['an empty message', { message: '' }, /empty/],
    ['a whitespace message', { message: ' \n\t ' }, /empty/],
    ['4,001 characters', { message: 'x'.repeat(4001) }, /at most 4,000/],
    ['a number', { message: 42 }, /must be a string/],
    ['no message', {}, /must be a string/],
    ['a conversationId that is not a UUID', { message: 'hi', conversationId: 'nope' }, /UUID/],
    ['an unknown key', { message: 'hi', extra: true }, /extra/],
  ])('refuses %s', (_what, body, problem) => {
    const result = ChatBodySchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(problem);
  });

  it('trims, and takes 4,000 characters after trimming', () => {
    expect(ChatBodySchema.parse({ message: `  ${'x'.repeat(4000)}  `, conversationId: ID })).toEqual({ message: 'x'.repeat(4000), conversationId: ID });
  });
});
