/**
 * Check digits of LOINC and SNOMED CT identifiers. Pure functions over strings, no allocation.
 */

export type LoincCodeStatus = 'valid' | 'bad-check-digit' | 'bad-format';

/**
 * LOINC codes: the "mod 10" algorithm of the LOINC Users' Guide (double the number formed by the
 * digits in odd positions counted from the right, append the even-position digits, sum all digits,
 * the check digit brings the sum to the next multiple of 10). Doubling a number digit-wise with
 * carries gives the same digit sum as doubling each digit and summing the product's digits, so this
 * is the Luhn algorithm. Answer codes (LA), parts (LP), groups (LG) and answer lists (LL) have their
 * own number ranges: only their format is checked.
 */
export function loincCodeStatus(code: string): LoincCodeStatus {
  const n = code.length;
  if (n < 3 || code.charCodeAt(n - 2) !== 45 /* - */) return 'bad-format';
  const check = code.charCodeAt(n - 1) - 48;
  if (check < 0 || check > 9) return 'bad-format';
  let start = 0;
  const c0 = code.charCodeAt(0);
  if (c0 === 76 /* L */) {
    const c1 = code.charCodeAt(1);
    // LA, LP, LG, LL
    if (c1 !== 65 && c1 !== 80 && c1 !== 71 && c1 !== 76) return 'bad-format';
    start = 2;
  }
  const digits = n - 2 - start;
  if (digits < 1 || digits > 8) return 'bad-format';
  for (let i = start; i < n - 2; i++) {
    const d = code.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 'bad-format';
  }
  if (start === 2) return 'valid';
  return luhnCheckDigit(code, n - 2) === check ? 'valid' : 'bad-check-digit';
}

/** The check digit a LOINC code "digits-check" should have. */
export function loincCheckDigit(code: string): number {
  return luhnCheckDigit(code, code.length - 2);
}

/** Luhn check digit of the digits code[0..end). */
function luhnCheckDigit(code: string, end: number): number {
  let sum = 0;
  let double = true; // the rightmost digit of the payload is in an odd position: doubled
  for (let i = end - 1; i >= 0; i--) {
    let d = code.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

// Verhoeff's check (as SNOMED CT's Technical Implementation Guide specifies it): D is the
// multiplication table of the dihedral group D5.
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
// P[i] is the base permutation (1 5 7 6 2 8 3 0 9 4) applied i times; derived, not typed in, so a
// transcription slip cannot creep in.
const P: number[][] = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4]];
for (let i = 2; i < 8; i++) P.push(P[1]!.map((_, j) => P[i - 1]![P[1]![j]!]!));

/** True when the digit string (check digit last) passes Verhoeff's check. */
export function verhoeffValid(digits: string): boolean {
  let c = 0;
  const n = digits.length;
  for (let i = 0; i < n; i++) {
    const d = digits.charCodeAt(n - 1 - i) - 48;
    c = D[c]![P[i % 8]![d]!]!;
  }
  return c === 0;
}

export type SnomedCodeStatus = 'valid' | 'expression' | 'bad-format' | 'bad-partition' | 'bad-check-digit';

/**
 * SNOMED CT concept ids (SCTIDs): 6 to 18 digits, no leading zero, a partition identifier in the two
 * digits before the check digit ("00" short-format concept, "10" long-format concept with namespace;
 * description and relationship partitions are not concept codes) and a Verhoeff check digit.
 * Post-coordinated expressions (with spaces, ':', '=', '+', '|', '{') are not validated here.
 */
export function snomedCodeStatus(code: string): SnomedCodeStatus {
  const n = code.length;
  for (let i = 0; i < n; i++) {
    const c = code.charCodeAt(i);
    if (c < 48 || c > 57) {
      // 32 space, 58 ':', 61 '=', 43 '+', 124 '|', 123 '{', 40 '('
      if (c === 32 || c === 58 || c === 61 || c === 43 || c === 124 || c === 123 || c === 40) return 'expression';
      return 'bad-format';
    }
  }
  if (n < 6 || n > 18 || code.charCodeAt(0) === 48) return 'bad-format';
  const p1 = code.charCodeAt(n - 3);
  const p2 = code.charCodeAt(n - 2);
  // partition: (n-3, n-2) must be "00" or "10"
  if (p2 !== 48 || (p1 !== 48 && p1 !== 49)) return 'bad-partition';
  return verhoeffValid(code) ? 'valid' : 'bad-check-digit';
}
