import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { CollectionDef } from '../../src/backend/collections/types';
import {
  checkBulkInput,
  checkItemId,
  checkItemShape,
  checkItemSize,
  itemJsonBytes,
} from '../../src/backend/adapters/data-limits';
import { systemClock, type Clock } from '../../src/backend/ports/clock';
import { DataError, emptyBulkResult, type BulkResult, type DataItem, type DataPort, type NewItem, type QuerySpec } from '../../src/backend/ports/data';
import { createDataQuery } from '../../src/backend/ports/data-query';
import { decodeItem, encodeItem } from './sqlite/codec';
import { toDataError } from './sqlite/errors';
import { countSql, selectSql, SQL_FUNCTIONS } from './sqlite/query-sql';
import { ensureSchema, tableOf } from './sqlite/schema';
import { validateItem } from './sqlite/validate';

/**
 * The local stand-in for Wix Data: the declared collections in one SQLite file, with Wix's
 * semantics and limits (see DataPort), so services behave the same locally as on the site.
 */

export interface SqliteDataOptions {
  /** Path of the database file (its directory is created when missing), or ':memory:'. */
  file: string;
  collections: readonly CollectionDef[];
  clock?: Clock;
  /** Who is calling: becomes `_owner` of inserted items, as Wix records the member who inserted. */
  owner?: () => Promise<string | undefined>;
}

export type SqliteDataPort = DataPort & { close(): void };

interface Row {
  _createdDate: string;
  _owner: string | null;
  data: string;
}

type ItemOutcome = { ok: true; item: DataItem } | { ok: false; itemId?: string; error: DataError };

