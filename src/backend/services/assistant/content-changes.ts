/**
 * Which collections feed the assistant's index, and a counter of changes to them seen by this
 * backend instance. Kept apart from retrieval.ts so that the data hooks (data.ts runs on every data
 * operation) do not load the search library just to say "something changed".
 */

/** The CMS collections whose items become passages of the site index. */
export const CONTENT_COLLECTIONS = ['Tools', 'Products', 'Documentation', 'BlogPosts', 'CaseStudies', 'PodcastEpisodes'] as const;

export type ContentCollection = (typeof CONTENT_COLLECTIONS)[number];

let generation = 0;

export function isContentCollection(collection: string): collection is ContentCollection {
  return (CONTENT_COLLECTIONS as readonly string[]).includes(collection);
}

/**
 * Called by the after-insert/update/remove data hooks of the content collections: the next search
 * in this instance rebuilds the index. Other collections are ignored, so a hook wired by mistake
 * costs nothing.
 */
export function markContentChanged(collection: string): void {
  if (isContentCollection(collection)) generation += 1;
}

/** Grows by one with every change marked in this instance; an index built at an older value is stale. */
export function contentGeneration(): number {
  return generation;
}
