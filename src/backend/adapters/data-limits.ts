import { DataError, WIX_LIMITS } from '../ports/data';

/**
 * Wix's limits, checked the same way by every data adapter so that a refused item or bulk call
 * reads the same locally and on the site (and is refused before anything is written).
 */

/** Size of an item as Wix measures it: the bytes of its JSON form. */
export function itemJsonBytes(item: unknown): number {
  return Buffer.byteLength(JSON.stringify(item) ?? '', 'utf8');
}

export function checkItemSize(collection: string, bytes: number, itemId?: string): void {
  if (bytes > WIX_LIMITS.maxItemBytes) {
    throw new DataError(
      'ITEM_TOO_LARGE',
      `Item${itemId ? ` "${itemId}"` : ''} in ${collection} is ${bytes} bytes; Wix Data items may be at most ${WIX_LIMITS.maxItemBytes} bytes (512 KB)`,
      { collection, bytes, max: WIX_LIMITS.maxItemBytes, ...(itemId ? { itemId } : {}) },
    );
  }
}

export function checkBulkCount(operation: 'bulkInsert' | 'bulkUpdate' | 'bulkRemove', collection: string, count: number): void {
  if (count > WIX_LIMITS.maxBulkItems) {
    throw new DataError(
      'BULK_LIMIT_EXCEEDED',
      `${operation} on ${collection} got ${count} items; Wix Data bulk operations take at most ${WIX_LIMITS.maxBulkItems}`,
      { collection, count, max: WIX_LIMITS.maxBulkItems },
    );
  }
}

export function checkBulkInput(operation: 'bulkInsert' | 'bulkUpdate' | 'bulkRemove', collection: string, input: unknown): void {
  if (!Array.isArray(input)) {
    throw new DataError('VALIDATION', `${operation} on ${collection} needs an array`, { collection });
  }
  checkBulkCount(operation, collection, input.length);
}

export function checkItemShape(collection: string, item: unknown): asserts item is Record<string, unknown> {
  if (item === null || typeof item !== 'object' || Array.isArray(item) || item instanceof Date) {
    throw new DataError('VALIDATION', `An item of ${collection} must be an object`, { collection });
  }
  const id = (item as Record<string, unknown>)._id;
  if (id !== undefined && id !== null && (typeof id !== 'string' || id === '')) {
    throw new DataError('VALIDATION', `Field "_id" of an item of ${collection} must be a non-empty string`, { collection, field: '_id' });
  }
}

export function checkItemId(collection: string, id: unknown): asserts id is string {
  if (typeof id !== 'string' || id === '') {
    throw new DataError('VALIDATION', `An item id of ${collection} must be a non-empty string`, { collection, field: '_id' });
  }
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** Field names reach query languages (SQL, Wix's filter JSON); only plain dotted names are allowed. */
export function checkFieldName(field: unknown): asserts field is string {
  if (typeof field !== 'string' || !FIELD_NAME.test(field) || field.split('.').some((part) => part === '')) {
    throw new DataError('VALIDATION', `Invalid field name ${JSON.stringify(field)}: use letters, digits, "_" and "." only`, {
      field: String(field),
    });
  }
}
