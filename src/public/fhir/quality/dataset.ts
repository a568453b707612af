import type { CheckDefinition, CheckTally } from '../report/checks';
import type { Issue, IssueCode, IssueLocation, Severity } from '../report/issue';
import { bounds, parseDate } from './dates';
import { CHECKS } from './definitions';

export interface DatasetIndex {
  add(resource: Record<string, unknown>, location?: IssueLocation): void;
  finish(report: (issue: Issue) => void, tally: CheckTally): void;
}

type Json = Record<string, unknown>;

const DAY = 86_400_000;
/** Sources kept per unresolved target (memory bound); further ones are counted. */
const SOURCES_PER_TARGET = 10;
/** Events kept in detail per patient not seen yet, at each end of the time line. */
const EVENT_DETAILS = 5;

/** Where a reference or event sits, kept only until its target shows up (or to report it). */
interface Source {
  resourceType: string;
  id: string | undefined;
  expression: string;
  location: IssueLocation | undefined;
}

interface PendingRef {
  reference: string;
  sources: Source[];
  more: number;
  /** Unresolved references by the referring resource's type (for the tally). */
  byType: Map<string, number>;
}

interface PatientDates {
  birthLo: number;
  birthText: string;
  deathHi: number;
  deathText: string;
}

interface EventDetail extends Source {
  lo: number;
  hi: number;
  text: string;
}

/** Events of a patient not seen yet: all dates (numbers only), a few in detail at each end. */
interface PendingEvents {
  los: number[];
  his: number[];
  types: string[];
  earliest: EventDetail[];
  latest: EventDetail[];
}

/** Clinical events checked against the patient's birth and death: where the patient and the date are. */
const EVENTS: Record<string, { patient: string; date: string }> = {
  Encounter: { patient: 'subject', date: 'period' },
  Observation: { patient: 'subject', date: 'effective' },
  Condition: { patient: 'subject', date: 'onset' },
  Procedure: { patient: 'subject', date: 'performed' },
  Immunization: { patient: 'patient', date: 'occurrence' },
  MedicationRequest: { patient: 'subject', date: 'authoredOn' },
};

const RELATIVE_REF = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const CONDITIONAL_REF = /^([A-Z][A-Za-z]+)\?(.+)$/;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

class Counter {
  readonly applicable = new Map<string, number>();
  readonly failed = new Map<string, number>();
  add(type: string, failed: boolean, n = 1): void {
    this.applicable.set(type, (this.applicable.get(type) ?? 0) + n);
    if (failed) this.failed.set(type, (this.failed.get(type) ?? 0) + n);
  }
  fail(type: string, n: number): void {
    this.failed.set(type, (this.failed.get(type) ?? 0) + n);
  }
  record(def: CheckDefinition, tally: CheckTally): void {
    for (const [type, n] of this.applicable) {
      const failed = Math.min(n, this.failed.get(type) ?? 0);
      for (let i = 0; i < n; i++) tally.record(def, type, i < failed);
    }
  }
}

/**
 * The dataset checks: dangling references, duplicate business identifiers, duplicate ids, and
 * clinical events dated before the patient's birth or after their death. NDJSON is streamed, so the
 * index never holds resources: only string keys of what exists (Type/id, fullUrl, identifier) and,
 * for what is not resolved yet (a reference whose target may come later, an event whose patient may
 * come later), a bounded description per target. Everything is decided as soon as both sides are
 * known; finish() reports what never resolved.
 */
