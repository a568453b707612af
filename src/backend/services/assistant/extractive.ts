import type { ChatPassage, ChatTurn } from '../../ports/ai';
import { definitionOf } from './definitions';
import { asksForMedicalAdvice, MEDICAL_ADVICE_TEXT } from './medical-advice';
import { withoutPersonalData } from './phi';

/**
 * The offline assistant's answer: no model, only the retrieved passages. It picks the few sentences
 * that best match the question's content words (with the previous question as context for
 * follow-ups such as "and how much does it cost?") and quotes them with the title they come from.
 * When no passage covers enough of the question's content words, it says so instead of quoting
 * something loosely related: a wrong answer with a citation is worse than none.
 *
 * Deterministic and pure (no platform imports): the same input always gives the same answer.
 */
export interface ExtractiveInput {
  question: string;
  history: readonly ChatTurn[];
  passages: readonly ChatPassage[];
}

export interface ExtractiveAnswer {
  answer: string;
  /** The passages the quoted sentences come from, best first. */
  usedPassageIds: string[];
  noAnswer: boolean;
  /** Why there is no answer: nothing to answer, the passages do not cover it, it asks about our instructions or for medical advice. */
  why?: 'no-question' | 'not-covered' | 'instructions' | 'medical';
}

export interface ExtractiveOptions {
  /** Share of the question's content words (weighted) the best passage must contain. Default MIN_COVERAGE. */
  minCoverage?: number;
  /** Default 4. */
  maxSentences?: number;
}

/**
 * Calibrated on the site's content (tests/unit/assistant-extractive.test.ts): on-topic questions
 * cover 0.6-1 of their words, off-topic ones ("the weather in Paris", "write me a poem") 0-0.25.
 */
export const MIN_COVERAGE = 0.5;

export const NO_ANSWER_TEXT = "I couldn't find an answer to that in the FHIR IQ site's content.";
export const INSTRUCTIONS_REFUSAL_TEXT =
  "I can't help with that. I answer questions about FHIR and FHIR IQ's tools, plans and content from this site's pages.";

/** Sentences above this length are cut at a word boundary: an answer quotes, it does not copy pages. */
const MAX_SENTENCE_CHARS = 300;
const MAX_ANSWER_CHARS = 700;
const MAX_PASSAGES_QUOTED = 2;
/** A sentence joins the answer when it scores at least this share of the best one (from another passage: the second share). */
const RELATIVE_SCORE = 0.4;
const OTHER_PASSAGE_SCORE = 0.85;
const PASSAGE_WEIGHT = 0.5;
const RANK_WEIGHT = 1;
/** Weights: context words of the previous question count less than the question's own, titles less than text. */
const CONTEXT_WEIGHT = 0.5;
const TITLE_WEIGHT = 0.3;
/** What a sentence that defines the subject of "what is X?" gains (about a strong content word's worth). */
const DEFINITION_WEIGHT = 3;

