import * as r4model from 'fhirpath/fhir-context/r4';
import type { InvariantEnv } from './fhirpath-engine';

/**
 * A native implementation of one invariant: true (holds), false (violated), or undefined when the
 * input is outside what it handles exactly (then fhirpath.js decides). Natives exist only for the
 * invariants evaluated on nearly every resource (ref-1, dom-6, per-1...): fhirpath.js costs ~10 µs
 * per evaluation, these a few ns. tests/unit/fhir-invariants-native.test.ts checks each against
 * fhirpath.js on passing, failing and odd inputs, and on all of ../shared/data.
 */
export type NativeInvariant = (node: unknown, env: InvariantEnv) => boolean | undefined;

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** fhirpath.js's "child exists": the value or its `_name` sibling (extensions, id) is neither null nor []. */
function some(v: unknown): boolean {
  return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
}

function exists(node: Obj, name: string): boolean {
  return some(node[name]) || some(node['_' + name]);
}

/** Choice elements as fhirpath.js resolves them (first present type of the model's list). */
const choiceTypes = (r4model as unknown as { choiceTypePaths: Record<string, string[]> }).choiceTypePaths;
function choiceExists(node: Obj, path: string, name: string): boolean {
  for (const t of choiceTypes[path] ?? []) if (exists(node, name + t)) return true;
  return false;
}

/** A property that fhirpath.js would see as absent or as one string value (no `_x` sibling). */
function plainString(node: Obj, name: string): string | null | undefined {
  const v = node[name];
  if (node['_' + name] !== undefined) return undefined;
  if (v === undefined) return null;
  return typeof v === 'string' ? v : undefined;
}

/**
 * Whether a CodeableConcept has a coding with this system and one of these codes, or undefined when
 * its shape is odd (non-object codings, non-string system/code, `_system`/`_code` siblings).
 */
function hasCoding(cc: unknown, system: string, codes: readonly string[]): boolean | undefined {
  if (cc === undefined) return false;
  if (!isObject(cc)) return undefined;
  const codings = cc.coding;
  if (codings === undefined) return cc._coding === undefined ? false : undefined;
  if (!Array.isArray(codings)) return undefined;
  let found = false;
  for (const c of codings) {
    if (!isObject(c)) return undefined;
    const s = plainString(c, 'system');
    const code = plainString(c, 'code');
    if (s === undefined || code === undefined) return undefined;
    if (s === system && code !== null && codes.includes(code)) found = true;
  }
  return found;
}

const FULL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** `a <= b` for two dateTimes of the same precision (undefined for anything else: fhirpath.js decides). */
function dateTimeLessOrEqual(a: string, b: string): boolean | undefined {
  if (FULL_DATE_TIME.test(a) && FULL_DATE_TIME.test(b)) {
    const x = plainInstant(a);
    const y = plainInstant(b);
    return Number.isNaN(x) || Number.isNaN(y) ? undefined : x <= y;
  }
  if (a.length === b.length && PARTIAL_DATE.test(a) && PARTIAL_DATE.test(b)) return a <= b;
  return undefined;
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

/**
 * Date.parse of a string FULL_DATE_TIME accepts, computed arithmetically for the plain cases
 * (years from 100, days up to 28, times and offsets within a day), where Date.parse's answer is
 * plain arithmetic; anything else goes to Date.parse itself. Hot: per-1 runs on every Period.
 */
export function plainInstant(s: string): number {
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  const hour = digits(s, 11, 13);
  const minute = digits(s, 14, 16);
  const second = digits(s, 17, 19);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59) return Date.parse(s);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46 /* . */) {
    let scale = 100;
    for (i++; s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++, scale /= 10) ms += (s.charCodeAt(i) - 48) * scale;
  }
  let offset = 0;
  if (s.charCodeAt(i) !== 90 /* Z */) {
    const zh = digits(s, i + 1, i + 3);
    const zm = digits(s, i + 4, i + 6);
    if (zh > 23 || zm > 59) return Date.parse(s);
    offset = (zh * 60 + zm) * 60_000 * (s.charCodeAt(i) === 43 /* + */ ? 1 : -1);
  }
  // Days from 1970-01-01 (H. Hinnant's days_from_civil).
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  return days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms - offset;
}

/** Bundle.entry as a list of objects ([] when absent), or undefined when its shape is odd. */
function bundleEntries(node: unknown): Obj[] | undefined {
  if (!isObject(node) || node._entry !== undefined) return undefined;
  const entries = node.entry;
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) return undefined;
  for (const e of entries) if (!isObject(e)) return undefined;
  return entries as Obj[];
}

/** bdl-4: every entry has `name` exactly when the Bundle's type is one of `types`. */
function entriesHave(bundle: Obj, name: string, types: readonly string[]): boolean | undefined {
  const entries = bundleEntries(bundle);
  if (!entries) return undefined;
  if (entries.length === 0) return true;
  const type = plainString(bundle, 'type');
  if (type === undefined || type === null) return undefined;
  const expected = types.includes(type);
  return entries.every((e) => exists(e, name) === expected);
}

