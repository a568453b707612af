import type { CollectionDef, FieldDef, FieldType } from '../../../src/backend/collections/types';
import { DataError } from '../../../src/backend/ports/data';

/**
 * Checks an item against its collection's declared fields, as the CMS would: declared fields must
 * hold values of their type, required ones must be present and non-empty, undeclared fields pass
 * through untouched (Wix allows them too). Returns a copy with DATETIME strings turned into Dates.
 */
export function validateItem(def: CollectionDef, item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item };
  for (const field of def.fields) {
    const value = out[field.key];
    if (isEmptyValue(value)) {
      if (field.required) {
        throw fieldError(def, field, value === undefined ? 'is required' : 'is required and must not be empty');
      }
      continue;
    }
    const result = checkType(field.type, value);
    if (typeof result === 'string') throw fieldError(def, field, result);
    out[field.key] = result.value;
  }
  return out;
}

/** What "no value" means for required fields and for isEmpty(): missing, null or "". */
export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The (possibly normalized) value, or a sentence saying what is wrong. */
function checkType(type: FieldType, value: unknown): { value: unknown } | string {
  switch (type) {
    case 'TEXT':
    case 'RICH_TEXT':
    case 'URL':
    case 'IMAGE':
    case 'AUDIO':
      return typeof value === 'string' ? { value } : `must be a string (${type}), got ${describe(value)}`;
    case 'NUMBER':
      return typeof value === 'number' && Number.isFinite(value) ? { value } : `must be a finite number, got ${describe(value)}`;
    case 'BOOLEAN':
      return typeof value === 'boolean' ? { value } : `must be true or false, got ${describe(value)}`;
    case 'DATE':
      return typeof value === 'string' && isCalendarDate(value) ? { value } : `must be a date as "YYYY-MM-DD", got ${describe(value)}`;
    case 'DATETIME': {
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'must be a valid Date, got an invalid Date' : { value };
      if (typeof value === 'string' && ISO_DATETIME.test(value) && !Number.isNaN(Date.parse(value))) return { value: new Date(value) };
      return `must be a Date or an ISO 8601 date-time string, got ${describe(value)}`;
    }
    case 'ARRAY_STRING':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? { value }
        : `must be an array of strings, got ${describe(value)}`;
    case 'ARRAY':
      return Array.isArray(value) ? { value } : `must be an array, got ${describe(value)}`;
    case 'OBJECT':
      return isPlainObject(value) ? { value } : `must be an object, got ${describe(value)}`;
    case 'REFERENCE':
      return typeof value === 'string' ? { value } : `must be the _id (a string) of the referenced item, got ${describe(value)}`;
  }
}

function isCalendarDate(value: string): boolean {
  const m = DATE_ONLY.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return `a ${typeof value}`;
}

function fieldError(def: CollectionDef, field: FieldDef, problem: string): DataError {
  return new DataError('VALIDATION', `${def.id}.${field.key} ${problem}`, { collection: def.id, field: field.key, problem });
}
