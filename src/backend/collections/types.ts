/**
 * How a collection is declared. Field types and roles use Wix Data's own names (the
 * `collections` API of `@wix/data`), so provisioning a real site is a direct mapping.
 */

export type FieldType =
  | 'TEXT'
  | 'RICH_TEXT'
  | 'NUMBER'
  | 'BOOLEAN'
  | 'DATE'
  | 'DATETIME'
  | 'URL'
  | 'IMAGE'
  | 'AUDIO'
  | 'ARRAY_STRING'
  | 'ARRAY'
  | 'OBJECT'
  | 'REFERENCE';

export type Role = 'ADMIN' | 'SITE_MEMBER_AUTHOR' | 'SITE_MEMBER' | 'ANYONE';

export interface FieldDef {
  key: string;
  displayName: string;
  type: FieldType;
  required?: boolean;
  /** For REFERENCE fields: the collection the id points to. */
  referencedCollection?: string;
  /** What the field is for, shown to editors in docs/collections.md. */
  description: string;
}

export interface IndexDef {
  fields: Array<{ key: string; order?: 'ASC' | 'DESC' }>;
  unique?: boolean;
}

export interface CollectionDef {
  id: string;
  displayName: string;
  description: string;
  fields: FieldDef[];
  permissions: { read: Role; insert: Role; update: Role; remove: Role };
  indexes: IndexDef[];
}

/** Presets for the common permission shapes. */
export const PERMISSIONS = {
  /** Site content: everyone reads, only admins write (CMS content). */
  publicContent: { read: 'ANYONE', insert: 'ADMIN', update: 'ADMIN', remove: 'ADMIN' },
  /** Written by backend code only (which runs with elevated rights), never by visitors directly. */
  adminOnly: { read: 'ADMIN', insert: 'ADMIN', update: 'ADMIN', remove: 'ADMIN' },
  /** A member's own records: members read their own; the backend writes them. */
  memberOwned: { read: 'SITE_MEMBER_AUTHOR', insert: 'ADMIN', update: 'ADMIN', remove: 'ADMIN' },
  /** Form submissions: anyone may insert (through backend code), only admins read. */
  formSubmissions: { read: 'ADMIN', insert: 'ANYONE', update: 'ADMIN', remove: 'ADMIN' },
} as const satisfies Record<string, CollectionDef['permissions']>;
