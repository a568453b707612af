import { PERMISSIONS, type CollectionDef } from './types';

/** The AI assistant's conversations and the request limits of the site's public endpoints. */

export const Conversations: CollectionDef = {
  id: 'Conversations',
  displayName: 'Conversations',
  description:
    'Conversations with the AI assistant (POST /_functions/chat), so a follow-up question can use the earlier turns. ' +
    'The item id is the conversation id the visitor\'s browser chose. Messages are stored with likely personal health ' +
    'information (SSNs, medical record numbers, dates of birth, phone numbers, emails) already masked. ' +
    'A scheduled job deletes conversations after expiresAt.',
  permissions: PERMISSIONS.adminOnly,
  fields: [
    {
      key: 'messages',
      displayName: 'Messages',
      type: 'ARRAY',
      required: true,
      description: 'The turns, oldest first: { role: "user" | "assistant", content (masked), at (ISO date-time), citations?: [{ title, url }] }.',
    },
    { key: 'memberId', displayName: 'Member', type: 'TEXT', description: 'The site member who started it, when signed in.' },
    { key: 'ip', displayName: 'IP', type: 'TEXT', description: 'Client IP of a visitor who was not signed in (abuse tracing); deleted with the conversation.' },
    {
      key: 'pending',
      displayName: 'Pending answer',
      type: 'OBJECT',
      description: '{ text, at }: the answer being written right now (streamed), so the widget can show it while it waits; cleared when the answer is stored.',
    },
    { key: 'createdAt', displayName: 'Created', type: 'DATETIME', required: true, description: 'When the first message arrived.' },
    { key: 'updatedAt', displayName: 'Updated', type: 'DATETIME', required: true, description: 'When the last message was stored.' },
    { key: 'expiresAt', displayName: 'Expires', type: 'DATETIME', required: true, description: 'When the expiry job deletes it (30 days after the last message).' },
  ],
  indexes: [{ fields: [{ key: 'expiresAt' }] }, { fields: [{ key: 'memberId' }] }],
};

export const RateLimits: CollectionDef = {
  id: 'RateLimits',
  displayName: 'Rate Limits',
  description:
    'The request counters of rate-limited endpoints (the assistant first), one item per limiter and client: the item id is ' +
    '"<limiter>:member:<id>" or "<limiter>:ip:<address>". Kept in the data layer so every backend instance sees the same counts; ' +
    'a scheduled job deletes items whose window has ended.',
  permissions: PERMISSIONS.adminOnly,
  fields: [
    { key: 'points', displayName: 'Points', type: 'NUMBER', required: true, description: 'Points (requests) consumed in the current window.' },
    { key: 'expiresAt', displayName: 'Window ends', type: 'DATETIME', description: 'When the current window ends and the count starts again; empty = never.' },
    { key: 'updatedAt', displayName: 'Updated', type: 'DATETIME', required: true, description: 'When the counter last changed.' },
  ],
  indexes: [{ fields: [{ key: 'expiresAt' }] }],
};
