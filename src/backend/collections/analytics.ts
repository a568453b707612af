import { PERMISSIONS, type CollectionDef } from './types';

/** First-party analytics: visits, conversions and page performance, written by the backend only. */

export const Sessions: CollectionDef = {
  id: 'Sessions',
  displayName: 'Sessions',
  description: 'One row per visit: where it came from and which pages it saw.',
  permissions: PERMISSIONS.adminOnly,
  fields: [
    { key: 'sessionId', displayName: 'Session id', type: 'TEXT', required: true, description: 'Random id kept in the visitor\'s browser session.' },
    { key: 'memberId', displayName: 'Member', type: 'TEXT', description: 'Member id when signed in.' },
    { key: 'startedAt', displayName: 'Started', type: 'DATETIME', required: true, description: 'First page view.' },
    { key: 'lastSeenAt', displayName: 'Last seen', type: 'DATETIME', required: true, description: 'Latest page view.' },
    { key: 'landingPage', displayName: 'Landing page', type: 'TEXT', required: true, description: 'Path of the first page.' },
    { key: 'referrer', displayName: 'Referrer', type: 'TEXT', description: 'document.referrer of the first page.' },
    { key: 'utm', displayName: 'UTM', type: 'OBJECT', description: '{ source, medium, campaign } when present.' },
    { key: 'pageViews', displayName: 'Page views', type: 'NUMBER', required: true, description: 'Pages seen in this session.' },
  ],
  indexes: [{ fields: [{ key: 'sessionId' }], unique: true }, { fields: [{ key: 'startedAt', order: 'DESC' }] }],
};

export const ConversionEvents: CollectionDef = {
  id: 'ConversionEvents',
  displayName: 'Conversion Events',
  description: 'Business events: contact submitted, sign-up, checkout started, purchase, tool used.',
  permissions: PERMISSIONS.adminOnly,
  fields: [
    { key: 'event', displayName: 'Event', type: 'TEXT', required: true, description: 'e.g. "contact_submitted", "checkout_started", "purchase".' },
    { key: 'sessionId', displayName: 'Session id', type: 'TEXT', description: 'Session it happened in, when known.' },
    { key: 'memberId', displayName: 'Member', type: 'TEXT', description: 'Member id, when signed in.' },
    { key: 'valueCents', displayName: 'Value (cents)', type: 'NUMBER', description: 'Monetary value, when there is one.' },
    { key: 'properties', displayName: 'Properties', type: 'OBJECT', description: 'Event details.' },
    { key: 'occurredAt', displayName: 'Occurred', type: 'DATETIME', required: true, description: 'When it happened.' },
  ],
  indexes: [{ fields: [{ key: 'event' }, { key: 'occurredAt', order: 'DESC' }] }],
};

export const PerformanceMetrics: CollectionDef = {
  id: 'PerformanceMetrics',
  displayName: 'Performance Metrics',
  description: 'Timings of pages and backend calls, rolled up by the usage job.',
  permissions: PERMISSIONS.adminOnly,
  fields: [
    { key: 'metric', displayName: 'Metric', type: 'TEXT', required: true, description: 'e.g. "page.lcp", "http.scan.ms", "health.dataStore.ms".' },
    { key: 'value', displayName: 'Value', type: 'NUMBER', required: true, description: 'Measured value.' },
    { key: 'unit', displayName: 'Unit', type: 'TEXT', required: true, description: '"ms", "bytes", "count".' },
    { key: 'page', displayName: 'Page or endpoint', type: 'TEXT', description: 'Where it was measured.' },
    { key: 'recordedAt', displayName: 'Recorded', type: 'DATETIME', required: true, description: 'When it was measured.' },
  ],
  indexes: [{ fields: [{ key: 'metric' }, { key: 'recordedAt', order: 'DESC' }] }],
};
