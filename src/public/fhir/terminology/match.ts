import type { Concept } from './types';

/** A concept found in a request, with where it was found (offsets in the lower-cased text). */
export interface ConceptMatch<C extends Concept = Concept> {
  concept: C;
  start: number;
  end: number;
  /** The words matched, as written in the request. */
  text: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds the concepts of a table in a text. Synonyms are matched on word boundaries (so "flu" does not
 * match inside "fluticasone"), longest synonym first, and matches never overlap: "type 2 diabetes"
 * wins over "diabetes". Whitespace in a synonym matches any run of spaces or hyphens.
 */
export function findConcepts<C extends Concept>(text: string, table: readonly C[]): ConceptMatch<C>[] {
  const lower = text.toLowerCase();
  const candidates: ConceptMatch<C>[] = [];
  for (const concept of table) {
    for (const synonym of concept.synonyms) {
      const pattern = escapeRegExp(synonym).replace(/\s+/g, '[\\s-]+');
      const regex = new RegExp(`(?<![a-z0-9])${pattern}(?![a-z0-9])`, 'g');
      for (let m = regex.exec(lower); m; m = regex.exec(lower)) {
        candidates.push({ concept, start: m.index, end: m.index + m[0].length, text: text.slice(m.index, m.index + m[0].length) });
      }
    }
  }
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken: ConceptMatch<C>[] = [];
  for (const c of candidates) {
    if (!taken.some((t) => c.start < t.end && t.start < c.end)) taken.push(c);
  }
  return taken.sort((a, b) => a.start - b.start);
}
