import type { CapabilitySummary, SearchParamSummary, TypeCapability } from './types';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Keeps what the tests need of a CapabilityStatement: the JSON formats, the version, and per
 * resource type of rest[mode=server] the interactions, search parameters, includes and conditional
 * support. Anything malformed is ignored (the capability tests report on the statement itself).
 */
export function summarizeCapability(cs: Json): CapabilitySummary {
  const rest = arr(cs.rest).filter(isObject);
  const server = rest.find((r) => r.mode === 'server') ?? rest[0];
  const types: Record<string, TypeCapability> = {};
  for (const res of arr(server?.resource).filter(isObject)) {
    const type = str(res.type);
    if (!type || !/^[A-Z][A-Za-z]{1,63}$/.test(type)) continue;
    types[type] = {
      interactions: arr(res.interaction)
        .filter(isObject)
        .map((i) => str(i.code))
        .filter((c): c is string => !!c),
      searchParams: searchParams(res.searchParam),
      searchInclude: arr(res.searchInclude).filter((s): s is string => typeof s === 'string'),
      searchRevInclude: arr(res.searchRevInclude).filter((s): s is string => typeof s === 'string'),
      versioning: str(res.versioning),
      conditionalCreate: res.conditionalCreate === true,
      conditionalUpdate: res.conditionalUpdate === true,
      conditionalDelete: str(res.conditionalDelete),
    };
  }
  return {
    fhirVersion: str(cs.fhirVersion),
    formats: arr(cs.format).filter((f): f is string => typeof f === 'string'),
    software: isObject(cs.software) ? [str(cs.software.name), str(cs.software.version)].filter(Boolean).join(' ') || undefined : undefined,
    commonSearchParams: searchParams(server?.searchParam),
    types,
  };
}

function searchParams(value: unknown): SearchParamSummary[] {
  const out: SearchParamSummary[] = [];
  for (const p of arr(value).filter(isObject)) {
    const name = str(p.name);
    const type = str(p.type);
    if (!name || !type || name.length > 100) continue;
    out.push(definitionOf(p) ? { name, type, definition: definitionOf(p) } : { name, type });
  }
  return out;
}

const definitionOf = (p: Json) => str(p.definition);

export function supports(cap: CapabilitySummary | undefined, type: string, interaction: string): boolean {
  return !!cap?.types[type]?.interactions.includes(interaction);
}

/** A declared search parameter of a type (or one declared for all types). */
export function declaredParam(cap: CapabilitySummary | undefined, type: string, name: string): SearchParamSummary | undefined {
  return cap?.types[type]?.searchParams.find((p) => p.name === name) ?? cap?.commonSearchParams.find((p) => p.name === name);
}