export function composeExtractiveAnswer(input: ExtractiveInput, options: ExtractiveOptions = {}): ExtractiveAnswer {
  const minCoverage = options.minCoverage ?? MIN_COVERAGE;
  const maxSentences = options.maxSentences ?? 4;

  // The question as written, less the placeholders of masked personal data.
  const asked = withoutPersonalData(input.question);
  if (asksAboutInstructions(asked)) {
    return { answer: INSTRUCTIONS_REFUSAL_TEXT, usedPassageIds: [], noAnswer: true, why: 'instructions' };
  }

  // Quoting a FHIR page to someone asking about their health would read as advice.
  if (asksForMedicalAdvice(asked)) {
    return { answer: MEDICAL_ADVICE_TEXT, usedPassageIds: [], noAnswer: true, why: 'medical' };
  }

  // Quoting cannot write a poem, even one about FHIR: the site holds no answer to creative requests.
  if (CREATIVE_REQUEST.test(asked)) return noAnswer('not-covered');

  const question = contentTerms(asked);
  const previous = [...input.history].reverse().find((turn) => turn.role === 'user');
  const context = previous && isFollowUp(asked, question) ? contentTerms(withoutPersonalData(previous.content)) : new Map<string, number>();
  // "Tell me more": no content words of its own, the previous question says what about.
  const own = hasStrong(question) ? question : context;
  if (!hasStrong(own)) return noAnswer('no-question');
  const extra = own === question ? context : new Map<string, number>();

  const passages = input.passages.map((p, rank) => ({ passage: p, rank, title: termSet(p.title), sentences: splitSentences(p.text) }));
  const passageTerms = passages.map((p) => new Set([...p.title, ...p.sentences.flatMap((s) => [...s.terms])]));

  // Enough of the question must be in one passage, else the passages do not answer it.
  const total = sum([...own.values()]);
  const coverage = Math.max(0, ...passageTerms.map((terms) => sum([...own].filter(([t]) => terms.has(t)).map(([, w]) => w)) / total));
  if (coverage < minCoverage) return noAnswer('not-covered');

  // Rarer words among the passages tell sentences apart better than words every passage has ("FHIR").
  const idf = (term: string) => {
    const df = passageTerms.filter((terms) => terms.has(term)).length;
    return Math.log(1 + (passages.length + 1) / (df + 0.5));
  };
  const weigh = (terms: Map<string, number>, present: Set<string>) =>
    sum([...terms].filter(([t]) => present.has(t)).map(([t, w]) => w * idf(t)));

  interface Candidate {
    passage: number;
    index: number;
    text: string;
    score: number;
  }
  // A sentence is worth what it matches itself plus part of what its passage matches (its title often
  // names the subject the sentence leaves implicit: "Exit codes for CI" over "scan: 0 when ..."), plus
  // a little for retrieval's rank.
  const passageScores = passages.map(
    (p, pi) => weigh(own, passageTerms[pi]) + CONTEXT_WEIGHT * weigh(extra, passageTerms[pi]) + TITLE_WEIGHT * weigh(own, p.title),
  );
  const candidates: Candidate[] = [];
  const defines = definitionOf(asked);
  for (const [pi, p] of passages.entries()) {
    for (const [index, s] of p.sentences.entries()) {
      // A sentence must hold one of the question's own content words: context alone is not an answer.
      if (![...own].some(([t, w]) => w >= 1 && s.terms.has(t))) continue;
      const score =
        weigh(own, s.terms) +
        CONTEXT_WEIGHT * weigh(extra, s.terms) +
        PASSAGE_WEIGHT * passageScores[pi] +
        RANK_WEIGHT * (1 - p.rank / passages.length) +
        (defines?.(s.text) ? DEFINITION_WEIGHT : 0);
      candidates.push({ passage: pi, index, text: s.text, score });
    }
  }
  if (candidates.length === 0) return noAnswer('not-covered');
  candidates.sort((a, b) => b.score - a.score || a.passage - b.passage || a.index - b.index);

  const best = candidates[0];
  const picked: Candidate[] = [best];
  const seen = new Set([normalize(best.text)]);
  let chars = best.text.length;
  for (const c of candidates.slice(1)) {
    if (picked.length >= maxSentences) break;
    const sameSource = picked.some((p) => p.passage === c.passage);
    // Another passage joins only when it is nearly as good: a second source is more to read.
    if (c.score < (sameSource ? RELATIVE_SCORE : OTHER_PASSAGE_SCORE) * best.score) continue;
    if (!sameSource && new Set(picked.map((p) => p.passage)).size >= MAX_PASSAGES_QUOTED) continue;
    if (seen.has(normalize(c.text)) || chars + c.text.length > MAX_ANSWER_CHARS) continue;
    seen.add(normalize(c.text));
    picked.push(c);
    chars += c.text.length;
  }
  // A definition opens the answer: what its page says before it (a summary line) is left out.
  if (defines?.(best.text)) {
    for (let i = picked.length - 1; i > 0; i--) {
      if (picked[i].passage === best.passage && picked[i].index < best.index) picked.splice(i, 1);
    }
    chars = sum(picked.map((c) => c.text.length));
  }
  // One sentence alone often lacks its context: the one after it in the same passage completes it.
  if (picked.length === 1) {
    const next = passages[best.passage].sentences[best.index + 1];
    if (next && !seen.has(normalize(next.text)) && chars + next.text.length <= MAX_ANSWER_CHARS) {
      picked.push({ passage: best.passage, index: best.index + 1, text: next.text, score: 0 });
    }
  }

  // Grouped by passage (best passage first), sentences in their original order so they read as written.
  const order: number[] = [];
  for (const c of picked) if (!order.includes(c.passage)) order.push(c.passage);
  const paragraphs = order.map((pi) => {
    const sentences = picked.filter((c) => c.passage === pi).sort((a, b) => a.index - b.index);
    const title = passages[pi].passage.title.trim();
    // "From FHIR Builder AI Pro: FHIR Builder AI Pro: $39 a month." says the name once.
    const body = sentences.map((c) => c.text).join(' ');
    return `From ${title}: ${body.startsWith(`${title}: `) ? body.slice(title.length + 2) : body}`;
  });
  return { answer: paragraphs.join('\n\n'), usedPassageIds: order.map((pi) => passages[pi].passage.id), noAnswer: false };
}