/** `type = 'x' implies ...` for Bundle types other than x; undefined (fhirpath.js decides) for x itself. */
const onlyForType =
  (bundleType: string): NativeInvariant =>
  (node) => {
    if (!isObject(node)) return undefined;
    const type = plainString(node, 'type');
    return type === undefined || type === bundleType ? undefined : true;
  };

const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CONDITION_VER = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const ALLERGY_VER = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
const EIE = ['entered-in-error'] as const;

/** `a.empty() or b.exists()` style invariants on plain elements. */
const emptyOrExists =
  (a: string, b: string): NativeInvariant =>
  (node) =>
    isObject(node) ? !exists(node, a) || exists(node, b) : undefined;

/** `x.exists() implies x >= 0` on a decimal. */
const nonNegative =
  (name: string): NativeInvariant =>
  (node) => {
    if (!isObject(node)) return undefined;
    if (!exists(node, name)) return true;
    const v = node[name];
    return typeof v === 'number' && node['_' + name] === undefined ? v >= 0 : undefined;
  };

const anyExists =
  (...names: string[]): NativeInvariant =>
  (node) =>
    isObject(node) ? names.some((n) => exists(node, n)) : undefined;

/** `where(use = 'home').empty()` on one ContactPoint / Address. */
const notHome: NativeInvariant = (node) => {
  if (!isObject(node)) return undefined;
  const use = plainString(node, 'use');
  return use === undefined ? undefined : use !== 'home';
};

