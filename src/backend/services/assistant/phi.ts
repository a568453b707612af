/**
 * Masks likely personal health information (PHI) in a visitor's message before it is stored or
 * handed to retrieval or a language engine. The assistant answers questions about FHIR and the
 * site; it never needs a patient's identifiers, so anything that looks like one is replaced by a
 * label such as "[phone number removed]" and the visitor is told.
 *
 * Pragmatic by design: a regular expression cannot know what is PHI. The rules lean towards
 * masking where a value is unambiguous on its own (an email, an SSN written 123-45-6789, a
 * formatted phone number) and require a keyword where the same digits are everyday FHIR content:
 * - medical record numbers only after "MRN", "medical record number/no/#", "chart number",
 *   "hospital number" (not "Patient/123": FHIR ids and references are how people ask about FHIR);
 * - dates only when they are dates of birth: after "DOB", "date of birth", "birth date",
 *   "birthDate" (a pasted Patient resource), "birthday", "born (on)". Other dates ("taken
 *   2024-01-05", "effectiveDateTime") stay: they are how FHIR questions are asked. A year alone
 *   ("born in 1975") stays too, as under HIPAA's Safe Harbor rule;
 * - bare digit runs (1234567890) only after a keyword ("phone", "SSN"): they are ids far more often;
 * - version numbers (4.0.1), OIDs (2.16.840.1.113883.6.1) and ISO dates never look like a phone
 *   number, because a phone number must be 3-3-4 digits or start with "+" and nothing may cling to it.
 */

export type PhiKind = 'email address' | 'social security number' | 'medical record number' | 'date of birth' | 'phone number';

export interface MaskedText {
  /** The text with every match replaced by "[<kind> removed]". */
  text: string;
  /** The kinds that were masked, each once, in the order of PHI_KINDS. */
  kinds: PhiKind[];
}

/** The order the rules run in: emails first (they hold digits a phone rule could take), phones last. */
export const PHI_KINDS: readonly PhiKind[] = ['email address', 'social security number', 'medical record number', 'date of birth', 'phone number'];

export function placeholder(kind: PhiKind): string {
  return `[${kind} removed]`;
}

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const ORDINAL = '(?:st|nd|rd|th)?';
/** A full date as people write it: 01/02/1980, 1-2-80, 1980-01-02, March 3, 1975, 3rd of March 1975, Mar 3 1975. */
const DATE =
  `(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})` +
  `|\\d{4}[/.-]\\d{1,2}[/.-]\\d{1,2}` +
  `|${MONTH}\\s+\\d{1,2}${ORDINAL},?\\s+\\d{4}` +
  `|\\d{1,2}${ORDINAL}\\s+(?:of\\s+)?${MONTH},?\\s+\\d{4}` +
  // Month and year are PHI too (only the year alone is not): "born in March 1975", "DOB 03/1975", "birthDate": "1975-03".
  `|${MONTH},?\\s+\\d{4}|\\d{1,2}/\\d{4}|\\d{4}-\\d{2})`;

/** What may sit between a keyword and its value: "is", ":", "#", "=", quotes of a pasted JSON/XML attribute. */
const JOIN = `(?:["']?\\s*(?:is|was|:|#|=|-|no\\.?|number)?\\s*["']?\\s*)`;

interface Rule {
  kind: PhiKind;
  pattern: RegExp;
  /** The capture group holding the value to mask (the rest, e.g. a keyword, stays). 0 = the whole match. */
  group: number;
  /** Extra check on the value (e.g. digit counts). */
  accept?: (value: string) => boolean;
}

