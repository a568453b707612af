import {
  check,
  describeResponse,
  encodeQuery,
  etagVersion,
  expectResource,
  isOperationOutcome,
  metaVersion,
  parseLocation,
  pass,
  remember,
  requireFixture,
  requireInteraction,
  requireWrites,
  skip,
  writtenId,
  type Ctx,
  describeBody,
  type Json,
} from '../context';
import { tag } from '../fixtures';
import { SPEC } from '../spec';
import type { TestDef } from './def';

// Facts the write tests share, per type: the resource write-01 created and its versions.
const CREATED = (t: string) => `created:${t}`;
const VERSION = (t: string) => `version:${t}`;

function created(ctx: Ctx): { id: string; version?: string } {
  const id = ctx.state.facts[CREATED(ctx.type)];
  if (typeof id !== 'string') skip(`Needs the ${ctx.type} that write-01 creates, and it was not created`);
  const version = ctx.state.facts[VERSION(ctx.type)];
  return { id: id as string, version: typeof version === 'string' ? version : undefined };
}

/** A fresh resource of the type, tagged, for the tests that create their own. */
function fresh(ctx: Ctx, which: 'a' | 'b' = 'a'): Json {
  const fixture = requireFixture(ctx);
  const r = fixture.build(which, ctx.env) as Json;
  // Not the fixtures' identifiers: these resources must not come back in the search tests.
  delete r.identifier;
  return r;
}

async function readBack(ctx: Ctx, id: string) {
  const ex = await ctx.send('GET', `${ctx.type}/${id}`);
  check(ex.response.status === 200, `Reading back ${ctx.type}/${id} answered ${describeResponse(ex)}`, ex);
  return { ex, resource: expectResource(ex, ctx.type, `GET ${ctx.type}/${id}`) };
}

async function update(ctx: Ctx, id: string, resource: Json, headers: Record<string, string> = {}) {
  return ctx.send('PUT', `${ctx.type}/${id}`, { json: { ...resource, id, meta: { tag: [tag(ctx.state.runId)] } }, headers });
}

const WRITE = { group: 'write' as const, scope: 'type' as const, needsWrites: true };

