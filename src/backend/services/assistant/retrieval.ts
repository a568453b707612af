import MiniSearch, { type SearchOptions } from 'minisearch';
import type { DataPort, Ports } from '../../ports';
import { contentGeneration } from './content-changes';
import { definesIn, definitionOf } from './definitions';
import { toPassages, type PageContent, type Passage } from './passages';
import { contentVersion, loadSiteContent } from './site-content';
import { RELATED_WEIGHT, processTerm, queryTerms, termsOf, tokenize } from './terms';

/**
 * The assistant's retrieval: the site's own content (static pages, tools, plans, docs, blog posts,
 * case studies, podcast notes) cut into passages and indexed with MiniSearch (BM25), so answers
 * come from, and cite, pages a visitor can open.
 *
 * The index is built on first use and kept per backend instance. It is rebuilt when a data hook in
 * this instance marks a content change (markContentChanged), and, because Wix runs several backend
 * instances and a hook only runs in one, when a cheap fingerprint of the content collections
 * (checked at most every VERSION_CHECK_MS) shows a change made elsewhere.
 */

export type { Passage, PassageSource } from './passages';
export { markContentChanged } from './content-changes';

export interface SearchHit extends Passage {
  score: number;
}

export interface SiteIndex {
  /** Passages that match the question, best first (default at most DEFAULT_LIMIT). */
  search(query: string, options?: { limit?: number }): SearchHit[];
  /** How many passages the index holds. */
  readonly passages: number;
  readonly builtAt: Date;
}

/** How often an instance asks whether the content changed elsewhere. */
export const VERSION_CHECK_MS = 30_000;
export const DEFAULT_LIMIT = 5;
/** A question's first distinct terms that count: a 4,000-character message must not cost more. */
const MAX_QUERY_TERMS = 48;

/** A passage that defines the subject of a "what is X?" question counts this many times over. */
const DEFINITION_BOOST = 3;

/** Titles say what a page is about; headings what a section is; both count above body text. */
const FIELD_BOOST = { title: 2, heading: 1.5, text: 1 };

/** An index over the given pages (exported for tests and tools; the site uses getSiteIndex). */
export function buildSiteIndex(pages: readonly PageContent[], builtAt: Date): SiteIndex {
  const passages = pages.flatMap((page) => toPassages(page));
  const byId = new Map(passages.map((p) => [p.id, p]));
  const mini = new MiniSearch<Passage>({
    fields: ['title', 'heading', 'text'],
    idField: 'id',
    tokenize: (text) => tokenize(text),
    processTerm: (term) => processTerm(term),
  });
  mini.addAll(passages);
  // Words the site uses: a question's word found here is matched exactly; any other word is
  // probably a typo or a part of one, and gets prefix and fuzzy matching.
  const vocabulary = new Set(passages.flatMap((p) => termsOf(`${p.title} ${p.heading ?? ''} ${p.text}`)));
  const unknown = (term: string) => !vocabulary.has(term);
  const searchOptions: SearchOptions = {
    // The terms are processed already: split them back, nothing more.
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term,
    boost: FIELD_BOOST,
    prefix: (term) => unknown(term) && term.length >= 3,
    fuzzy: (term) => (unknown(term) && term.length >= 4 ? 0.2 : false),
    combineWith: 'OR',
  };

  return {
    passages: passages.length,
    builtAt,
    search(query, options = {}) {
      const requested = options.limit ?? DEFAULT_LIMIT;
      const limit = Number.isFinite(requested) ? Math.max(1, Math.floor(requested)) : DEFAULT_LIMIT;
      const { own, related } = queryTerms(query);
      if (own.length === 0) return [];
      const defines = definitionOf(query);
      const perQuery: SearchOptions = defines
        ? { ...searchOptions, boostDocument: (id) => (definesIn(byId.get(String(id))?.text ?? '', defines) ? DEFINITION_BOOST : 1) }
        : searchOptions;
      // The question's own words and the related ones are searched apart and added up with
      // related ones weighted down: MiniSearch multiplies a score by the number of query terms a
      // passage matches, and a related term must not count as much as a word the visitor typed.
      const scores = new Map<string, number>();
      for (const [terms, weight] of [[own, 1], [related, RELATED_WEIGHT]] as const) {
        if (terms.length === 0) continue;
        for (const result of mini.search(terms.slice(0, MAX_QUERY_TERMS).join(' '), perQuery)) {
          const id = String(result.id);
          scores.set(id, (scores.get(id) ?? 0) + weight * result.score);
        }
      }
      const hits: SearchHit[] = [];
      for (const [id, score] of [...scores].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
        const passage = byId.get(id);
        if (passage) hits.push({ ...passage, score });
        if (hits.length >= limit) break;
      }
      return hits;
    },
  };
}

// --- the cached site index ---------------------------------------------------------------------

interface Cached {
  index: SiteIndex;
  /** contentVersion() when built. */
  version: string;
  /** contentGeneration() when built. */
  generation: number;
  /** Clock time (ms) of the last version check. */
  checkedAt: number;
}

interface Slot {
  cached?: Cached;
  /** The check or rebuild under way: concurrent callers share it. */
  pending?: Promise<SiteIndex>;
}

/** Per data port: one per backend instance on the site; tests with their own stores never share. */
const slots = new WeakMap<DataPort, Slot>();

/** The site index, built from the collections on first use and kept fresh (see the module comment). */
export async function getSiteIndex(ports: Pick<Ports, 'data' | 'clock'>): Promise<SiteIndex> {
  let slot = slots.get(ports.data);
  if (!slot) {
    slot = {};
    slots.set(ports.data, slot);
  }
  const cached = slot.cached;
  if (cached && cached.generation === contentGeneration() && ports.clock.now().getTime() - cached.checkedAt < VERSION_CHECK_MS) {
    return cached.index;
  }
  const current = slot;
  current.pending ??= refresh(ports, current).finally(() => {
    current.pending = undefined;
  });
  return current.pending;
}

async function refresh(ports: Pick<Ports, 'data' | 'clock'>, slot: Slot): Promise<SiteIndex> {
  const generation = contentGeneration();
  const now = ports.clock.now();
  const cached = slot.cached;
  try {
    // The version is read before the content: a change made while the index is built shows up as
    // a different version at the next check, never as a missed one.
    const version = await contentVersion(ports.data);
    if (cached && cached.generation === generation && cached.version === version) {
      cached.checkedAt = now.getTime();
      return cached.index;
    }
    const index = buildSiteIndex(await loadSiteContent(ports.data), now);
    slot.cached = { index, version, generation, checkedAt: now.getTime() };
    return index;
  } catch (error) {
    if (!cached) throw error;
    // An old index answers better than none; try again after the usual interval (the version
    // check will then see whatever changed meanwhile).
    console.warn(`[assistant] could not refresh the site index, keeping the one built ${cached.index.builtAt.toISOString()}: ${(error as Error)?.message ?? String(error)}`);
    cached.checkedAt = now.getTime();
    cached.generation = generation;
    return cached.index;
  }
}
