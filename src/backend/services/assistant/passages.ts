import { htmlToBlocks } from './html-text';

/**
 * Pages cut into passages: the unit the assistant retrieves, cites and quotes. A passage is short
 * enough to be about one thing (so the best one ranks first and an answer built from it stays on
 * topic) and long enough to say something whole: sections split at their headings, long sections at
 * paragraph and then sentence boundaries, and small neighbouring sections joined up to the limit.
 */

export type PassageSource = 'page' | 'tool' | 'product' | 'doc' | 'blog' | 'case-study' | 'podcast';

export interface Passage {
  /** Stable while the content does not change: "<source>:<slug>#<n>". */
  id: string;
  source: PassageSource;
  /** The title of the page the passage is on (what a citation shows). */
  title: string;
  /** A site path that opens that page, e.g. /docs?page=fhir-search, /blog/<slug>, /pricing. */
  url: string;
  /** Plain text; one line per paragraph or list item; a section's heading leads its first line. */
  text: string;
  /** The section heading(s) the passage falls under, when the page has headings. */
  heading?: string;
}

/** A page as retrieval sees it, before it is cut up. */
export interface PageContent {
  /** "<source>:<slug>", the prefix of its passages' ids. */
  key: string;
  source: PassageSource;
  title: string;
  url: string;
  sections: PageSection[];
}

export interface PageSection {
  heading?: string;
  /** Plain-text paragraphs (or list items, or lines of code). */
  paragraphs: string[];
}

export interface PassageLimits {
  minWords: number;
  maxWords: number;
}

export const PASSAGE_LIMITS: PassageLimits = { minWords: 60, maxWords: 200 };

/**
 * Sections of rich text: every heading starts a section; the text before the first heading (if
 * any) is a section without one. `lead` (a summary, excerpt or tagline) goes first.
 */
export function sectionsFromHtml(html: string, lead: readonly string[] = []): PageSection[] {
  const sections: PageSection[] = [{ paragraphs: lead.map((p) => p.trim()).filter(Boolean) }];
  for (const block of htmlToBlocks(html)) {
    if (block.kind === 'heading') {
      sections.push({ heading: block.text, paragraphs: [] });
    } else {
      // Code keeps its lines (commands one per line); everything else is one paragraph per block.
      const lines = block.kind === 'code' ? block.text.split('\n').map((l) => l.trim()).filter(Boolean) : [block.text];
      sections[sections.length - 1]?.paragraphs.push(...lines);
    }
  }
  return sections.filter((s) => s.paragraphs.length > 0);
}

interface Chunk {
  headings: string[];
  lines: string[];
  words: number;
}

/** The page's passages, in page order. */
export function toPassages(page: PageContent, limits: PassageLimits = PASSAGE_LIMITS): Passage[] {
  const chunks: Chunk[] = [];
  for (const section of page.sections) chunks.push(...chunkSection(section, limits.maxWords));

  // Join a small chunk with the next while both fit: a one-line section alone is too thin to rank
  // well or to answer from, and its neighbour on the same page is the most related text there is.
  const merged: Chunk[] = [];
  for (const chunk of chunks) {
    const last = merged[merged.length - 1];
    if (last && last.words < limits.minWords && last.words + chunk.words <= limits.maxWords) {
      merged[merged.length - 1] = join(last, chunk);
    } else {
      merged.push(chunk);
    }
  }
  // A small last chunk goes back into the one before it, when that fits.
  if (merged.length >= 2) {
    const last = merged[merged.length - 1] as Chunk;
    const before = merged[merged.length - 2] as Chunk;
    if (last.words < limits.minWords && before.words + last.words <= limits.maxWords) {
      merged.splice(merged.length - 2, 2, join(before, last));
    }
  }

  return merged.map((chunk, i) => ({
    id: `${page.key}#${i}`,
    source: page.source,
    title: page.title,
    url: page.url,
    text: chunk.lines.join('\n'),
    ...(chunk.headings.length > 0 ? { heading: chunk.headings.join(' / ') } : {}),
  }));
}

/** A section as chunks of at most maxWords; the heading leads the section's first line. */
function chunkSection(section: PageSection, maxWords: number): Chunk[] {
  const paragraphs = [...section.paragraphs];
  if (section.heading && paragraphs.length > 0) {
    paragraphs[0] = `${section.heading}${/[.:?!]$/.test(section.heading) ? ' ' : ': '}${paragraphs[0]}`;
  }
  const units = paragraphs.flatMap((p) => (countWords(p) > maxWords ? splitLong(p, maxWords) : [p]));
  const headings = section.heading ? [section.heading] : [];
  const chunks: Chunk[] = [];
  let current: Chunk = { headings, lines: [], words: 0 };
  const target = evenShare(sum(units.map(countWords)), maxWords);
  for (const unit of units) {
    const words = countWords(unit);
    if (current.lines.length > 0 && (current.words + words > maxWords || current.words >= target)) {
      chunks.push(current);
      current = { headings, lines: [], words: 0 };
    }
    current.lines.push(unit);
    current.words += words;
  }
  if (current.lines.length > 0) chunks.push(current);
  return chunks;
}

function join(a: Chunk, b: Chunk): Chunk {
  return { headings: [...new Set([...a.headings, ...b.headings])], lines: [...a.lines, ...b.lines], words: a.words + b.words };
}

/** A paragraph over the limit, cut at sentence ends (and a sentence over it, at words) into even parts. */
function splitLong(paragraph: string, maxWords: number): string[] {
  const sentences = paragraph
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"'(])/)
    .flatMap((s) => (countWords(s) > maxWords ? wordSlices(s, maxWords) : [s]));
  const target = evenShare(countWords(paragraph), maxWords);
  const out: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const sentence of sentences) {
    const n = countWords(sentence);
    if (current.length > 0 && (words + n > maxWords || words >= target)) {
      out.push(current.join(' '));
      current = [];
      words = 0;
    }
    current.push(sentence);
    words += n;
  }
  if (current.length > 0) out.push(current.join(' '));
  return out;
}

function wordSlices(text: string, maxWords: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const size = Math.ceil(words.length / Math.ceil(words.length / maxWords));
  const out: string[] = [];
  for (let i = 0; i < words.length; i += size) out.push(words.slice(i, i + size).join(' '));
  return out;
}

/**
 * The size of each part when `total` words are cut into as few parts of at most `max` as possible:
 * 450 words make three parts of 150, not 200, 200 and a thin 50.
 */
function evenShare(total: number, max: number): number {
  return total <= max ? max : Math.ceil(total / Math.ceil(total / max));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}
