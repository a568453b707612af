/**
 * What the Bundle-level checks learn about a Bundle's entries, kept (weakly, by entry resource object)
 * for when the scanner validates each entry resource on its own: references between entries resolve
 * through it, and conditional references in a transaction are matched against its entries.
 */
export interface BundleIndex {
  type: string;
  /** fullUrl -> resourceType of the entry. */
  fullUrls: Map<string, string>;
  /** Conditional creates/updates of the entries: "Type?query" (ifNoneExist or a conditional PUT url). */
  conditionals: Set<string>;
}

export interface EntryContext {
  bundle: BundleIndex;
  index: number;
}

/** Normalizes "Type?b=2&a=1" so equivalent queries compare equal (parameter order does not matter). */
export function conditionalKey(type: string, query: string): string {
  const params = query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      try {
        return decodeURIComponent(p.replace(/\+/g, ' '));
      } catch {
        return p;
      }
    })
    .sort();
  return `${type}?${params.join('&')}`;
}