export function createDatasetIndex(): DatasetIndex {
  /** "Type/id" -> scope it was seen in (n > 0: the n-th Bundle; n <= 0: a folder of input files). */
  const ids = new Map<string, number>();
  const fullUrls = new Set<string>();
  /** "Type?system|value" (and "Type?|value" without system) -> owner id. */
  const identifiers = new Map<string, string>();
  /** "Type?*|value": identifier values whatever their system (for `identifier=value` searches). */
  const identifierValues = new Set<string>();
  const pendingRefs = new Map<string, PendingRef>();
  const patients = new Map<string, PatientDates>();
  const pendingEvents = new Map<string, PendingEvents>();
  /** Findings made while adding (both sides known), reported at finish. */
  const held: Issue[] = [];

  const refs = new Counter();
  const dupIds = new Counter();
  const dupIdentifiers = new Counter();
  const beforeBirth = new Counter();
  const afterDeath = new Counter();

  /** Bundles whose entries are being added: their entries and scope number. */
  let bundles: { entries: unknown[]; scope: number }[] = [];
  let bundleCount = 0;
  let anonymous = 0;
  /** Folders of input files: each is one dataset (e.g. one bulk export) for duplicate ids. */
  const folders = new Map<string, number>();

  function folderScope(source: string | undefined): number {
    if (source === undefined) return 0;
    const folder = source.slice(0, Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'), 0));
    let scope = folders.get(folder);
    if (scope === undefined) {
      scope = -folders.size;
      folders.set(folder, scope);
    }
    return scope;
  }

  const path: (string | number)[] = [];

  function hold(
    source: Source,
    def: CheckDefinition,
    severity: Severity,
    code: IssueCode,
    expression: string,
    message: string,
  ): Issue {
    const issue: Issue = {
      resourceType: source.resourceType,
      ...(source.id !== undefined ? { id: source.id } : {}),
      severity,
      code,
      category: def.category,
      rule: def.id,
      expression: [expression],
      message,
      ...(source.location ? { location: source.location } : {}),
    };
    held.push(issue);
    return issue;
  }

  function known(key: string): boolean {
    return ids.has(key) || fullUrls.has(key) || identifiers.has(key) || identifierValues.has(key);
  }

  function resolve(key: string): void {
    if (pendingRefs.size !== 0) pendingRefs.delete(key);
  }

  /** The Bundle entry a resource came from (scope, fullUrl), or top level. */
  function context(resource: Json, location: IssueLocation | undefined): { scope: number; fullUrl: string | undefined } {
    const e = location?.entry;
    if (e === undefined) {
      bundles = [];
      return { scope: folderScope(location?.source), fullUrl: undefined };
    }
    for (let k = bundles.length - 1; k >= 0; k--) {
      const entry = bundles[k]!.entries[e];
      if (isObject(entry) && entry.resource === resource) {
        bundles.length = k + 1;
        return { scope: bundles[k]!.scope, fullUrl: typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined };
      }
    }
    return { scope: 0, fullUrl: undefined };
  }

  // ---- references -------------------------------------------------------------------------------

  function targetKey(reference: string): string | null {
    const c0 = reference.charCodeAt(0);
    if (c0 === 35 /* # */) return null; // contained
    if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) return reference;
    if (reference.startsWith('http://') || reference.startsWith('https://')) {
      // An entry's fullUrl is a dataset reference; any other absolute URL points outside the dataset.
      return fullUrls.has(reference) ? reference : null;
    }
    const rel = RELATIVE_REF.exec(reference);
    if (rel) return `${rel[1]}/${rel[2]}`;
    const cond = CONDITIONAL_REF.exec(reference);
    if (cond) return conditionalKey(cond[1]!, cond[2]!);
    return null;
  }

  /** `Type?identifier=system|value` resolves against business identifiers; other searches cannot be. */
  function conditionalKey(type: string, query: string): string | null {
    for (const param of query.split('&')) {
      if (!param.startsWith('identifier=')) continue;
      let token = param.slice('identifier='.length);
      if (token.includes('%')) {
        try {
          token = decodeURIComponent(token);
        } catch {
          return null;
        }
      }
      const bar = token.indexOf('|');
      return bar < 0 ? `${type}?*|${token}` : `${type}?${token}`;
    }
    return null;
  }

  function addReference(reference: string, source: Source): void {
    const key = targetKey(reference);
    if (key === null) return;
    refs.add(source.resourceType, false);
    if (known(key)) return;
    let pending = pendingRefs.get(key);
    if (!pending) {
      pending = { reference, sources: [], more: 0, byType: new Map() };
      pendingRefs.set(key, pending);
    }
    if (pending.sources.length < SOURCES_PER_TARGET) pending.sources.push(source);
    else pending.more++;
    pending.byType.set(source.resourceType, (pending.byType.get(source.resourceType) ?? 0) + 1);
  }

  function expr(rt: string, depth: number): string {
    let s = rt;
    for (let i = 0; i < depth; i++) {
      const p = path[i]!;
      s += typeof p === 'number' ? `[${p}]` : `.${p}`;
    }
    return s;
  }

  function walkReferences(obj: Json, depth: number, rt: string, id: string | undefined, location: IssueLocation | undefined, bundleRoot: boolean): void {
    const reference = obj.reference;
    if (typeof reference === 'string' && reference !== '') {
      addReference(reference, { resourceType: rt, id, expression: expr(rt, depth), location });
    }
    for (const key in obj) {
      const v = obj[key];
      if (v === null || typeof v !== 'object') continue;
      if (bundleRoot && depth === 2 && key === 'resource' && path[0] === 'entry') continue;
      path[depth] = key;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const item = v[i];
          if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
            path[depth + 1] = i;
            walkReferences(item as Json, depth + 2, rt, id, location, bundleRoot);
          }
        }
      } else {
        walkReferences(v as Json, depth + 1, rt, id, location, bundleRoot);
      }
    }
  }

  // ---- identity: ids, fullUrls, identifiers -----------------------------------------------------

  function addIdentity(r: Json, rt: string, id: string | undefined, scope: number, fullUrl: string | undefined, location: IssueLocation | undefined): void {
    if (id !== undefined) {
      const key = `${rt}/${id}`;
      const seenIn = ids.get(key);
      // The same resource in two different Bundles (e.g. a practitioner in two patients' transaction
      // Bundles) is the same resource posted twice, not two resources sharing an id; likewise the
      // same resource in two folders (two exports scanned together).
      const duplicate = seenIn !== undefined && seenIn === scope;
      dupIds.add(rt, duplicate);
      if (duplicate) {
        hold({ resourceType: rt, id, expression: `${rt}.id`, location }, CHECKS.duplicateId, 'error', 'duplicate', `${rt}.id`, `Another ${rt} with id "${id}" is in the ${scope > 0 ? 'same Bundle' : 'dataset'}`);
      } else if (seenIn === undefined) {
        ids.set(key, scope);
        resolve(key);
      }
    }
    if (fullUrl !== undefined && !fullUrls.has(fullUrl)) {
      fullUrls.add(fullUrl);
      resolve(fullUrl);
    }
    const list = Array.isArray(r.identifier) ? r.identifier : isObject(r.identifier) ? [r.identifier] : [];
    if (list.length === 0) return;
    const owner = id ?? `\u0000${++anonymous}`;
    let failed = false;
    for (let i = 0; i < list.length; i++) {
      const ident = list[i];
      if (!isObject(ident) || typeof ident.value !== 'string' || ident.value === '') continue;
      const system = typeof ident.system === 'string' ? ident.system : '';
      const key = `${rt}?${system}|${ident.value}`;
      const other = identifiers.get(key);
      if (other === undefined) {
        identifiers.set(key, owner);
        resolve(key);
      } else if (other !== owner) {
        failed = true;
        const element = Array.isArray(r.identifier) ? `${rt}.identifier[${i}]` : `${rt}.identifier`;
        const otherText = other.startsWith('\u0000') ? `another ${rt}` : `${rt}/${other}`;
        hold(
          { resourceType: rt, id, expression: element, location },
          CHECKS.duplicateIdentifier,
          'warning',
          'duplicate',
          element,
          `The identifier ${system ? `${system}|` : ''}${ident.value} is also on ${otherText}`,
        );
      }
      const anyKey = `${rt}?*|${ident.value}`;
      if (!identifierValues.has(anyKey)) {
        identifierValues.add(anyKey);
        resolve(anyKey);
      }
    }
    dupIdentifiers.add(rt, failed);
  }

  // ---- events against birth and death -----------------------------------------------------------

  function checkEvent(ev: EventDetail, p: PatientDates): void {
    if (!Number.isNaN(p.birthLo)) {
      const bad = ev.hi < p.birthLo;
      beforeBirth.add(ev.resourceType, bad);
      if (bad) {
        hold(ev, CHECKS.eventBeforeBirth, 'warning', 'business-rule', ev.expression, `${ev.resourceType} dated ${ev.text} is before the patient's birth (${p.birthText})`);
      }
    }
    if (!Number.isNaN(p.deathHi)) {
      const bad = ev.lo > p.deathHi + DAY;
      afterDeath.add(ev.resourceType, bad);
      if (bad) {
        hold(ev, CHECKS.eventAfterDeath, 'warning', 'business-rule', ev.expression, `${ev.resourceType} dated ${ev.text} is after the patient's death (${p.deathText})`);
      }
    }
  }

  function eventOf(r: Json, rt: string, id: string | undefined, location: IssueLocation | undefined): { patient: string; event: EventDetail } | null {
    const spec = EVENTS[rt];
    if (!spec) return null;
    const ref = r[spec.patient];
    if (!isObject(ref) || typeof ref.reference !== 'string') return null;
    let text: unknown;
    let element: string;
    if (spec.date === 'period' || spec.date === 'authoredOn') {
      const v = r[spec.date];
      text = spec.date === 'period' ? (isObject(v) ? v.start : undefined) : v;
      element = spec.date === 'period' ? `${rt}.period.start` : `${rt}.authoredOn`;
    } else {
      const dt = r[`${spec.date}DateTime`];
      const inst = r[`${spec.date}Instant`];
      const period = r[`${spec.date}Period`];
      if (typeof dt === 'string') {
        text = dt;
        element = `${rt}.${spec.date}DateTime`;
      } else if (typeof inst === 'string') {
        text = inst;
        element = `${rt}.${spec.date}Instant`;
      } else {
        text = isObject(period) ? period.start : undefined;
        element = `${rt}.${spec.date}Period.start`;
      }
    }
    if (typeof text !== 'string' || !parseDate(text)) return null;
    return { patient: ref.reference, event: { resourceType: rt, id, expression: element, location, lo: bounds.lo, hi: bounds.hi, text } };
  }

  function deferEvent(patient: string, ev: EventDetail): void {
    let p = pendingEvents.get(patient);
    if (!p) {
      p = { los: [], his: [], types: [], earliest: [], latest: [] };
      pendingEvents.set(patient, p);
    }
    p.los.push(ev.lo);
    p.his.push(ev.hi);
    p.types.push(ev.resourceType);
    keep(p.earliest, ev, (a, b) => a.hi < b.hi);
    keep(p.latest, ev, (a, b) => a.lo > b.lo);
  }

  /** Keeps the EVENT_DETAILS first events by `before` (insertion into a tiny sorted list). */
  function keep(list: EventDetail[], ev: EventDetail, before: (a: EventDetail, b: EventDetail) => boolean): void {
    if (list.length === EVENT_DETAILS && !before(ev, list[EVENT_DETAILS - 1]!)) return;
    let i = list.length;
    while (i > 0 && before(ev, list[i - 1]!)) i--;
    list.splice(i, 0, ev);
    if (list.length > EVENT_DETAILS) list.pop();
  }

  function settleEvents(key: string, p: PatientDates): void {
    const pending = pendingEvents.get(key);
    if (!pending) return;
    pendingEvents.delete(key);
    let failedBirth = 0;
    let failedDeath = 0;
    for (let i = 0; i < pending.los.length; i++) {
      const type = pending.types[i]!;
      if (!Number.isNaN(p.birthLo)) {
        const bad = pending.his[i]! < p.birthLo;
        beforeBirth.add(type, bad);
        if (bad) failedBirth++;
      }
      if (!Number.isNaN(p.deathHi)) {
        const bad = pending.los[i]! > p.deathHi + DAY;
        afterDeath.add(type, bad);
        if (bad) failedDeath++;
      }
    }
    const details = (list: EventDetail[], bad: (e: EventDetail) => boolean, def: CheckDefinition, what: string, total: number) => {
      let last: Issue | undefined;
      let shown = 0;
      for (const ev of list) {
        if (!bad(ev)) continue;
        shown++;
        last = hold(ev, def, 'warning', 'business-rule', ev.expression, `${ev.resourceType} dated ${ev.text} is ${what}`);
      }
      if (last && total > shown) last.message += ` (and ${total - shown} more events of this patient)`;
    };
    if (failedBirth) details(pending.earliest, (e) => e.hi < p.birthLo, CHECKS.eventBeforeBirth, `before the patient's birth (${p.birthText})`, failedBirth);
    if (failedDeath) details(pending.latest, (e) => e.lo > p.deathHi + DAY, CHECKS.eventAfterDeath, `after the patient's death (${p.deathText})`, failedDeath);
  }

  function addPatient(r: Json, id: string | undefined, fullUrl: string | undefined): void {
    const birth = typeof r.birthDate === 'string' && parseDate(r.birthDate) ? bounds.lo : NaN;
    const death = typeof r.deceasedDateTime === 'string' && parseDate(r.deceasedDateTime) ? bounds.hi : NaN;
    if (Number.isNaN(birth) && Number.isNaN(death)) return;
    const dates: PatientDates = {
      birthLo: birth,
      birthText: Number.isNaN(birth) ? '' : (r.birthDate as string),
      deathHi: death,
      deathText: Number.isNaN(death) ? '' : (r.deceasedDateTime as string),
    };
    for (const key of [id !== undefined ? `Patient/${id}` : undefined, fullUrl]) {
      if (key === undefined || patients.has(key)) continue;
      patients.set(key, dates);
      settleEvents(key, dates);
    }
  }

  return {
    add(resource, location) {
      const rt = typeof resource.resourceType === 'string' ? resource.resourceType : 'Unknown';
      const id = typeof resource.id === 'string' && resource.id !== '' ? resource.id : undefined;
      const { scope, fullUrl } = context(resource, location);
      const isBundle = rt === 'Bundle' && Array.isArray(resource.entry);
      if (isBundle) {
        const entries = resource.entry as unknown[];
        // Entries may refer to each other in any order: know every fullUrl before any entry arrives.
        for (const entry of entries) {
          if (isObject(entry) && typeof entry.fullUrl === 'string' && !fullUrls.has(entry.fullUrl)) {
            fullUrls.add(entry.fullUrl);
            resolve(entry.fullUrl);
          }
        }
      }
      addIdentity(resource, rt, id, scope, fullUrl, location);
      if (rt === 'Patient') addPatient(resource, id, fullUrl);
      walkReferences(resource, 0, rt, id, location, isBundle);
      const ev = eventOf(resource, rt, id, location);
      if (ev) {
        const p = patients.get(ev.patient);
        if (p) checkEvent(ev.event, p);
        else deferEvent(ev.patient, ev.event);
      }
      if (isBundle) bundles.push({ entries: resource.entry as unknown[], scope: ++bundleCount });
    },

    finish(report, tally) {
      bundles = [];
      for (const issue of held) report(issue);
      for (const pending of pendingRefs.values()) {
        for (const [type, n] of pending.byType) refs.fail(type, n);
        pending.sources.forEach((source, i) => {
          const more = i === pending.sources.length - 1 && pending.more > 0 ? ` (and ${pending.more} more references to it)` : '';
          report({
            resourceType: source.resourceType,
            ...(source.id !== undefined ? { id: source.id } : {}),
            severity: 'warning',
            code: 'not-found',
            category: CHECKS.danglingReference.category,
            rule: CHECKS.danglingReference.id,
            expression: [source.expression],
            message: `The reference "${pending.reference}" does not resolve to any resource in the dataset${more}`,
            ...(source.location ? { location: source.location } : {}),
          });
        });
      }
      refs.record(CHECKS.danglingReference, tally);
      dupIds.record(CHECKS.duplicateId, tally);
      dupIdentifiers.record(CHECKS.duplicateIdentifier, tally);
      beforeBirth.record(CHECKS.eventBeforeBirth, tally);
      afterDeath.record(CHECKS.eventAfterDeath, tally);
      held.length = 0;
      pendingRefs.clear();
      pendingEvents.clear();
      patients.clear();
      ids.clear();
      fullUrls.clear();
      identifiers.clear();
      identifierValues.clear();
    },
  };
}
