import { z } from 'zod';
import type { AiEngineName, ChatAnswer, ChatPassage, ChatRequest, ChatTurn } from '../../ports/ai';
import type { Ports } from '../../ports';
import { limitFor, RATE_LIMITS } from '../rate-limit';
import {
  CONVERSATIONS_COLLECTION,
  historyOf,
  loadConversation,
  newConversation,
  toView,
  withMessage,
  type Citation,
  type ConversationItem,
  type ConversationView,
} from './conversations';
import { composeExtractiveAnswer } from './extractive';
import { asksForMedicalAdvice } from './medical-advice';
import { maskNotice, maskPhi, withoutPersonalData, type PhiKind } from './phi';
import { smallTalkReply } from './small-talk';
import { getSiteIndex } from './retrieval';

/**
 * The AI assistant behind POST /_functions/chat: a visitor's question in, an answer grounded in the
 * site's own content out, with the pages it came from as citations. In order:
 * 1. the rate limit (per member, else per IP), before any other work;
 * 2. likely PHI masked out of the message, before it is stored or reaches retrieval or an engine;
 * 3. the conversation loaded (or started with the id the browser chose) and the question stored,
 *    so a GET shows it at once;
 * 4. a greeting, thanks or "who are you?" is answered at once (small-talk.ts); for anything else,
 *    passages are retrieved for the question (with the previous question for short follow-ups);
 * 5. the AI port answers from them; its text so far is written to the conversation as `pending`
 *    (throttled) so the widget can show it while it streams;
 * 6. engine trouble (`ok: false`, or a throw) falls back to the offline extractive composer (pure
 *    service code in extractive.ts, the same one the offline AI port wraps), so a visitor never gets
 *    a 5xx because OpenAI is slow or down;
 * 7. when the content has no answer, the answer says so and offers the contact page and a call
 *    (not to a question about someone's health: both engines decline medical advice).
 */

export const MAX_MESSAGE_CHARS = 4000;

export const ChatBodySchema = z.strictObject({
  message: z
    .string({ error: 'message must be a string: your question for the assistant' })
    .trim()
    .min(1, 'message is empty: type a question')
    .max(MAX_MESSAGE_CHARS, `message is too long: at most ${MAX_MESSAGE_CHARS.toLocaleString('en-US')} characters`),
  conversationId: z.uuid({ error: 'conversationId must be a UUID (a new one starts a conversation with that id)' }).optional(),
});
export type ChatBody = z.infer<typeof ChatBodySchema>;

/** Other query parameters (a cache-buster) are ignored. */
export const ChatQuerySchema = z.object({ conversationId: z.uuid({ error: 'conversationId must be a UUID' }) });

/** 20 questions per 10 minutes per member or IP: a conversation's pace, not a script's. */
export const CHAT_RATE_LIMIT = RATE_LIMITS.chat;

/** Booking a call with us. The Calendly issue will make this configurable (a secret or site setting). */
export const BOOKING_URL = 'https://calendly.com/fhiriq/intro';
export const CONTACT_PATH = '/contact';
export const CONTACT_OFFER = `You can ask us directly on the contact page (${CONTACT_PATH}) or book a short call with a FHIR engineer: ${BOOKING_URL}`;

/** Passages the engine gets: enough to answer, few enough to keep the prompt short. */
export const PASSAGE_LIMIT = 5;
/** Earlier messages the engine gets (three exchanges), each cut to this length. */
export const HISTORY_MESSAGES = 6;
export const HISTORY_CHARS = 1500;
/** How often the streamed text is written for GET to show (each write is a data call). */
export const PENDING_EVERY_MS = 250;
/**
 * The engine's time, from the start of the request: Wix ends a backend call after about 14 s, and
 * the offline fallback and the final write need the rest.
 */
export const ANSWER_DEADLINE_MS = 11_000;

export interface ChatReply {
  conversationId: string;
  answer: string;
  citations: Citation[];
  engine: AiEngineName;
  /** The kinds of personal data masked in the message ([] when none). */
  masked: PhiKind[];
  notice?: string;
}

export type ChatOutcome =
  | { ok: true; reply: ChatReply }
  /** The member (else the IP) asked too often. */
  | { ok: false; status: 429; retryAfterSeconds: number }
  /** The conversation belongs to another member (answered as for an unknown id, so nobody learns it exists). */
  | { ok: false; status: 404 };

