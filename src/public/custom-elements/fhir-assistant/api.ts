import { isObject, issueText } from '../shared/json-answer';
import { retryAfterSeconds } from '../shared/retry-after';

/**
 * The <fhir-assistant> element's calls to the chat http function (ask, read a conversation) and
 * the reading of every answer it can get (an answer, a conversation, 400/404/413/429/5xx errors,
 * something unreadable, no answer at all) into plain shapes. No DOM here; never throws.
 */

export const DEFAULT_ENDPOINT = '/_functions/chat';
/** The backend answers within Wix's ~14 s (the OpenAI path has its own timeout): wait well beyond that. */
export const ASK_TIMEOUT_MS = 45_000;
/** A read of the conversation is quick; a slow one is simply skipped (polling asks again). */
export const READ_TIMEOUT_MS = 10_000;
/** No answer shows more sources than this. */
const MAX_CITATIONS = 10;

export interface Citation {
  title: string;
  url: string;
}

/** What the endpoint answers for a question. */
export interface ChatReply {
  conversationId: string;
  answer: string;
  citations: Citation[];
  engine: string;
  /** The kinds of personal data taken out of the message ("phone number", ...). */
  masked: string[];
  notice?: string;
}

export interface Turn {
  role: 'user' | 'assistant';
  content: string;
  citations: Citation[];
}

/** A stored conversation, with the answer being streamed right now (if any). */
export interface Conversation {
  conversationId: string;
  messages: Turn[];
  pending?: string;
}

export interface ChatFailure {
  /** HTTP status, or 0 when there was no answer (network failure, timeout, stopped). */
  status: number;
  /** The server's code (INVALID_BODY, RATE_LIMITED, NOT_FOUND...) or ours (NETWORK, TIMEOUT, ABORTED, BAD_ANSWER). */
  code: string;
  message: string;
  /** The server's itemised problems with the request (400 issues), as text. */
  details: string[];
  /** Seconds to wait before asking again (429 with Retry-After). */
  retryAfterSeconds?: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: ChatFailure };

export interface CallOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** "now" for an HTTP-date Retry-After. */
  now?: () => number;
  timeoutMs?: number;
}

/** Asks a question in a conversation (a new UUID starts one with that id). */
export async function ask(endpoint: string, body: { message: string; conversationId?: string }, options: CallOptions = {}): Promise<Outcome<ChatReply>> {
  const answer = await call(endpoint, { method: 'POST', body: JSON.stringify(body) }, { timeoutMs: ASK_TIMEOUT_MS, ...options });
  if (!answer.ok) return answer;
  return interpret(answer.status, answer.data, answer.retryAfter, readReply, options.now ?? Date.now);
}

/** The conversation as it is stored, with the answer being streamed (if any). */
export async function readConversation(endpoint: string, conversationId: string, base: string, options: CallOptions = {}): Promise<Outcome<Conversation>> {
  const url = new URL(endpoint, base);
  url.searchParams.set('conversationId', conversationId);
  const answer = await call(url.href, { method: 'GET' }, { timeoutMs: READ_TIMEOUT_MS, ...options });
  if (!answer.ok) return answer;
  return interpret(answer.status, answer.data, answer.retryAfter, readConversationBody, options.now ?? Date.now);
}

type RawAnswer = { ok: true; status: number; data: unknown; retryAfter: string | null } | { ok: false; failure: ChatFailure };

async function call(url: string, init: { method: string; body?: string }, options: CallOptions): Promise<RawAnswer> {
  const doFetch = options.fetch ?? fetch;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs ?? ASK_TIMEOUT_MS);
  const onAbort = () => timeout.abort();
  if (options.signal?.aborted) timeout.abort();
  options.signal?.addEventListener('abort', onAbort);
  try {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: init.method,
        headers: init.body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
        ...(init.body !== undefined ? { body: init.body } : {}),
        credentials: 'same-origin',
        cache: 'no-store',
        signal: timeout.signal,
      });
    } catch {
      if (options.signal?.aborted) return failure(0, 'ABORTED', 'Stopped.');
      if (timeout.signal.aborted) return failure(0, 'TIMEOUT', 'The assistant took too long to answer.');
      return failure(0, 'NETWORK', 'Could not reach the site.');
    }
    let data: unknown;
    try {
      data = await response.json();
    } catch {
      data = undefined;
    }
    return { ok: true, status: response.status, data, retryAfter: response.headers.get('retry-after') };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** The outcome for one HTTP answer, read with `read` when it is a success (exported for unit tests). */
