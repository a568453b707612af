import {
  check,
  dataId,
  describeResponse,
  encodeQuery,
  entriesOf,
  expectSearchset,
  isOperationOutcome,
  linkOf,
  idsOf,
  pass,
  requireInteraction,
  skip,
  tagParam,
  describeBody,
  type Ctx,
} from '../context';
import { fixtureFor } from '../fixtures';
import { SPEC } from '../spec';
import type { TestDef } from './def';
import { expectFilters, fixturePair, paramUnderTest, search } from './searching';

const TYPE_SPEC: Record<string, string> = {
  string: SPEC.string,
  token: SPEC.token,
  date: SPEC.date,
  reference: SPEC.reference,
  quantity: SPEC.quantity,
  number: SPEC.number,
  uri: SPEC.uri,
};

export const specForParamType = (type: string) => TYPE_SPEC[type] ?? SPEC.searchParams;

const UNKNOWN_PARAM = 'fhiriq-unknown-parameter';

/** A small search every server can answer: our two fixtures (by tag) or the first resources it has. */
async function sample(ctx: Ctx, count: number) {
  requireInteraction(ctx, 'search-type');
  const narrowed = ctx.state.facts[`tagSearch:${ctx.type}`] === true;
  const params: Array<[string, string]> = narrowed ? [['_tag', tagParam(ctx.state)], ['_count', String(count)]] : [['_count', String(count)]];
  const ex = await ctx.send('GET', `${ctx.type}?${encodeQuery(params)}`);
  return { ex, bundle: expectSearchset(ex, `GET ${ctx.type}?${encodeQuery(params)}`), narrowed };
}

