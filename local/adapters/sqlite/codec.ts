import { DataError, type DataItem } from '../../../src/backend/ports/data';

/**
 * How items are stored: JSON in which every Date becomes `{"$date": "<ISO 8601>"}`, so Dates come
 * back as Dates (as on Wix) and the query translator can compare them as ISO strings, which sort
 * chronologically because toISOString() has a fixed width.
 */

export const DATE_TAG = '$date';

export function encodeItem(item: Record<string, unknown>): string {
  return JSON.stringify(item, function replacer(this: Record<string, unknown>, key: string, value: unknown) {
    // `value` has already been through Date#toJSON; the holder still has the Date itself.
    const raw = this[key];
    if (raw instanceof Date) {
      if (Number.isNaN(raw.getTime())) {
        throw new DataError('VALIDATION', `Field "${key}" holds an invalid Date`, { field: key });
      }
      return { [DATE_TAG]: raw.toISOString() };
    }
    return value;
  });
}

export function decodeItem<T extends DataItem = DataItem>(json: string): T {
  return JSON.parse(json, (_key, value: unknown) => (isDateTag(value) ? new Date(value[DATE_TAG]) : value)) as T;
}

/** A value as it is bound into SQL: Dates compare as their ISO text, booleans as SQLite's 1/0. */
export function toSqlScalar(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return encodeItem({ v: value }).slice('{"v":'.length, -1);
}

function isDateTag(value: unknown): value is { [DATE_TAG]: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === DATE_TAG && typeof (value as Record<string, unknown>)[DATE_TAG] === 'string';
}

export function byteLength(json: string): number {
  return Buffer.byteLength(json, 'utf8');
}
