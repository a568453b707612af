import type { PrimitiveDef } from '../model/types';
import type { Context } from './context';

export type ValueChecker = (value: unknown, ctx: Context) => void;

/** FHIR strings "SHALL NOT exceed 1 MB" (R4 datatypes); counted in UTF-16 units, close enough. */
const MAX_STRING = 1024 * 1024;

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

export function describeValue(value: unknown): string {
  return describe(value);
}

function show(value: string): string {
  return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value);
}

/** The regexes accept day 31 in every month; the HL7 validator also rejects impossible dates. */
function validDay(s: string): boolean {
  if (s.length < 10) return true;
  const year = +s.slice(0, 4);
  const month = +s.slice(5, 7);
  const day = +s.slice(8, 10);
  if (day <= 28) return true;
  if (month === 2 && day === 29) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= DAYS[month - 1];
}

/**
 * base64Binary, checked by hand: the R4 regex is slow on large attachments (nested quantifiers) and
 * whitespace may appear anywhere; the value must be groups of four base64 characters with "=" only
 * as padding at the end.
 */
const BASE64_PLAIN = /^[A-Za-z0-9+/]*={0,2}$/;

function validBase64(s: string): boolean {
  // The common case (no whitespace) with one native regex scan; the loop handles the rest.
  if (s.length % 4 === 0 && BASE64_PLAIN.test(s)) return true;
  let n = 0;
  let pad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (c === 61) pad++;
    else if (!letter || pad > 0) return false;
    n++;
  }
  return n % 4 === 0 && pad <= 2;
}

/** String and markdown: the regex `[ \r\n\t\S]+` in Java terms means non-empty without \f or \v. */
const VT_FF = /[\v\f]/;

function validString(s: string): boolean {
  return !VT_FF.test(s);
}

export function compilePrimitive(type: string, def: PrimitiveDef): ValueChecker {
  if (def.json === 'boolean') {
    return (v, ctx) => {
      if (typeof v !== 'boolean') ctx.report('error', 'structure', 'struct.type', `Expected a boolean (true or false), got ${describe(v)}`);
    };
  }
  if (def.json === 'number') {
    const { integer, min, max } = def;
    return (v, ctx) => {
      if (typeof v !== 'number') {
        ctx.report('error', 'structure', 'struct.type', `Expected a JSON number for ${type}, got ${describe(v)}`);
        return;
      }
      if (!Number.isFinite(v)) ctx.report('error', 'value', 'struct.primitive', `${v} is not a valid ${type}`);
      else if (integer && !Number.isInteger(v)) ctx.report('error', 'value', 'struct.primitive', `${v} is not a valid ${type}: it must be a whole number`);
      else if (min !== undefined && v < min) ctx.report('error', 'value', 'struct.primitive', `${v} is not a valid ${type}: the minimum is ${min}`);
      else if (max !== undefined && v > max) ctx.report('error', 'value', 'struct.primitive', `${v} is not a valid ${type}: the maximum is ${max}`);
    };
  }
  let test: (s: string) => boolean;
  let hint = '';
  const trimWarning = type === 'string';
  if (type === 'string' || type === 'markdown' || type === 'xhtml') test = validString;
  else if (type === 'base64Binary') {
    test = validBase64;
    hint = ' (groups of 4 characters of A-Z, a-z, 0-9, +, / with = padding)';
  } else if (def.regex) {
    const re = new RegExp(`^(?:${def.regex})$`);
    const dated = type === 'date' || type === 'dateTime' || type === 'instant';
    test = dated ? (s) => re.test(s) && validDay(s) : (s) => re.test(s);
    if (type === 'instant') hint = ' (an instant needs a full date, a time with seconds and a time zone, e.g. 2024-01-31T08:30:00Z)';
    else if (type === 'dateTime') hint = ' (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with a time zone)';
    else if (type === 'date') hint = ' (YYYY, YYYY-MM or YYYY-MM-DD)';
    else if (type === 'id') hint = ' (1-64 characters of A-Z, a-z, 0-9, - and .)';
    else if (type === 'time') hint = ' (hh:mm:ss)';
  } else test = () => true;
  return (v, ctx) => {
    if (typeof v !== 'string') {
      ctx.report('error', 'structure', 'struct.type', `Expected a JSON string for ${type}, got ${describe(v)}`);
      return;
    }
    if (v.length === 0) {
      ctx.report('error', 'invariant', 'ele-1', `The ${type} value is empty: an element must have a value or children (leave it out instead)`);
      return;
    }
    if (v.length > MAX_STRING) {
      ctx.report('error', 'value', 'struct.primitive', `The ${type} value is longer than 1 MB (${v.length} characters)`);
      return;
    }
    if (!test(v)) {
      ctx.report('error', 'value', 'struct.primitive', `${show(v)} is not a valid ${type}${hint}`);
      return;
    }
    // R4 JSON: a string value has "at least one character of non-whitespace content"; the HL7
    // validator also warns on leading/trailing whitespace in strings. Only looked at when an end is
    // whitespace, so the common case costs two character reads.
    if (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32) {
      if (v.trim() === '') {
        ctx.report('error', 'value', 'struct.primitive', `The ${type} value is only whitespace: a value needs non-whitespace content (leave the element out instead)`);
      } else if (trimWarning) {
        ctx.report('warning', 'value', 'struct.whitespace', `The ${type} value ${show(v)} starts or ends with whitespace`);
      }
    }
  };
}
