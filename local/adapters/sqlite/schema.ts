import type Database from 'better-sqlite3';
import type { CollectionDef } from '../../../src/backend/collections/types';
import { checkFieldName } from '../../../src/backend/adapters/data-limits';
import { DataError } from '../../../src/backend/ports/data';

/**
 * One table per declared collection: the system fields as columns (for the primary key and for
 * browsing) and the whole item as JSON in `data`. Declared indexes become expression indexes over
 * the same SQL the query translator emits for a field, so SQLite can use them for filters and sorts.
 */

const COLLECTION_ID = /^[A-Za-z][A-Za-z0-9_]*$/;

export function quoteIdent(name: string): string {
  return `"${name}"`;
}

export function tableOf(collectionId: string): string {
  if (!COLLECTION_ID.test(collectionId)) {
    throw new DataError('UNKNOWN_COLLECTION', `Invalid collection name ${JSON.stringify(collectionId)}`, { collection: collectionId });
  }
  return quoteIdent(collectionId);
}

/** A JSON path for a (checked) dotted field name, each segment quoted: `$."a"."b"`. */
export function jsonPath(field: string): string {
  checkFieldName(field);
  return `$${field.split('.').map((part) => `."${part}"`).join('')}`;
}

/**
 * The SQL value of a field: a stored Date's ISO text, otherwise the JSON value (missing -> NULL).
 * Field names are checked against a strict pattern before they are put into SQL text; values never are.
 */
export function fieldValueSql(field: string): string {
  if (field === '_id') return '_id';
  const path = jsonPath(field);
  return `COALESCE(json_extract(data, '${path}."$date"'), json_extract(data, '${path}'))`;
}

/** json_type of the raw value ('text', 'integer', 'real', 'true', 'false', 'null', 'object', 'array'; NULL when missing). */
export function fieldTypeSql(field: string): string {
  if (field === '_id') return `'text'`;
  return `json_type(data, '${jsonPath(field)}')`;
}

/** True when the field holds a stored Date. */
export function fieldIsDateSql(field: string): string {
  if (field === '_id') return '0';
  return `(json_type(data, '${jsonPath(field)}."$date"') = 'text')`;
}

export interface UniqueIndexInfo {
  collection: string;
  fields: string[];
}

/** Derived from everything that defines the index, so a changed declaration gets a new index. */
export function indexName(def: CollectionDef, index: CollectionDef['indexes'][number]): string {
  const parts = index.fields.map((f) => `${f.key.replace(/\./g, '_')}${f.order === 'DESC' ? '_desc' : ''}`);
  return `${index.unique ? 'ux' : 'ix'}_${def.id}_${parts.join('_')}`;
}

/** Creates tables and indexes from the declarations; safe to run on every open. */
export function ensureSchema(db: Database.Database, collections: readonly CollectionDef[]): Map<string, UniqueIndexInfo> {
  const uniqueIndexes = new Map<string, UniqueIndexInfo>();
  const run = db.transaction(() => {
    for (const def of collections) {
      const table = tableOf(def.id);
      db.exec(
        `CREATE TABLE IF NOT EXISTS ${table} (` +
          '_id TEXT PRIMARY KEY NOT NULL, _createdDate TEXT NOT NULL, _updatedDate TEXT NOT NULL, _owner TEXT, data TEXT NOT NULL)',
      );
      const wanted = new Set<string>();
      for (const index of def.indexes) {
        const fields = index.fields.map((f) => f.key);
        const name = indexName(def, index);
        wanted.add(name);
        const columns = index.fields.map((f) => `${fieldValueSql(f.key)}${f.order === 'DESC' ? ' DESC' : ''}`).join(', ');
        db.exec(`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${table} (${columns})`);
        if (index.unique) uniqueIndexes.set(name, { collection: def.id, fields });
      }
      // Indexes this adapter made for a declaration that has since changed are dropped, so the
      // tables always match the code (a removed unique index must stop refusing inserts).
      const existing = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND (name LIKE 'ix\\_%' ESCAPE '\\' OR name LIKE 'ux\\_%' ESCAPE '\\')`)
        .all(def.id) as Array<{ name: string }>;
      for (const { name } of existing) {
        if (!wanted.has(name)) db.exec(`DROP INDEX IF EXISTS ${quoteIdent(name)}`);
      }
    }
  });
  run();
  return uniqueIndexes;
}
