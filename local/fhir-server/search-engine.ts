import {
  badRequest,
  convertToSearchableQuantities,
  convertToSearchableReferences,
  evalFhirPathTyped,
  matchesSearchRequest,
  Operator,
  OperationOutcomeError,
  splitSearchOnComma,
  toTypedValue,
  type Filter,
  type IncludeTarget,
  type SearchRequest,
  type TypedValue,
} from '@medplum/core';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { isSupportedType, SUPPORTED_TYPES, supportedParam, type SupportedParam } from './capability';

/**
 * The search engine of the reference server. Medplum's MemoryRepository matches with
 * matchesSearchRequest, which is right for token and date parameters (used here as is) but not for
 * the rest: string parameters match anywhere in the value ("contains") where R4 says "starts
 * with", case- and accent-insensitive; quantity parameters never match; a reference parameter
 * matches only the exact "Type/id" string (not [id] nor the absolute URL); unknown parameters
 * match nothing; and there is no paging default, _include or _revinclude. This module does those.
 */

/** Switches the faulty variants turn off (each is a rule of search.html). */
export interface SearchFlags {
  /** String search is case- and accent-insensitive. */
  caseInsensitiveStrings: boolean;
  /** identifier=[code] matches whatever the system. */
  tokenCodeWithoutSystem: boolean;
  /** A reference given as the absolute URL on this server's base matches. */
  absoluteReferences: boolean;
  /** Date prefixes (lt, ge, ...) are applied. */
  datePrefixes: boolean;
}

export const DEFAULT_SEARCH_FLAGS: SearchFlags = {
  caseInsensitiveStrings: true,
  tokenCodeWithoutSystem: true,
  absoluteReferences: true,
  datePrefixes: true,
};

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;

/** Where the engine reads resources from (the repository's current, not deleted, state). */
export interface SearchSource {
  baseUrl: string;
  flags: SearchFlags;
  all(type: string): Promise<Resource[]>;
  find(type: string, id: string): Promise<Resource | undefined>;
}

/** The page a request asks for: _count (default 20, at most 100) and _offset. */
export function pageOf(request: Pick<SearchRequest, 'count' | 'offset'>): { count: number; offset: number } {
  const count = request.count === undefined || Number.isNaN(request.count) ? DEFAULT_COUNT : Math.max(0, Math.min(MAX_COUNT, request.count));
  const offset = request.offset === undefined || Number.isNaN(request.offset) ? 0 : Math.max(0, request.offset);
  return { count, offset };
}

export async function executeSearch(source: SearchSource, request: SearchRequest): Promise<Bundle> {
  const type = request.resourceType;
  if (!isSupportedType(type)) throw new OperationOutcomeError(badRequest(`Resource type ${type} is not supported`));
  const filters = (request.filters ?? []).map((filter) => {
    const param = supportedParam(type, filter.code);
    if (!param) throw new OperationOutcomeError(badRequest(`Search parameter ${filter.code} is not supported for ${type}`, filter.code));
    return { filter, param };
  });
  const matches = (await source.all(type)).filter((resource) => filters.every(({ filter, param }) => matchesFilter(source, resource, filter, param)));
  const { count, offset } = pageOf(request);
  const page = matches.slice(offset, offset + count);
  const included = await includesOf(source, page, request);
  const entry: BundleEntry[] = [
    ...page.map((resource) => ({ resource, search: { mode: 'match' as const } })),
    ...included.map((resource) => ({ resource, search: { mode: 'include' as const } })),
  ];
  return { resourceType: 'Bundle', type: 'searchset', total: matches.length, ...(entry.length ? { entry } : {}) };
}

function valuesOf(resource: Resource, param: SupportedParam): TypedValue[] {
  return evalFhirPathTyped(param.expression, [toTypedValue(resource)]);
}

function matchesFilter(source: SearchSource, resource: Resource, filter: Filter, param: SupportedParam): boolean {
  if (filter.operator === Operator.MISSING || filter.operator === Operator.PRESENT) {
    return matchesSearchRequest(resource, { resourceType: resource.resourceType, filters: [filter] });
  }
  switch (param.type) {
    case 'token':
      if (!source.flags.tokenCodeWithoutSystem && param.code === 'identifier' && splitSearchOnComma(filter.value).every((v) => !v.includes('|'))) return false;
      return matchesSearchRequest(resource, { resourceType: resource.resourceType, filters: [filter] });
    case 'date': {
      const operator = source.flags.datePrefixes || filter.operator === Operator.NOT_EQUALS ? filter.operator : Operator.EQUALS;
      return matchesSearchRequest(resource, { resourceType: resource.resourceType, filters: [{ ...filter, operator }] });
    }
    case 'string':
      return matchesString(valuesOf(resource, param), filter, source.flags.caseInsensitiveStrings);
    case 'reference':
      return matchesReference(source, valuesOf(resource, param), filter, param);
    case 'quantity':
      return matchesQuantity(valuesOf(resource, param), filter);
    default:
      return false;
  }
}

// --- string ------------------------------------------------------------------------------------

/** The strings a value is searched by: every part of a HumanName or Address (search.html#string). */
function stringsOf(values: TypedValue[]): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string' && v !== '') out.push(v);
    else if (Array.isArray(v)) v.forEach(add);
  };
  for (const { type, value } of values) {
    if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (type === 'HumanName') [v.family, v.given, v.prefix, v.suffix, v.text].forEach(add);
      else if (type === 'Address') [v.line, v.city, v.district, v.state, v.postalCode, v.country, v.text].forEach(add);
    } else add(value);
  }
  return out;
}

