import { findConcepts } from '../../terminology/match';
import { ROUTES, SYMPTOMS } from '../../terminology/findings';
import type { Concept } from '../../terminology/types';
import { COUNT_WORD, parseCount } from '../text';

/**
 * How often and how long a medication is taken, read from a dosage phrase: "twice daily" -> BID
 * (repeat.frequency 2 per 1 d), "every 6 hours" (1 per 6 h), "every 4-6 hours" (periodMax 6), "at
 * bedtime" (when HS), "as needed for pain" (asNeeded with the reason coded when it is a known
 * symptom), "for 10 days" (boundsDuration), a route ("by mouth") and refills.
 */
export interface FoundTiming {
  frequency: number;
  period: number;
  periodMax?: number;
  periodUnit: 'h' | 'd' | 'wk' | 'mo';
  /** EventTiming codes (R4): MORN, EVE, NIGHT, HS. */
  when?: string[];
  /** Standard abbreviation for the text (BID, TID, q6h). */
  words: string;
}

export interface FoundDosage {
  timing?: FoundTiming;
  asNeeded?: { reason?: Concept };
  duration?: { value: number; unit: string; code: 'd' | 'wk' | 'mo' };
  route?: Concept;
  refills?: number;
}

const FREQUENCIES: Array<[RegExp, number, string]> = [
  [/\b(?:four times (?:a|per|each) day|four times daily|4 times (?:a|per) day|4 times daily|qid|q\.i\.d\.?)(?![a-z])/, 4, 'four times daily'],
  [/\b(?:three times (?:a|per|each) day|three times daily|3 times (?:a|per) day|3 times daily|thrice daily|tid|t\.i\.d\.?)(?![a-z])/, 3, 'three times daily'],
  [/\b(?:twice (?:a|per|each) day|twice daily|two times (?:a|per) day|2 times (?:a|per) day|2 times daily|bid|b\.i\.d\.?)(?![a-z])/, 2, 'twice daily'],
  [/\b(?:once (?:a|per|each) day|once daily|one time (?:a|per) day|1 time (?:a|per) day|every day|each day|daily|qd|q\.d\.?)(?![a-z])/, 1, 'once daily'],
];

export function findDosage(text: string): FoundDosage {
  const lower = text.toLowerCase();
  const dosage: FoundDosage = {};
  let m: RegExpExecArray | null;
  if ((m = /\bevery\s+(\d+)\s*(?:-|to)\s*(\d+)\s*(?:hours|hrs|h)\b|\bq\s?(\d+)\s?-\s?(\d+)\s?h\b/.exec(lower))) {
    const period = Number(m[1] ?? m[3]);
    const periodMax = Number(m[2] ?? m[4]);
    dosage.timing = { frequency: 1, period, periodMax, periodUnit: 'h', words: `every ${period} to ${periodMax} hours` };
  } else if ((m = new RegExp(`\\bevery\\s+(${COUNT_WORD}|other)?\\s*(hour|hr|day|week|month)s?\\b|\\bq\\s?(\\d+)\\s?(h|hr|hrs|d)\\b`).exec(lower))) {
    const unit = (m[2] ?? m[4] ?? 'h').startsWith('h') ? 'h' : m[2] === 'week' ? 'wk' : m[2] === 'month' ? 'mo' : 'd';
    const count = m[1] === 'other' ? 2 : m[1] ? parseCount(m[1]) : m[3] ? Number(m[3]) : 1;
    if (!Number.isNaN(count) && count > 0) {
      const name = { h: 'hour', d: 'day', wk: 'week', mo: 'month' }[unit];
      dosage.timing = { frequency: 1, period: count, periodUnit: unit, words: count === 1 ? `every ${name}` : m[1] === 'other' ? `every other ${name}` : `every ${count} ${name}s` };
    }
  }
  if (!dosage.timing) {
    for (const [re, frequency, words] of FREQUENCIES) {
      if (re.test(lower)) {
        dosage.timing = { frequency, period: 1, periodUnit: 'd', words };
        break;
      }
    }
  }
  if (!dosage.timing) {
    if (/\b(?:once (?:a|per) week|weekly|every week)\b/.test(lower)) dosage.timing = { frequency: 1, period: 1, periodUnit: 'wk', words: 'once weekly' };
    else if (/\b(?:once (?:a|per) month|monthly)\b/.test(lower)) dosage.timing = { frequency: 1, period: 1, periodUnit: 'mo', words: 'once monthly' };
  }
  const when: Array<[RegExp, string, string]> = [
    [/\b(?:at bedtime|before bed|at night before sleep|qhs|q\.h\.s\.?)\b/, 'HS', 'at bedtime'],
    [/\b(?:every morning|in the morning|each morning|qam|q\.a\.m\.?)\b/, 'MORN', 'in the morning'],
    [/\b(?:every evening|in the evening|each evening)\b/, 'EVE', 'in the evening'],
    [/\b(?:nightly|every night|at night|each night)\b/, 'NIGHT', 'at night'],
  ];
  for (const [re, code, words] of when) {
    if (!re.test(lower)) continue;
    if (!dosage.timing) dosage.timing = { frequency: 1, period: 1, periodUnit: 'd', words };
    else if (dosage.timing.periodUnit !== 'd' || dosage.timing.frequency !== 1) continue;
    else dosage.timing.words = `${dosage.timing.words} ${words}`;
    dosage.timing.when = [code];
    break;
  }
  if ((m = /\b(?:as needed|as required|when needed|if needed|prn|p\.r\.n\.?)(?:\s+for\s+([a-z ]{2,40}))?/.exec(lower))) {
    const reason = m[1] ? findConcepts(m[1], SYMPTOMS)[0] : undefined;
    dosage.asNeeded = reason && reason.start === 0 ? { reason: reason.concept } : {};
  }
  // "for 10 days", "x 7 days" (not "three times a day", which is a frequency).
  if ((m = new RegExp(`\\b(?:for|during)\\s+(${COUNT_WORD})\\s+(day|week|month)s?\\b|\\bx\\s*(\\d+)\\s*(day|week|month)s?\\b`).exec(lower))) {
    const value = parseCount((m[1] ?? m[3])!);
    const unit = (m[2] ?? m[4])!;
    const code = unit === 'week' ? 'wk' : unit === 'month' ? 'mo' : 'd';
    if (!Number.isNaN(value)) dosage.duration = { value, unit: `${unit}${value === 1 ? '' : 's'}`, code };
  }
  const route = findConcepts(text, ROUTES)[0];
  if (route) dosage.route = route.concept;
  if ((m = new RegExp(`\\b(${COUNT_WORD}|no|zero)\\s+refills?\\b|\\brefills?\\s*[:x]?\\s*(\\d+)\\b`).exec(lower))) {
    const n = m[2] ? Number(m[2]) : m[1] === 'no' || m[1] === 'zero' ? 0 : parseCount(m[1]!);
    if (!Number.isNaN(n)) dosage.refills = n;
  }
  return dosage;
}