export function createSqliteDataPort(options: SqliteDataOptions): SqliteDataPort {
  const clock = options.clock ?? systemClock;
  const defs = new Map(options.collections.map((def) => [def.id, def]));
  const db = open(options.file);
  const uniqueIndexes = createSchema(db, options.collections);
  const statements = new Map<string, Database.Statement>();

  function mapError(err: unknown): DataError {
    return toDataError(err, uniqueIndexes);
  }

  function guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw mapError(err);
    }
  }

  function stmt(sql: string): Database.Statement {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  }

  function collectionDef(collection: string): CollectionDef {
    const def = typeof collection === 'string' ? defs.get(collection) : undefined;
    if (!def) {
      throw new DataError('UNKNOWN_COLLECTION', `Unknown collection ${JSON.stringify(collection)}: it is not declared in src/backend/collections`, {
        collection,
      });
    }
    return def;
  }

  const now = () => new Date(clock.now().getTime());

  async function caller(): Promise<string | undefined> {
    return options.owner ? await options.owner() : undefined;
  }

  function readRow(def: CollectionDef, id: string): Row | undefined {
    return stmt(`SELECT _createdDate, _owner, data FROM ${tableOf(def.id)} WHERE _id = ?`).get(id) as Row | undefined;
  }

  /** Checks and stores one item; returns it as a reader would get it back. */
  function write(def: CollectionDef, item: DataItem, mode: 'insert' | 'update'): DataItem {
    const json = encodeItem(item);
    checkItemSize(def.id, itemJsonBytes(item), item._id);
    const params = [item._createdDate!.toISOString(), item._updatedDate!.toISOString(), item._owner ?? null, json, item._id];
    if (mode === 'insert') {
      stmt(`INSERT INTO ${tableOf(def.id)} (_createdDate, _updatedDate, _owner, data, _id) VALUES (?, ?, ?, ?, ?)`).run(...params);
    } else {
      stmt(`UPDATE ${tableOf(def.id)} SET _createdDate = ?, _updatedDate = ?, _owner = ?, data = ? WHERE _id = ?`).run(...params);
    }
    return decodeItem(json);
  }

  function insertOne(def: CollectionDef, input: unknown, owner: string | undefined, at: Date): DataItem {
    checkItemShape(def.id, input);
    const fields = validateItem(def, input);
    const id = typeof fields._id === 'string' ? fields._id : randomUUID();
    if (readRow(def, id)) {
      throw new DataError('DUPLICATE_ID', `${def.id} already has an item with _id "${id}"`, { collection: def.id, itemId: id });
    }
    const itemOwner = typeof fields._owner === 'string' ? fields._owner : owner;
    const item: DataItem = { ...fields, _id: id, _createdDate: at, _updatedDate: at };
    if (itemOwner === undefined) delete item._owner;
    else item._owner = itemOwner;
    return write(def, item, 'insert');
  }

  function updateOne(def: CollectionDef, input: unknown, at: Date): DataItem {
    checkItemShape(def.id, input);
    checkItemId(def.id, input._id);
    const fields = validateItem(def, input);
    const existing = readRow(def, input._id);
    if (!existing) {
      throw new DataError('ITEM_NOT_FOUND', `${def.id} has no item with _id "${input._id}"`, { collection: def.id, itemId: input._id });
    }
    // Update replaces the item whole but keeps what the store owns: creation date and owner.
    const item: DataItem = { ...fields, _id: input._id, _createdDate: new Date(existing._createdDate), _updatedDate: at };
    if (existing._owner === null) delete item._owner;
    else item._owner = existing._owner;
    return write(def, item, 'update');
  }

  function removeOne(def: CollectionDef, id: unknown): DataItem | null {
    checkItemId(def.id, id);
    const existing = readRow(def, id);
    if (!existing) return null;
    stmt(`DELETE FROM ${tableOf(def.id)} WHERE _id = ?`).run(id);
    return decodeItem(existing.data);
  }

  /** Runs one item of a bulk call: its own failure is reported, a store failure aborts the batch. */
  function attempt(itemId: string | undefined, fn: () => DataItem | null): ItemOutcome {
    try {
      const item = fn();
      if (item === null) {
        return { ok: false, itemId, error: new DataError('ITEM_NOT_FOUND', `No item with _id "${itemId}"`, { itemId }) };
      }
      return { ok: true, item };
    } catch (err) {
      const error = mapError(err);
      if (error.code === 'STORE_UNAVAILABLE') throw error;
      return { ok: false, itemId, error };
    }
  }

  function bulk(outcomes: () => ItemOutcome[], kind: 'inserted' | 'updated' | 'removed'): BulkResult {
    const results = guard(() => db.transaction(outcomes)());
    const result = emptyBulkResult();
    results.forEach((outcome, index) => {
      if (outcome.ok) {
        result[kind] += 1;
        result[`${kind}ItemIds`].push(outcome.item._id);
      } else {
        result.errors.push({
          index,
          ...(outcome.itemId !== undefined ? { itemId: outcome.itemId } : {}),
          code: outcome.error.code,
          message: outcome.error.message,
        });
      }
    });
    return result;
  }

  const idOf = (item: unknown): string | undefined =>
    item !== null && typeof item === 'object' && typeof (item as { _id?: unknown })._id === 'string' ? (item as { _id: string })._id : undefined;

  function executor(collection: string) {
    return {
      async find(spec: QuerySpec) {
        return guard(() => {
          collectionDef(collection);
          const select = selectSql(spec);
          const count = countSql(spec);
          const rows = stmt(select.sql).all(...select.params) as Array<{ data: string }>;
          const { n } = stmt(count.sql).get(...count.params) as { n: number };
          return { items: rows.map((row) => decodeItem(row.data)), totalCount: n };
        });
      },
      async count(spec: QuerySpec) {
        return guard(() => {
          collectionDef(collection);
          const count = countSql(spec);
          return (stmt(count.sql).get(...count.params) as { n: number }).n;
        });
      },
    };
  }

  const port: SqliteDataPort = {
    async insert<T extends DataItem>(collection: string, item: NewItem) {
      const def = guard(() => collectionDef(collection));
      const owner = await caller();
      return guard(() => insertOne(def, item, owner, now())) as T;
    },
    async get<T extends DataItem>(collection: string, id: string) {
      return guard(() => {
        const def = collectionDef(collection);
        checkItemId(def.id, id);
        const row = readRow(def, id);
        return row ? decodeItem<T>(row.data) : null;
      });
    },
    async update<T extends DataItem>(collection: string, item: NewItem & { _id: string }) {
      return guard(() => updateOne(collectionDef(collection), item, now())) as T;
    },
    async save<T extends DataItem>(collection: string, item: NewItem) {
      const def = guard(() => collectionDef(collection));
      const owner = await caller();
      return guard(() =>
        db.transaction(() => {
          checkItemShape(def.id, item);
          const id = item._id;
          return typeof id === 'string' && readRow(def, id) ? updateOne(def, item, now()) : insertOne(def, item, owner, now());
        })(),
      ) as T;
    },
    async remove<T extends DataItem>(collection: string, id: string) {
      return guard(() => removeOne(collectionDef(collection), id)) as T | null;
    },
    query<T extends DataItem>(collection: string) {
      return createDataQuery<T>(collection, executor(collection));
    },
    async bulkInsert(collection: string, items: NewItem[]) {
      const def = guard(() => {
        checkBulkInput('bulkInsert', String(collection), items);
        return collectionDef(collection);
      });
      const owner = await caller();
      const at = now();
      return bulk(() => items.map((item) => attempt(idOf(item), () => insertOne(def, item, owner, at))), 'inserted');
    },
    async bulkUpdate(collection: string, items: Array<NewItem & { _id: string }>) {
      const def = guard(() => {
        checkBulkInput('bulkUpdate', String(collection), items);
        return collectionDef(collection);
      });
      const at = now();
      return bulk(() => items.map((item) => attempt(idOf(item), () => updateOne(def, item, at))), 'updated');
    },
    async bulkRemove(collection: string, ids: string[]) {
      const def = guard(() => {
        checkBulkInput('bulkRemove', String(collection), ids);
        return collectionDef(collection);
      });
      return bulk(() => ids.map((id) => attempt(typeof id === 'string' ? id : undefined, () => removeOne(def, id))), 'removed');
    },
    close() {
      if (db.open) db.close();
    },
  };
  return port;
}

function createSchema(db: Database.Database, collections: readonly CollectionDef[]) {
  try {
    return ensureSchema(db, collections);
  } catch (err) {
    db.close();
    throw toDataError(err, new Map());
  }
}

function open(file: string): Database.Database {
  try {
    if (file !== ':memory:' && file !== '') mkdirSync(dirname(resolve(file)), { recursive: true });
    const db = new Database(file);
    // WAL lets the data browser read while the site writes; the busy timeout rides out short locks.
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    for (const [name, fn] of Object.entries(SQL_FUNCTIONS)) db.function(name, { deterministic: true }, fn);
    return db;
  } catch (err) {
    throw new DataError('STORE_UNAVAILABLE', `Cannot open the SQLite data store at ${file}: ${(err as Error).message}`, { file });
  }
}
