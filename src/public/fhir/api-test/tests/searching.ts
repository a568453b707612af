import { check, describeResponse, encodeQuery, expectSearchset, idsOf, linkOf, requireFixture, requireInteraction, requireWrites, skip, tagParam, type Ctx, type Exchange, type Json } from '../context';
import { declaredParam } from '../capability';
import type { ParamFixture } from '../fixtures';

/** Pages followed at most when looking for the suite's resources among the server's own. */
const MAX_PAGES = 5;

export interface SearchResult {
  /** The first page's exchange (what the result records). */
  ex: Exchange;
  bundle: Json;
  ids: Set<string>;
  includes: Array<{ type: string; id: string; mode: string }>;
}

/**
 * Runs a search and follows `next` links (at most MAX_PAGES) until the ids looked for are found,
 * so a server full of data cannot hide the suite's resources. When the server filters on the run's
 * meta.tag (checked in setup) the search is narrowed to the suite's resources.
 */
export async function search(ctx: Ctx, type: string, params: Array<[string, string]>, options: { lookFor?: string[]; method?: 'GET' | 'POST'; narrow?: boolean } = {}): Promise<SearchResult> {
  const all = [...params];
  if (options.narrow !== false && ctx.state.facts[`tagSearch:${type}`] === true) all.push(['_tag', tagParam(ctx.state)]);
  const query = encodeQuery(all);
  const what = `${options.method === 'POST' ? `POST ${type}/_search` : 'GET'} ${type}?${query}`;
  const first = options.method === 'POST'
    ? await ctx.send('POST', `${type}/_search`, { body: query, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    : await ctx.send('GET', `${type}?${query}`);
  const bundle = expectSearchset(first, what);
  const ids = new Set(idsOf(bundle, type));
  const includes = collectIncludes(bundle);
  const lookFor = options.lookFor ?? [];
  let page = bundle;
  for (let n = 1; n < MAX_PAGES && lookFor.some((id) => !ids.has(id)); n++) {
    const next = linkOf(page, 'next');
    if (!next) break;
    const ex = await ctx.send('GET', next);
    check(ex.response.status === 200, `Following the next link of ${what} (${next}) answered ${describeResponse(ex)}`, ex);
    page = expectSearchset(ex, `next page of ${what}`);
    idsOf(page, type).forEach((id) => ids.add(id));
    includes.push(...collectIncludes(page));
  }
  ctx.last = first;
  return { ex: first, bundle, ids, includes };
}

function collectIncludes(bundle: Json) {
  const entries = Array.isArray(bundle.entry) ? (bundle.entry as Json[]) : [];
  return entries
    .map((e) => ({ r: e?.resource as Json | undefined, mode: String((e?.search as Json | undefined)?.mode ?? 'match') }))
    .filter((x) => x.r && typeof x.r.resourceType === 'string' && typeof x.r.id === 'string')
    .map((x) => ({ type: x.r!.resourceType as string, id: x.r!.id as string, mode: x.mode }));
}

/** The fixture ids a (must match) and b (must not), or a skip saying why they are missing. */
export function fixturePair(ctx: Ctx, type = ctx.type): { a: string; b: string } {
  requireWrites(ctx);
  const data = ctx.state.data[type];
  if (!data?.a || !data?.b) skip(data?.note ?? `The ${type} test data (two resources, one that must match and one that must not) was not written`);
  return { a: data!.a!, b: data!.b! };
}

/** The declared parameter and the suite's value for it, or a skip saying why not. */
export function paramUnderTest(ctx: Ctx, name = ctx.param, type = ctx.type): { declaredType: string; fixture: ParamFixture; value: string } {
  requireInteraction(ctx, 'search-type', type);
  const declared = declaredParam(ctx.cap, type, name);
  if (!declared) skip(`The CapabilityStatement does not declare the search parameter ${name} for ${type}`);
  const fixtures = requireFixture(ctx);
  const fixture = fixtures.params[name];
  if (!fixture) skip(`The suite cannot build test values for the ${type} search parameter "${name}" (${declared!.type})`);
  const value = fixture!.a(ctx.env);
  if (value === undefined) skip(`The ${type} search parameter "${name}" needs a ${fixture!.target ?? 'referenced'} resource written by the suite (test ${fixture!.target ?? 'that type'} too, with writes allowed)`);
  return { declaredType: declared!.type, fixture: fixture!, value: value! };
}

/** Asserts a search returned a and not b: the positive check and the negative control. */
export function expectFilters(result: SearchResult, type: string, pair: { a: string; b: string }, what: string, rule: string): void {
  check(result.ids.has(pair.a), `${rule}: ${what} SHALL return ${type}/${pair.a}, which matches it, but it is not among the ${result.ids.size} ${type} results`, result.ex);
  check(!result.ids.has(pair.b), `${rule}: ${what} returned ${type}/${pair.b}, which does not match (negative control), so the server does not apply the parameter as the spec defines it`, result.ex);
}
