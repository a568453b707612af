/**
 * The data port: what services need from a document store, shaped like `@wix/data`'s `items` API
 * so the Wix adapter is a thin translation and the SQLite adapter can honour the same contract
 * (including Wix's limits) locally.
 */

/** A stored item. System fields are set by the store, as on Wix. */
export interface DataItem {
  _id: string;
  _createdDate?: Date;
  _updatedDate?: Date;
  _owner?: string;
  [field: string]: unknown;
}

/** What callers pass in: `_id` is optional on insert (the store assigns one). */
export type NewItem = Omit<Partial<DataItem>, '_createdDate' | '_updatedDate'> & Record<string, unknown>;

/** Wix's documented limits; the local store refuses what Wix would refuse. */
export const WIX_LIMITS = {
  /** Largest item, in bytes of its JSON form. */
  maxItemBytes: 512 * 1024,
  /** Largest page a query may ask for. */
  maxQueryLimit: 1000,
  /** Default page size when a query sets no limit (Wix's default). */
  defaultQueryLimit: 50,
  /** Most items in one bulk operation. */
  maxBulkItems: 1000,
} as const;

export type Comparable = string | number | boolean | Date;

/** One condition of a query. All conditions of a query are ANDed, as chained Wix filters are. */
export type Filter =
  | { op: 'eq' | 'ne'; field: string; value: unknown }
  | { op: 'gt' | 'lt' | 'ge' | 'le'; field: string; value: Comparable }
  | { op: 'contains' | 'startsWith'; field: string; value: string }
  | { op: 'hasSome' | 'hasAll'; field: string; values: unknown[] }
  | { op: 'between'; field: string; from: Comparable; to: Comparable }
  | { op: 'isEmpty' | 'isNotEmpty'; field: string };

export interface SortSpec {
  field: string;
  order: 'asc' | 'desc';
}

/** A query as plain data: what adapters execute. */
export interface QuerySpec {
  collection: string;
  filters: Filter[];
  sort: SortSpec[];
  limit?: number;
  skip?: number;
}

export interface QueryResult<T extends DataItem = DataItem> {
  items: T[];
  totalCount: number;
  /** Number of items in this page. */
  length: number;
  pageSize: number;
  /** Zero-based page index, as on Wix. */
  currentPage: number;
  totalPages: number;
  hasNext(): boolean;
  hasPrev(): boolean;
  next(): Promise<QueryResult<T>>;
  prev(): Promise<QueryResult<T>>;
}

export interface BulkResult {
  inserted: number;
  updated: number;
  removed: number;
  skipped: number;
  insertedItemIds: string[];
  updatedItemIds: string[];
  removedItemIds: string[];
  errors: Array<{ index: number; itemId?: string; code: DataErrorCode; message: string }>;
}

/** A bulk result with nothing counted yet, for adapters to fill in. */
export function emptyBulkResult(): BulkResult {
  return { inserted: 0, updated: 0, removed: 0, skipped: 0, insertedItemIds: [], updatedItemIds: [], removedItemIds: [], errors: [] };
}

/** The chainable query builder, as `items.query(collection)` gives on Wix. */
export interface DataQuery<T extends DataItem = DataItem> {
  eq(field: string, value: unknown): DataQuery<T>;
  ne(field: string, value: unknown): DataQuery<T>;
  gt(field: string, value: Comparable): DataQuery<T>;
  lt(field: string, value: Comparable): DataQuery<T>;
  ge(field: string, value: Comparable): DataQuery<T>;
  le(field: string, value: Comparable): DataQuery<T>;
  contains(field: string, value: string): DataQuery<T>;
  startsWith(field: string, value: string): DataQuery<T>;
  hasSome(field: string, values: unknown[]): DataQuery<T>;
  hasAll(field: string, values: unknown[]): DataQuery<T>;
  between(field: string, from: Comparable, to: Comparable): DataQuery<T>;
  isEmpty(field: string): DataQuery<T>;
  isNotEmpty(field: string): DataQuery<T>;
  ascending(...fields: string[]): DataQuery<T>;
  descending(...fields: string[]): DataQuery<T>;
  limit(n: number): DataQuery<T>;
  skip(n: number): DataQuery<T>;
  find(): Promise<QueryResult<T>>;
  count(): Promise<number>;
  /** The query as plain data (for adapters, logs and tests). */
  toSpec(): QuerySpec;
}

export interface DataPort {
  insert<T extends DataItem = DataItem>(collection: string, item: NewItem): Promise<T>;
  /** The item, or null when there is none with that id (as on Wix). */
  get<T extends DataItem = DataItem>(collection: string, id: string): Promise<T | null>;
  /** Replaces an existing item whole; fails with ITEM_NOT_FOUND when there is none. */
  update<T extends DataItem = DataItem>(collection: string, item: NewItem & { _id: string }): Promise<T>;
  /** Inserts, or replaces the item with the same `_id`. */
  save<T extends DataItem = DataItem>(collection: string, item: NewItem): Promise<T>;
  /** The removed item, or null when there was none. */
  remove<T extends DataItem = DataItem>(collection: string, id: string): Promise<T | null>;
  query<T extends DataItem = DataItem>(collection: string): DataQuery<T>;
  bulkInsert(collection: string, items: NewItem[]): Promise<BulkResult>;
  bulkUpdate(collection: string, items: Array<NewItem & { _id: string }>): Promise<BulkResult>;
  bulkRemove(collection: string, ids: string[]): Promise<BulkResult>;
}

export type DataErrorCode =
  | 'UNKNOWN_COLLECTION'
  | 'ITEM_NOT_FOUND'
  | 'DUPLICATE_ID'
  | 'DUPLICATE_KEY'
  | 'ITEM_TOO_LARGE'
  | 'QUERY_LIMIT_EXCEEDED'
  | 'BULK_LIMIT_EXCEEDED'
  | 'VALIDATION'
  | 'STORE_UNAVAILABLE';

/** Every adapter throws this, so services can tell "not found" from "store down". */
export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(
    readonly code: DataErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