/** What the service needs from retrieval (SiteIndex in retrieval.ts has this shape). */
export interface PassageIndex {
  search(query: string, options?: { limit?: number }): ChatPassage[];
}

export interface ChatOptions {
  /** The client's IP, for the limit when nobody is signed in. */
  ip?: string;
  /** The passage index (default: the site's index); tests pass a small one. */
  index?: () => Promise<PassageIndex>;
}

export async function askAssistant(ports: Ports, body: ChatBody, options: ChatOptions = {}): Promise<ChatOutcome> {
  const started = Date.now();
  const member = await ports.members.getCurrentMember();
  const limit = await limitFor(ports, CHAT_RATE_LIMIT, member?.id, options.ip);
  if (!limit.ok) return { ok: false, status: 429, retryAfterSeconds: limit.retryAfterSeconds };

  const masked = maskPhi(body.message);
  const question = masked.text;
  const conversationId = body.conversationId ?? globalThis.crypto.randomUUID();

  const existing = await loadConversation(ports.data, conversationId);
  if (existing && !mayUse(existing, member?.id)) return { ok: false, status: 404 };
  const start = existing
    ? claim(existing, member?.id)
    : newConversation(conversationId, ports.clock.now(), { memberId: member?.id, ip: options.ip });
  const history = historyOf(start, HISTORY_MESSAGES, HISTORY_CHARS);
  let conversation = withMessage(start, { role: 'user', content: question, at: ports.clock.now().toISOString() }, ports.clock.now());
  await ports.data.save(CONVERSATIONS_COLLECTION, conversation);

  // Greetings, thanks and "who are you?" need neither the index nor a model.
  const smallTalk = smallTalkReply(withoutPersonalData(question));
  const { engine, result, passages } =
    smallTalk !== null
      ? { engine: 'offline' as const, result: { ok: true as const, answer: smallTalk, usedPassageIds: [], noAnswer: false }, passages: [] }
      : await answerFromContent(ports, question, history, options, ANSWER_DEADLINE_MS - (Date.now() - started), () => conversation);

  const citations = result.noAnswer ? [] : citationsOf(result.usedPassageIds, passages);
  // A question about someone's health is not one for a FHIR engineer: no offer of a call then.
  const offer = result.noAnswer && !asksForMedicalAdvice(question);
  const answer = offer ? `${result.answer.trim()} ${CONTACT_OFFER}` : result.answer.trim();
  conversation = withMessage(conversation, { role: 'assistant', content: answer, at: ports.clock.now().toISOString(), citations }, ports.clock.now());
  await ports.data.save(CONVERSATIONS_COLLECTION, conversation);

  const notice = maskNotice(masked.kinds);
  return { ok: true, reply: { conversationId, answer, citations, engine, masked: masked.kinds, ...(notice ? { notice } : {}) } };
}

/**
 * Retrieval, then the engine (streaming its text so far into the conversation as `pending`), with
 * the offline composer when the engine gives no answer in the time left.
 */
async function answerFromContent(
  ports: Ports,
  question: string,
  history: ChatTurn[],
  options: ChatOptions,
  timeLeftMs: number,
  conversation: () => ConversationItem,
): Promise<{ engine: AiEngineName; result: Extract<ChatAnswer, { ok: true }>; passages: ChatPassage[] }> {
  const index: PassageIndex = await (options.index ?? (() => getSiteIndex(ports)))();
  const passages = index.search(retrievalQuery(question, history), { limit: PASSAGE_LIMIT }).map(({ id, title, url, text }) => ({ id, title, url, text }));

  const pending = pendingWriter(ports, conversation);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), Math.max(0, timeLeftMs));
  try {
    const request: ChatRequest = { question, history, passages, signal: deadline.signal, onDelta: pending.offer };
    const engine = await ports.ai.engine();
    const answered = await askEngine(ports, request);
    if (answered.ok) return { engine, result: answered, passages };
    console.warn(`[assistant] ${engine} engine gave no answer (${answered.reason}: ${answered.message}); answering offline`);
    return { engine: 'offline', result: { ok: true, ...composeExtractiveAnswer({ question, history, passages }) }, passages };
  } finally {
    clearTimeout(timer);
    await pending.settle();
  }
}

