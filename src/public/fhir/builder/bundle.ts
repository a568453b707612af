import type { Bundle, FhirResource, Resource } from 'fhir/r4';
import { BUILDER_NAMESPACE, uuidV5 } from './uuid';

/**
 * Transaction Bundles for requests that name several resources. Entries are POSTed (the server
 * assigns ids) and refer to each other by their urn:uuid fullUrl, which the server rewrites to the
 * ids it assigns (FHIR R4 transaction processing rules).
 */

/**
 * The fullUrl of the entry at `index`: a v5 UUID of the request, `now` and the position, so the
 * same request at the same moment always gives the same Bundle.
 */
export function entryFullUrl(prompt: string, now: Date, index: number): string {
  return `urn:uuid:${uuidV5(`${now.toISOString()}\n${index}\n${prompt}`, BUILDER_NAMESPACE)}`;
}

export interface PlannedEntry {
  fullUrl: string;
  resource: Resource;
}

export function transactionBundle(entries: readonly PlannedEntry[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: entries.map((e) => ({
      fullUrl: e.fullUrl,
      resource: e.resource as FhirResource,
      request: { method: 'POST', url: e.resource.resourceType },
    })),
  };
}
