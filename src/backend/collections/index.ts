import { Sessions, ConversionEvents, PerformanceMetrics } from './analytics';
import { Conversations, RateLimits } from './assistant';
import { Products, Customers, Orders, Subscriptions } from './commerce';
import { BlogPosts, PodcastEpisodes, CaseStudies, Documentation, Tools } from './content';
import { ContactSubmissions, WebhookEvents, Outbox, AuditLog } from './operations';
import { TestRuns } from './tool-runs';
import type { CollectionDef } from './types';

/** Every collection of the site, declared once: drives SQLite tables, docs/collections.md and provisioning. */
export const COLLECTIONS: readonly CollectionDef[] = [
  BlogPosts,
  PodcastEpisodes,
  CaseStudies,
  Documentation,
  Tools,
  Products,
  Orders,
  Customers,
  Subscriptions,
  Sessions,
  ConversionEvents,
  PerformanceMetrics,
  ContactSubmissions,
  WebhookEvents,
  Outbox,
  AuditLog,
  TestRuns,
  Conversations,
  RateLimits,
];

export type CollectionId = (typeof COLLECTIONS)[number]['id'];

export function findCollection(id: string): CollectionDef | undefined {
  return COLLECTIONS.find((c) => c.id === id);
}

export type { CollectionDef, FieldDef, FieldType, IndexDef, Role } from './types';
