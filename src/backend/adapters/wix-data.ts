import { items } from '@wix/data';
import {
  DataError,
  type BulkResult,
  type DataItem,
  type DataPort,
  type NewItem,
  type QuerySpec,
} from '../ports/data';
import { createDataQuery } from '../ports/data-query';
import { checkBulkInput, checkFieldName, checkItemId, checkItemShape, checkItemSize, itemJsonBytes } from './data-limits';
import { toDataError } from './wix-data-errors';

/**
 * DataPort over `@wix/data`'s `items` module: a thin translation. Wix's limits are checked here
 * before a request is sent, with the same checks the local SQLite store makes, so a refused item
 * reads the same on the site as on a laptop.
 */

type WixItem = Record<string, unknown>;

/** The part of Wix's query builder this adapter uses. */
export interface WixQueryBuilder {
  eq(field: string, value: unknown): WixQueryBuilder;
  ne(field: string, value: unknown): WixQueryBuilder;
  gt(field: string, value: string | number | Date): WixQueryBuilder;
  lt(field: string, value: string | number | Date): WixQueryBuilder;
  ge(field: string, value: string | number | Date): WixQueryBuilder;
  le(field: string, value: string | number | Date): WixQueryBuilder;
  contains(field: string, value: string): WixQueryBuilder;
  startsWith(field: string, value: string): WixQueryBuilder;
  hasSome(field: string, values: string[] | number[] | Date[]): WixQueryBuilder;
  hasAll(field: string, values: string[] | number[] | Date[]): WixQueryBuilder;
  between(field: string, rangeStart: string | number | Date, rangeEnd: string | number | Date): WixQueryBuilder;
  isEmpty(field: string): WixQueryBuilder;
  isNotEmpty(field: string): WixQueryBuilder;
  ascending(...fields: string[]): WixQueryBuilder;
  descending(...fields: string[]): WixQueryBuilder;
  limit(n: number): WixQueryBuilder;
  skip(n: number): WixQueryBuilder;
  find(options?: { returnTotalCount?: boolean }): Promise<{ items: WixItem[]; totalCount?: number | undefined }>;
  count(): Promise<number>;
}

export interface WixBulkResultLike {
  inserted: number;
  updated: number;
  removed: number;
  skipped: number;
  insertedItemIds: string[];
  updatedItemIds: string[];
  removedItemIds: string[];
  errors: Array<{ message: string; code: string; originalIndex: number; item?: unknown }>;
}

/** The part of `@wix/data`'s `items` module this adapter uses (a test passes a fake). */
export interface WixItemsSdk {
  insert(collection: string, item: WixItem): Promise<WixItem>;
  update(collection: string, item: WixItem & { _id: string }): Promise<WixItem>;
  save(collection: string, item: WixItem): Promise<WixItem>;
  get(collection: string, id: string): Promise<WixItem | null>;
  remove(collection: string, id: string): Promise<WixItem | null>;
  bulkInsert(collection: string, items: WixItem[]): Promise<WixBulkResultLike>;
  bulkUpdate(collection: string, items: Array<WixItem & { _id: string }>): Promise<WixBulkResultLike>;
  bulkRemove(collection: string, ids: string[]): Promise<WixBulkResultLike>;
  query(collection: string): WixQueryBuilder;
}