/**
 * GET /_functions/chat: the stored turns and the answer being written, or null for an unknown id
 * and for a conversation of another member.
 */
export async function readConversation(ports: Pick<Ports, 'data' | 'members'>, conversationId: string): Promise<ConversationView | null> {
  const item = await loadConversation(ports.data, conversationId);
  if (!item) return null;
  const member = await ports.members.getCurrentMember();
  return mayUse(item, member?.id) ? toView(item) : null;
}

/**
 * Who may read and continue a conversation. Its id (a random UUID kept in one browser) is the key;
 * a conversation a member started is theirs alone, so a shared computer's next visitor, or someone
 * handed the id, cannot read it after the member signed out. A visitor's conversation stays open to
 * whoever holds its id (signing in mid-conversation must not lose it).
 */
function mayUse(item: ConversationItem, memberId: string | undefined): boolean {
  return !item.memberId || item.memberId === memberId;
}

/** A visitor who signs in and goes on asking makes the conversation theirs (from then on, members-only). */
function claim(item: ConversationItem, memberId: string | undefined): ConversationItem {
  if (!memberId || item.memberId) return item;
  const { ip: _ip, ...rest } = item;
  return { ...rest, memberId };
}

/** The port promises not to throw; if an adapter does anyway, it counts as unavailable (and gets logged). */
async function askEngine(ports: Ports, request: ChatRequest): Promise<ChatAnswer> {
  try {
    return await ports.ai.answer(request);
  } catch (error) {
    return { ok: false, reason: 'unavailable', message: `the engine threw: ${(error as Error)?.message ?? String(error)}` };
  }
}

/**
 * What to search for: the question; for a short follow-up that leans on the previous question
 * ("and how much is it?", "what about NDJSON?"), the previous question too, so the index finds
 * the same topic.
 */
export function retrievalQuery(masked: string, history: ReadonlyArray<{ role: string; content: string }>): string {
  const question = withoutPersonalData(masked).trim();
  const previous = [...history].reverse().find((turn) => turn.role === 'user');
  if (!previous) return question;
  return isShortFollowUp(question) ? `${withoutPersonalData(previous.content).trim()} ${question}` : question;
}

const FOLLOW_UP_WORDS = /\b(it|its|it's|that|this|these|those|they|them|their|there|one|ones|more|also|else|same)\b|^\s*(and|but|so|or|what about|how about)\b/i;

function isShortFollowUp(question: string): boolean {
  const words = question.split(/\s+/).filter(Boolean).length;
  return words <= 3 || (words <= 10 && FOLLOW_UP_WORDS.test(question));
}

/** The used passages as citations, in the engine's order, once per page. */
function citationsOf(usedIds: readonly string[], passages: readonly ChatPassage[]): Citation[] {
  const byId = new Map(passages.map((p) => [p.id, p]));
  const seen = new Set<string>();
  const out: Citation[] = [];
  for (const id of usedIds) {
    const passage = byId.get(id);
    if (!passage || seen.has(passage.url)) continue;
    seen.add(passage.url);
    out.push({ title: passage.title, url: passage.url });
  }
  return out;
}

/**
 * Writes the streamed text to the conversation as `pending`, at most every PENDING_EVERY_MS and one
 * write at a time (a delta that arrives meanwhile is skipped: the next one carries its text too).
 * `settle` waits for the last write, so the final save cannot be overtaken by a late pending one.
 * A failed pending write is only logged: the answer itself matters more than its preview.
 */
function pendingWriter(ports: Pick<Ports, 'data' | 'clock'>, current: () => ConversationItem) {
  let chain: Promise<void> = Promise.resolve();
  let busy = false;
  let lastAt = Number.NEGATIVE_INFINITY;
  return {
    offer(text: string): void {
      const now = ports.clock.now();
      if (busy || now.getTime() - lastAt < PENDING_EVERY_MS || text.trim() === '') return;
      busy = true;
      lastAt = now.getTime();
      chain = chain
        .then(async () => {
          await ports.data.save(CONVERSATIONS_COLLECTION, { ...current(), pending: { text, at: now.toISOString() } });
        })
        .catch((error: unknown) => console.warn(`[assistant] could not store the pending answer: ${(error as Error)?.message ?? error}`))
        .finally(() => {
          busy = false;
        });
    },
    settle: () => chain,
  };
}
