import { statSync } from 'node:fs';
import type { SitePage } from '../site-pages';
import { buildPageBundle, type BundleResult } from './build';

/**
 * Bundles kept in memory, rebuilt when any file they were built from changes (or appears or
 * disappears). Concurrent requests for the same page share one build.
 */
interface Entry {
  result: BundleResult;
  stamps: Map<string, number>;
}

export function createBundleCache(root: string) {
  const entries = new Map<string, Entry>();
  const building = new Map<string, Promise<BundleResult>>();

  const stamp = (file: string): number => {
    try {
      return statSync(file).mtimeMs;
    } catch {
      return -1;
    }
  };
  const fresh = (entry: Entry): boolean => [...entry.stamps].every(([file, mtime]) => stamp(file) === mtime);

  return {
    async get(page: SitePage): Promise<BundleResult> {
      const cached = entries.get(page.pageId);
      if (cached && fresh(cached)) return cached.result;
      const pending = building.get(page.pageId);
      if (pending) return pending;
      const build = (async () => {
        try {
          const result = await buildPageBundle(page, { root });
          entries.set(page.pageId, { result, stamps: new Map(result.inputs.map((f) => [f, stamp(f)])) });
          return result;
        } finally {
          building.delete(page.pageId);
        }
      })();
      building.set(page.pageId, build);
      return build;
    },
  };
}

export type BundleCache = ReturnType<typeof createBundleCache>;
