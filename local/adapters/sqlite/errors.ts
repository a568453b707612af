import { DataError } from '../../../src/backend/ports/data';
import type { UniqueIndexInfo } from './schema';

/** SQLite's failures in DataPort terms: constraint violations by name, anything else "store unavailable". */
export function toDataError(err: unknown, uniqueIndexes: ReadonlyMap<string, UniqueIndexInfo>): DataError {
  if (err instanceof DataError) return err;
  const code = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const index = /index '([^']+)'/.exec(message)?.[1];
    const info = index ? uniqueIndexes.get(index) : undefined;
    if (info) {
      const names = info.fields.map((f) => `"${f}"`).join(' + ');
      return new DataError('DUPLICATE_KEY', `${info.collection} already has an item with the same ${names} (unique index)`, {
        collection: info.collection,
        fields: info.fields,
      });
    }
    if (/\._id\b/.test(message)) return new DataError('DUPLICATE_ID', `An item with this _id already exists (${message})`);
  }
  return new DataError('STORE_UNAVAILABLE', `The local data store failed: ${message}`, { cause: message });
}
