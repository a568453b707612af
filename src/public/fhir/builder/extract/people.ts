import { titleCase, type Span } from '../text';

/**
 * People in a request: names with who they are (the patient, a practitioner), gender, phone and
 * email; and organization names. Names are read where a cue word says a name follows ("patient Jane
 * Roe", "named John Smith", "Dr. Alice Wong", "for Jane Roe"), as capitalized words; after "named"
 * or "called" lower-case words are accepted too. Words that are known terms (a month, a drug, a
 * resource name...) end a name.
 */
export type PersonRole = 'patient' | 'practitioner' | 'unknown';

export interface FoundName extends Span {
  role: PersonRole;
  given: string[];
  family?: string;
  prefix?: string[];
  suffix?: string[];
  /** The name as it reads: "Jane Roe". */
  text: string;
  /** A title said before the name (Dr., Nurse), for the practitioner's qualification-free prefix. */
  title?: string;
}

const STOP_WORDS = new Set(
  (
    'a an the and or with without for of on at in to from by is was has had have who whose born male female man woman boy girl ' +
    'patient practitioner doctor physician nurse provider organization organisation hospital clinic dr mr mrs ms miss mx prof ' +
    'today yesterday tomorrow tonight this last next now morning evening afternoon night ' +
    'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec ' +
    'monday tuesday wednesday thursday friday saturday sunday ' +
    'mrn npi id dob phone email tel mobile cell address age aged years year old yo ' +
    'create make add record build generate new register enter log document give get show please need want ' +
    'observation condition encounter procedure immunization vaccine allergy allergic prescription medication order report visit bundle resource fhir ' +
    'blood pressure heart rate temperature weight height diagnosed diagnosis prescribed ordered taken seen admitted ' +
    'he she they his her their it that which as also plus then'
  ).split(' '),
);

