import { check, describeBody, dataId, describeResponse, entriesOf, expectResource, metaVersion, pass, requireInteraction, requireWrites, skip, type Ctx, type Json } from '../context';
import { tag } from '../fixtures';
import { SPEC } from '../spec';
import type { TestDef } from './def';

function expectHistory(ex: Awaited<ReturnType<Ctx['send']>>, what: string): Json {
  check(ex.response.status === 200, `${what} returns 200 with a history Bundle, but the server answered ${describeResponse(ex)}`, ex);
  const bundle = ex.json;
  check(bundle?.resourceType === 'Bundle', `${what} returns a Bundle, but the body is ${describeBody(ex)}`, ex);
  check(bundle.type === 'history', `"The return content is a Bundle with type set to history", but ${what} returned a Bundle of type "${String(bundle.type)}"`, ex);
  return bundle;
}

export const historyTests: TestDef[] = [
  {
    id: 'hist-01',
    group: 'history',
    title: 'Instance history of {type} after an update lists both versions',
    specRef: SPEC.history,
    scope: 'type',
    needsWrites: true,
    async run(ctx) {
      requireWrites(ctx);
      requireInteraction(ctx, 'update');
      requireInteraction(ctx, 'history-instance');
      const id = ctx.state.data[ctx.type]?.b;
      if (!id || !ctx.fixture) skip(`Needs the ${ctx.type} test data written in setup, which is missing`);
      const read = await ctx.send('GET', `${ctx.type}/${id}`);
      const current = expectResource(read, ctx.type, `GET ${ctx.type}/${id}`);
      const before = metaVersion(current);
      const changed = { ...ctx.fixture!.change(current as Json & { resourceType: string }), id, meta: { tag: [tag(ctx.state.runId)] } };
      const put = await ctx.send('PUT', `${ctx.type}/${id}`, { json: changed });
      check(put.response.status === 200, `Updating ${ctx.type}/${id} answered ${describeResponse(put)}`, put);
      const after = metaVersion((await ctx.send('GET', `${ctx.type}/${id}`)).json);
      const ex = await ctx.send('GET', `${ctx.type}/${id}/_history`);
      const bundle = expectHistory(ex, `GET ${ctx.type}/${id}/_history`);
      const versions = entriesOf(bundle).map((e) => metaVersion(e.resource)).filter((v): v is string => !!v);
      const missing = [before, after].filter((v): v is string => !!v && !versions.includes(v));
      check(missing.length === 0, `"The history interaction retrieves the history of a particular resource": after an update it lists the versions before and after, but version(s) ${missing.join(', ')} are missing (listed: ${versions.join(', ') || 'none'})`, ex);
      check(versions.length >= 2, `After an update the instance history holds at least two versions, but it lists ${versions.length}`, ex);
      return pass(`History lists versions ${versions.join(', ')}`, ex);
    },
  },
  {
    id: 'hist-02',
    group: 'history',
    title: 'Instance history of {type}: entries carry request and response',
    specRef: `${'https://hl7.org/fhir/R4'}/bundle.html#history`,
    scope: 'type',
    async run(ctx) {
      requireInteraction(ctx, 'history-instance');
      const id = ctx.state.data[ctx.type]?.b ?? dataId(ctx);
      const ex = await ctx.send('GET', `${ctx.type}/${id}/_history`);
      const bundle = expectHistory(ex, `GET ${ctx.type}/${id}/_history`);
      const entries = entriesOf(bundle);
      check(entries.length >= 1, `The history of an existing ${ctx.type} holds at least its current version, but the Bundle is empty`, ex);
      entries.forEach((e, i) => {
        check(e.request && typeof e.request.method === 'string', `The entries of a history Bundle carry request and response: "entry.request mandatory for batch/transaction/history" (bdl-3), but entry[${i}] has no request.method`, ex);
        check(e.response && typeof e.response.status === 'string', `The entries of a history Bundle carry request and response: "entry.response mandatory for batch-response/transaction-response/history" (bdl-4), but entry[${i}] has no response.status`, ex);
      });
      return pass(`${entries.length} entries, each with request and response`, ex);
    },
  },
  {
    id: 'hist-03',
    group: 'history',
    title: 'Type history of {type}: a history Bundle',
    specRef: SPEC.history,
    scope: 'type',
    async run(ctx) {
      requireInteraction(ctx, 'history-type');
      const ex = await ctx.send('GET', `${ctx.type}/_history?_count=10`);
      const bundle = expectHistory(ex, `GET ${ctx.type}/_history`);
      const others = entriesOf(bundle).filter((e) => e.resource && e.resource.resourceType !== ctx.type);
      check(others.length === 0, `The type history holds only ${ctx.type} versions, but it lists ${others.map((e) => String(e.resource!.resourceType)).join(', ')}`, ex);
      if (ctx.state.options.allowWrites && ctx.state.data[ctx.type]?.a) {
        check(entriesOf(bundle).length > 0, `The suite wrote ${ctx.type} resources, so the type history SHALL list versions, but it is empty`, ex);
      }
      return pass(`history Bundle with ${entriesOf(bundle).length} entries`, ex);
    },
  },
];
