/**
 * How text becomes search terms, for the site index and for visitors' questions alike: FHIR names
 * written in several ways become one term ("US Core", "us-core"; "CapabilityStatement",
 * "capability statement"), invariant keys and LOINC codes stay whole ("dom-3", "8867-4"), common
 * words are dropped, word families meet ("validator", "validation", "validate") and light stemming
 * folds plurals and -ing/-ed forms. Questions are then widened with a few related terms, weighted
 * below the visitor's own words ("how much does it cost" also looks for plans).
 */

/** Multi-word names and spellings made one token before splitting (index and query alike). */
const PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bus[\s_-]*core\b/gi, ' uscore '],
  [/\bsmart[\s-]+on[\s-]+fhir\b/gi, ' smartonfhir '],
  [/\$export\b/gi, ' bulkdata export '],
  [/\bbulk[\s-]+(?:data|exports?)\b/gi, ' bulkdata export '],
  [/\bcapability[\s-]*statements?\b/gi, ' capabilitystatement '],
  [/\boperation[\s-]*outcomes?\b/gi, ' operationoutcome '],
  [/\bstructure[\s-]*definitions?\b/gi, ' structuredefinition '],
  [/\bfhir[\s-]*path\b/gi, ' fhirpath '],
  [/\bmust[\s-]+support\b/gi, ' mustsupport '],
  [/\bcase[\s-]+stud(?:y|ies)\b/gi, ' casestudy '],
  [/\bcommand[\s-]+line\b/gi, ' cli '],
  [/\bcontinuous[\s-]+integration\b/gi, ' ci '],
  [/\bhow\s+much\b/gi, ' price '],
  [/\bget(?:ting)?[\s-]+started\b/gi, ' start '],
  [/\be-mail\b/gi, ' email '],
  // "episode 3", "season 1": the number is what tells them apart.
  [/\b(episode|season)\s+(\d{1,3})\b/gi, ' $1 $1$2 '],
  // Invariant keys (dom-3, obs-6) and LOINC codes (8867-4) are one thing each, not a word and a digit.
  [/\b([a-z]{2,5})-(\d{1,2})\b/gi, ' $1$2 '],
  [/\b(\d{1,6})-(\d)\b/g, ' $1$2 '],
];

/** Words of a question that say nothing about its topic. */
const STOP_WORDS = new Set(
  (
    'a about above after again against all am an and any anything are as at be because been before being below between both but by ' +
    'can could did do does doing done down during each either else every few for from further had has have having he her here ' +
    'hers him his how i if in into is it its itself just let lets me might more most much my myself no nor not now of off on ' +
    'once only or other our ours out over own please same she should so some such tell than thank thanks that the their theirs ' +
    'them then there these they thing things this those through to too under until up upon us very want was way we were what ' +
    'whats when where which while who whom whose why will with would yes you your yours yourself also may shall okay ok hi hello ' +
    'know need needs get gets got use uses used using there is are am way ways kind sort like really'
  ).split(/\s+/),
);

/** Families whose members mean the same thing to a visitor; each maps to one term. */
const FAMILIES: Record<string, readonly string[]> = {
  valid: ['valid', 'validate', 'validates', 'validated', 'validating', 'validation', 'validations', 'validator', 'validators', 'validity', 'invalid'],
  conform: ['conform', 'conforms', 'conformance', 'conformant', 'conforming'],
  test: ['test', 'tests', 'tested', 'testing', 'tester', 'testers'],
  scan: ['scan', 'scans', 'scanned', 'scanning', 'scanner', 'scanners'],
  build: ['build', 'builds', 'built', 'building', 'builder', 'builders'],
  price: ['price', 'prices', 'priced', 'pricing', 'cost', 'costs', 'costing', 'fee', 'fees', 'charge', 'charges', 'charged', 'pay', 'pays', 'paid', 'paying', 'payment', 'cheap', 'cheaper', 'expensive', 'dollar', 'dollars', 'usd'],
  paging: ['paging', 'paged', 'pagination', 'paginate', 'paginated', 'paginating'],
  auth: ['auth', 'oauth', 'oauth2', 'authenticate', 'authenticated', 'authentication', 'authorization', 'authorisation', 'authorize', 'authorized', 'login', 'logins', 'bearer'],
  start: ['start', 'starts', 'started', 'starting', 'begin', 'begins', 'beginning', 'beginner', 'beginners'],
  contact: ['contact', 'contacts', 'contacted', 'contacting'],
  refer: ['refer', 'refers', 'referred', 'reference', 'references', 'referenced', 'referencing'],
  cli: ['cli', 'npx', 'terminal', 'terminals', 'shell'],
  episode: ['episode', 'episodes'],
  user: ['user', 'users', 'seat', 'seats', 'licence', 'licences', 'license', 'licenses'],
  email: ['email', 'emails', 'mail'],
  demo: ['demo', 'demos', 'demonstration'],
};
const CANONICAL = new Map<string, string>(Object.entries(FAMILIES).flatMap(([term, words]) => words.map((word) => [word, term] as const)));

