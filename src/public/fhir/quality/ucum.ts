import { UcumLhcUtils, type UcumUtils } from '@lhncbc/ucum-lhc';

/**
 * UCUM through @lhncbc/ucum-lhc. Importing the package is cheap; its unit tables (a large JSON) load
 * on the first getInstance(), so that happens on first use, not at import. Units repeat endlessly in
 * real data, so every answer is cached per unit string (the library itself takes microseconds).
 */
let utils: UcumUtils | undefined;

function ucum(): UcumUtils {
  return (utils ??= UcumLhcUtils.getInstance());
}

const validity = new Map<string, boolean>();

/** True when `code` is a valid case-sensitive UCUM unit expression. */
export function isValidUcum(code: string): boolean {
  let valid = validity.get(code);
  if (valid === undefined) {
    // ucum-lhc trims whitespace before parsing, but a UCUM code never contains any.
    valid = !/\s/.test(code) && ucum().validateUnitString(code, false).status === 'valid';
    validity.set(code, valid);
  }
  return valid;
}

/** value_in_target = slope * value + offset; null when the units are not commensurable. */
interface Affine {
  slope: number;
  offset: number;
}

const conversions = new Map<string, Affine | null>();

/**
 * Converts `value` from UCUM unit `from` to `to`, or returns NaN when the units are not
 * commensurable (e.g. mg/dL and mmol/L need a molar mass) or either does not parse. All the units the
 * plausibility ranges use convert affinely (scale factors, and °F/°C), so one conversion pair is
 * computed once and then applied arithmetically.
 */
export function convertUcum(value: number, from: string, to: string): number {
  if (from === to) return value;
  const key = from + '\u0000' + to;
  let affine = conversions.get(key);
  if (affine === undefined) {
    affine = null;
    if (isValidUcum(from) && isValidUcum(to)) {
      const at0 = ucum().convertUnitTo(from, 0, to);
      const at1 = ucum().convertUnitTo(from, 1, to);
      const at100 = ucum().convertUnitTo(from, 100, to);
      if (at0.status === 'succeeded' && at1.status === 'succeeded' && at100.status === 'succeeded') {
        const offset = at0.toVal as number;
        const slope = (at1.toVal as number) - offset;
        // Only trust the affine shortcut when it reproduces a third point.
        if (Math.abs(slope * 100 + offset - (at100.toVal as number)) <= 1e-9 * Math.max(1, Math.abs(at100.toVal as number))) {
          affine = { slope, offset };
        }
      }
    }
    conversions.set(key, affine);
  }
  return affine === null ? NaN : affine.slope * value + affine.offset;
}