export const writeTests: TestDef[] = [
  {
    ...WRITE,
    id: 'write-01',
    title: 'Create {type}: 201 Created with a Location holding the id and _history version',
    specRef: SPEC.create,
    async run(ctx) {
      requireWrites(ctx);
      requireInteraction(ctx, 'create');
      const ex = await ctx.send('POST', ctx.type, { json: fresh(ctx) });
      const { id, version } = writtenId(ex, ctx.type);
      if (id && ex.response.status < 300) remember(ctx, ctx.type, id);
      check(ex.response.status === 201, `"The server returns a 201 Created HTTP status code" on a create, but POST ${ctx.type} answered ${describeResponse(ex)}`, ex);
      const location = ex.response.headers.location;
      check(location, `On a create the server "SHALL also return a Location header which contains the new Logical Id and Version Id of the created resource version", but there is no Location header`, ex);
      const loc = parseLocation(location, ctx.type);
      check(loc.id && loc.version, `The Location header of a create SHALL be [base]/${ctx.type}/[id]/_history/[vid] (the new logical id and version id), but it is "${location}"`, ex);
      if (id && id !== loc.id) check(false, `The Location header (${location}) names id "${loc.id}" but the returned resource has id "${id}"`, ex);
      ctx.state.facts[CREATED(ctx.type)] = loc.id!;
      ctx.state.facts[VERSION(ctx.type)] = version ?? loc.version!;
      remember(ctx, ctx.type, loc.id!);
      return pass(`201 Created, Location ${location}`, ex);
    },
  },
  {
    ...WRITE,
    id: 'write-02',
    title: 'Create {type}: the server assigns the id, meta.versionId and ETag',
    specRef: SPEC.create,
    async run(ctx) {
      requireWrites(ctx);
      requireInteraction(ctx, 'create');
      // "If an id is provided, the server SHALL ignore it": send one and check it was not used.
      const proposed = `fhiriq-client-${ctx.env.u}`.slice(0, 64);
      const ex = await ctx.send('POST', ctx.type, { json: { ...fresh(ctx), id: proposed }, headers: { prefer: 'return=representation' } });
      const { id } = writtenId(ex, ctx.type);
      if (id && ex.response.status < 300) remember(ctx, ctx.type, id);
      check(ex.response.status === 201, `A create returns 201 Created, but POST ${ctx.type} answered ${describeResponse(ex)}`, ex);
      check(id, 'The create response names no id (neither in the body nor in Location)', ex);
      check(id !== proposed, `On a create "the server SHALL ignore" an id in the resource and assign its own, but it kept the client's id "${proposed}"`, ex);
      const etag = ex.response.headers.etag;
      check(etag && /^W\/"[^"]+"$/.test(etag.trim()), `A create response SHOULD carry an ETag W/"<versionId>" of the new version, but it is ${etag ? `"${etag}"` : 'missing'}`, ex);
      const body = ex.json?.resourceType === ctx.type ? ex.json : (await readBack(ctx, id)).resource;
      const version = metaVersion(body);
      check(version, `The server SHALL populate meta.versionId of the created resource, but it is missing`, ex);
      check(etagVersion(etag) === version, `The ETag SHALL hold the new version id: expected W/"${version}", got ${etag}`, ex);
      return pass(`id ${id} assigned by the server, version ${version}`, ex);
    },
  },
  {
    ...WRITE,
    id: 'write-03',
    title: 'Update {type}: 200 with a new meta.versionId and ETag',
    specRef: SPEC.update,
    async run(ctx) {
      requireWrites(ctx);
      requireInteraction(ctx, 'update');
      const { id } = created(ctx);
      const { resource } = await readBack(ctx, id);
      const before = metaVersion(resource);
      const ex = await update(ctx, id, ctx.fixture!.change(resource as Json & { resourceType: string }));
      check(ex.response.status === 200, `An update of an existing resource returns "200 OK", but PUT ${ctx.type}/${id} answered ${describeResponse(ex)}`, ex);
      const etag = ex.response.headers.etag;
      check(etag, 'The update response SHOULD carry an ETag with the new version id, but there is none', ex);
      const after = ex.json?.resourceType === ctx.type ? metaVersion(ex.json) : metaVersion((await readBack(ctx, id)).resource);
      check(after, 'After an update the resource has no meta.versionId', ex);
      check(after !== before, `"The server SHALL ... update the meta.versionId" on every update, but the version is still "${before}"`, ex);
      check(etagVersion(etag) === after, `The ETag SHALL name the new version: expected W/"${after}", got ${etag}`, ex);
      ctx.state.facts[VERSION(ctx.type)] = after!;
      ctx.state.facts[`stale:${ctx.type}`] = before ?? '';
      return pass(`Version ${before} -> ${after}, ETag ${etag}`, ex);
    },
  },
  {
    ...WRITE,
    id: 'write-04',
    title: 'Update {type} with a stale If-Match: refused with 409 or 412',
    specRef: SPEC.concurrency,
    async run(ctx) {
      requireWrites(ctx);
      requireInteraction(ctx, 'update');
      const versioning = ctx.cap?.types[ctx.type]?.versioning;
      if (versioning !== 'versioned-update') skip(`The CapabilityStatement does not declare versioning "versioned-update" for ${ctx.type} (it is ${versioning ? `"${versioning}"` : 'absent'}), so If-Match support is not claimed`);
      const { id } = created(ctx);
      const stale = ctx.state.facts[`stale:${ctx.type}`];
      if (typeof stale !== 'string' || !stale) skip('Needs the older version from write-03, which did not run');
      const { resource } = await readBack(ctx, id);
      const ex = await update(ctx, id, resource, { 'if-match': `W/"${stale as string}"` });
      check(ex.response.status === 412 || ex.response.status === 409, `"If the version id given in the If-Match header does not match, the server returns a 412 Precondition Failed" (409 Conflict is also seen), but PUT with If-Match W/"${stale as string}" (not the current version) answered ${describeResponse(ex)}`, ex);
      return pass(`${ex.response.status}: the stale update was refused`, ex);
    },
  },
  {
    ...WRITE,
    id: 'write-05',
    title: 'Update {type} whose body id differs from the URL: 400',
    specRef: SPEC.update,
    async run(ctx) {
      requireWrites(ctx);
      requireInteraction(ctx, 'update');
      const { id } = created(ctx);
      const { resource } = await readBack(ctx, id);
      const ex = await ctx.send('PUT', `${ctx.type}/${id}`, { json: { ...resource, id: `${id.slice(0, 50)}-other` } });
      check(ex.response.status === 400, `"If ... the id disagrees with the id in the URL, the server SHALL respond with an HTTP 400 Bad Request", but it answered ${describeResponse(ex)}`, ex);
      return pass('400 Bad Request', ex);
    },
  },
  {
    ...WRITE,
    id: 'write-06',
    title: 'Create an invalid {type}: 400 or 422 with an OperationOutcome',
    specRef: SPEC.create,
    async run(ctx) {
      requireWrites(ctx);
      requireInteraction(ctx, 'create');
      const fixture = requireFixture(ctx);
      const invalid = { ...fixture.invalid(), meta: { tag: [tag(ctx.state.runId)] } };
      const ex = await ctx.send('POST', ctx.type, { json: invalid });
      if (ex.response.status < 300) {
        const { id } = writtenId(ex, ctx.type);
        if (id) remember(ctx, ctx.type, id);
      }
      check(ex.response.status === 400 || ex.response.status === 422, `A resource that "failed basic FHIR validation rules" SHALL be refused with 400 Bad Request (or 422 Unprocessable Entity), but the invalid ${ctx.type} (${JSON.stringify(fixture.invalid())}) got ${describeResponse(ex)}`, ex);
      check(isOperationOutcome(ex), `The server "SHOULD return an OperationOutcome" that explains why the resource was refused, but the ${ex.response.status} body is ${describeBody(ex)}`, ex);
      return pass(`${ex.response.status} with an OperationOutcome`, ex);
    },
  },
  {
    ...WRITE,
    id: 'write-07',
    title: 'Conditional create of {type} (If-None-Exist) that matches: no new resource',
    specRef: SPEC.condCreate,
    async run(ctx) {
      requireWrites(ctx);
      requireInteraction(ctx, 'create');
      if (!ctx.cap?.types[ctx.type]?.conditionalCreate) skip(`The CapabilityStatement does not declare conditionalCreate for ${ctx.type}`);
      const fixture = requireFixture(ctx);
      const existing = ctx.state.data[ctx.type]?.a;
      if (!existing) skip(`Needs the ${ctx.type} test data written in setup, which is missing`);
      const condition = encodeQuery([['identifier', fixture.identifier('a', ctx.env)]]);
      const ex = await ctx.send('POST', ctx.type, { json: fixture.build('a', ctx.env), headers: { 'if-none-exist': condition } });
      const { id } = writtenId(ex, ctx.type);
      if (id && id !== existing && ex.response.status < 300) remember(ctx, ctx.type, id);
      check(ex.response.status === 200, `Conditional create with one match: "the server ignores the post and returns 200 OK", but POST with If-None-Exist: ${condition} answered ${describeResponse(ex)}`, ex);
      check(!id || id === existing, `Conditional create with one match SHALL NOT create a resource, but the server points at a new ${ctx.type} "${id}" (the match is "${existing}")`, ex);
      return pass('200 OK, the existing resource was kept', ex);
    },
  },
  {
    ...WRITE,
    id: 'write-08',
    title: 'Conditional update of {type} (PUT [type]?identifier=...) updates the match',
    specRef: SPEC.condUpdate,
    async run(ctx) {
      requireWrites(ctx);
      requireInteraction(ctx, 'update');
      if (!ctx.cap?.types[ctx.type]?.conditionalUpdate) skip(`The CapabilityStatement does not declare conditionalUpdate for ${ctx.type}`);
      const fixture = requireFixture(ctx);
      const existing = ctx.state.data[ctx.type]?.a;
      if (!existing) skip(`Needs the ${ctx.type} test data written in setup, which is missing`);
      const before = await readBack(ctx, existing!);
      const query = encodeQuery([['identifier', fixture.identifier('a', ctx.env)]]);
      // A real change: servers may keep the version when an update changes nothing.
      const body = { ...fixture.change(fixture.build('a', ctx.env)), id: existing };
      const ex = await ctx.send('PUT', `${ctx.type}?${query}`, { json: body });
      const { id } = writtenId(ex, ctx.type);
      if (id && id !== existing && ex.response.status < 300) remember(ctx, ctx.type, id);
      check(ex.response.status === 200, `Conditional update with one match: "the server performs the update against the matching resource" and returns 200 OK, but PUT ${ctx.type}?${query} answered ${describeResponse(ex)}`, ex);
      check(!id || id === existing, `Conditional update with one match SHALL update that resource (${existing}), but the server points at "${id}"`, ex);
      const after = await readBack(ctx, existing!);
      check(metaVersion(after.resource) !== metaVersion(before.resource), `After a conditional update the matching resource has a new version, but ${ctx.type}/${existing} is still version ${metaVersion(after.resource)}`, after.ex);
      return pass(`200 OK, ${ctx.type}/${existing} updated`, ex);
    },
  },
  {
    ...WRITE,
    id: 'write-09',
    title: 'Conditional delete of {type} (DELETE [type]?identifier=...) deletes the match',
    specRef: SPEC.condDelete,
    async run(ctx) {
      requireWrites(ctx);
      requireInteraction(ctx, 'delete');
      const mode = ctx.cap?.types[ctx.type]?.conditionalDelete;
      if (mode !== 'single' && mode !== 'multiple') skip(`The CapabilityStatement does not declare conditionalDelete for ${ctx.type} (${mode ?? 'absent'})`);
      requireFixture(ctx);
      // A resource of its own with a unique identifier, so nothing else can match.
      const value = `cdel-${ctx.env.u}`;
      const system = 'https://fhiriq.com/api-test/id';
      const made = await ctx.send('POST', ctx.type, { json: { ...fresh(ctx, 'b'), identifier: [{ system, value }] } });
      const { id } = writtenId(made, ctx.type);
      if (id) remember(ctx, ctx.type, id);
      check(made.response.status === 201 && id, `Creating the resource to delete answered ${describeResponse(made)}`, made);
      const query = encodeQuery([['identifier', `${system}|${value}`]]);
      const ex = await ctx.send('DELETE', `${ctx.type}?${query}`);
      check([200, 202, 204].includes(ex.response.status), `Conditional delete with one match deletes it and returns a success code (200, 202 or 204), but DELETE ${ctx.type}?${query} answered ${describeResponse(ex)}`, ex);
      const gone = await ctx.send('GET', `${ctx.type}/${id}`);
      check(gone.response.status === 404 || gone.response.status === 410, `After a conditional delete the matching resource is gone (read gives 410 Gone or 404), but GET ${ctx.type}/${id} answered ${describeResponse(gone)}`, gone);
      return pass(`${ex.response.status}; ${ctx.type}/${id} is gone (${gone.response.status})`, ex);
    },
  },
  {
    ...WRITE,
    id: 'write-10',
    title: 'Delete {type}: success, then a read gives 410 Gone or 404',
    specRef: SPEC.delete,
    async run(ctx) {
      requireWrites(ctx);
      requireInteraction(ctx, 'delete');
      const { id } = created(ctx);
      const ex = await ctx.send('DELETE', `${ctx.type}/${id}`);
      check([200, 202, 204].includes(ex.response.status), `A successful delete returns "200 OK ... or 204 No Content" (202 when deferred), but DELETE ${ctx.type}/${id} answered ${describeResponse(ex)}`, ex);
      const gone = await ctx.send('GET', `${ctx.type}/${id}`);
      check(gone.response.status === 410 || gone.response.status === 404, `"Subsequent non-version specific reads of a resource return a 410 HTTP status code" after a delete (404 if the server forgets deletions), but GET ${ctx.type}/${id} answered ${describeResponse(gone)}`, gone);
      return pass(`Deleted (${ex.response.status}); the read now gives ${gone.response.status}`, gone);
    },
  },
];