export function createWixDataPort(sdk: WixItemsSdk = items): DataPort {
  async function call<T>(collection: string, itemId: string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw toDataError(err, { collection, ...(itemId !== undefined ? { itemId } : {}) });
    }
  }

  function checked(collection: string, item: unknown): WixItem {
    checkItemShape(collection, item);
    const id = typeof item._id === 'string' ? item._id : undefined;
    checkItemSize(collection, itemJsonBytes(item), id);
    return item;
  }

  /**
   * Sends the items that pass the client-side checks; those that fail are reported under their
   * own index, as Wix reports per-item failures, and the rest go ahead.
   */
  async function bulk<V>(
    collection: string,
    values: V[],
    check: (value: V) => void,
    send: (values: V[]) => Promise<WixBulkResultLike>,
  ): Promise<BulkResult> {
    const sent: V[] = [];
    const sentIndex: number[] = [];
    const errors: BulkResult['errors'] = [];
    values.forEach((value, index) => {
      try {
        check(value);
        sent.push(value);
        sentIndex.push(index);
      } catch (err) {
        const e = toDataError(err, { collection });
        const itemId = idOf(value);
        errors.push({ index, ...(itemId ? { itemId } : {}), code: e.code, message: e.message });
      }
    });
    const result = sent.length > 0 ? await call(collection, undefined, () => send(sent)) : emptyWixBulk();
    for (const e of result.errors ?? []) {
      const index = sentIndex[e.originalIndex] ?? e.originalIndex;
      const itemId = idOf(e.item) ?? idOf(values[index]);
      const mapped = toDataError(e, { collection, ...(itemId ? { itemId } : {}) });
      errors.push({ index, ...(itemId ? { itemId } : {}), code: mapped.code, message: e.message });
    }
    errors.sort((a, b) => a.index - b.index);
    return {
      inserted: result.inserted ?? 0,
      updated: result.updated ?? 0,
      removed: result.removed ?? 0,
      skipped: result.skipped ?? 0,
      insertedItemIds: result.insertedItemIds ?? [],
      updatedItemIds: result.updatedItemIds ?? [],
      removedItemIds: result.removedItemIds ?? [],
      errors,
    };
  }

  function executor(collection: string) {
    return {
      async find(spec: QuerySpec) {
        const builder = replay(sdk.query(collection), spec);
        const page = await call(collection, undefined, () => builder.find({ returnTotalCount: true }));
        // totalCount comes only with returnTotalCount; should a response lack it, count separately.
        const totalCount =
          typeof page.totalCount === 'number' ? page.totalCount : await call(collection, undefined, () => replay(sdk.query(collection), spec).count());
        return { items: page.items as DataItem[], totalCount };
      },
      async count(spec: QuerySpec) {
        const builder = replay(sdk.query(collection), spec);
        return call(collection, undefined, () => builder.count());
      },
    };
  }

  return {
    async insert<T extends DataItem>(collection: string, item: NewItem) {
      const body = checked(collection, item);
      return (await call(collection, idOf(body), () => sdk.insert(collection, body))) as T;
    },
    async get<T extends DataItem>(collection: string, id: string) {
      checkItemId(collection, id);
      return (await call(collection, id, () => sdk.get(collection, id))) as T | null;
    },
    async update<T extends DataItem>(collection: string, item: NewItem & { _id: string }) {
      const body = checked(collection, item);
      checkItemId(collection, body._id);
      const withId = body as WixItem & { _id: string };
      return (await call(collection, withId._id, () => sdk.update(collection, withId))) as T;
    },
    async save<T extends DataItem>(collection: string, item: NewItem) {
      const body = checked(collection, item);
      return (await call(collection, idOf(body), () => sdk.save(collection, body))) as T;
    },
    async remove<T extends DataItem>(collection: string, id: string) {
      checkItemId(collection, id);
      return (await call(collection, id, () => sdk.remove(collection, id))) as T | null;
    },
    query<T extends DataItem>(collection: string) {
      return createDataQuery<T>(collection, executor(collection));
    },
    async bulkInsert(collection: string, list: NewItem[]) {
      checkBulkInput('bulkInsert', collection, list);
      return bulk(collection, list, (item) => checked(collection, item), (sent) => sdk.bulkInsert(collection, sent as WixItem[]));
    },
    async bulkUpdate(collection: string, list: Array<NewItem & { _id: string }>) {
      checkBulkInput('bulkUpdate', collection, list);
      return bulk(
        collection,
        list,
        (item) => {
          checked(collection, item);
          checkItemId(collection, item._id);
        },
        (sent) => sdk.bulkUpdate(collection, sent as Array<WixItem & { _id: string }>),
      );
    },
    async bulkRemove(collection: string, ids: string[]) {
      checkBulkInput('bulkRemove', collection, ids);
      return bulk(collection, ids, (id) => checkItemId(collection, id), (sent) => sdk.bulkRemove(collection, sent));
    },
  };
}

/** Replays a QuerySpec onto Wix's builder, call for call. */
export function replay(query: WixQueryBuilder, spec: QuerySpec): WixQueryBuilder {
  let q = query;
  for (const f of spec.filters) {
    checkFieldName(f.field);
    switch (f.op) {
      case 'eq':
        // Wix matches a missing field with isEmpty; eq(field, null) is not a Wix filter.
        q = f.value === null || f.value === undefined ? q.isEmpty(f.field) : q.eq(f.field, f.value);
        break;
      case 'ne':
        q = f.value === null || f.value === undefined ? q.isNotEmpty(f.field) : q.ne(f.field, f.value);
        break;
      case 'gt':
      case 'lt':
      case 'ge':
      case 'le':
        q = q[f.op](f.field, f.value as string | number | Date);
        break;
      case 'contains':
      case 'startsWith':
        q = q[f.op](f.field, f.value);
        break;
      case 'hasSome':
      case 'hasAll':
        q = q[f.op](f.field, f.values as string[]);
        break;
      case 'between':
        q = q.between(f.field, f.from as string | number | Date, f.to as string | number | Date);
        break;
      case 'isEmpty':
      case 'isNotEmpty':
        q = q[f.op](f.field);
        break;
      default:
        throw new DataError('VALIDATION', `Unknown filter ${JSON.stringify((f as { op?: unknown }).op)}`);
    }
  }
  for (const s of spec.sort) {
    checkFieldName(s.field);
    q = s.order === 'desc' ? q.descending(s.field) : q.ascending(s.field);
  }
  if (spec.limit !== undefined) q = q.limit(spec.limit);
  if (spec.skip !== undefined) q = q.skip(spec.skip);
  return q;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return undefined;
  const id = (value as { _id?: unknown })._id;
  return typeof id === 'string' ? id : undefined;
}

function emptyWixBulk(): WixBulkResultLike {
  return { inserted: 0, updated: 0, removed: 0, skipped: 0, insertedItemIds: [], updatedItemIds: [], removedItemIds: [], errors: [] };
}
