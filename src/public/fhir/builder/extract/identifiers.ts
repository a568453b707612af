import type { Span } from '../text';

/**
 * Business identifiers a request gives: an NPI (US National Provider Identifier: 10 digits whose
 * last is a Luhn check digit computed with the card-issuer prefix 80840, per CMS) and a medical
 * record number. An NPI that fails its check digit is kept with `valid: false`, so the builder can
 * report it instead of using a number that cannot be right.
 */
export interface FoundNpi extends Span {
  value: string;
  valid: boolean;
  /** Why it is not valid, for people. */
  problem?: string;
}

export interface FoundMrn extends Span {
  value: string;
}

/** Luhn check over a digit string: true when the last digit is its check digit. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** An NPI is valid when "80840" + its 10 digits pass the Luhn check (CMS NPI check digit rule). */
export function isValidNpi(npi: string): boolean {
  return /^\d{10}$/.test(npi) && luhnValid(`80840${npi}`);
}

export function findNpis(text: string): FoundNpi[] {
  const found: FoundNpi[] = [];
  const re = /\bnpi\b(?:\s*(?:number|no\.?|#|is|of|=|:))*\s*([0-9][0-9 -]{0,20}[0-9]|[0-9])/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[1]!;
    const start = m.index + m[0].length - raw.length;
    // People write NPIs grouped ("123 456 7893"); digits count, separators do not.
    const digits = raw.replace(/[ -]/g, '');
    if (digits.length !== 10) {
      found.push({ start: m.index, end: start + raw.length, value: digits, valid: false, problem: `NPI ${digits} must have 10 digits` });
      continue;
    }
    const valid = isValidNpi(digits);
    found.push({ start: m.index, end: start + raw.length, value: digits, valid, problem: valid ? undefined : `NPI ${digits} fails its check digit` });
  }
  return found;
}

export function findMrns(text: string): FoundMrn[] {
  const found: FoundMrn[] = [];
  const re = /\b(?:mrn|medical record (?:number|no\.?|#)|med(?:ical)? rec(?:ord)? (?:no\.?|number|#)|chart (?:number|no\.?|#))(?:\s*(?:is|of|=|:|#|number))*\s*([A-Za-z0-9][A-Za-z0-9-]{0,63})/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const value = m[1]!.replace(/-+$/, '');
    if (!/\d/.test(value)) continue;
    found.push({ start: m.index, end: m.index + m[0].length, value });
  }
  return found;
}
