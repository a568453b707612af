import { isConversationId } from './view';

/**
 * What the assistant keeps in the browser between page loads: the conversation's id (local
 * storage, so it survives closing the tab; the messages themselves stay on the site and are read
 * back on open) and whether the panel was open (session storage, so following a citation lands on
 * a page where the conversation is still in view). Storage can be off or full (private windows,
 * blocked cookies): then nothing is kept, and nothing throws.
 */

export const CONVERSATION_KEY = 'fhiriq.assistant.conversationId';
export const OPEN_KEY = 'fhiriq.assistant.open';

type Area = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function area(name: 'localStorage' | 'sessionStorage'): Area | null {
  try {
    return typeof window !== 'undefined' ? window[name] : null;
  } catch {
    return null; // reading window.localStorage itself throws when the browser blocks storage
  }
}

function get(where: Area | null, key: string): string | null {
  try {
    return where?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function put(where: Area | null, key: string, value: string | null): void {
  try {
    if (value === null) where?.removeItem(key);
    else where?.setItem(key, value);
  } catch {
    // full or off: the conversation is simply not kept
  }
}

export interface AssistantStore {
  conversationId(): string | null;
  setConversationId(id: string | null): void;
  wasOpen(): boolean;
  setOpen(open: boolean): void;
}

export function browserStore(local: Area | null = area('localStorage'), session: Area | null = area('sessionStorage')): AssistantStore {
  return {
    conversationId() {
      const id = get(local, CONVERSATION_KEY);
      return isConversationId(id) ? id : null;
    },
    setConversationId(id) {
      put(local, CONVERSATION_KEY, id);
    },
    wasOpen() {
      return get(session, OPEN_KEY) === '1';
    },
    setOpen(open) {
      put(session, OPEN_KEY, open ? '1' : null);
    },
  };
}

/**
 * A new conversation's id, chosen here so the element can read the conversation (and the answer
 * streaming into it) while its first question is still on its way. randomUUID needs a secure
 * context; elsewhere the same version-4 layout is made from getRandomValues.
 */
export function newConversationId(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
