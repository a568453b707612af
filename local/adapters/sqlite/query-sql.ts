import { DataError, type Comparable, type Filter, type QuerySpec } from '../../../src/backend/ports/data';
import { encodeItem, toSqlScalar } from './codec';
import { fieldIsDateSql, fieldTypeSql, fieldValueSql, jsonPath, tableOf } from './schema';

/**
 * QuerySpec -> SQL. Every value is a bound parameter; field names only enter the SQL text after
 * passing the strict field-name check (see jsonPath). Filters mean what they mean on Wix.
 */

export type SqlParam = string | number | null;

export interface SqlFragment {
  sql: string;
  params: SqlParam[];
}

/** SQLite functions the translation relies on; registered on the connection by the adapter. */
export const SQL_FUNCTIONS = {
  /** Case-insensitive substring test (Unicode-aware, unlike SQLite's ASCII-only lower()). */
  wix_contains: (haystack: unknown, needle: unknown): number =>
    typeof haystack === 'string' && typeof needle === 'string' && haystack.toLowerCase().includes(needle.toLowerCase()) ? 1 : 0,
  wix_starts_with: (haystack: unknown, prefix: unknown): number =>
    typeof haystack === 'string' && typeof prefix === 'string' && haystack.toLowerCase().startsWith(prefix.toLowerCase()) ? 1 : 0,
};

export function whereClause(spec: QuerySpec): SqlFragment {
  if (!Array.isArray(spec.filters)) throw new DataError('VALIDATION', 'Query filters must be an array');
  const parts = spec.filters.map(filterSql);
  if (parts.length === 0) return { sql: '', params: [] };
  return { sql: ` WHERE ${parts.map((p) => `(${p.sql})`).join(' AND ')}`, params: parts.flatMap((p) => p.params) };
}

export function orderByClause(spec: QuerySpec): string {
  const terms = (spec.sort ?? []).map((s) => {
    if (s.order !== 'asc' && s.order !== 'desc') throw new DataError('VALIDATION', `Invalid sort order ${JSON.stringify(s.order)}`);
    return `${fieldValueSql(s.field)} ${s.order === 'desc' ? 'DESC' : 'ASC'}`;
  });
  // Insertion order breaks ties, so paging through equal keys is stable.
  return ` ORDER BY ${[...terms, 'rowid ASC'].join(', ')}`;
}

export function selectSql(spec: QuerySpec): SqlFragment {
  const where = whereClause(spec);
  const params: SqlParam[] = [...where.params];
  let sql = `SELECT data FROM ${tableOf(spec.collection)}${where.sql}${orderByClause(spec)}`;
  sql += ' LIMIT ? OFFSET ?';
  params.push(spec.limit ?? -1, spec.skip ?? 0);
  return { sql, params };
}

export function countSql(spec: QuerySpec): SqlFragment {
  const where = whereClause(spec);
  return { sql: `SELECT COUNT(*) AS n FROM ${tableOf(spec.collection)}${where.sql}`, params: where.params };
}

function filterSql(filter: Filter): SqlFragment {
  const field = filter.field;
  switch (filter.op) {
    case 'eq':
      return eqSql(field, filter.value);
    case 'ne': {
      // Wix's ne also matches items that lack the field, where eq's SQL is NULL.
      const eq = eqSql(field, filter.value);
      return { sql: `NOT COALESCE((${eq.sql}), 0)`, params: eq.params };
    }
    case 'gt':
    case 'lt':
    case 'ge':
    case 'le': {
      const op = { gt: '>', lt: '<', ge: '>=', le: '<=' }[filter.op];
      const value = comparable(field, filter.op, filter.value);
      return { sql: `${typeGuard(field, value)} AND ${fieldValueSql(field)} ${op} ?`, params: [toSqlScalar(value)] };
    }
    case 'between': {
      // Wix: from <= value < to.
      const from = comparable(field, 'between', filter.from);
      const to = comparable(field, 'between', filter.to);
      const value = fieldValueSql(field);
      return {
        sql: `${typeGuard(field, from)} AND ${value} >= ? AND ${value} < ?`,
        params: [toSqlScalar(from), toSqlScalar(to)],
      };
    }
    case 'contains':
    case 'startsWith': {
      if (typeof filter.value !== 'string') {
        throw new DataError('VALIDATION', `${filter.op}("${field}") needs a string, got ${typeof filter.value}`, { field });
      }
      const fn = filter.op === 'contains' ? 'wix_contains' : 'wix_starts_with';
      return { sql: `${fieldTypeSql(field)} = 'text' AND ${fn}(${fieldValueSql(field)}, ?)`, params: [filter.value] };
    }
    case 'hasSome':
      return hasSomeSql(field, valuesOf(field, filter.op, filter.values));
    case 'hasAll':
      return hasAllSql(field, valuesOf(field, filter.op, filter.values));
    case 'isEmpty':
      return isEmptySql(field);
    case 'isNotEmpty': {
      const empty = isEmptySql(field);
      return { sql: `NOT COALESCE((${empty.sql}), 0)`, params: empty.params };
    }
    default:
      throw new DataError('VALIDATION', `Unknown filter ${JSON.stringify((filter as { op?: unknown }).op)}`);
  }
}