export function interpret<T>(status: number, data: unknown, retryAfter: string | null, read: (data: unknown) => T | null, now: () => number = Date.now): Outcome<T> {
  const error = isObject(data) && isObject(data.error) ? data.error : undefined;
  const serverMessage = typeof error?.message === 'string' && error.message.trim() !== '' ? error.message.trim() : undefined;
  const serverCode = typeof error?.code === 'string' && error.code !== '' ? error.code : undefined;

  if (status >= 200 && status < 300) {
    const value = read(data);
    return value ? { ok: true, value } : failure(status, 'BAD_ANSWER', 'The site answered with something this page cannot read.');
  }
  if (status === 400 || status === 413) {
    const details = error && Array.isArray(error.issues) ? error.issues.map(issueText).filter((t): t is string => t !== undefined) : [];
    const message = serverMessage ?? (status === 413 ? 'The message is too large.' : 'The site refused the message (HTTP 400).');
    return failure(status, serverCode ?? 'BAD_REQUEST', message, { details: details.filter((d) => !message.includes(d)) });
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(retryAfter, now());
    return failure(status, serverCode ?? 'RATE_LIMITED', serverMessage ?? 'Too many messages just now.', seconds === undefined ? {} : { retryAfterSeconds: seconds });
  }
  if (status === 404) return failure(status, serverCode ?? 'NOT_FOUND', serverMessage ?? 'This conversation does not exist (any more).');
  if (status >= 400 && status < 500) return failure(status, serverCode ?? 'REFUSED', serverMessage ?? `The site refused the message (HTTP ${status}).`);
  return failure(status, serverCode ?? 'UNAVAILABLE', `The assistant is not available right now (HTTP ${status}).`);
}

/** An answer to a question, checked field by field; null when it is not the shape the endpoint promises. */
export function readReply(data: unknown): ChatReply | null {
  if (!isObject(data) || typeof data.conversationId !== 'string' || data.conversationId === '' || typeof data.answer !== 'string') return null;
  const masked = Array.isArray(data.masked) ? data.masked.filter((m): m is string => typeof m === 'string' && m.trim() !== '') : [];
  return {
    conversationId: data.conversationId,
    answer: data.answer,
    citations: readCitations(data.citations),
    engine: typeof data.engine === 'string' ? data.engine : 'unknown',
    masked,
    ...(typeof data.notice === 'string' && data.notice.trim() !== '' ? { notice: data.notice } : {}),
  };
}

/** A stored conversation, checked field by field: turns that are not the promised shape are left out. */
export function readConversationBody(data: unknown): Conversation | null {
  if (!isObject(data) || typeof data.conversationId !== 'string' || !Array.isArray(data.messages)) return null;
  const messages: Turn[] = [];
  for (const m of data.messages) {
    if (!isObject(m) || (m.role !== 'user' && m.role !== 'assistant') || typeof m.content !== 'string') continue;
    messages.push({ role: m.role, content: m.content, citations: m.role === 'assistant' ? readCitations(m.citations) : [] });
  }
  const pending = isObject(data.pending) && typeof data.pending.text === 'string' ? data.pending.text : undefined;
  return { conversationId: data.conversationId, messages, ...(pending !== undefined ? { pending } : {}) };
}

function readCitations(value: unknown): Citation[] {
  if (!Array.isArray(value)) return [];
  const out: Citation[] = [];
  for (const c of value) {
    if (!isObject(c) || typeof c.url !== 'string' || c.url.trim() === '') continue;
    const title = typeof c.title === 'string' && c.title.trim() !== '' ? c.title.trim() : c.url.trim();
    out.push({ title, url: c.url.trim() });
    if (out.length === MAX_CITATIONS) break;
  }
  return out;
}

function failure(status: number, code: string, message: string, extra: Partial<ChatFailure> = {}): { ok: false; failure: ChatFailure } {
  return { ok: false, failure: { status, code, message, details: [], ...extra } };
}