export const searchTests: TestDef[] = [
  {
    id: 'search-01',
    group: 'search',
    title: 'Search {type}: 200 with a searchset Bundle',
    specRef: SPEC.search,
    scope: 'type',
    async run(ctx) {
      const { ex, bundle } = await sample(ctx, 5);
      return pass(`searchset Bundle with ${entriesOf(bundle).length} entries`, ex);
    },
  },
  {
    id: 'search-02',
    group: 'search',
    title: 'Search {type}: every entry has an absolute fullUrl and a search.mode',
    specRef: SPEC.searchset,
    scope: 'type',
    async run(ctx) {
      const { ex, bundle } = await sample(ctx, 5);
      const entries = entriesOf(bundle);
      if (entries.length === 0) skip(`The search returned no ${ctx.type} to check`);
      entries.forEach((e, i) => {
        const r = e.resource;
        check(r, `Bundle.entry[${i}] of a searchset has no resource`, ex);
        check(typeof e.fullUrl === 'string' && e.fullUrl, `Every entry of a searchset SHALL have a fullUrl, the absolute URL of the resource ("fullUrl SHALL be the same as ... [base]/[type]/[id]"), but entry[${i}] (${String(r.resourceType)}/${String(r.id)}) has none`, ex);
        check(/^https?:\/\//i.test(e.fullUrl!), `The fullUrl of a searchset entry SHALL be an absolute URL, but entry[${i}] has "${e.fullUrl}"`, ex);
        check(e.fullUrl!.replace(/\/_history\/.*$/, '').endsWith(`/${String(r.resourceType)}/${String(r.id)}`), `The fullUrl of a searchset entry is the resource's URL ending in ${String(r.resourceType)}/${String(r.id)}, but entry[${i}] has "${e.fullUrl}"`, ex);
        const mode = e.search?.mode;
        check(mode === 'match' || mode === 'include' || mode === 'outcome', `Entries of a searchset say why they are there with search.mode (match, include or outcome), but entry[${i}] has ${mode === undefined ? 'no search.mode' : `search.mode "${String(mode)}"`}`, ex);
      });
      return pass(`${entries.length} entries, each with fullUrl and search.mode`, ex);
    },
  },
  {
    id: 'search-03',
    group: 'search',
    title: 'Search {type} with _count=1: at most one match and a next link that resolves',
    specRef: SPEC.count,
    scope: 'type',
    async run(ctx) {
      const { ex, bundle, narrowed } = await sample(ctx, 1);
      const matches = idsOf(bundle, ctx.type);
      check(matches.length <= 1, `"_count ... the number of search results per page": with _count=1 the server SHALL NOT return more than 1 match per page, but it returned ${matches.length}`, ex);
      const next = linkOf(bundle, 'next');
      const total = typeof bundle.total === 'number' ? bundle.total : undefined;
      const known = narrowed ? 2 : total;
      if (!next) {
        if (known !== undefined && known > 1) check(false, `The next link (Bundle.link with relation "next") SHALL be present when there are more results than one page holds (${known} results, _count=1), but there is none`, ex);
        skip(`Only ${matches.length} ${ctx.type} on the server: no second page to follow`);
      }
      const nextEx = await ctx.send('GET', next!);
      check(nextEx.response.status === 200, `The next link of a searchset SHALL resolve to the next page, but GET ${next} answered ${describeResponse(nextEx)}`, nextEx);
      const page2 = expectSearchset(nextEx, `GET ${next}`);
      const ids2 = idsOf(page2, ctx.type);
      check(ids2.length >= 1 && ids2.length <= 1, `The next page of a _count=1 search holds the next match (one), but it has ${ids2.length}`, nextEx);
      check(!matches.includes(ids2[0]), `The next link SHALL lead to the next page, but it returned the same ${ctx.type}/${ids2[0]} as the first page`, nextEx);
      return pass(`Page 1: ${matches.join(', ')}; next page: ${ids2.join(', ')}`, nextEx);
    },
  },
  {
    id: 'search-04',
    group: 'search',
    title: 'Search {type} with an unknown parameter (lenient): the parameter is ignored',
    specRef: SPEC.searchErrors,
    scope: 'type',
    async run(ctx) {
      requireInteraction(ctx, 'search-type');
      const id = dataId(ctx);
      const query = encodeQuery([['_id', id], [UNKNOWN_PARAM, 'x']]);
      const ex = await ctx.send('GET', `${ctx.type}?${query}`, { headers: { prefer: 'handling=lenient' } });
      const bundle = expectSearchset(ex, `With Prefer: handling=lenient the server SHALL ignore the unknown parameter (GET ${ctx.type}?${query})`);
      check(idsOf(bundle, ctx.type).includes(id), `With Prefer: handling=lenient an unknown parameter is ignored, so _id=${id} still finds ${ctx.type}/${id}, but it is missing`, ex);
      const self = linkOf(bundle, 'self');
      if (self) check(!self.includes(UNKNOWN_PARAM), `"Servers SHOULD ... return the parameters actually used" in the self link, so an ignored parameter is left out, but the self link is ${self}`, ex);
      return pass(`200; the unknown parameter was ignored`, ex);
    },
  },
  {
    id: 'search-05',
    group: 'search',
    title: 'Search {type} with an unknown parameter (strict): 400 with an OperationOutcome',
    specRef: SPEC.searchErrors,
    scope: 'type',
    async run(ctx) {
      requireInteraction(ctx, 'search-type');
      const ex = await ctx.send('GET', `${ctx.type}?${encodeQuery([[UNKNOWN_PARAM, 'x']])}`, { headers: { prefer: 'handling=strict' } });
      check(ex.response.status === 400, `With "Prefer: handling=strict" the client asks the server to "return an error for any unknown or unsupported parameter", but it answered ${describeResponse(ex)}`, ex);
      check(isOperationOutcome(ex), `The 400 for an unknown parameter SHOULD carry an OperationOutcome, but the body is ${describeBody(ex)}`, ex);
      return pass('400 with an OperationOutcome', ex);
    },
  },
  {
    id: 'search-10',
    group: 'search',
    title: 'Search {type} by {param}: returns the match, not the negative control',
    specRef: SPEC.searchParams,
    scope: 'param',
    needsWrites: true,
    async run(ctx) {
      if (!ctx.param) {
        if (!ctx.cap) skip(`The CapabilityStatement could not be read (${ctx.state.capabilityError ?? 'unknown reason'}), so the suite does not know which search parameters to test`);
        skip(`The CapabilityStatement declares no search parameters for ${ctx.type}`);
      }
      const pair = fixturePair(ctx);
      const { declaredType, value, fixture } = paramUnderTest(ctx);
      const rule = `The ${declaredType} search parameter "${ctx.param}" declared in the CapabilityStatement SHALL filter`;
      if (fixture.exclude) {
        // a and b cannot differ here: the negative control is a value that must leave a out.
        const found = await search(ctx, ctx.type, [[ctx.param, value]], { lookFor: [pair.a] });
        check(found.ids.has(pair.a), `${rule}: ${ctx.param}=${value} SHALL return ${ctx.type}/${pair.a}, which matches it, but it is not among the ${found.ids.size} ${ctx.type} results`, found.ex);
        const other = fixture.exclude(ctx.env);
        const left = await search(ctx, ctx.type, [[ctx.param, other]]);
        check(!left.ids.has(pair.a), `${rule}: ${ctx.param}=${other} returned ${ctx.type}/${pair.a}, which does not match (negative control), so the server does not apply the parameter as the spec defines it`, left.ex);
        return pass(`${ctx.param}=${value} found ${ctx.type}/${pair.a}; ${ctx.param}=${other} left it out`, left.ex);
      }
      const result = await search(ctx, ctx.type, [[ctx.param, value]], { lookFor: [pair.a] });
      expectFilters(result, ctx.type, pair, `${ctx.param}=${value}`, rule);
      return pass(`${ctx.param}=${value} found ${ctx.type}/${pair.a} and left out ${ctx.type}/${pair.b}`, result.ex);
    },
  },
  {
    id: 'search-20',
    group: 'search',
    title: 'Search {type} with _include: the referenced resource comes back as include',
    specRef: SPEC.include,
    scope: 'type',
    needsWrites: true,
    async run(ctx) {
      const pair = fixturePair(ctx);
      requireInteraction(ctx, 'search-type');
      const declared = ctx.cap?.types[ctx.type]?.searchInclude ?? [];
      const fixture = ctx.fixture;
      // An include the CapabilityStatement declares and whose target the suite wrote.
      const choice = declared
        .map((inc) => ({ inc, name: inc.split(':')[1] }))
        .map((x) => ({ ...x, target: x.name ? fixture?.params[x.name]?.target : undefined }))
        .find((x) => x.target && ctx.state.data[x.target]?.a);
      if (!choice) skip(declared.length === 0 ? `The CapabilityStatement declares no searchInclude for ${ctx.type}` : `None of the declared includes (${declared.join(', ')}) points at a resource the suite wrote`);
      const target = choice!.target!;
      const targetId = ctx.state.data[target].a!;
      const result = await search(ctx, ctx.type, [['_id', pair.a], ['_include', choice!.inc]]);
      check(result.ids.has(pair.a), `_id=${pair.a} SHALL return ${ctx.type}/${pair.a}`, result.ex);
      const inc = result.includes.find((i) => i.type === target && i.id === targetId);
      check(inc, `"_include" asks the server to return the resources the matches refer to, and ${choice!.inc} is declared in searchInclude, but ${target}/${targetId} (referenced by ${ctx.type}/${pair.a}) is not in the Bundle`, result.ex);
      check(inc.mode === 'include', `Included resources SHALL have search.mode "include", but ${target}/${targetId} has "${inc.mode}"`, result.ex);
      return pass(`_include=${choice!.inc} returned ${target}/${targetId} as include`, result.ex);
    },
  },
  {
    id: 'search-21',
    group: 'search',
    title: 'Search {type} with _revinclude: resources that refer to the match come back as include',
    specRef: SPEC.revinclude,
    scope: 'type',
    needsWrites: true,
    async run(ctx) {
      const pair = fixturePair(ctx);
      requireInteraction(ctx, 'search-type');
      const declared = ctx.cap?.types[ctx.type]?.searchRevInclude ?? [];
      // A declared revinclude Source:param whose Source fixture a refers to our a.
      const choice = declared
        .map((rev) => ({ rev, source: rev.split(':')[0], name: rev.split(':')[1] }))
        .find((x) => x.name && ctx.state.data[x.source]?.a && fixtureTarget(x.source, x.name) === ctx.type);
      if (!choice) skip(declared.length === 0 ? `The CapabilityStatement declares no searchRevInclude for ${ctx.type}` : `None of the declared revincludes (${declared.join(', ')}) comes from a resource the suite wrote`);
      const sourceId = ctx.state.data[choice!.source].a!;
      const result = await search(ctx, ctx.type, [['_id', pair.a], ['_revinclude', choice!.rev]]);
      check(result.ids.has(pair.a), `_id=${pair.a} SHALL return ${ctx.type}/${pair.a}`, result.ex);
      const inc = result.includes.find((i) => i.type === choice!.source && i.id === sourceId);
      check(inc, `"_revinclude" asks the server to return the resources that refer to the matches, and ${choice!.rev} is declared in searchRevInclude, but ${choice!.source}/${sourceId} (which refers to ${ctx.type}/${pair.a}) is not in the Bundle`, result.ex);
      check(inc.mode === 'include', `Resources returned by _revinclude SHALL have search.mode "include", but ${choice!.source}/${sourceId} has "${inc.mode}"`, result.ex);
      return pass(`_revinclude=${choice!.rev} returned ${choice!.source}/${sourceId}`, result.ex);
    },
  },
];

function fixtureTarget(type: string, param: string): string | undefined {
  return fixtureFor(type)?.params[param]?.target;
}
