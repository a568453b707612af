import {
  check,
  dataId,
  describeResponse,
  etagVersion,
  expectResource,
  isFhirJsonType,
  isOperationOutcome,
  metaVersion,
  pass,
  requireInteraction,
  skip,
  describeBody,
  type Ctx,
} from '../context';
import { SPEC } from '../spec';
import type { TestDef } from './def';

async function readOk(ctx: Ctx) {
  requireInteraction(ctx, 'read');
  const id = dataId(ctx);
  const ex = await ctx.send('GET', `${ctx.type}/${id}`);
  check(ex.response.status === 200, `A read of an existing resource returns 200 OK with the resource, but GET ${ctx.type}/${id} answered ${describeResponse(ex)}`, ex);
  const resource = expectResource(ex, ctx.type, `GET ${ctx.type}/[id] returns the ${ctx.type}`);
  return { ex, id, resource };
}

/** An id no server will have: ids are [A-Za-z0-9\-\.]{1,64}. */
export const unknownId = (ctx: Ctx) => `fhiriq-unknown-${ctx.env.u}`.slice(0, 64);

const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

export const readTests: TestDef[] = [
  {
    id: 'read-01',
    group: 'read',
    title: 'Read {type}: 200 with the resource whose id matches the URL',
    specRef: SPEC.read,
    scope: 'type',
    async run(ctx) {
      const { ex, id, resource } = await readOk(ctx);
      check(resource.id === id, `"The returned resource SHALL have an id element with a value that is the [id]", but GET ${ctx.type}/${id} returned id ${resource.id === undefined ? '(none)' : `"${String(resource.id)}"`}`, ex);
      return pass(`GET ${ctx.type}/${id}: 200, id matches`, ex);
    },
  },
  {
    id: 'read-02',
    group: 'read',
    title: 'Read {type}: Content-Type application/fhir+json',
    specRef: SPEC.mimeType,
    scope: 'type',
    async run(ctx) {
      const { ex } = await readOk(ctx);
      const type = ex.response.headers['content-type'];
      check(isFhirJsonType(type), `"The formal MIME-type for FHIR resources is application/fhir+json" and the client sent Accept: application/fhir+json, but the Content-Type is ${type ? `"${type}"` : 'missing'}`, ex);
      return pass(`Content-Type: ${type}`, ex);
    },
  },
  {
    id: 'read-03',
    group: 'read',
    title: 'Read {type}: ETag W/"<versionId>" matches meta.versionId',
    specRef: SPEC.versionAware,
    scope: 'type',
    async run(ctx) {
      const { ex, resource } = await readOk(ctx);
      const etag = ex.response.headers.etag;
      const version = metaVersion(resource);
      check(etag, `"Servers SHOULD return an ETag header with the versionId of the resource" (ETag: W/"<versionId>") on a read, but there is no ETag`, ex);
      check(/^W\/"[^"]*"$/.test(etag.trim()), `The ETag of a read SHALL be a weak ETag of the form W/"<versionId>", but it is ${etag}`, ex);
      check(version !== undefined, `The ETag carries the versionId, which the resource holds in meta.versionId, but the resource has no meta.versionId (ETag ${etag})`, ex);
      check(etagVersion(etag) === version, `The ETag SHALL hold the resource's version id: expected W/"${version}" (meta.versionId), got ${etag}`, ex);
      return pass(`ETag ${etag} = meta.versionId`, ex);
    },
  },
  {
    id: 'read-04',
    group: 'read',
    title: 'Read {type}: Last-Modified header',
    specRef: SPEC.read,
    scope: 'type',
    async run(ctx) {
      const { ex, resource } = await readOk(ctx);
      const lastModified = ex.response.headers['last-modified'];
      check(lastModified, `"The server SHOULD return ... a Last-Modified header" on a read (meta.lastUpdated as an HTTP date), but there is none`, ex);
      check(HTTP_DATE.test(lastModified.trim()), `Last-Modified SHALL be an HTTP date (e.g. "Tue, 15 Nov 1994 12:45:26 GMT"), but it is "${lastModified}"`, ex);
      const updated = (resource.meta as Record<string, unknown> | undefined)?.lastUpdated;
      if (typeof updated === 'string') {
        const diff = Math.abs(Date.parse(lastModified) - Date.parse(updated));
        check(!(diff >= 1000), `Last-Modified SHALL be the resource's meta.lastUpdated, but Last-Modified is ${lastModified} and meta.lastUpdated is ${updated}`, ex);
      }
      return pass(`Last-Modified: ${lastModified}`, ex);
    },
  },
  {
    id: 'read-05',
    group: 'read',
    title: 'Read an unknown {type} id: 404 Not Found',
    specRef: SPEC.read,
    scope: 'type',
    async run(ctx) {
      requireInteraction(ctx, 'read');
      const ex = await ctx.send('GET', `${ctx.type}/${unknownId(ctx)}`);
      check(ex.response.status === 404, `"a GET for an unknown resource returns 404 Not Found", but GET ${ctx.type}/${unknownId(ctx)} answered ${describeResponse(ex)}`, ex);
      return pass('404 Not Found', ex);
    },
  },
  {
    id: 'read-06',
    group: 'read',
    title: 'Read an unknown {type} id: the 404 carries an OperationOutcome',
    specRef: SPEC.operationOutcome,
    scope: 'type',
    async run(ctx) {
      requireInteraction(ctx, 'read');
      const ex = await ctx.send('GET', `${ctx.type}/${unknownId(ctx)}`);
      if (ex.response.status < 400) skip(`The server answered ${ex.response.status} to a read of an unknown id (read-05 reports it)`);
      check(isOperationOutcome(ex), `"Servers SHOULD return an OperationOutcome with error details" with a 4xx or 5xx status, but the ${ex.response.status} response body is ${describeBody(ex)}`, ex);
      return pass(`${ex.response.status} with an OperationOutcome`, ex);
    },
  },
  {
    id: 'vread-01',
    group: 'read',
    title: 'vread {type}: GET [type]/[id]/_history/[vid] returns that version',
    specRef: SPEC.vread,
    scope: 'type',
    async run(ctx) {
      requireInteraction(ctx, 'vread');
      const { ex: readEx, id, resource } = await readOk(ctx);
      const version = metaVersion(resource) ?? etagVersion(readEx.response.headers.etag);
      if (!version) skip(`The read gave no version id (no meta.versionId nor ETag), so there is no version to vread (read-03 reports it)`);
      const ex = await ctx.send('GET', `${ctx.type}/${id}/_history/${encodeURIComponent(version!)}`);
      check(ex.response.status === 200, `vread of a version the server reported SHALL return 200 with that version, but GET ${ctx.type}/${id}/_history/${version} answered ${describeResponse(ex)}`, ex);
      const got = expectResource(ex, ctx.type, `vread returns the ${ctx.type} version`);
      check(got.id === id, `vread returns the resource with its id "${id}", but the id is ${JSON.stringify(got.id)}`, ex);
      check(metaVersion(got) === version, `"The returned resource SHALL have ... meta.versionId ... [vid]": expected "${version}", got ${JSON.stringify(metaVersion(got))}`, ex);
      return pass(`Version ${version} read back`, ex);
    },
  },
  {
    id: 'vread-02',
    group: 'read',
    title: 'vread an unknown {type} version: 404 Not Found',
    specRef: SPEC.vread,
    scope: 'type',
    async run(ctx) {
      requireInteraction(ctx, 'vread');
      const id = dataId(ctx);
      const ex = await ctx.send('GET', `${ctx.type}/${id}/_history/987654321`);
      check(ex.response.status === 404, `A vread of a version that does not exist returns 404 Not Found (as a read of an unknown resource does), but GET ${ctx.type}/${id}/_history/987654321 answered ${describeResponse(ex)}`, ex);
      return pass('404 Not Found', ex);
    },
  },
];
