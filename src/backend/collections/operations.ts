import { PERMISSIONS, type CollectionDef } from './types';

/** The plumbing: inbound forms and webhooks, outbound messages, and the audit trail. */

export const ContactSubmissions: CollectionDef = {
  id: 'ContactSubmissions',
  displayName: 'Contact Submissions',
  description: 'Messages sent with the form on /contact. Each one also queues a CRM sync in the Outbox.',
  permissions: PERMISSIONS.formSubmissions,
  fields: [
    { key: 'name', displayName: 'Name', type: 'TEXT', required: true, description: 'Sender name.' },
    { key: 'email', displayName: 'Email', type: 'TEXT', required: true, description: 'Sender email, trimmed and lower-cased by the data hook.' },
    { key: 'company', displayName: 'Company', type: 'TEXT', description: 'Organisation, if given.' },
    { key: 'message', displayName: 'Message', type: 'TEXT', required: true, description: 'What they wrote.' },
    { key: 'consent', displayName: 'Consent', type: 'BOOLEAN', required: true, description: 'Agreed to be contacted (required to submit).' },
    { key: 'status', displayName: 'Status', type: 'TEXT', required: true, description: '"new", "synced" (in the CRM) or "closed".' },
    { key: 'memberId', displayName: 'Member', type: 'TEXT', description: 'Member id when the sender was signed in.' },
    { key: 'submittedAt', displayName: 'Submitted', type: 'DATETIME', required: true, description: 'When it was received.' },
  ],
  indexes: [{ fields: [{ key: 'email' }] }, { fields: [{ key: 'submittedAt', order: 'DESC' }] }],
};

export const WebhookEvents: CollectionDef = {
  id: 'WebhookEvents',
  displayName: 'Webhook Events',
  description: 'Every verified webhook received (Stripe, Calendly), keyed by provider event id so each is handled once.',
  permissions: PERMISSIONS.adminOnly,
  fields: [
    { key: 'provider', displayName: 'Provider', type: 'TEXT', required: true, description: '"stripe" or "calendly".' },
    { key: 'eventId', displayName: 'Event id', type: 'TEXT', required: true, description: 'Provider event id; unique per provider (idempotency key).' },
    { key: 'type', displayName: 'Type', type: 'TEXT', required: true, description: 'Provider event type, e.g. "checkout.session.completed".' },
    { key: 'payload', displayName: 'Payload', type: 'OBJECT', required: true, description: 'The verified event body.' },
    { key: 'status', displayName: 'Status', type: 'TEXT', required: true, description: '"received", "processed" or "failed".' },
    { key: 'error', displayName: 'Error', type: 'TEXT', description: 'Why processing failed.' },
    { key: 'receivedAt', displayName: 'Received', type: 'DATETIME', required: true, description: 'When it arrived.' },
    { key: 'processedAt', displayName: 'Processed', type: 'DATETIME', description: 'When handling finished.' },
  ],
  indexes: [{ fields: [{ key: 'provider' }, { key: 'eventId' }], unique: true }],
};

export const Outbox: CollectionDef = {
  id: 'Outbox',
  displayName: 'Outbox',
  description: 'Messages to external services (CRM, email), written in the same step as the change that causes them and sent by the outbox job with retries.',
  permissions: PERMISSIONS.adminOnly,
  fields: [
    { key: 'topic', displayName: 'Topic', type: 'TEXT', required: true, description: 'What to do, e.g. "crm.upsertContact", "mail.subscribe".' },
    { key: 'payload', displayName: 'Payload', type: 'OBJECT', required: true, description: 'What to send.' },
    { key: 'status', displayName: 'Status', type: 'TEXT', required: true, description: '"pending", "sent" or "dead" (gave up after the last attempt).' },
    { key: 'attempts', displayName: 'Attempts', type: 'NUMBER', required: true, description: 'How many sends were tried.' },
    { key: 'nextAttemptAt', displayName: 'Next attempt', type: 'DATETIME', required: true, description: 'Not sent before this time (exponential back-off).' },
    { key: 'lastError', displayName: 'Last error', type: 'TEXT', description: 'Why the last attempt failed.' },
    { key: 'sourceCollection', displayName: 'Source collection', type: 'TEXT', description: 'Collection of the record that caused it.' },
    { key: 'sourceId', displayName: 'Source id', type: 'TEXT', description: 'Id of that record.' },
    { key: 'sentAt', displayName: 'Sent', type: 'DATETIME', description: 'When it was delivered.' },
  ],
  indexes: [{ fields: [{ key: 'status' }, { key: 'nextAttemptAt' }] }],
};

export const AuditLog: CollectionDef = {
  id: 'AuditLog',
  displayName: 'Audit Log',
  description: 'Append-only record of security-relevant actions: who did what to which record, from where.',
  permissions: PERMISSIONS.adminOnly,
  fields: [
    { key: 'action', displayName: 'Action', type: 'TEXT', required: true, description: 'e.g. "contact.submitted", "role.changed", "backup.restored".' },
    { key: 'actorId', displayName: 'Actor', type: 'TEXT', description: 'Member id, or empty for a visitor or the system.' },
    { key: 'actorRole', displayName: 'Actor role', type: 'TEXT', required: true, description: '"visitor", "member", "admin" or "system".' },
    { key: 'target', displayName: 'Target', type: 'TEXT', description: 'Collection/id or other target of the action.' },
    { key: 'ip', displayName: 'IP', type: 'TEXT', description: 'Client IP, when the action came over HTTP.' },
    { key: 'details', displayName: 'Details', type: 'OBJECT', description: 'Action-specific details (never secrets).' },
    { key: 'at', displayName: 'At', type: 'DATETIME', required: true, description: 'When it happened.' },
  ],
  indexes: [{ fields: [{ key: 'at', order: 'DESC' }] }, { fields: [{ key: 'action' }] }],
};
