/**
 * FHIR date, dateTime and instant values as time ranges. A value may be partial ("2020", "2020-05")
 * and date-only values carry no time zone, so each value stands for an interval [lo, hi] in epoch ms
 * and "a is before b" is asserted only when it is certain: a.hi < b.lo.
 */

const HOUR = 3_600_000;
/** Local time zones span UTC-12 .. UTC+14: a date without a zone may start 14 h before UTC midnight. */
const EARLIEST_ZONE = 14 * HOUR;
const LATEST_ZONE = 12 * HOUR;

/** Result of the last successful parseDate (module-level scratch so parsing allocates nothing). */
export const bounds = { lo: 0, hi: 0 };

/**
 * Date.UTC(year, monthIndex, day, hour, minute, second) for the whole, non-negative arguments
 * parseDate passes, computed arithmetically (Date.UTC is a slow builtin call on a hot path). Same
 * rules: years 0-99 mean 1900-1999, a month index of 12 or a day past the month's end roll over.
 */
export function utc(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0): number {
  let y = year <= 99 ? year + 1900 : year;
  y += Math.floor(monthIndex / 12);
  const m = (monthIndex % 12) + 1;
  // Days from 1970-01-01 to y-m-01 (H. Hinnant's days_from_civil), then the day of the month.
  if (m <= 2) y--;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5);
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468 + day - 1;
  return days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000;
}

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Parses a FHIR date/dateTime/instant into `bounds`; false when the string is not one (those are
 * conformance findings, not ours).
 */
export function parseDate(s: string): boolean {
  const n = s.length;
  if (n < 4) return false;
  const year = digits(s, 0, 4);
  if (year < 0) return false;
  if (n === 4) {
    bounds.lo = utc(year, 0, 1) - EARLIEST_ZONE;
    bounds.hi = utc(year + 1, 0, 1) - 1 + LATEST_ZONE;
    return true;
  }
  if (n < 7 || s.charCodeAt(4) !== 45) return false;
  const month = digits(s, 5, 2);
  if (month < 1 || month > 12) return false;
  if (n === 7) {
    bounds.lo = utc(year, month - 1, 1) - EARLIEST_ZONE;
    bounds.hi = utc(year, month, 1) - 1 + LATEST_ZONE;
    return true;
  }
  if (n < 10 || s.charCodeAt(7) !== 45) return false;
  const day = digits(s, 8, 2);
  if (day < 1 || day > 31) return false;
  if (n === 10) {
    bounds.lo = utc(year, month - 1, day) - EARLIEST_ZONE;
    bounds.hi = utc(year, month - 1, day + 1) - 1 + LATEST_ZONE;
    return true;
  }
  // dateTime: YYYY-MM-DDThh:mm:ss[.fff...](Z|+hh:mm|-hh:mm)
  if (n < 19 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (hour < 0 || hour > 24 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
  let i = 19;
  let ms = 0;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    let scale = 100;
    while (i < n) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      ms += d * scale;
      scale /= 10;
      i++;
    }
  }
  const t = utc(year, month - 1, day, hour, minute, second) + Math.floor(ms);
  if (i === n) {
    // no zone (not valid FHIR, but be conservative about what it means)
    bounds.lo = t - EARLIEST_ZONE;
    bounds.hi = t + LATEST_ZONE;
    return true;
  }
  const z = s.charCodeAt(i);
  if (z === 90 /* Z */ && i === n - 1) {
    bounds.lo = bounds.hi = t;
    return true;
  }
  if ((z === 43 || z === 45) && n - i === 6 && s.charCodeAt(i + 3) === 58) {
    const zh = digits(s, i + 1, 2);
    const zm = digits(s, i + 4, 2);
    if (zh < 0 || zm < 0) return false;
    const offset = (zh * 60 + zm) * 60_000 * (z === 43 ? 1 : -1);
    bounds.lo = bounds.hi = t - offset;
    return true;
  }
  return false;
}

/** Lower bound of a date string, or NaN. */
export function dateLo(s: unknown): number {
  return typeof s === 'string' && parseDate(s) ? bounds.lo : NaN;
}

/** Upper bound of a date string, or NaN. */
export function dateHi(s: unknown): number {
  return typeof s === 'string' && parseDate(s) ? bounds.hi : NaN;
}