/** Case- and accent-insensitive form (search.html#string: "ignoring case and accents"). */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function matchesString(values: TypedValue[], filter: Filter, insensitive: boolean): boolean {
  const strings = stringsOf(values);
  const norm = insensitive ? fold : (s: string) => s;
  return splitSearchOnComma(filter.value).some((wanted) =>
    strings.some((s) => {
      if (filter.operator === Operator.EXACT) return s === wanted;
      if (filter.operator === Operator.CONTAINS) return norm(s).includes(norm(wanted));
      return norm(s).startsWith(norm(wanted));
    })
  );
}

// --- reference ---------------------------------------------------------------------------------

/** "Type/id" for a reference to this server (relative, or absolute on its base); other URLs as they are. */
function localRef(source: SearchSource, ref: string): string {
  let r = ref;
  if (r.startsWith(`${source.baseUrl}/`)) r = r.slice(source.baseUrl.length + 1);
  const m = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/.exec(r);
  return m ? `${m[1]}/${m[2]}` : ref;
}

function matchesReference(source: SearchSource, values: TypedValue[], filter: Filter, param: SupportedParam): boolean {
  const refs = convertToSearchableReferences(values).map((r) => localRef(source, r));
  return splitSearchOnComma(filter.value).some((wanted) => {
    if (/^https?:\/\//i.test(wanted)) {
      if (!source.flags.absoluteReferences) return refs.includes(wanted);
      return refs.includes(localRef(source, wanted));
    }
    if (wanted.includes('/')) return refs.includes(localRef(source, wanted));
    // [parameter]=[id]: a reference to a resource of any of the parameter's target types.
    return refs.some((r) => {
      const [type, id] = r.split('/');
      return id === wanted && param.target.includes(type);
    });
  });
}

// --- quantity ----------------------------------------------------------------------------------

function matchesQuantity(values: TypedValue[], filter: Filter): boolean {
  const quantities = convertToSearchableQuantities(values);
  return splitSearchOnComma(filter.value).some((wanted) => {
    const [numberText = '', system = '', code = ''] = wanted.split('|');
    const n = Number(numberText);
    if (numberText.trim() === '' || !Number.isFinite(n)) throw new OperationOutcomeError(badRequest(`Invalid quantity search value: ${wanted}`));
    // Implicit precision: 5.4 means [5.35, 5.45) (search.html#number).
    const decimals = (numberText.split(/e/i)[0].split('.')[1] ?? '').length;
    const half = 0.5 * 10 ** -decimals;
    return quantities.some((q) => {
      if (typeof q.value !== 'number') return false;
      if (system && q.system !== system) return false;
      if (code && q.code !== code && !(system === '' && q.unit === code)) return false;
      const v = q.value;
      switch (filter.operator) {
        case Operator.EQUALS:
          return v >= n - half && v < n + half;
        case Operator.NOT_EQUALS:
          return !(v >= n - half && v < n + half);
        case Operator.LESS_THAN:
          return v < n;
        case Operator.LESS_THAN_OR_EQUALS:
          return v <= n;
        case Operator.GREATER_THAN:
          return v > n;
        case Operator.GREATER_THAN_OR_EQUALS:
          return v >= n;
        case Operator.APPROXIMATELY:
          return Math.abs(v - n) <= Math.abs(n) * 0.1;
        default:
          return false;
      }
    });
  });
}

// --- _include / _revinclude --------------------------------------------------------------------

const key = (r: Resource) => `${r.resourceType}/${r.id}`;

function declared(list: string[], target: IncludeTarget): boolean {
  return list.includes(`${target.resourceType}:${target.searchParam}`);
}

async function includesOf(source: SearchSource, page: Resource[], request: SearchRequest): Promise<Resource[]> {
  const type = request.resourceType;
  const seen = new Set(page.map(key));
  const out: Resource[] = [];
  const add = (r: Resource) => {
    if (!seen.has(key(r))) {
      seen.add(key(r));
      out.push(r);
    }
  };
  for (const target of request.include ?? []) {
    if (target.resourceType !== type || !declared(SUPPORTED_TYPES[type].include, target)) continue;
    const param = supportedParam(type, target.searchParam);
    if (!param) continue;
    for (const resource of page) {
      for (const ref of convertToSearchableReferences(valuesOf(resource, param)).map((r) => localRef(source, r))) {
        const [refType, refId] = ref.split('/');
        if (!refId || (target.targetType && refType !== target.targetType)) continue;
        const found = await source.find(refType, refId);
        if (found) add(found);
      }
    }
  }
  for (const target of request.revInclude ?? []) {
    if (!isSupportedType(target.resourceType) || !declared(SUPPORTED_TYPES[type].revinclude, target)) continue;
    const param = supportedParam(target.resourceType, target.searchParam);
    if (!param) continue;
    const wanted = new Set(page.map(key));
    for (const candidate of await source.all(target.resourceType)) {
      const refs = convertToSearchableReferences(valuesOf(candidate, param)).map((r) => localRef(source, r));
      if (refs.some((r) => wanted.has(r))) add(candidate);
    }
  }
  return out;
}