const NAME_WORD = /^(?:[A-Za-z][a-z]*(?:['-][A-Za-z][a-z]*)*|[A-Z]\.?|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O'[A-Z][a-z]+)$/;

interface Cue {
  re: RegExp;
  role: PersonRole;
  /** Lower-case words accepted as a name after this cue. */
  lenient: boolean;
  title?: string;
}

const CUES: Cue[] = [
  { re: /\b(?:dr\.?|doctor)\s+/gi, role: 'practitioner', lenient: false, title: 'Dr.' },
  { re: /\b(?:practitioner|physician|provider|clinician|prescriber|surgeon|pediatrician|cardiologist|nurse practitioner|nurse)(?:\s+(?:named|called))?\s+/gi, role: 'practitioner', lenient: false },
  { re: /\b(?:patient|pt)(?:\s+(?:named|called|name(?:d)?:?))?\s+/gi, role: 'patient', lenient: false },
  { re: /\b(?:named|called|name is|name:|name of)\s+/gi, role: 'unknown', lenient: true },
  { re: /\b(?:for|of|to)\s+(?=[A-Z][a-z])/g, role: 'patient', lenient: false },
  { re: /^\s*(?=[A-Z][a-z]+\s+[A-Z][a-z]+)/g, role: 'unknown', lenient: false },
];

/**
 * Reads a name from `start`: up to four name words, a middle initial ("J."), then an optional
 * suffix (Jr., III, MD). Returns undefined when no name word is there.
 */
function readName(text: string, start: number, lenient: boolean, isTerm: (word: string) => boolean): { words: string[]; suffix: string[]; end: number } | undefined {
  const words: string[] = [];
  const suffix: string[] = [];
  const re = /(\s*,?\s*)([A-Za-z][A-Za-z'-]*)(\.?)/y;
  re.lastIndex = start;
  let end = start;
  for (let m = re.exec(text); m && words.length < 4; m = re.exec(text)) {
    const [all, sep = '', word = '', dot = ''] = m;
    const lower = word.toLowerCase();
    if (words.length && (/^(jr|sr)$/.test(lower) || (/^(ii|iii|iv|md|do|phd|rn|np|pa|dds)$/i.test(word) && word === word.toUpperCase()) || word === 'PhD')) {
      suffix.push(/^(jr|sr)$/.test(lower) ? `${titleCase(lower)}.` : word);
      end = m.index + all.length;
      continue;
    }
    if (sep.includes(',') && words.length) break;
    if (STOP_WORDS.has(lower) || isTerm(lower)) break;
    if (!/^[A-Z]/.test(word) && !lenient) break;
    const cased = lenient ? titleCase(word) : word;
    if (!NAME_WORD.test(cased)) break;
    if (dot && word.length === 1) {
      words.push(`${word.toUpperCase()}.`);
      end = m.index + all.length;
      continue;
    }
    words.push(cased);
    end = m.index + sep.length + word.length;
    // A full stop after a name word ends the sentence, and the name.
    if (dot) break;
  }
  // A name does not end on an initial alone ("Jane R." is fine, "J." is not a name).
  return words.length && !(words.length === 1 && words[0]!.endsWith('.')) ? { words, suffix, end } : undefined;
}

export function findNames(text: string, isTerm: (word: string) => boolean): FoundName[] {
  const found: FoundName[] = [];
  for (const cue of CUES) {
    cue.re.lastIndex = 0;
    for (let m = cue.re.exec(text); m; m = cue.re.exec(text)) {
      // A cue that matched nothing (the start of the request) must not match again at the same place.
      if (m[0].length === 0) cue.re.lastIndex++;
      const at = m.index + m[0].length;
      if (found.some((f) => at >= f.start && at < f.end)) continue;
      const read = readName(text, at, cue.lenient, isTerm);
      if (!read) continue;
      // "for Jane" alone is too weak (it could be "for Tylenol"); a name after "for" needs two words.
      if (cue.re.source.startsWith('\\b(?:for|of|to)') && read.words.length < 2) continue;
      if (cue.re.source.startsWith('^') && read.words.length < 2) continue;
      const role: PersonRole = cue.role === 'unknown' ? roleFromContext(text, m.index) : cue.role;
      const words = read.words;
      const title = cue.title;
      // One word after "Dr." is a family name; one word after "patient" is a given name.
      const family = words.length > 1 || role === 'practitioner' ? words[words.length - 1] : undefined;
      const given = family === undefined ? words : words.slice(0, -1);
      const name: FoundName = { start: m.index, end: read.end, role, given, family, text: [...words, ...read.suffix].join(' '), title };
      if (read.suffix.length) name.suffix = read.suffix;
      if (title) name.prefix = [title];
      if (!found.some((f) => f.start < name.end && name.start < f.end)) found.push(name);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function roleFromContext(text: string, at: number): PersonRole {
  const before = text.slice(Math.max(0, at - 40), at).toLowerCase();
  if (/\b(dr\.?|doctor|practitioner|physician|provider|nurse|clinician|surgeon)\b[\s\w]*$/.test(before)) return 'practitioner';
  if (/\b(patient|pt)\b[\s\w]*$/.test(before)) return 'patient';
  return 'unknown';
}

export type Gender = 'male' | 'female' | 'other' | 'unknown';

export interface FoundGender extends Span {
  gender: Gender;
  text: string;
}

/** Administrative gender as said: male/female words, M/F after a name or age, non-binary (-> other). */
export function findGender(text: string): FoundGender | undefined {
  const lower = text.toLowerCase();
  const words: Array<[RegExp, Gender]> = [
    [/\b(?:non-?binary|nonbinary|gender ?(?:queer|fluid))\b/, 'other'],
    [/\b(?:female|woman|girl|lady|f)\b(?!\s*[:=/])/, 'female'],
    [/\b(?:male|man|boy|gentleman|m)\b(?!\s*[:=/])/, 'male'],
    [/\bgender\s*(?:is|:)?\s*unknown\b/, 'unknown'],
  ];
  let best: FoundGender | undefined;
  for (const [re, gender] of words) {
    const m = re.exec(lower);
    if (!m) continue;
    // A bare "m"/"f" counts only where a sex is usually written: "45 M", "gender: F", "(F)".
    if (m[0] === 'm' || m[0] === 'f') {
      const before = lower.slice(Math.max(0, m.index - 12), m.index);
      if (!/(\d\s*(?:y\/?o|yo|years? old)?\s*|gender\s*:?\s*|sex\s*:?\s*|\(\s*|,\s*)$/.test(before)) continue;
      // "98.6 F" is a temperature, not a sex.
      if (/\d\.\d+\s*$/.test(before) || /(?:temp|temperature)\D*$/.test(before)) continue;
    }
    if (!best || m.index < best.start) best = { start: m.index, end: m.index + m[0].length, gender, text: text.slice(m.index, m.index + m[0].length) };
  }
  return best;
}

export interface FoundContact extends Span {
  system: 'phone' | 'email';
  value: string;
}

export function findContacts(text: string): FoundContact[] {
  const found: FoundContact[] = [];
  const email = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
  for (let m = email.exec(text); m; m = email.exec(text)) found.push({ start: m.index, end: m.index + m[0].length, system: 'email', value: m[0] });
  // Phones need a cue word or the usual separators, so that a 10-digit NPI is never read as a phone.
  const phone = /(?:\b(?:phone|tel|telephone|mobile|cell|call)\b\s*(?:number|no\.?|#)?\s*[:#]?\s*)?(\+?1[\s.-]?)?(\(\d{3}\)\s*|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b/gi;
  for (let m = phone.exec(text); m; m = phone.exec(text)) {
    const digits = m[0].replace(/^[^\d+(]*/, '');
    found.push({ start: m.index, end: m.index + m[0].length, system: 'phone', value: digits.trim() });
  }
  return found.sort((a, b) => a.start - b.start);
}

export interface FoundOrganization extends Span {
  name: string;
  kind: 'hospital' | 'clinic' | 'pharmacy' | 'laboratory' | 'insurer' | 'other';
}

const ORG_SUFFIX = '(Hospital|Medical Center|Medical Centre|Health System|Healthcare|Health Center|Clinic|Medical Group|Pharmacy|Laboratory|Laboratories|Labs|Lab|Health|Insurance|Practice|Associates)';

/** "General Hospital", "Acme Health", "organization named Blue Cross", "a clinic called Sunrise Family Medicine". */
export function findOrganizations(text: string): FoundOrganization[] {
  const found: FoundOrganization[] = [];
  const kind = (name: string): FoundOrganization['kind'] => {
    const l = name.toLowerCase();
    if (/hospital|medical cent/.test(l)) return 'hospital';
    if (/clinic|practice|medical group|health center|associates/.test(l)) return 'clinic';
    if (/pharmacy/.test(l)) return 'pharmacy';
    if (/lab/.test(l)) return 'laboratory';
    if (/insurance|insurer|payer/.test(l)) return 'insurer';
    return 'other';
  };
  const named = /\b(?:organization|organisation|hospital|clinic|practice|pharmacy|laboratory|lab|insurer|company|facility)\s+(?:named|called)\s+([A-Za-z0-9][\w'&.-]*(?:\s+(?:of|and|&|[A-Z0-9][\w'&.-]*))*)/gi;
  for (let m = named.exec(text); m; m = named.exec(text)) {
    const name = m[1]!.replace(/\s+(?:of|and|&)$/i, '').replace(/[.,]+$/, '');
    const span = { start: m.index, end: m.index + m[0].length };
    found.push({ ...span, name: name.split(/\s+/).map(titleCase).join(' '), kind: kind(m[0]) });
  }
  const suffixed = new RegExp(`\\b((?:(?:St\\.|Saint|[A-Z][\\w'&-]*)\\s+)(?:(?:of|and|&|the|[A-Z][\\w'&-]*)\\s+){0,4}${ORG_SUFFIX}(?:\\s+(?:of|at)\\s+[A-Z][\\w'-]*(?:\\s+[A-Z][\\w'-]*)*)?)`, 'g');
  for (let m = suffixed.exec(text); m; m = suffixed.exec(text)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (found.some((f) => f.start < span.end && span.start < f.end)) continue;
    // Leading words that are not part of the name ("Create General Hospital", "At Mercy Clinic").
    const name = m[1]!.replace(/^(?:(?:Create|Add|Make|Register|Build|Generate|New|An?|The|At|For|From|In|Organization|Organisation)\s+)+/g, '');
    if (!/\s/.test(name)) continue;
    found.push({ start: span.end - name.length, end: span.end, name, kind: kind(name) });
  }
  return found.sort((a, b) => a.start - b.start);
}
