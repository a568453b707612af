import { check, describeBody, describeResponse, isFhirJsonType, isJsonType, isOperationOutcome, pass, requireWrites, type Ctx } from '../context';
import { SPEC } from '../spec';
import type { TestDef } from './def';

async function metadataAs(ctx: Ctx, path: string, accept?: string) {
  return ctx.send('GET', path, accept ? { headers: { accept } } : { noAccept: true });
}

const GROUP = { group: 'format' as const, scope: 'server' as const };

export const formatTests: TestDef[] = [
  {
    ...GROUP,
    id: 'fmt-01',
    title: '_format=json gives JSON without an Accept header',
    specRef: SPEC.mimeType,
    async run(ctx) {
      const ex = await metadataAs(ctx, 'metadata?_format=json');
      check(ex.response.status === 200, `"_format=json" SHALL be honoured ("xml, text/xml, application/xml, and application/fhir+xml SHALL be interpreted to mean the XML format, json, application/json and application/fhir+json SHALL be interpreted to mean the JSON format"), but GET metadata?_format=json answered ${describeResponse(ex)}`, ex);
      const type = ex.response.headers['content-type'];
      check(isJsonType(type) && ex.json, `_format=json asks for JSON, but the response is ${type ? `"${type}"` : 'without Content-Type'}${ex.json ? '' : ` and ${ex.jsonError}`}`, ex);
      return pass(`Content-Type: ${type}`, ex);
    },
  },
  {
    ...GROUP,
    id: 'fmt-02',
    title: '_format=application/fhir+json gives application/fhir+json',
    specRef: SPEC.mimeType,
    async run(ctx) {
      const ex = await metadataAs(ctx, `metadata?_format=${encodeURIComponent('application/fhir+json')}`);
      check(ex.response.status === 200, `_format=application/fhir+json SHALL be interpreted to mean the JSON format, but the server answered ${describeResponse(ex)}`, ex);
      const type = ex.response.headers['content-type'];
      check(isFhirJsonType(type), `_format=application/fhir+json asks for that MIME type, but the Content-Type is ${type ? `"${type}"` : 'missing'}`, ex);
      return pass(`Content-Type: ${type}`, ex);
    },
  },
  {
    ...GROUP,
    id: 'fmt-03',
    title: 'Accept: application/json gives JSON',
    specRef: SPEC.mimeType,
    async run(ctx) {
      const ex = await metadataAs(ctx, 'metadata', 'application/json');
      check(ex.response.status === 200, `Servers interpret application/json as the JSON format, but GET metadata with Accept: application/json answered ${describeResponse(ex)}`, ex);
      const type = ex.response.headers['content-type'];
      check(isJsonType(type) && ex.json, `Accept: application/json asks for JSON, but the response is ${type ? `"${type}"` : 'without Content-Type'}`, ex);
      return pass(`Content-Type: ${type}`, ex);
    },
  },
  {
    ...GROUP,
    id: 'fmt-04',
    title: 'Accept: application/fhir+json;fhirVersion=4.0 is accepted',
    specRef: `${'https://hl7.org/fhir/R4'}/http.html#version-parameter`,
    async run(ctx) {
      const ex = await metadataAs(ctx, 'metadata', 'application/fhir+json; fhirVersion=4.0');
      check(ex.response.status === 200, `The fhirVersion MIME-type parameter names the FHIR version the client wants (4.0 for R4), which this R4 server implements, but GET metadata with Accept: application/fhir+json; fhirVersion=4.0 answered ${describeResponse(ex)}`, ex);
      check(isFhirJsonType(ex.response.headers['content-type']), `The response to Accept: application/fhir+json; fhirVersion=4.0 SHALL be application/fhir+json, but the Content-Type is ${ex.response.headers['content-type'] ?? 'missing'}`, ex);
      return pass('200 application/fhir+json', ex);
    },
  },
  {
    ...GROUP,
    id: 'err-01',
    title: 'An unknown resource type: 404 (or 400) with an OperationOutcome',
    specRef: SPEC.statusCodes,
    async run(ctx) {
      const ex = await ctx.send('GET', 'FhiriqNotAResourceType/1');
      check(ex.response.status === 404 || ex.response.status === 400, `"404 Not Found - resource type not supported, or not a FHIR end-point", but GET FhiriqNotAResourceType/1 answered ${describeResponse(ex)}`, ex);
      check(isOperationOutcome(ex), `Error responses SHOULD carry an OperationOutcome ("Servers SHOULD return an OperationOutcome with error details"), but the ${ex.response.status} body is ${describeBody(ex)}`, ex);
      return pass(`${ex.response.status} with an OperationOutcome`, ex);
    },
  },
  {
    ...GROUP,
    id: 'err-02',
    title: 'A body that is not JSON: 400 with an OperationOutcome',
    specRef: SPEC.create,
    needsWrites: true,
    async run(ctx) {
      requireWrites(ctx);
      const type = ctx.state.resources[0] ?? 'Patient';
      const ex = await ctx.send('POST', type, { body: '{"resourceType": "' + type + '", ', headers: { 'content-type': 'application/fhir+json' } });
      check(ex.response.status === 400, `"400 Bad Request - resource could not be parsed", but POST ${type} with a truncated JSON body answered ${describeResponse(ex)}`, ex);
      check(isOperationOutcome(ex), `The 400 SHOULD carry an OperationOutcome with error details, but the body is ${describeBody(ex)}`, ex);
      return pass('400 with an OperationOutcome', ex);
    },
  },
];
