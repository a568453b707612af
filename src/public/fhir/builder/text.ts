/**
 * Text helpers shared by the extractors. Extractors search a lower-cased copy of the request and
 * report offsets, which are the same in the original (lower-casing keeps lengths for the characters
 * we normalize to: the request is first reduced to plain spaces and straight quotes).
 */

/** Longest request the engine reads; the service rejects longer ones, this bounds regex work anyway. */
export const MAX_PROMPT_LENGTH = 4000;

/** Plain spaces, straight quotes, no control characters; same length as the input for each kept char. */
export function normalizePrompt(prompt: string): string {
  return prompt
    .slice(0, MAX_PROMPT_LENGTH)
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u2033]/g, '"')
    .replace(/[\u2013\u2014\u2212]/g, '-')
    .replace(/[\u0000-\u001f\u007f\u00a0\u2000-\u200b\u2028\u2029\u202f\u3000]/g, ' ');
}

/** A span of the request that an extractor has used, so that others do not read it again. */
export interface Span {
  start: number;
  end: number;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

export function overlapsAny(span: Span, spans: readonly Span[]): boolean {
  return spans.some((s) => overlaps(span, s));
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, several: NaN, few: NaN,
};

/** "3", "three", "a" -> a number; NaN for vague words ("a few") that name no number. */
export function parseCount(word: string): number {
  const w = word.toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  return NUMBER_WORDS[w] ?? NaN;
}

export const COUNT_WORD = '(?:\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)';

/** "jane" -> "Jane", "o'brien" -> "O'Brien", "mary-kate" -> "Mary-Kate" (only for words typed all lower case). */
export function titleCase(word: string): string {
  if (word !== word.toLowerCase()) return word;
  return word.replace(/(^|['-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

/** Formats a number as people write it (no float noise: 98.6, not 98.60000000001). */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