function noAnswer(why: ExtractiveAnswer['why']): ExtractiveAnswer {
  return { answer: NO_ANSWER_TEXT, usedPassageIds: [], noAnswer: true, why };
}

// --- Questions about our instructions -----------------------------------------------------------

/**
 * Requests to drop the rules, take another role or show the instructions. The offline engine has no
 * instructions to leak, but quoting passages that happen to say "system" or "prompt" would read as if
 * it obeyed; such a message gets the same plain refusal as from the model.
 */
const INSTRUCTION_PATTERNS: RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass|skip)\b[^.?!]{0,40}\b(instructions?|rules|guidelines|prompts?|directions|constraints|guardrails|everything)\b/i,
  /\b(system|initial|original|hidden|secret|developer|pre-?prompt)\s+(prompt|message|instructions?|rules)\b/i,
  /\b(reveal|print|show|repeat|output|display|dump|leak|tell me|give me|what are|what is|what's)\b[^.?!]{0,30}\byour\s+(instructions?|prompt|rules|guidelines|configuration)\b/i,
  /\b(you are now|from now on you|pretend (to be|you are)|act as (an?|the) |roleplay as|jailbreak|developer mode|dan mode)\b/i,
];

export function asksAboutInstructions(question: string): boolean {
  return INSTRUCTION_PATTERNS.some((pattern) => pattern.test(question));
}

const CREATIVE_REQUEST = /\b(write|compose|make up|tell|sing|draft|create)\b[^.?!]{0,30}\b(poem|poems|song|lyrics|story|stories|joke|jokes|haiku|limerick|rap|essay|sonnet)\b/i;

// --- Follow-ups -------------------------------------------------------------------------------

