import type { ChatFailure } from './api';

/**
 * What the <fhir-assistant> element shows, computed without the DOM: the message check and its
 * counter, which citation URLs may become links, the words for every failure, the notice about
 * masked personal data and the event details. Pure functions, unit-tested on their own.
 */

/** The endpoint's limit (characters after trimming). */
export const MAX_MESSAGE_CHARS = 4000;

/** "123 / 4,000": what the counter under the input says. */
export function counterText(length: number): string {
  return `${length.toLocaleString('en-US')} / ${MAX_MESSAGE_CHARS.toLocaleString('en-US')}`;
}

/** The message to send (trimmed), or why it cannot be sent; checked here so no request is wasted on it. */
export function checkMessage(raw: string): { ok: true; message: string } | { ok: false; problem: string } {
  const message = raw.trim();
  if (message === '') return { ok: false, problem: 'Type a question first.' };
  if (message.length > MAX_MESSAGE_CHARS) {
    return {
      ok: false,
      problem: `Your message is ${message.length.toLocaleString('en-US')} characters long; the limit is ${MAX_MESSAGE_CHARS.toLocaleString('en-US')}. Shorten it and send it again.`,
    };
  }
  return { ok: true, message };
}

/**
 * Where the site's pages are: the endpoint's address without `/_functions/...`. A Wix site can live
 * under a path (user.wixsite.com/site), and page code gives the endpoint under that path, so a
 * citation's site path ("/docs?page=x") opens under the same prefix.
 */
export function siteBase(endpoint: string, documentBase: string): URL | null {
  let url: URL;
  try {
    url = new URL(endpoint, documentBase);
  } catch {
    return null;
  }
  const at = url.pathname.indexOf('/_functions/');
  const prefix = at >= 0 ? url.pathname.slice(0, at) : '';
  return new URL(`${url.origin}${prefix}/`);
}

/**
 * The href for a citation, or null when it must stay text. Only a site path ("/pricing") or an
 * http(s) URL on the page's own origin becomes a link: no javascript:, data:, other sites, or
 * protocol-relative ("//evil.example") and backslash ("/\evil.example") tricks.
 */
export function citationHref(url: string, base: URL | null, pageOrigin: string): string | null {
  const text = url.trim();
  if (text === '' || !base) return null;
  let target: URL;
  try {
    if (text.startsWith('/')) {
      if (text.startsWith('//') || text.startsWith('/\\')) return null;
      const prefix = base.pathname.replace(/\/$/, '');
      target = new URL(`${prefix}${text}`, base.origin);
    } else {
      target = new URL(text);
    }
  } catch {
    return null;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return null;
  if (target.origin !== pageOrigin || target.username !== '' || target.password !== '') return null;
  return target.href;
}

/** What the visitor is told about personal data taken out of their message. */
export function maskedNotice(notice: string | undefined, masked: readonly string[]): string | null {
  if (notice && notice.trim() !== '') return notice.trim();
  if (masked.length === 0) return null;
  return `For your privacy, we removed ${listText([...new Set(masked)])} from your message before it was stored or answered.`;
}

function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "5 seconds", "1 minute", "3 minutes 20 seconds". */
export function waitText(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;
  if (s < 60) return plural(s, 'second');
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? plural(minutes, 'minute') : `${plural(minutes, 'minute')} ${plural(rest, 'second')}`;
}

/** The words shown in the alert for a failed call: a title line and what to do. */
export function failureText(failure: ChatFailure): { title: string; lines: string[] } {
  const { status, code, message } = failure;
  if (status === 0) {
    if (code === 'TIMEOUT') return { title: 'The assistant took too long to answer.', lines: ['Please ask again.'] };
    return { title: 'Could not reach the site.', lines: ['Check your connection and try again.'] };
  }
  if (status === 429) {
    const wait = failure.retryAfterSeconds;
    return {
      title: 'You have asked a lot of questions in a short time.',
      lines: [wait === undefined ? 'Please wait a minute, then ask again.' : `Please wait ${waitText(wait)}, then ask again.`],
    };
  }
  if (status === 400 || status === 413) {
    return { title: 'The assistant could not accept this message.', lines: [message, ...failure.details].filter((l) => l.trim() !== '') };
  }
  if (status === 404) return { title: 'This conversation is no longer available.', lines: ['Your next question starts a new conversation.'] };
  if (code === 'BAD_ANSWER') return { title: 'The site gave an answer this page cannot read.', lines: ['Please try again.'] };
  if (status >= 400 && status < 500) return { title: 'The site refused the message.', lines: [message] };
  return { title: `The assistant is not available right now (HTTP ${status}).`, lines: ['Please try again in a minute.'] };
}

/** The detail of 'assistant-answer': what page code needs to say or count something about it. */
export interface AnswerDetail {
  conversationId: string;
  citations: number;
  engine: string;
  masked: boolean;
}

/** A conversation id as the endpoint makes them (a UUID); anything else in storage is ignored. */
export function isConversationId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
