import { statSync } from 'node:fs';
import type { SitePage } from '../site-pages';
import { buildPageBundle, type BundleResult } from './build';
import { buildElementBundle, type ElementBundleResult } from './elements';

/**
 * Bundles kept in memory, rebuilt when any file they were built from changes (or appears or
 * disappears). Concurrent requests for the same bundle share one build. Page bundles and custom
 * element bundles are cached alike.
 */
interface Entry<R> {
  result: R;
  stamps: Map<string, number>;
}

const stamp = (file: string): number => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

function memoizedBuilds<R extends { inputs: string[] }>(build: (key: string) => Promise<R>) {
  const entries = new Map<string, Entry<R>>();
  const building = new Map<string, Promise<R>>();
  const fresh = (entry: Entry<R>): boolean => [...entry.stamps].every(([file, mtime]) => stamp(file) === mtime);

  return {
    async get(key: string): Promise<R> {
      const cached = entries.get(key);
      if (cached && fresh(cached)) return cached.result;
      const pending = building.get(key);
      if (pending) return pending;
      const run = (async () => {
        try {
          const result = await build(key);
          entries.set(key, { result, stamps: new Map(result.inputs.map((f) => [f, stamp(f)])) });
          return result;
        } finally {
          building.delete(key);
        }
      })();
      building.set(key, run);
      return run;
    },
    /** Keys built so far (their results fresh or not). */
    keys(): string[] {
      return [...entries.keys()];
    },
    /** Results built so far (fresh or not), for lookups across bundles. */
    built(): R[] {
      return [...entries.values()].map((e) => e.result);
    },
  };
}

export function createBundleCache(root: string) {
  const pages = new Map<string, SitePage>();
  const pageBuilds = memoizedBuilds((pageId) => buildPageBundle(pages.get(pageId)!, { root }));
  const elementBuilds = memoizedBuilds((name) => buildElementBundle(name, { root }));

  return {
    async get(page: SitePage): Promise<BundleResult> {
      pages.set(page.pageId, page);
      return pageBuilds.get(page.pageId);
    },
    /** src/public/custom-elements/<name>.ts as a browser bundle (see elements.ts). */
    async element(name: string): Promise<ElementBundleResult> {
      return elementBuilds.get(name);
    },
    /**
     * A split chunk of an element bundle (`chunks/<name>-<hash>.js`). Chunk names carry a content
     * hash, so a chunk is found in whichever element build produced it; stale builds are refreshed
     * first, for a chunk asked for after its element's sources changed.
     */
    async chunk(file: string): Promise<string | undefined> {
      const find = () => {
        for (const result of elementBuilds.built()) if (result.ok && result.chunks.has(file)) return result.chunks.get(file);
        return undefined;
      };
      const found = find();
      if (found !== undefined) return found;
      for (const name of elementBuilds.keys()) await elementBuilds.get(name);
      return find();
    },
  };
}

export type BundleCache = ReturnType<typeof createBundleCache>;
