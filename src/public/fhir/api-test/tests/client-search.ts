import { check, dataId, describeResponse, encodeQuery, expectSearchset, idsOf, pass, requireFixture, requireInteraction, skip, type Ctx } from '../context';
import { declaredParam } from '../capability';
import { SPEC } from '../spec';
import type { TestDef } from './def';
import { expectFilters, fixturePair, paramUnderTest, search } from './searching';

/** The first declared parameter of the type whose fixture has the property (e.g. a date split). */
function firstParam(ctx: Ctx, kind: string, has: (name: string) => boolean): string {
  const fixture = requireFixture(ctx);
  const names = Object.keys(fixture.params).filter((n) => has(n) && declaredParam(ctx.cap, ctx.type, n)?.type === kind);
  if (names.length === 0) skip(`No declared ${kind} search parameter of ${ctx.type} that the suite can build values for`);
  return names[0];
}

const GROUP = { group: 'client-search' as const, scope: 'type' as const };

export const clientSearchTests: TestDef[] = [
  {
    ...GROUP,
    id: 'csearch-01',
    title: 'Search {type} with POST [type]/_search: same results as GET',
    specRef: SPEC.search,
    async run(ctx) {
      requireInteraction(ctx, 'search-type');
      const id = dataId(ctx);
      const query = encodeQuery([['_id', id]]);
      const get = await ctx.send('GET', `${ctx.type}?${query}`);
      const getIds = idsOf(expectSearchset(get, `GET ${ctx.type}?${query}`), ctx.type).sort();
      const post = await ctx.send('POST', `${ctx.type}/_search`, { body: query, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      check(post.response.status === 200, `"Searches can also be performed using POST [base]/[type]/_search" with the parameters as application/x-www-form-urlencoded, and the server SHALL support both GET and POST, but POST ${ctx.type}/_search answered ${describeResponse(post)}`, post);
      const postIds = idsOf(expectSearchset(post, `POST ${ctx.type}/_search (${query})`), ctx.type).sort();
      check(postIds.join(',') === getIds.join(','), `A search with POST [type]/_search has "the same semantics" as GET with the same parameters, but GET returned [${getIds.join(', ')}] and POST returned [${postIds.slice(0, 10).join(', ')}${postIds.length > 10 ? ', ...' : ''}] (${postIds.length})`, post);
      return pass(`GET and POST both return [${getIds.join(', ')}]`, post);
    },
  },
  {
    ...GROUP,
    id: 'csearch-02',
    title: 'Search {type} by a reference as id, Type/id and absolute URL: same results',
    specRef: SPEC.reference,
    needsWrites: true,
    async run(ctx) {
      const pair = fixturePair(ctx);
      const fixture = requireFixture(ctx);
      // Prefer a parameter with a single target type (e.g. "patient"): a bare id is unambiguous there.
      const candidates = Object.keys(fixture.params).filter((n) => fixture.params[n].target && declaredParam(ctx.cap, ctx.type, n)?.type === 'reference' && fixture.params[n].a(ctx.env));
      const name = candidates.find((n) => n === fixture.params[n].target!.toLowerCase()) ?? candidates[0];
      if (!name) skip(`No declared reference search parameter of ${ctx.type} points at a resource the suite wrote`);
      const { value } = paramUnderTest(ctx, name!);
      const [target, targetId] = value.split('/');
      const forms = [targetId, `${target}/${targetId}`, `${ctx.state.options.baseUrl}/${target}/${targetId}`];
      let last;
      for (const form of forms) {
        const result = await search(ctx, ctx.type, [[name!, form]], { lookFor: [pair.a] });
        expectFilters(result, ctx.type, pair, `${name}=${form}`, `"A reference parameter ... [parameter]=[id], [type]/[id] or the absolute URL" all refer to the same resource`);
        last = result.ex;
      }
      return pass(`${name} as ${forms.join(' / ')}: all return ${ctx.type}/${pair.a} only`, last);
    },
  },
  {
    ...GROUP,
    id: 'csearch-03',
    title: 'Search {type} with date prefixes lt and ge: the bounds hold',
    specRef: SPEC.prefix,
    needsWrites: true,
    async run(ctx) {
      const pair = fixturePair(ctx);
      const name = firstParam(ctx, 'date', (n) => !!ctx.fixture?.params[n].split);
      const split = ctx.fixture!.params[name].split!;
      const lt = await search(ctx, ctx.type, [[name, `lt${split}`]], { lookFor: [pair.a] });
      expectFilters(lt, ctx.type, pair, `${name}=lt${split}`, `The prefix "lt" means "the value for the parameter in the resource is less than the provided value"`);
      const ge = await search(ctx, ctx.type, [[name, `ge${split}`]], { lookFor: [pair.b] });
      expectFilters(ge, ctx.type, { a: pair.b, b: pair.a }, `${name}=ge${split}`, `The prefix "ge" means "the value for the parameter in the resource is greater or equal to the provided value"`);
      return pass(`${name}=lt${split} and ${name}=ge${split} each return only the resource on their side`, ge.ex);
    },
  },
  {
    ...GROUP,
    id: 'csearch-04',
    title: 'Search {type} by a string: case-insensitive, matching the start',
    specRef: SPEC.string,
    needsWrites: true,
    async run(ctx) {
      const pair = fixturePair(ctx);
      const name = firstParam(ctx, 'string', (n) => !!ctx.fixture?.params[n].prefix);
      const prefix = ctx.fixture!.params[name].prefix!(ctx.env);
      const result = await search(ctx, ctx.type, [[name, prefix]], { lookFor: [pair.a] });
      expectFilters(result, ctx.type, pair, `${name}=${prefix}`, `"By default, a field matches a string query if the value of the field equals or starts with the supplied parameter value", case- and accent-insensitive`);
      return pass(`${name}=${prefix} (a lower-case start) found ${ctx.type}/${pair.a}`, result.ex);
    },
  },
  {
    ...GROUP,
    id: 'csearch-05',
    title: 'Search {type} by a token code without its system',
    specRef: SPEC.token,
    needsWrites: true,
    async run(ctx) {
      const pair = fixturePair(ctx);
      const { value } = paramUnderTest(ctx, 'identifier');
      const code = value.split('|')[1];
      const result = await search(ctx, ctx.type, [['identifier', code]], { lookFor: [pair.a] });
      expectFilters(result, ctx.type, pair, `identifier=${code}`, `"[parameter]=[code]: the value of [code] matches a Coding.code or Identifier.value irrespective of the value of the system property"`);
      return pass(`identifier=${code} found ${ctx.type}/${pair.a}`, result.ex);
    },
  },
  {
    ...GROUP,
    id: 'csearch-06',
    title: 'Search {type} with comma-separated values: any of them matches (OR)',
    specRef: SPEC.combining,
    needsWrites: true,
    async run(ctx) {
      const pair = fixturePair(ctx);
      const { value } = paramUnderTest(ctx, 'identifier');
      const other = ctx.fixture!.identifier('b', ctx.env);
      const result = await search(ctx, ctx.type, [['identifier', `${value},${other}`]], { lookFor: [pair.a, pair.b] });
      const missing = [pair.a, pair.b].filter((id) => !result.ids.has(id));
      check(missing.length === 0, `"If multiple values are present for the same parameter (comma-separated), the search SHALL match any of them" (OR), but identifier=${value},${other} did not return ${missing.map((id) => `${ctx.type}/${id}`).join(', ')}`, result.ex);
      return pass(`Both ${ctx.type}/${pair.a} and ${ctx.type}/${pair.b} returned`, result.ex);
    },
  },
  {
    ...GROUP,
    id: 'csearch-07',
    title: 'Search {type} with two parameters: both must match (AND)',
    specRef: SPEC.combining,
    needsWrites: true,
    async run(ctx) {
      const pair = fixturePair(ctx);
      const { value } = paramUnderTest(ctx, 'identifier');
      // identifier matches a, _id matches b: nothing may come back.
      const result = await search(ctx, ctx.type, [['identifier', value], ['_id', pair.b]]);
      const wrong = [pair.a, pair.b].filter((id) => result.ids.has(id));
      check(wrong.length === 0, `"Each parameter is a separate criterion and all must match" (AND), but identifier=${value}&_id=${pair.b}, which no resource satisfies, returned ${wrong.map((id) => `${ctx.type}/${id}`).join(', ')}`, result.ex);
      return pass('No resource matches both parameters and none came back', result.ex);
    },
  },
];