function eqSql(field: string, value: unknown): SqlFragment {
  const v = fieldValueSql(field);
  if (value === null || value === undefined) return { sql: `${v} IS NULL`, params: [] };
  if (typeof value === 'boolean') return { sql: `${fieldTypeSql(field)} = '${value ? 'true' : 'false'}'`, params: [] };
  if (typeof value === 'number' || typeof value === 'string' || value instanceof Date) {
    const scalar = comparable(field, 'eq', value);
    return { sql: `${typeGuard(field, scalar)} AND ${v} = ?`, params: [toSqlScalar(scalar)] };
  }
  // Arrays and objects: equal when their JSON is equal.
  return { sql: `json_extract(data, '${jsonPath(field)}') = json(?)`, params: [encodeItem({ v: value }).slice(5, -1)] };
}

/** Comparison only between values of one kind, as on Wix: numbers with numbers, Dates with Dates... */
function typeGuard(field: string, value: Comparable): string {
  if (value instanceof Date) return fieldIsDateSql(field);
  const type = fieldTypeSql(field);
  if (typeof value === 'number') return `${type} IN ('integer', 'real')`;
  if (typeof value === 'boolean') return `${type} IN ('true', 'false')`;
  return `${type} = 'text'`;
}

function comparable(field: string, op: string, value: unknown): Comparable {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  throw new DataError('VALIDATION', `${op}("${field}") needs a string, finite number, boolean or valid Date`, { field });
}

function valuesOf(field: string, op: string, values: unknown): unknown[] {
  if (!Array.isArray(values)) throw new DataError('VALIDATION', `${op}("${field}") needs an array of values`, { field });
  return values.map((v) => (v === null || v === undefined ? v : comparable(field, op, v)));
}

/** An element of an array field, with stored Dates as their ISO text. */
const ELEMENT_VALUE = `CASE je.type WHEN 'object' THEN json_extract(je.value, '$."$date"') ELSE je.value END`;

function hasSomeSql(field: string, values: unknown[]): SqlFragment {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return { sql: '0', params: [] };
  const marks = present.map(() => '?').join(', ');
  const params = present.map(toSqlScalar);
  if (field === '_id') return { sql: `_id IN (${marks})`, params };
  return {
    sql:
      `CASE WHEN ${fieldTypeSql(field)} = 'array' ` +
      `THEN EXISTS (SELECT 1 FROM json_each(data, '${jsonPath(field)}') AS je WHERE ${ELEMENT_VALUE} IN (${marks})) ` +
      `ELSE ${fieldValueSql(field)} IN (${marks}) END`,
    params: [...params, ...params],
  };
}

function hasAllSql(field: string, values: unknown[]): SqlFragment {
  if (values.length === 0) return { sql: '1', params: [] };
  if (values.some((v) => v === null || v === undefined)) return { sql: '0', params: [] };
  const params = values.map(toSqlScalar);
  if (field === '_id') return { sql: values.map(() => '_id = ?').join(' AND '), params };
  const inArray = values
    .map(() => `EXISTS (SELECT 1 FROM json_each(data, '${jsonPath(field)}') AS je WHERE ${ELEMENT_VALUE} = ?)`)
    .join(' AND ');
  const scalar = values.map(() => `${fieldValueSql(field)} = ?`).join(' AND ');
  return {
    sql: `CASE WHEN ${fieldTypeSql(field)} = 'array' THEN ${inArray} ELSE ${scalar} END`,
    params: [...params, ...params],
  };
}

/** Missing, null or the empty string (what the CMS shows as an empty cell). */
function isEmptySql(field: string): SqlFragment {
  return { sql: `${fieldValueSql(field)} IS NULL OR ${fieldValueSql(field)} = ''`, params: [] };
}
