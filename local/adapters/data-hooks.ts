import {
  DataError,
  type BulkResult,
  type DataItem,
  type DataPort,
  type DataQuery,
  type NewItem,
  type QuerySpec,
} from '../../src/backend/ports/data';
import { createDataQuery } from '../../src/backend/ports/data-query';
import { checkBulkInput } from '../../src/backend/adapters/data-limits';

/**
 * Velo data hooks, run locally as Wix runs them: a `data.ts` module exports functions named
 * `<Collection>_<hook>`, and every call through the port passes its items through them. Hooks are
 * looked up by name on each call, so a reloaded module takes effect at once.
 */

export interface HookContext {
  collectionName: string;
  userId?: string;
  userRole: 'visitor' | 'member' | 'admin';
}

type Caller = () => Promise<{ userId?: string; userRole: 'visitor' | 'member' | 'admin' }>;

type HookName =
  | 'beforeInsert'
  | 'afterInsert'
  | 'beforeUpdate'
  | 'afterUpdate'
  | 'beforeRemove'
  | 'afterRemove'
  | 'beforeGet'
  | 'afterGet'
  | 'afterQuery';

type Hook = (value: unknown, context: HookContext) => unknown;

export function withDataHooks(port: DataPort, hooks: Record<string, unknown>, context: Caller): DataPort {
  function hookOf(collection: string, name: HookName): Hook | undefined {
    const fn = hooks[`${collection}_${name}`];
    return typeof fn === 'function' ? (fn as Hook) : undefined;
  }

  async function contextFor(collection: string): Promise<HookContext> {
    const who = await context();
    return { collectionName: collection, userId: who.userId, userRole: who.userRole };
  }

  /** Runs a hook that must hand back an item (before/after insert, update, remove, get, query). */
  async function itemHook<T>(collection: string, name: HookName, item: T, ctx: HookContext): Promise<T> {
    const hook = hookOf(collection, name);
    if (!hook) return item;
    const result = await hook(item, ctx);
    if (result === null || typeof result !== 'object' || Array.isArray(result)) {
      throw new DataError('VALIDATION', `Data hook ${collection}_${name} must return the item, got ${result === null ? 'null' : typeof result}`);
    }
    return result as T;
  }

  /** beforeRemove and beforeGet receive and return an item id. */
  async function idHook(collection: string, name: 'beforeRemove' | 'beforeGet', id: string, ctx: HookContext): Promise<string> {
    const hook = hookOf(collection, name);
    if (!hook) return id;
    const result = await hook(id, ctx);
    if (typeof result !== 'string' || result === '') {
      throw new DataError('VALIDATION', `Data hook ${collection}_${name} must return the item id, got ${typeof result}`);
    }
    return result;
  }

  async function afterEach<T extends DataItem>(collection: string, name: HookName, items: T[], ctx: HookContext): Promise<T[]> {
    if (!hookOf(collection, name)) return items;
    const out: T[] = [];
    for (const item of items) out.push(await itemHook(collection, name, item, ctx));
    return out;
  }

  /**
   * Before-hooks of a bulk call run per item; an item whose hook fails is reported in `errors`
   * under its own index and left out, while the rest go ahead (as Wix reports per-item failures).
   */
  async function beforeEach<V>(
    collection: string,
    values: V[],
    run: (value: V, ctx: HookContext) => Promise<V>,
    ctx: HookContext,
  ): Promise<{ kept: V[]; keptIndex: number[]; failed: BulkResult['errors'] }> {
    const kept: V[] = [];
    const keptIndex: number[] = [];
    const failed: BulkResult['errors'] = [];
    for (const [index, value] of values.entries()) {
      try {
        kept.push(await run(value, ctx));
        keptIndex.push(index);
      } catch (err) {
        const itemId = typeof value === 'string' ? value : idOf(value);
        failed.push({
          index,
          ...(itemId !== undefined ? { itemId } : {}),
          code: err instanceof DataError ? err.code : 'VALIDATION',
          message: err instanceof Error ? err.message : String(err),
        });
      }
    }
    return { kept, keptIndex, failed };
  }

  function merge(result: BulkResult, keptIndex: number[], failed: BulkResult['errors']): BulkResult {
    const errors = [...failed, ...result.errors.map((e) => ({ ...e, index: keptIndex[e.index] ?? e.index }))];
    errors.sort((a, b) => a.index - b.index);
    return { ...result, errors };
  }

  async function itemsById(collection: string, ids: string[]): Promise<DataItem[]> {
    const items: DataItem[] = [];
    for (const id of ids) {
      const item = await port.get(collection, id);
      if (item) items.push(item);
    }
    return items;
  }

  function replay<T extends DataItem>(collection: string, spec: QuerySpec): DataQuery<T> {
    let q = port.query<T>(collection);
    for (const f of spec.filters) {
      switch (f.op) {
        case 'eq':
        case 'ne':
        case 'gt':
        case 'lt':
        case 'ge':
        case 'le':
        case 'contains':
        case 'startsWith':
          q = (q[f.op] as (field: string, value: unknown) => DataQuery<T>)(f.field, f.value);
          break;
        case 'hasSome':
        case 'hasAll':
          q = q[f.op](f.field, f.values);
          break;
        case 'between':
          q = q.between(f.field, f.from, f.to);
          break;
        case 'isEmpty':
        case 'isNotEmpty':
          q = q[f.op](f.field);
          break;
      }
    }
    for (const s of spec.sort) q = s.order === 'desc' ? q.descending(s.field) : q.ascending(s.field);
    if (spec.limit !== undefined) q = q.limit(spec.limit);
    if (spec.skip !== undefined) q = q.skip(spec.skip);
    return q;
  }

  return {
    async insert<T extends DataItem>(collection: string, item: NewItem) {
      const ctx = await contextFor(collection);
      const toInsert = await itemHook(collection, 'beforeInsert', item, ctx);
      const inserted = await port.insert<T>(collection, toInsert);
      return itemHook(collection, 'afterInsert', inserted, ctx);
    },
    async get<T extends DataItem>(collection: string, id: string) {
      const ctx = await contextFor(collection);
      const item = await port.get<T>(collection, await idHook(collection, 'beforeGet', id, ctx));
      return item ? itemHook(collection, 'afterGet', item, ctx) : null;
    },
    async update<T extends DataItem>(collection: string, item: NewItem & { _id: string }) {
      const ctx = await contextFor(collection);
      const toUpdate = await itemHook(collection, 'beforeUpdate', item, ctx);
      const updated = await port.update<T>(collection, toUpdate);
      return itemHook(collection, 'afterUpdate', updated, ctx);
    },
    async save<T extends DataItem>(collection: string, item: NewItem) {
      // Wix runs the insert hooks or the update hooks, depending on whether the item exists.
      const ctx = await contextFor(collection);
      const exists = typeof item?._id === 'string' && item._id !== '' && (await port.get(collection, item._id)) !== null;
      const [before, after] = exists ? (['beforeUpdate', 'afterUpdate'] as const) : (['beforeInsert', 'afterInsert'] as const);
      const toSave = await itemHook(collection, before, item, ctx);
      const saved = await port.save<T>(collection, toSave);
      return itemHook(collection, after, saved, ctx);
    },
    async remove<T extends DataItem>(collection: string, id: string) {
      const ctx = await contextFor(collection);
      const removed = await port.remove<T>(collection, await idHook(collection, 'beforeRemove', id, ctx));
      return removed ? itemHook(collection, 'afterRemove', removed, ctx) : null;
    },
    query<T extends DataItem>(collection: string) {
      return createDataQuery<T>(collection, {
        async find(spec) {
          const ctx = await contextFor(collection);
          const page = await replay<T>(collection, spec).find();
          return { items: await afterEach(collection, 'afterQuery', page.items, ctx), totalCount: page.totalCount };
        },
        count: (spec) => replay<T>(collection, spec).count(),
      });
    },
    async bulkInsert(collection: string, items: NewItem[]) {
      // Refused before any hook runs, as the store refuses before touching anything.
      checkBulkInput('bulkInsert', collection, items);
      const ctx = await contextFor(collection);
      const { kept, keptIndex, failed } = await beforeEach(collection, items, (item, c) => itemHook(collection, 'beforeInsert', item, c), ctx);
      const result = await port.bulkInsert(collection, kept);
      if (hookOf(collection, 'afterInsert')) {
        await afterEach(collection, 'afterInsert', await itemsById(collection, result.insertedItemIds), ctx);
      }
      return merge(result, keptIndex, failed);
    },
    async bulkUpdate(collection: string, items: Array<NewItem & { _id: string }>) {
      // Refused before any hook runs, as the store refuses before touching anything.
      checkBulkInput('bulkUpdate', collection, items);
      const ctx = await contextFor(collection);
      const { kept, keptIndex, failed } = await beforeEach(collection, items, (item, c) => itemHook(collection, 'beforeUpdate', item, c), ctx);
      const result = await port.bulkUpdate(collection, kept);
      if (hookOf(collection, 'afterUpdate')) {
        await afterEach(collection, 'afterUpdate', await itemsById(collection, result.updatedItemIds), ctx);
      }
      return merge(result, keptIndex, failed);
    },
    async bulkRemove(collection: string, ids: string[]) {
      // Refused before any hook runs, as the store refuses before touching anything.
      checkBulkInput('bulkRemove', collection, ids);
      const ctx = await contextFor(collection);
      const { kept, keptIndex, failed } = await beforeEach(collection, ids, (id, c) => idHook(collection, 'beforeRemove', id, c), ctx);
      // afterRemove receives the removed item, so read the items while they still exist.
      const before = hookOf(collection, 'afterRemove') ? await itemsById(collection, kept) : [];
      const result = await port.bulkRemove(collection, kept);
      const removed = new Set(result.removedItemIds);
      await afterEach(collection, 'afterRemove', before.filter((item) => removed.has(item._id)), ctx);
      return merge(result, keptIndex, failed);
    },
  };
}

function idOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const id = (value as { _id?: unknown })._id;
  return typeof id === 'string' ? id : undefined;
}
