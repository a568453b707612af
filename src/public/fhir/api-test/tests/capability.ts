import { check, describeBody, isFhirJsonType, pass, skip, describeResponse, type Ctx, type Exchange } from '../context';
import { SPEC } from '../spec';
import type { TestDef } from './def';

/** The /metadata exchange made in setup (stored in the state's facts as its status only), fetched again here. */
async function metadata(ctx: Ctx): Promise<Exchange> {
  return ctx.send('GET', 'metadata');
}

export const capabilityTests: TestDef[] = [
  {
    id: 'cap-01',
    group: 'capability',
    title: 'GET [base]/metadata returns a CapabilityStatement',
    specRef: SPEC.capabilities,
    scope: 'server',
    async run(ctx) {
      const ex = await metadata(ctx);
      check(ex.response.status === 200, `"Applications SHALL return a resource that describes the functionality of the server end-point" (GET [base]/metadata), but the server answered ${describeResponse(ex)}`, ex);
      check(ex.json, `GET [base]/metadata SHALL return a CapabilityStatement, but ${ex.jsonError}`, ex);
      check(ex.json.resourceType === 'CapabilityStatement', `GET [base]/metadata SHALL return a CapabilityStatement, but the body is ${describeBody(ex)}`, ex);
      const rest = Array.isArray(ex.json.rest) ? (ex.json.rest as Array<Record<string, unknown>>) : [];
      check(rest.some((r) => r && r.mode === 'server'), 'The CapabilityStatement of a server describes it in rest with mode "server", but it has none', ex);
      return pass(`The server describes itself: CapabilityStatement with ${Object.keys(ctx.cap?.types ?? {}).length} resource types`, ex);
    },
  },
  {
    id: 'cap-02',
    group: 'capability',
    title: 'The CapabilityStatement declares fhirVersion 4.0.x',
    specRef: SPEC.versions,
    scope: 'server',
    async run(ctx) {
      if (!ctx.cap) skip(`The CapabilityStatement could not be read: ${ctx.state.capabilityError}`);
      const ex = await metadata(ctx);
      const version = ctx.cap!.fhirVersion;
      check(version && /^4\.0(\.\d+)?$/.test(version), `The CapabilityStatement's fhirVersion SHALL be the FHIR version the server implements: 4.0.x for R4, but it is ${version ? `"${version}"` : 'missing'}`, ex);
      return pass(`fhirVersion is ${version}`, ex);
    },
  },
  {
    id: 'cap-03',
    group: 'capability',
    title: 'The CapabilityStatement lists JSON among its formats',
    specRef: SPEC.mimeType,
    scope: 'server',
    async run(ctx) {
      if (!ctx.cap) skip(`The CapabilityStatement could not be read: ${ctx.state.capabilityError}`);
      const ex = await metadata(ctx);
      const formats = ctx.cap!.formats;
      const json = formats.some((f) => /^(json|application\/(fhir\+)?json)(\s*;.*)?$/i.test(f.trim()));
      check(json, `CapabilityStatement.format lists the formats the server supports, and JSON (json or application/fhir+json) is the one this suite speaks, but format is [${formats.join(', ')}]`, ex);
      return pass(`format: ${formats.join(', ')}`, ex);
    },
  },
  {
    id: 'cap-04',
    group: 'capability',
    title: 'The CapabilityStatement is served as application/fhir+json',
    specRef: SPEC.mimeType,
    scope: 'server',
    async run(ctx) {
      const ex = await metadata(ctx);
      check(ex.response.status === 200, `GET [base]/metadata answered ${ex.response.status}`, ex);
      const type = ex.response.headers['content-type'];
      check(isFhirJsonType(type), `"The formal MIME-type for FHIR resources is application/fhir+json" and the client asked for it (Accept), but the Content-Type is ${type ? `"${type}"` : 'missing'}`, ex);
      return pass(`Content-Type: ${type}`, ex);
    },
  },
  {
    id: 'cap-05',
    group: 'capability',
    title: 'The tested resource types are declared with read and search',
    specRef: SPEC.capabilityStatement,
    scope: 'server',
    async run(ctx) {
      if (!ctx.cap) skip(`The CapabilityStatement could not be read: ${ctx.state.capabilityError}`);
      const ex = await metadata(ctx);
      const missing: string[] = [];
      for (const type of ctx.state.resources) {
        const t = ctx.cap!.types[type];
        if (!t) missing.push(`${type} (not declared)`);
        else if (!t.interactions.includes('read') || !t.interactions.includes('search-type')) missing.push(`${type} (interactions: ${t.interactions.join(', ') || 'none'})`);
      }
      check(missing.length === 0, `rest.resource lists each resource type the server supports and its interactions; the tested types should declare read and search-type, but: ${missing.join('; ')}`, ex);
      return pass(`Declared: ${ctx.state.resources.join(', ')}`, ex);
    },
  },
];
