import { COUNT_WORD, overlapsAny, parseCount, type Span } from '../text';

/**
 * Dates and times in a request: absolute (2024-03-05, March 5 2024, 5 March 2024, 3/5/2024 read the
 * US way as month/day) and relative to `now` (today, yesterday, this morning, 3 days ago, last week,
 * in 2 weeks). Every value is a FHIR date or dateTime; a dateTime always carries a time zone: the
 * one the user gave, else UTC ('Z'), since a dateTime with a time but no zone is invalid FHIR.
 */
export type DatePrecision = 'year' | 'month' | 'day' | 'time';
/** What the words before the date say it is: a birth date, when something began or ended, or a plain event time. */
export type DateRole = 'birth' | 'onset' | 'start' | 'end' | 'event';

export interface FoundDate extends Span {
  value: string;
  precision: DatePrecision;
  role: DateRole;
  text: string;
  /** Resolved against `now` (relative words), for the notes. */
  relative: boolean;
  /** After `now` (a planned visit, an order's date). */
  future: boolean;
}

export interface DateScan {
  dates: FoundDate[];
  /** Date-like text that is not a real date (2024-02-30), for the failure or notes. */
  problems: string[];
  notes: string[];
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isRealDate(year: number, month: number, day: number): boolean {
  return year >= 1800 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function dayString(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function instantString(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function addUnits(now: Date, amount: number, unit: string): { date: Date; precision: DatePrecision } {
  const d = new Date(now.getTime());
  switch (unit) {
    case 'minute':
      d.setUTCMinutes(d.getUTCMinutes() + amount);
      return { date: d, precision: 'time' };
    case 'hour':
      d.setUTCHours(d.getUTCHours() + amount);
      return { date: d, precision: 'time' };
    case 'day':
      d.setUTCDate(d.getUTCDate() + amount);
      return { date: d, precision: 'day' };
    case 'week':
      d.setUTCDate(d.getUTCDate() + 7 * amount);
      return { date: d, precision: 'day' };
    case 'month': {
      // Clamp to the month's last day (March 31 minus one month is February 28/29).
      const day = d.getUTCDate();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + amount);
      d.setUTCDate(Math.min(day, daysInMonth(d.getUTCFullYear(), d.getUTCMonth() + 1)));
      return { date: d, precision: 'day' };
    }
    default: {
      const day = d.getUTCDate();
      d.setUTCDate(1);
      d.setUTCFullYear(d.getUTCFullYear() + amount);
      d.setUTCDate(Math.min(day, daysInMonth(d.getUTCFullYear(), d.getUTCMonth() + 1)));
      return { date: d, precision: 'day' };
    }
  }
}

interface Candidate extends Span {
  year: number;
  month?: number;
  day?: number;
  /** A complete instant (relative "3 hours ago", "now"). */
  instant?: Date;
  time?: { hour: number; minute: number; second: number; zone?: string };
  relative: boolean;
}

interface TimeOfDay extends Span {
  hour: number;
  minute: number;
}

/** Times of day: 9am, 9:30 pm, 14:30, noon, midnight. */
function findTimes(lower: string): TimeOfDay[] {
  const times: TimeOfDay[] = [];
  const ampm = /(?<![\d:])(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?![a-z])/g;
  for (let m = ampm.exec(lower); m; m = ampm.exec(lower)) {
    let hour = Number(m[1]);
    const minute = m[2] ? Number(m[2]) : 0;
    if (hour < 1 || hour > 12 || minute > 59) continue;
    const pm = m[3]!.startsWith('p');
    if (hour === 12) hour = pm ? 12 : 0;
    else if (pm) hour += 12;
    times.push({ start: m.index, end: m.index + m[0].length, hour, minute });
  }
  const clock = /(?<![\d:/.-])([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?(?![\d:]|\s*[ap]\.?m)/g;
  for (let m = clock.exec(lower); m; m = clock.exec(lower)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (!overlapsAny(span, times)) times.push({ ...span, hour: Number(m[1]), minute: Number(m[2]) });
  }
  const named = /\b(noon|midday|midnight)\b/g;
  for (let m = named.exec(lower); m; m = named.exec(lower)) {
    times.push({ start: m.index, end: m.index + m[0].length, hour: m[1] === 'midnight' ? 0 : 12, minute: 0 });
  }
  return times;
}

function roleBefore(lower: string, start: number): DateRole {
  const before = lower.slice(Math.max(0, start - 40), start);
  if (/\b(born|birth\s*date|birthdate|date of birth|d\.?o\.?b\.?|birthday)\b[\s:,-]*(on|in|is|of)?[\s:]*$/.test(before)) return 'birth';
  if (/\b(until|till|through|to|ended|ending|discharged|discharge|resolved|abated|stopped|end(?:s|ing)?)\b\s*(on|in|at)?[\s:]*$/.test(before)) return 'end';
  if (/\b(since|onset|started|began|beginning|diagnosed|first noticed|starting)\b\s*(on|in|at)?[\s:]*$/.test(before)) return 'onset';
  if (/\b(from|admitted|admission|start)\b\s*(on|in|at)?[\s:]*$/.test(before)) return 'start';
  return 'event';
}

function push(list: Candidate[], c: Candidate): void {
  if (!overlapsAny(c, list)) list.push(c);
}

/**
 * Finds the dates of a request. `taken` spans (already read as something else) are skipped.
 */
export function findDates(text: string, now: Date, taken: readonly Span[] = []): DateScan {
  const lower = text.toLowerCase();
  const problems: string[] = [];
  const notes: string[] = [];
  const found: Candidate[] = [];
  const free = (s: Span) => !overlapsAny(s, taken);
  const nowYear = now.getUTCFullYear();

  const absolute = (m: RegExpExecArray, year: number, month: number | undefined, day: number | undefined): void => {
    const span = { start: m.index, end: m.index + m[0].length };
    if (!free(span)) return;
    if (month !== undefined && day !== undefined && !isRealDate(year, month, day)) {
      problems.push(`"${m[0].trim()}" is not a real date`);
      push(found, { ...span, year: NaN, relative: false });
      return;
    }
    if (month !== undefined && (month < 1 || month > 12)) return;
    push(found, { ...span, year, month, day, relative: false });
  };

  // ISO 8601: 2024-03-05, 2024-03-05T14:30, 2024-03-05 14:30:00-05:00.
  const iso = /(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(z|[+-]\d{2}:?\d{2})?)?(?![\d-])/g;
  for (let m = iso.exec(lower); m; m = iso.exec(lower)) {
    const [, y, mo, d, h, mi, s, zone] = m;
    const span = { start: m.index, end: m.index + m[0].length };
    if (!free(span)) continue;
    if (!isRealDate(Number(y), Number(mo), Number(d))) {
      problems.push(`"${m[0]}" is not a real date`);
      push(found, { ...span, year: NaN, relative: false });
      continue;
    }
    const candidate: Candidate = { ...span, year: Number(y), month: Number(mo), day: Number(d), relative: false };
    if (h !== undefined && mi !== undefined && Number(h) < 24 && Number(mi) < 60) {
      const z = zone === undefined || zone === 'z' ? undefined : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
      candidate.time = { hour: Number(h), minute: Number(mi), second: s ? Number(s) : 0, zone: z };
    }
    push(found, candidate);
  }
  // Year and month: 2024-03.
  const isoMonth = /(?<![\d-])(\d{4})-(\d{2})(?![\d-])/g;
  for (let m = isoMonth.exec(lower); m; m = isoMonth.exec(lower)) absolute(m, Number(m[1]), Number(m[2]), undefined);
  // US numeric: 3/5/2024, 03-05-2024, 3/5/24 (month first, as US users write it).
  const us = /(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-])/g;
  for (let m = us.exec(lower); m; m = us.exec(lower)) {
    let year = Number(m[4]);
    if (m[4]!.length === 2) year += year <= (nowYear % 100) + 1 ? 2000 : 1900;
    absolute(m, year, Number(m[1]), Number(m[3]));
  }
  // March 5, 2024 / Mar 5th 2024 / March 5 (this year).
  const monthDay = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s*(\\d{4}))?(?![\\d:])`, 'g');
  for (let m = monthDay.exec(lower); m; m = monthDay.exec(lower)) {
    const month = MONTHS[m[1]!]!;
    if (m[1] === 'may' && !m[3] && !/\b(on|since|from|until|of)\s*$/.test(lower.slice(0, m.index))) continue; // "may 5" the verb
    const year = m[3] ? Number(m[3]) : nowYear;
    if (!m[3]) notes.push(`"${m[0].trim()}" has no year: taken as ${year}`);
    absolute(m, year, month, Number(m[2]));
  }
  // 5 March 2024 / 5th of March 2024.
  const dayMonth = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})\\b`, 'g');
  for (let m = dayMonth.exec(lower); m; m = dayMonth.exec(lower)) absolute(m, Number(m[3]), MONTHS[m[2]!]!, Number(m[1]));
  // March 2024.
  const monthYear = new RegExp(`\\b${MONTH},?\\s+(\\d{4})\\b`, 'g');
  for (let m = monthYear.exec(lower); m; m = monthYear.exec(lower)) absolute(m, Number(m[2]), MONTHS[m[1]!]!, undefined);
  // A bare year after a word that makes it one: "in 2019", "since 2015", "born 1980".
  const year = /\b(?:in|since|born|year|from|during)\s+((?:18|19|20)\d{2})(?![\d/-])/g;
  for (let m = year.exec(lower); m; m = year.exec(lower)) {
    const start = m.index + m[0].length - 4;
    const span = { start, end: start + 4 };
    if (free(span)) push(found, { ...span, year: Number(m[1]), relative: false });
  }

  // Relative: "3 days ago", "an hour ago", "2 weeks from now", "in 3 days".
  const relative = (span: Span, amount: number, unit: string): void => {
    if (!free(span) || Number.isNaN(amount)) return;
    const { date, precision } = addUnits(now, amount, unit);
    if (precision === 'time') push(found, { ...span, year: date.getUTCFullYear(), instant: date, relative: true });
    else push(found, { ...span, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), relative: true });
  };
  const ago = new RegExp(`\\b(${COUNT_WORD})\\s+(minute|min|hour|hr|day|week|wk|month|year|yr)s?\\s+ago\\b`, 'g');
  for (let m = ago.exec(lower); m; m = ago.exec(lower)) relative({ start: m.index, end: m.index + m[0].length }, -parseCount(m[1]!), unitName(m[2]!));
  const ahead = new RegExp(`\\b(?:in\\s+(${COUNT_WORD})\\s+(minute|hour|day|week|month|year)s?|(${COUNT_WORD})\\s+(minute|hour|day|week|month|year)s?\\s+from\\s+(?:now|today))\\b`, 'g');
  for (let m = ahead.exec(lower); m; m = ahead.exec(lower)) {
    relative({ start: m.index, end: m.index + m[0].length }, parseCount((m[1] ?? m[3])!), (m[2] ?? m[4])!);
  }
  const lastNext = /\b(last|next|past|previous|coming)\s+(week|month|year|sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/g;
  for (let m = lastNext.exec(lower); m; m = lastNext.exec(lower)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (!free(span)) continue;
    const sign = m[1] === 'next' || m[1] === 'coming' ? 1 : -1;
    const what = m[2]!;
    const weekday = WEEKDAYS.indexOf(what);
    if (weekday >= 0) {
      // "last monday": the most recent Monday before today; "next monday": the first one after today.
      let delta = (weekday - now.getUTCDay()) * sign;
      if (delta <= 0) delta += 7;
      relative(span, sign * delta, 'day');
    } else if (what === 'week') {
      relative(span, sign * 7, 'day');
      notes.push(`"${m[0]}" taken as ${sign < 0 ? '7 days ago' : 'in 7 days'}`);
    } else if (what === 'month') {
      const { date } = addUnits(now, sign, 'month');
      push(found, { ...span, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, relative: true });
    } else {
      push(found, { ...span, year: nowYear + sign, relative: true });
    }
  }
  // Named days: today, this morning, yesterday evening, last night, tomorrow, now.
  const named = /\b(right now|just now|now|today|tonight|this (?:morning|afternoon|evening)|(?:the )?day before yesterday|yesterday(?: (?:morning|afternoon|evening|night))?|last night|tomorrow(?: (?:morning|afternoon|evening))?|day after tomorrow)\b/g;
  for (let m = named.exec(lower); m; m = named.exec(lower)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (!free(span)) continue;
    const word = m[1]!;
    // "now" in "from now" belongs to a relative date found above; "now" alone is this instant.
    if (word.endsWith('now')) {
      if (/from\s+$/.test(lower.slice(0, m.index))) continue;
      push(found, { ...span, year: nowYear, instant: new Date(now.getTime()), relative: true });
      continue;
    }
    const offset = word.includes('day before') ? -2 : word.includes('day after') ? 2 : word.startsWith('yesterday') || word === 'last night' ? -1 : word.startsWith('tomorrow') ? 1 : 0;
    relative(span, offset, 'day');
  }

  // Join a time of day to the day it belongs to ("yesterday at 3pm", "at 9:30 on 2024-03-05").
  const times = findTimes(lower).filter((t) => free(t) && !overlapsAny(t, found));
  const usedTimes = new Set<TimeOfDay>();
  for (const c of found) {
    if (c.day === undefined || c.time || c.instant) continue;
    const time = times.find(
      (t) =>
        !usedTimes.has(t) &&
        ((t.start >= c.end && /^[\s,]*(?:at|@|around|about)?\s*$/.test(lower.slice(c.end, t.start))) ||
          (t.end <= c.start && /^\s*(?:on|,)?\s*$/.test(lower.slice(t.end, c.start)))),
    );
    if (time) {
      usedTimes.add(time);
      c.time = { hour: time.hour, minute: time.minute, second: 0 };
      c.start = Math.min(c.start, time.start);
      c.end = Math.max(c.end, time.end);
    }
  }
  // A time with no day: today at that time.
  for (const t of times) {
    if (usedTimes.has(t) || overlapsAny(t, found)) continue;
    push(found, { start: t.start, end: t.end, year: nowYear, month: now.getUTCMonth() + 1, day: now.getUTCDate(), time: { hour: t.hour, minute: t.minute, second: 0 }, relative: true });
    notes.push(`"${text.slice(t.start, t.end).trim()}" has no day: taken as today`);
  }

  const dates: FoundDate[] = [];
  for (const c of found.sort((a, b) => a.start - b.start)) {
    if (Number.isNaN(c.year)) continue;
    let value: string;
    let precision: DatePrecision;
    let instant: Date;
    if (c.instant) {
      value = instantString(c.instant);
      precision = 'time';
      instant = c.instant;
    } else if (c.time && c.month !== undefined && c.day !== undefined) {
      const base = `${c.year}-${pad(c.month)}-${pad(c.day)}T${pad(c.time.hour)}:${pad(c.time.minute)}:${pad(c.time.second)}`;
      value = base + (c.time.zone ?? 'Z');
      precision = 'time';
      instant = new Date(value);
      if (!c.time.zone && !notes.some((n) => n.startsWith('times without a time zone'))) notes.push('times without a time zone are taken as UTC');
    } else if (c.month !== undefined && c.day !== undefined) {
      value = `${c.year}-${pad(c.month)}-${pad(c.day)}`;
      precision = 'day';
      instant = new Date(Date.UTC(c.year, c.month - 1, c.day));
    } else if (c.month !== undefined) {
      value = `${c.year}-${pad(c.month)}`;
      precision = 'month';
      instant = new Date(Date.UTC(c.year, c.month - 1, 1));
    } else {
      value = pad(c.year, 4);
      precision = 'year';
      instant = new Date(Date.UTC(c.year, 0, 1));
    }
    const future = precision === 'time' ? instant.getTime() > now.getTime() : value > dayString(now).slice(0, value.length);
    dates.push({ start: c.start, end: c.end, value, precision, role: roleBefore(lower, c.start), text: text.slice(c.start, c.end), relative: c.relative, future });
  }
  return { dates, problems, notes };
}

function unitName(unit: string): string {
  if (unit === 'min') return 'minute';
  if (unit === 'hr') return 'hour';
  if (unit === 'wk') return 'week';
  if (unit === 'yr') return 'year';
  return unit;
}