/**
 * Terms a question is widened with, only where the site's pages use other words than visitors do.
 * Written as plain words; they go through the same processing as everything else (below).
 */
const RELATED_WORDS: Record<string, readonly string[]> = {
  price: ['plan'],
  plan: ['price'],
  subscription: ['plan', 'price'],
  tier: ['plan'],
  book: ['contact', 'demo'],
  booking: ['contact', 'demo'],
  demo: ['contact'],
  meeting: ['contact'],
  call: ['contact'],
  appointment: ['contact'],
  schedule: ['contact'],
  reach: ['contact'],
  talk: ['contact'],
  phone: ['contact'],
  sales: ['contact'],
  email: ['contact'],
  // On this site, checking data against the spec is what the scanner does.
  valid: ['conformance', 'scanner'],
  conformance: ['validation'],
  paging: ['page', 'next'],
  episode: ['podcast'],
  podcast: ['episode'],
  listen: ['podcast'],
  customer: ['case study'],
  story: ['case study'],
  stories: ['case study'],
  'smart on fhir': ['auth'],
  token: ['auth'],
  ci: ['pipeline'],
  pipeline: ['ci'],
  'bulk data': ['ndjson'],
  ndjson: ['bulk data'],
  start: ['welcome'],
  privacy: ['upload', 'browser'],
  phi: ['upload', 'browser'],
  hipaa: ['upload', 'browser'],
  language: ['typescript', 'python', 'java'],
  sdk: ['code', 'java'],
  error: ['issue'],
  issue: ['error'],
};

export const RELATED_WEIGHT = 0.4;

/** Splits text into raw tokens after joining the phrases above. */
export function tokenize(text: string): string[] {
  let out = text;
  for (const [pattern, replacement] of PHRASES) out = out.replace(pattern, replacement);
  return out.split(/[^\p{L}\p{N}]+/u).filter((token) => token.length > 1);
}

/** One token as a search term, or null for a word that carries no topic. */
export function processTerm(token: string): string | null {
  const word = token.toLowerCase();
  if (STOP_WORDS.has(word)) return null;
  return CANONICAL.get(word) ?? CANONICAL.get(stem(word)) ?? stem(word);
}

/** The terms of a text, in order (duplicates kept). */
export function termsOf(text: string): string[] {
  return tokenize(text)
    .map(processTerm)
    .filter((term): term is string => term !== null);
}

/**
 * Words that match nearly every passage of this site, so they say nothing about which one a
 * question wants (MiniSearch also multiplies a score by the number of query terms matched, so such
 * a word would lift every passage alike). Dropped from questions unless nothing else is left.
 */
const UBIQUITOUS = new Set(['fhir']);

export interface QueryTerms {
  /** The question's own terms. */
  own: string[];
  /** Related terms that are not among its own, to be counted at RELATED_WEIGHT. */
  related: string[];
}

/** A question as terms: its own, then related ones not already there. */
export function queryTerms(question: string): QueryTerms {
  const all = [...new Set(termsOf(question))];
  const own = all.some((t) => !UBIQUITOUS.has(t)) ? all.filter((t) => !UBIQUITOUS.has(t)) : all;
  const seen = new Set(own);
  const related: string[] = [];
  for (const term of own) {
    for (const extra of relatedTerms().get(term) ?? []) {
      if (!seen.has(extra)) {
        seen.add(extra);
        related.push(extra);
      }
    }
  }
  return { own, related };
}

/**
 * A light English stemmer: plurals, -ing, -ed, -ly and a final e, enough for the words of this
 * site (a full Porter stemmer conflates more than it helps on FHIR names such as "Coding").
 * Words with digits and short words stay as they are.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length - 3 >= 4) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length - 2 >= 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith('ly') && w.length - 2 >= 4) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

let relatedCache: Map<string, string[]> | undefined;

/** RELATED_WORDS as terms (keyed by the term a word becomes), worked out once. */
function relatedTerms(): Map<string, string[]> {
  relatedCache ??= new Map(Object.entries(RELATED_WORDS).map(([word, extras]) => [termsOf(word).join(' '), extras.flatMap((extra) => termsOf(extra))]));
  return relatedCache;
}

function undouble(w: string): string {
  return /([^aeiouls])\1$/.test(w) ? w.slice(0, -1) : w;
}
