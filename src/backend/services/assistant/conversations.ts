import type { ChatTurn } from '../../ports/ai';
import type { DataItem, DataPort } from '../../ports/data';
import type { Ports } from '../../ports';
import { removeExpired } from '../expired-items';

/**
 * The assistant's conversations in the Conversations collection: one item per conversation, its id
 * chosen by the visitor's browser (a UUID), holding the masked turns. Expiry: 30 days after the
 * last message a scheduled job deletes it.
 */

export const CONVERSATIONS_COLLECTION = 'Conversations';
export const CONVERSATION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * Turns kept per conversation (the oldest go first): bounds the item well inside Wix's 512 KB
 * (60 x (4,000-character question or ~1,000-character answer) with citations).
 */
export const MAX_STORED_MESSAGES = 60;

export interface Citation {
  title: string;
  url: string;
}

export interface StoredMessage {
  role: 'user' | 'assistant';
  /** Masked text. */
  content: string;
  /** ISO 8601 date-time. */
  at: string;
  citations?: Citation[];
}

export interface ConversationItem extends DataItem {
  messages: StoredMessage[];
  memberId?: string;
  ip?: string;
  pending?: { text: string; at: string };
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

/** What GET /_functions/chat shows: the turns and the answer being written, never who or where from. */
export interface ConversationView {
  conversationId: string;
  messages: Array<{ role: 'user' | 'assistant'; content: string; citations?: Citation[] }>;
  pending?: { text: string };
}

export function toView(item: ConversationItem): ConversationView {
  return {
    conversationId: item._id,
    messages: item.messages.map((m) => ({ role: m.role, content: m.content, ...(m.role === 'assistant' ? { citations: m.citations ?? [] } : {}) })),
    ...(item.pending ? { pending: { text: item.pending.text } } : {}),
  };
}

export async function loadConversation(data: DataPort, id: string): Promise<ConversationItem | null> {
  const item = await data.get<ConversationItem>(CONVERSATIONS_COLLECTION, id);
  return item && Array.isArray(item.messages) ? item : null;
}

/** A new conversation item (not stored yet). */
export function newConversation(id: string, now: Date, who: { memberId?: string; ip?: string }): ConversationItem {
  return {
    _id: id,
    messages: [],
    ...(who.memberId ? { memberId: who.memberId } : who.ip ? { ip: who.ip } : {}),
    createdAt: now,
    updatedAt: now,
    expiresAt: new Date(now.getTime() + CONVERSATION_TTL_MS),
  };
}

/** The item with a message added (oldest dropped beyond the cap), its dates moved on and no pending answer. */
export function withMessage(item: ConversationItem, message: StoredMessage, now: Date): ConversationItem {
  const { pending: _pending, ...rest } = item;
  return {
    ...rest,
    messages: [...item.messages, message].slice(-MAX_STORED_MESSAGES),
    updatedAt: now,
    expiresAt: new Date(now.getTime() + CONVERSATION_TTL_MS),
  };
}

/** The turns an engine gets as history: the last `max` messages, each cut to `maxChars`. */
export function historyOf(item: ConversationItem, max: number, maxChars: number): ChatTurn[] {
  return item.messages.slice(-max).map((m) => ({ role: m.role, content: m.content.length > maxChars ? `${m.content.slice(0, maxChars)}…` : m.content }));
}

/** The scheduled clean-up: deletes conversations past expiresAt. */
export async function expireConversations(ports: Pick<Ports, 'data' | 'clock'>, options: { maxBatches?: number } = {}): Promise<number> {
  return removeExpired(ports.data, CONVERSATIONS_COLLECTION, 'expiresAt', ports.clock.now(), options.maxBatches);
}
