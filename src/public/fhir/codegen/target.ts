/**
 * What the code generator needs of a resource: its type (the rest is sent as it is). Any FHIR R4
 * resource type fits, and the generator stays independent of a FHIR type package.
 */
export interface CodegenResource {
  readonly resourceType: string;
}

/**
 * What every language's template needs to know about the request it writes: where it POSTs and
 * what it sends. Computed once, so the five snippets always agree.
 */
export interface SnippetTarget {
  resource: CodegenResource;
  resourceType: string;
  /** The base URL as the user gave it, without trailing slashes. Data: every template quotes it. */
  baseUrl: string;
  /**
   * The path appended to the base URL: "/Patient" for a create, "" for a transaction or batch
   * Bundle, which FHIR POSTs to the base URL itself.
   */
  path: string;
  /** A transaction or batch Bundle (the clients' transaction call instead of create). */
  transaction: boolean;
  /** The resource as pretty JSON (2 spaces): what the snippets embed, in each language's quoting. */
  json: string;
}

/**
 * FHIR resource type names are letters only (R4: "Patient", "MedicationRequest"...). The type
 * becomes part of URLs and identifiers in the snippets, so anything else is refused here rather
 * than quoted: a resource without a proper type is a caller's bug, not something to send.
 */
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{0,63}$/;

export function snippetTarget(resource: CodegenResource, baseUrl: string): SnippetTarget {
  const resourceType = (resource as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== 'string' || !RESOURCE_TYPE.test(resourceType)) {
    throw new TypeError(`Cannot write client code for a resource without a valid resourceType (got ${JSON.stringify(resourceType)})`);
  }
  const bundleType = resourceType === 'Bundle' ? (resource as { type?: unknown }).type : undefined;
  const transaction = bundleType === 'transaction' || bundleType === 'batch';
  return {
    resource,
    resourceType,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    path: transaction ? '' : `/${resourceType}`,
    transaction,
    json: JSON.stringify(resource, null, 2),
  };
}

/** A short human name for what is sent, for the snippets' header comments (no user data). */
export function describe(target: SnippetTarget): string {
  if (target.transaction) return `a ${String((target.resource as { type?: unknown }).type)} Bundle`;
  return `${/^[AEIOU]/.test(target.resourceType) ? 'an' : 'a'} ${target.resourceType}`;
}