const RULES: Rule[] = [
  {
    kind: 'email address',
    // Local part and a domain with a TLD; "@medplum/core" (no local part) and "user@localhost" do not match.
    pattern: /(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])/g,
    group: 0,
  },
  {
    kind: 'social security number',
    // After a keyword, any usual form: 123-45-6789, 123 45 6789, 123456789.
    pattern: /\b(?:ssn|social\s+security(?:\s+(?:number|no\.?|#))?)\b\s*(?:is|was|:|#|=)?\s*(\d{3}([- ]?)\d{2}\2\d{4})(?![\w-])/gi,
    group: 1,
  },
  {
    kind: 'social security number',
    // Alone only in the dashed form, and not inside a longer id (abc-123-45-6789-x).
    pattern: /(?<![\w-])(\d{3}-\d{2}-\d{4})(?![\w-])/g,
    group: 1,
  },
  {
    kind: 'medical record number',
    // MRN 12345678, MRN: A1234567, medical record number is 00123456, chart no. 445566, hospital number H-99812.
    pattern: new RegExp(
      `\\b(?:mrn|med(?:ical)?\\s+rec(?:ord)?\\s+(?:number|no\\.?|#|id)|(?:chart|hospital)\\s+(?:number|no\\.?|#|id))${JOIN}` +
        `([A-Za-z]{0,3}-?\\d[\\dA-Za-z-]{2,})(?![\\w-])`,
      'gi',
    ),
    group: 1,
    // An identifier has digits; "MRN is required" or "MRN system" is a question about MRNs, not one.
    accept: (value) => (value.match(/\d/g)?.length ?? 0) >= 4,
  },
  {
    kind: 'date of birth',
    pattern: new RegExp(`\\b(?:d\\.?o\\.?b\\.?|date\\s+of\\s+birth|birth\\s*-?\\s*date|birthday|born(?:\\s+(?:on|in))?)${JOIN}(${DATE})(?![\\w])`, 'gi'),
    group: 1,
  },
  {
    kind: 'phone number',
    // After a keyword, bare digits too: "call me at 5551234567", "tel: +4930123456".
    pattern: /\b(?:phone|tel(?:ephone)?|cell|mobile|fax|call\s+me\s+(?:at|on)|text\s+me\s+(?:at|on))\b\s*(?:number|no\.?|#)?\s*(?:is|:|=)?\s*(\+?\d[\d\s().-]{6,18}\d)(?![\w-])/gi,
    group: 1,
    accept: (value) => digitCount(value) >= 7 && digitCount(value) <= 15,
  },
  {
    kind: 'phone number',
    // US/NANP, formatted: (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567, +1 555 123 4567, 1-555-123-4567.
    pattern: /(?<![\w.\/+-])((?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4})(?![\w-]|\.\d)/g,
    group: 1,
  },
  {
    kind: 'phone number',
    // International: starts with "+", 8 to 15 digits in groups: +44 20 7946 0958, +49 (30) 123456, +33 1 23 45 67 89.
    pattern: /(?<![\w+])(\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,6})(?![\w-])/g,
    group: 1,
    accept: (value) => digitCount(value) >= 8 && digitCount(value) <= 15,
  },
];

function digitCount(value: string): number {
  return value.replace(/\D/g, '').length;
}

/** Masks every likely PHI value in `text`; returns the masked text and which kinds were found. */
export function maskPhi(text: string): MaskedText {
  const found = new Set<PhiKind>();
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
      const value = rule.group === 0 ? match : (rest[rule.group - 1] as string | undefined);
      if (!value || (rule.accept && !rule.accept(value))) return match;
      found.add(rule.kind);
      if (rule.group === 0) return placeholder(rule.kind);
      const at = match.lastIndexOf(value);
      return match.slice(0, at) + placeholder(rule.kind) + match.slice(at + value.length);
    });
  }
  return { text: out, kinds: PHI_KINDS.filter((kind) => found.has(kind)) };
}

const PLACEHOLDER = new RegExp(`\\[(?:${PHI_KINDS.join('|')}) removed\\]`);
const PLACEHOLDERS = new RegExp(PLACEHOLDER.source, 'g');

/**
 * What retrieval and the offline composer read of a masked message: the sentences that held
 * personal data are about the visitor, not the question ("My DOB is [date of birth removed], email
 * [email address removed]. How much is the scanner?"), so they are left out; when every sentence
 * held some ("Patient MRN [medical record number removed] fails validation"), only the placeholders
 * go. Otherwise "[date of birth removed]" and its "DOB" would steer a question about pricing towards
 * dates and births. (A model gets the masked message whole: the placeholders tell it something was there.)
 */
export function withoutPersonalData(masked: string): string {
  if (!PLACEHOLDER.test(masked)) return masked;
  const sentences = masked.split(/(?<=[.!?])\s+|\n+/);
  const clean = sentences.filter((sentence) => !PLACEHOLDER.test(sentence));
  const kept = clean.some((sentence) => /[A-Za-z]{2}/.test(sentence)) ? clean.join(' ') : masked;
  return kept.replace(PLACEHOLDERS, ' ').replace(/\s{2,}/g, ' ').trim();
}

/** What the visitor is told when something was masked. */
export function maskNotice(kinds: readonly PhiKind[]): string | undefined {
  if (kinds.length === 0) return undefined;
  const named = kinds.map((kind) => `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`);
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
  return (
    `Your message looked like it contained ${list}, so we removed ${kinds.length === 1 ? 'it' : 'them'} before saving your message or using it to answer. ` +
    'Please do not share personal or patient information with the assistant.'
  );
}
