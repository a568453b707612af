import {
  DataError,
  WIX_LIMITS,
  type Comparable,
  type DataItem,
  type DataQuery,
  type Filter,
  type QueryResult,
  type QuerySpec,
} from './data';

/** What an adapter supplies to run a query it was handed as plain data. */
export interface QueryExecutor {
  /** One page: the items and the count of all matches (ignoring limit and skip). */
  find(spec: QuerySpec): Promise<{ items: DataItem[]; totalCount: number }>;
  count(spec: QuerySpec): Promise<number>;
}

/**
 * An immutable, chainable builder shared by every adapter: each call returns a new builder, as
 * Wix's does, so a base query can be reused. Adapters only translate the finished spec.
 */
export function createDataQuery<T extends DataItem>(collection: string, executor: QueryExecutor): DataQuery<T> {
  return build<T>({ collection, filters: [], sort: [] }, executor);
}

function build<T extends DataItem>(spec: QuerySpec, executor: QueryExecutor): DataQuery<T> {
  const withFilter = (filter: Filter) => build<T>({ ...spec, filters: [...spec.filters, filter] }, executor);
  const cmp = (op: 'gt' | 'lt' | 'ge' | 'le') => (field: string, value: Comparable) => withFilter({ op, field, value });
  return {
    eq: (field, value) => withFilter({ op: 'eq', field, value }),
    ne: (field, value) => withFilter({ op: 'ne', field, value }),
    gt: cmp('gt'),
    lt: cmp('lt'),
    ge: cmp('ge'),
    le: cmp('le'),
    contains: (field, value) => withFilter({ op: 'contains', field, value }),
    startsWith: (field, value) => withFilter({ op: 'startsWith', field, value }),
    hasSome: (field, values) => withFilter({ op: 'hasSome', field, values }),
    hasAll: (field, values) => withFilter({ op: 'hasAll', field, values }),
    between: (field, from, to) => withFilter({ op: 'between', field, from, to }),
    isEmpty: (field) => withFilter({ op: 'isEmpty', field }),
    isNotEmpty: (field) => withFilter({ op: 'isNotEmpty', field }),
    ascending: (...fields) =>
      build<T>({ ...spec, sort: [...spec.sort, ...fields.map((field) => ({ field, order: 'asc' as const }))] }, executor),
    descending: (...fields) =>
      build<T>({ ...spec, sort: [...spec.sort, ...fields.map((field) => ({ field, order: 'desc' as const }))] }, executor),
    limit: (n) => build<T>({ ...spec, limit: checkLimit(n) }, executor),
    skip: (n) => build<T>({ ...spec, skip: checkSkip(n) }, executor),
    find: () => runPage<T>(spec, executor),
    count: () => executor.count(spec),
    toSpec: () => structuredClone(spec),
  };
}

function checkLimit(n: number): number {
  if (!Number.isInteger(n) || n < 0) {
    throw new DataError('VALIDATION', `Query limit must be a non-negative integer, got ${n}`);
  }
  if (n > WIX_LIMITS.maxQueryLimit) {
    throw new DataError(
      'QUERY_LIMIT_EXCEEDED',
      `Query limit ${n} exceeds the Wix Data maximum of ${WIX_LIMITS.maxQueryLimit} items; page through results with skip()`,
      { limit: n, max: WIX_LIMITS.maxQueryLimit },
    );
  }
  return n;
}

function checkSkip(n: number): number {
  if (!Number.isInteger(n) || n < 0) {
    throw new DataError('VALIDATION', `Query skip must be a non-negative integer, got ${n}`);
  }
  return n;
}

async function runPage<T extends DataItem>(spec: QuerySpec, executor: QueryExecutor): Promise<QueryResult<T>> {
  const pageSize = spec.limit ?? WIX_LIMITS.defaultQueryLimit;
  const skip = spec.skip ?? 0;
  const { items, totalCount } = await executor.find({ ...spec, limit: pageSize, skip });
  const currentPage = pageSize > 0 ? Math.floor(skip / pageSize) : 0;
  const totalPages = pageSize > 0 ? Math.ceil(totalCount / pageSize) : 0;
  const hasNext = () => pageSize > 0 && skip + items.length < totalCount;
  const hasPrev = () => skip > 0;
  return {
    items: items as T[],
    totalCount,
    length: items.length,
    pageSize,
    currentPage,
    totalPages,
    hasNext,
    hasPrev,
    next: async () => {
      if (!hasNext()) throw new DataError('VALIDATION', 'There is no next page');
      return runPage<T>({ ...spec, limit: pageSize, skip: skip + pageSize }, executor);
    },
    prev: async () => {
      if (!hasPrev()) throw new DataError('VALIDATION', 'There is no previous page');
      return runPage<T>({ ...spec, limit: pageSize, skip: Math.max(0, skip - pageSize) }, executor);
    },
  };
}