/** Native invariants by key and the exact R4 expression they implement (a changed expression falls back to fhirpath.js). */
export const NATIVE_INVARIANTS: Record<string, Record<string, NativeInvariant>> = {
  'dom-6': {
    'text.`div`.exists()': (node) => {
      if (!isObject(node)) return undefined;
      const text = node.text;
      if (text === undefined) return node._text === undefined ? false : undefined;
      return isObject(text) ? exists(text, 'div') : undefined;
    },
  },
  'ref-1': {
    "reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))": (node, env) => {
      if (!isObject(node)) return undefined;
      const ref = plainString(node, 'reference');
      if (ref === null) return true; // no reference: the expression is empty, not false
      if (ref === undefined || ref.length < 2) return undefined;
      if (ref.charCodeAt(0) !== 35 /* # */) return true;
      const contained = env.rootResource.contained;
      if (contained === undefined) return false;
      if (!Array.isArray(contained)) return undefined;
      const id = ref.slice(1);
      let found = false;
      for (const c of contained) {
        if (!isObject(c)) return undefined;
        const cid = plainString(c, 'id');
        if (cid === undefined) return undefined;
        if (cid === id) found = true;
      }
      return found;
    },
  },
  'per-1': {
    'start.hasValue().not() or end.hasValue().not() or (start <= end)': (node) => {
      if (!isObject(node)) return undefined;
      const start = node.start;
      const end = node.end;
      if (start === undefined || end === undefined) return true; // hasValue() is false: an extension-only `_start` has no value
      return typeof start === 'string' && typeof end === 'string' ? dateTimeLessOrEqual(start, end) : undefined;
    },
  },
  'qty-3': { 'code.empty() or system.exists()': emptyOrExists('code', 'system') },
  'sqty-1': { 'comparator.empty()': (node) => (isObject(node) ? !exists(node, 'comparator') : undefined) },
  'cpt-2': { 'value.empty() or system.exists()': emptyOrExists('value', 'system') },
  'att-1': { 'data.empty() or contentType.exists()': emptyOrExists('data', 'contentType') },
  'cpl-3': { 'detail.empty() or reference.empty()': (node) => (isObject(node) ? !exists(node, 'detail') || !exists(node, 'reference') : undefined) },
  'prr-1': { 'orderDetail.empty() or code.exists()': emptyOrExists('orderDetail', 'code') },
  // Bundle-wide rules: fhirpath.js needs ~4 ms each on a 1,000-entry Bundle. An absent Bundle.type
  // makes the comparisons empty (not false): the invariant then holds unless stated otherwise.
  'bdl-1': {
    "total.empty() or (type = 'searchset') or (type = 'history')": (node) => {
      if (!isObject(node)) return undefined;
      if (!exists(node, 'total')) return true;
      const type = plainString(node, 'type');
      return type === undefined ? undefined : type === null || type === 'searchset' || type === 'history';
    },
  },
  'bdl-2': {
    "entry.search.empty() or (type = 'searchset')": (node) => {
      const entries = bundleEntries(node);
      if (!entries) return undefined;
      const type = plainString(node as Obj, 'type');
      if (type === undefined) return undefined;
      return type === null || type === 'searchset' || !entries.some((e) => exists(e, 'search'));
    },
  },
  'bdl-4': {
    "entry.all(response.exists() = (%resource.type = 'batch-response' or %resource.type = 'transaction-response' or %resource.type = 'history'))": (
      _node,
      env,
    ) => entriesHave(env.resource, 'response', ['batch-response', 'transaction-response', 'history']),
  },
  'bdl-9': { "type = 'document' implies (identifier.system.exists() and identifier.value.exists())": onlyForType('document') },
  'bdl-10': { "type = 'document' implies (timestamp.hasValue())": onlyForType('document') },
  'bdl-11': { "type = 'document' implies entry.first().resource.is(Composition)": onlyForType('document') },
  'bdl-12': { "type = 'message' implies entry.first().resource.is(MessageHeader)": onlyForType('message') },
  'bdl-5': { 'resource.exists() or request.exists() or response.exists()': anyExists('resource', 'request', 'response') },
  'bdl-8': {
    "fullUrl.exists() implies fullUrl.contains('/_history/').not()": (node) => {
      if (!isObject(node)) return undefined;
      const url = plainString(node, 'fullUrl');
      return url === null ? true : url === undefined ? undefined : !url.includes('/_history/');
    },
  },
  'obs-6': {
    'dataAbsentReason.empty() or value.empty()': (node) =>
      isObject(node) ? !exists(node, 'dataAbsentReason') || !choiceExists(node, 'Observation.value', 'value') : undefined,
  },
  'obs-7': {
    // Only the common cases natively: no value or no component means the invariant holds.
    'value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()': (node) =>
      isObject(node) ? (!choiceExists(node, 'Observation.value', 'value') || !exists(node, 'component') ? true : undefined) : undefined,
  },
  'con-3': {
    // The third clause compares a CodeableConcept with a string (always false in R4 as written): left to fhirpath.js.
    "clinicalStatus.exists() or verificationStatus.coding.where(system='http://terminology.hl7.org/CodeSystem/condition-ver-status' and code = 'entered-in-error').exists() or category.select($this='problem-list-item').empty()":
      (node) => (isObject(node) && exists(node, 'clinicalStatus') ? true : undefined),
  },
  'con-4': {
    "abatement.empty() or clinicalStatus.coding.where(system='http://terminology.hl7.org/CodeSystem/condition-clinical' and (code='resolved' or code='remission' or code='inactive')).exists()":
      (node) => {
        if (!isObject(node)) return undefined;
        if (!choiceExists(node, 'Condition.abatement', 'abatement')) return true;
        return hasCoding(node.clinicalStatus, CONDITION_CLINICAL, ['resolved', 'remission', 'inactive']);
      },
  },
  'con-5': {
    "verificationStatus.coding.where(system='http://terminology.hl7.org/CodeSystem/condition-ver-status' and code='entered-in-error').empty() or clinicalStatus.empty()":
      (node) => {
        if (!isObject(node)) return undefined;
        if (!exists(node, 'clinicalStatus')) return true;
        const eie = hasCoding(node.verificationStatus, CONDITION_VER, EIE);
        return eie === undefined ? undefined : !eie;
      },
  },
  'ait-1': {
    "verificationStatus.coding.where(system = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification' and code = 'entered-in-error').exists() or clinicalStatus.exists()":
      (node) => {
        if (!isObject(node)) return undefined;
        if (exists(node, 'clinicalStatus')) return true;
        return hasCoding(node.verificationStatus, ALLERGY_VER, EIE);
      },
  },
  'ait-2': {
    "verificationStatus.coding.where(system = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification' and code = 'entered-in-error').empty() or clinicalStatus.empty()":
      (node) => {
        if (!isObject(node)) return undefined;
        if (!exists(node, 'clinicalStatus')) return true;
        const eie = hasCoding(node.verificationStatus, ALLERGY_VER, EIE);
        return eie === undefined ? undefined : !eie;
      },
  },
  'org-1': { '(identifier.count() + name.count()) > 0': anyExists('identifier', 'name') },
  'org-2': { "where(use = 'home').empty()": notHome },
  'org-3': { "where(use = 'home').empty()": notHome },
  'pat-1': {
    'name.exists() or telecom.exists() or address.exists() or organization.exists()': anyExists('name', 'telecom', 'address', 'organization'),
  },
  'tim-1': { 'duration.empty() or durationUnit.exists()': emptyOrExists('duration', 'durationUnit') },
  'tim-2': { 'period.empty() or periodUnit.exists()': emptyOrExists('period', 'periodUnit') },
  'tim-4': { 'duration.exists() implies duration >= 0': nonNegative('duration') },
  'tim-5': { 'period.exists() implies period >= 0': nonNegative('period') },
  'tim-6': { 'periodMax.empty() or period.exists()': emptyOrExists('periodMax', 'period') },
  'tim-7': { 'durationMax.empty() or duration.exists()': emptyOrExists('durationMax', 'duration') },
  'tim-8': { 'countMax.empty() or count.exists()': emptyOrExists('countMax', 'count') },
  'tim-9': {
    "offset.empty() or (when.exists() and when.select($this in ('C' | 'CM' | 'CD' | 'CV')).allFalse())": (node) =>
      isObject(node) && !exists(node, 'offset') ? true : undefined,
  },
  'tim-10': { 'timeOfDay.empty() or when.empty()': (node) => (isObject(node) ? !exists(node, 'timeOfDay') || !exists(node, 'when') : undefined) },
};