/** "And how much does it cost?", "what about the scanner?", "tell me more": the previous question gives the subject. */
function isFollowUp(text: string, terms: Map<string, number>): boolean {
  if (/^\s*(and|also|but|so|then|what about|how about|ok(ay)?|and what|what else)\b/i.test(text)) return true;
  if (/\b(it|its|it's|they|them|their|that|this|those|these|one|ones|there|more)\b/i.test(text)) return true;
  return [...terms.values()].filter((w) => w >= 1).length <= 1;
}

// --- Words --------------------------------------------------------------------------------------

const STOP_WORDS = new Set(
  (
    'a about above after again against all am an and any are aren as at be because been before being below between both but by ' +
    'can cannot could did didn do does doesn doing don down during each else ever few for from further had has have having he her ' +
    'here hers him his how i if in into is isn it its itself just let lets me might mine more most must my myself no nor not now of ' +
    'off on once only or other our ours ourselves out over own per please same shall she should so some such than that the their ' +
    'theirs them themselves then there these they this those through to too under until up upon very was we were what when where ' +
    'which while who whom whose why will with within without would yes yet you your yours yourself also really much many lot ' +
    'hi hello hey thanks thank ok okay tell explain show describe give say know like want wondering wonder etc e g ie eg s t d ll ve re'
  ).split(' '),
);

/** Words that carry little of a question's subject: they count, but a question of only these asks nothing. */
const WEAK_WORDS = new Set(
  'use used using make made get getting do work works working need needs find see way ways thing things something anything one ones new good best well write us run help go able possible kind type types offer offers offered provide provides provided'.split(
    ' ',
  ),
);

/**
 * Words the site writes differently from how visitors ask: mapped to one term on both sides so that
 * "how much does it cost" finds "$39 a month" and "terminal" finds "command line".
 */
const CONCEPTS: Record<string, string> = {};
for (const [concept, words] of Object.entries({
  price: 'cost costs costing price prices pricing priced pay paying paid fee fees charge charges expensive cheap cheaper money dollar dollars usd',
  start: 'start starts started starting begin begins beginning beginner beginners',
  command: 'cli terminal shell console command commands npx',
  ci: 'ci pipeline pipelines jenkins gitlab continuous',
  valid: 'valid invalid validate validates validated validating validation validator validators',
  buy: 'buy buying purchase purchasing subscribe order checkout',
  free: 'free trial',
  reply: 'reply replies replied answer answers answered',
})) {
  for (const word of words.split(' ')) CONCEPTS[word] = concept;
}

/** Content words of a text with their weight (1, or less for weak words), stemmed. */
export function contentTerms(text: string): Map<string, number> {
  const terms = new Map<string, number>();
  for (const word of words(text)) {
    if (STOP_WORDS.has(word)) continue;
    const term = toTerm(word);
    const weight = WEAK_WORDS.has(word) ? 0.3 : 1;
    terms.set(term, Math.max(terms.get(term) ?? 0, weight));
  }
  return terms;
}

function termSet(text: string): Set<string> {
  return new Set(contentTerms(text).keys());
}

function words(text: string): string[] {
  // A money amount is a price whatever its figure; words are split at hyphens and apostrophes.
  return (text.toLowerCase().match(/\$\s?\d[\d,.]*|[a-z0-9]+/g) ?? []).map((w) => (w.startsWith('$') ? 'price' : w)).filter((w) => w.length > 1 || /\d/.test(w));
}

function toTerm(word: string): string {
  return CONCEPTS[word] ?? stem(word);
}

/** A light suffix stripper, enough for "scanner"/"scans"/"scanning" or "resources"/"resource" to meet. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 7 && w.endsWith('ation')) w = w.slice(0, -3);
  else if (w.length > 5 && /(ing|ed)$/.test(w)) w = w.replace(/(ing|ed)$/, '');
  else if (w.length > 5 && /(ly|er)$/.test(w)) w = w.slice(0, -2);
  if (/([^aeiouls])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

// --- Sentences ----------------------------------------------------------------------------------

interface Sentence {
  text: string;
  terms: Set<string>;
}

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  for (const line of text.split(/\n+/)) {
    for (const raw of line.split(/(?<=[.!?])\s+(?=["'(\[$]?[A-Z0-9])/)) {
      const clean = raw.replace(/\s+/g, ' ').trim().replace(/^[-*•]\s+/, '');
      if (clean.split(' ').length < 2) continue;
      const terms = termSet(clean);
      if (terms.size === 0) continue;
      out.push({ text: cut(clean), terms });
    }
  }
  return out;
}

function cut(sentence: string): string {
  if (sentence.length <= MAX_SENTENCE_CHARS) return /[.!?:)"']$/.test(sentence) ? sentence : `${sentence}.`;
  const head = sentence.slice(0, MAX_SENTENCE_CHARS);
  return `${head.slice(0, head.lastIndexOf(' ')).replace(/[,;:]$/, '')}…`;
}

// --- Helpers ------------------------------------------------------------------------------------

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const hasStrong = (terms: Map<string, number>) => [...terms.values()].some((w) => w >= 1);
const normalize = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

function minus(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  return new Map([...a].filter(([t]) => !b.has(t)));
}
