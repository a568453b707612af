import type { CheckDefinition, CheckTally } from '../report/checks';
import type { Category, Issue, IssueCode, IssueLocation, Severity } from '../report/issue';
import { bounds, parseDate } from './dates';
import { CHECKS } from './definitions';

export interface DatasetIndex {
  add(resource: Record<string, unknown>, location?: IssueLocation): void;
  /**
   * add() in steps, for a caller that walks the resource anyway (the scanner's quality walk):
   * begin(), then reference() for every non-empty string `reference` property of an object that
   * walk meets, in document order (Bundle entry resources skipped), with the walk's path (keys and
   * array indexes, `path[0..depth)`), then end(). Same outcome as add().
   */
  begin(resource: Record<string, unknown>, location?: IssueLocation): void;
  reference(reference: string, path: readonly (string | number)[], depth: number): void;
  end(): void;
  finish(report: (issue: Issue) => void, tally: CheckTally): void;
}

/** What the quality walk reports to the dataset index: see DatasetIndex.reference. */
export type ReferenceVisitor = (reference: string, path: readonly (string | number)[], depth: number) => void;

/**
 * How the report keeps issues, so the index need not hold issues it would drop (memory stays
 * bounded on big inputs). `wouldDrop(severity)` must be monotone: once true it stays true for the
 * rest of the scan (the scanner's bounded issue list is). Dropped issues are still counted exactly,
 * through `count`, at finish and in the order they would have been reported.
 */
export interface DatasetDropping {
  wouldDrop(severity: Severity): boolean;
  count(resourceType: string, severity: Severity, category: Category): void;
}

export interface DatasetIndexOptions {
  dropping?: DatasetDropping;
}

type Json = Record<string, unknown>;

const DAY = 86_400_000;
/** Sources kept per unresolved target (memory bound); further ones are counted. */
const SOURCES_PER_TARGET = 10;
/** Events kept in detail per patient not seen yet, at each end of the time line. */
const EVENT_DETAILS = 5;
/** Conditional references whose target key is remembered (they repeat: the same few practitioners). */
const CONDITIONAL_CACHE = 4096;

/** Where a reference or event sits, kept only until its target shows up (or to report it). */
interface Source {
  resourceType: string;
  id: string | undefined;
  expression: string;
  location: IssueLocation | undefined;
}

interface PendingRef {
  /** The first reference's text (for the message; '' once details are not kept). */
  reference: string;
  /** The first SOURCES_PER_TARGET references in detail; null once the report could not keep them. */
  sources: Source[] | null;
  /** References to the target. */
  total: number;
  /**
   * The referring resources' types, counted among the first SOURCES_PER_TARGET references (one
   * warning each) and among all (the tally): the first type in fields, further ones in `others`
   * as [type, first, all, ...] (most targets are referred to from one or two types; kept compact,
   * as big inputs have hundreds of thousands of unresolved targets).
   */
  type: string;
  first: number;
  all: number;
  others: (string | number)[] | null;
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
interface EventSpec {
  patient: string;
  /** A plain element (authoredOn) or a Period (period): its JSON name and expression. */
  plain?: { key: string; period: boolean; expression: string };
  /** A choice (effective[x]...): the JSON names and expressions of its dateTime, instant and Period forms. */
  choice?: { dateTime: string; dateTimeExpr: string; instant: string; instantExpr: string; period: string; periodExpr: string };
}

function eventSpec(rt: string, patient: string, date: string): EventSpec {
  if (date === 'period') return { patient, plain: { key: date, period: true, expression: `${rt}.period.start` } };
  if (date === 'authoredOn') return { patient, plain: { key: date, period: false, expression: `${rt}.authoredOn` } };
  return {
    patient,
    choice: {
      dateTime: `${date}DateTime`,
      dateTimeExpr: `${rt}.${date}DateTime`,
      instant: `${date}Instant`,
      instantExpr: `${rt}.${date}Instant`,
      period: `${date}Period`,
      periodExpr: `${rt}.${date}Period.start`,
    },
  };
}

const EVENTS = new Map<string, EventSpec>([
  ['Encounter', eventSpec('Encounter', 'subject', 'period')],
  ['Observation', eventSpec('Observation', 'subject', 'effective')],
  ['Condition', eventSpec('Condition', 'subject', 'onset')],
  ['Procedure', eventSpec('Procedure', 'subject', 'performed')],
  ['Immunization', eventSpec('Immunization', 'patient', 'occurrence')],
  ['MedicationRequest', eventSpec('MedicationRequest', 'subject', 'authoredOn')],
]);

/** "Type/id" as the reference's whole text (the common case: the text is the key). */
const RELATIVE_PLAIN = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;
const RELATIVE_REF = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const CONDITIONAL_REF = /^([A-Z][A-Za-z]+)\?(.+)$/;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Applicable and failed records of one check, by resource type. */
class Counter {
  private readonly byType = new Map<string, { applicable: number; failed: number }>();
  private entry(type: string): { applicable: number; failed: number } {
    let c = this.byType.get(type);
    if (c === undefined) {
      c = { applicable: 0, failed: 0 };
      this.byType.set(type, c);
    }
    return c;
  }
  add(type: string, failed: boolean): void {
    const c = this.entry(type);
    c.applicable++;
    if (failed) c.failed++;
  }
  fail(type: string, n: number): void {
    // Only ever for types already counted as applicable (a pending reference was counted when added).
    this.entry(type).failed += n;
  }
  record(def: CheckDefinition, tally: CheckTally): void {
    for (const [type, c] of this.byType) {
      if (c.applicable > 0) tally.recordMany(def, type, c.applicable, Math.min(c.applicable, c.failed));
    }
  }
}

/**
 * Business identifiers, as the keys "Type?system|value" (-> owner id) and "Type?*|value" (values
 * whatever their system) that conditional references resolve against, stored by their parts (no
 * key strings built per identifier). A key has one reading when the type has no "?" and the system
 * no "|": those are stored by parts; others (not valid FHIR, but possible input) by the whole key.
 */
class Identifiers {
  private readonly owners = new Map<string, Map<string, Map<string, string>>>();
  private readonly values = new Map<string, Set<string>>();
  private readonly oddOwners = new Map<string, string>();
  private readonly oddValues = new Set<string>();

  get(type: string, system: string, value: string): string | undefined {
    if (type.indexOf('?') !== -1 || system.indexOf('|') !== -1) return this.oddOwners.get(`${type}?${system}|${value}`);
    return this.owners.get(type)?.get(system)?.get(value);
  }

  set(type: string, system: string, value: string, owner: string): void {
    if (type.indexOf('?') !== -1 || system.indexOf('|') !== -1) {
      this.oddOwners.set(`${type}?${system}|${value}`, owner);
      return;
    }
    let bySystem = this.owners.get(type);
    if (!bySystem) {
      bySystem = new Map();
      this.owners.set(type, bySystem);
    }
    let byValue = bySystem.get(system);
    if (!byValue) {
      byValue = new Map();
      bySystem.set(system, byValue);
    }
    byValue.set(value, owner);
  }

  /** Adds "Type?*|value"; false when it was there already. */
  addValue(type: string, value: string): boolean {
    if (type.indexOf('?') !== -1) {
      const key = `${type}?*|${value}`;
      if (this.oddValues.has(key)) return false;
      this.oddValues.add(key);
      return true;
    }
    let set = this.values.get(type);
    if (!set) {
      set = new Set();
      this.values.set(type, set);
    }
    if (set.has(value)) return false;
    set.add(value);
    return true;
  }

  /** Whether the key (its first "?" at q) is a registered "Type?system|value" or "Type?*|value". */
  hasKey(key: string, q: number): boolean {
    if (q === -1) return false;
    if ((this.oddOwners.size !== 0 && this.oddOwners.has(key)) || (this.oddValues.size !== 0 && this.oddValues.has(key))) return true;
    const type = key.slice(0, q);
    const bySystem = this.owners.get(type);
    const bar = key.indexOf('|', q + 1);
    if (bySystem !== undefined && bar !== -1) {
      const byValue = bySystem.get(key.slice(q + 1, bar));
      if (byValue !== undefined && byValue.has(key.slice(bar + 1))) return true;
    }
    if (bar === q + 2 && key.charCodeAt(q + 1) === 42 /* * */) {
      const set = this.values.get(type);
      if (set !== undefined && set.has(key.slice(bar + 1))) return true;
    }
    return false;
  }

  clear(): void {
    this.owners.clear();
    this.values.clear();
    this.oddOwners.clear();
    this.oddValues.clear();
  }
}

/** A finding the report would drop: only what counting it needs (shared per check and type). */
class DroppedIssue {
  constructor(
    readonly resourceType: string,
    readonly severity: Severity,
    readonly category: Category,
  ) {}
}

/**
 * The dataset checks: dangling references, duplicate business identifiers, duplicate ids, and
 * clinical events dated before the patient's birth or after their death. NDJSON is streamed, so the
 * index never holds resources: only string keys of what exists (Type/id, fullUrl, identifier) and,
 * for what is not resolved yet (a reference whose target may come later, an event whose patient may
 * come later), a bounded description per target. Everything is decided as soon as both sides are
 * known; finish() reports what never resolved.
 */
export function createDatasetIndex(options: DatasetIndexOptions = {}): DatasetIndex {
  const dropping = options.dropping;
  /**
   * Ids by resource type, with the scope they were first seen in (n > 0: the n-th Bundle; n <= 0: a
   * folder of input files). Kept per type so the key is the resource's own id string (no "Type/id"
   * copy), and ids of scope 0 (the first folder: most ids of a big export) in Sets, which take less
   * memory than Maps; the ids of other scopes map to their scope.
   */
  const ids0 = new Map<string, Set<string>>();
  const idsScoped = new Map<string, Map<string, number>>();
  const fullUrls = new Set<string>();
  /** Business identifiers: "Type?system|value" (and "Type?|value" without system), "Type?*|value". */
  const identifiers = new Identifiers();
  /**
   * Unresolved targets by key, in the order first referenced. Once details are no longer kept, a
   * target referenced once is held as just the referring resource's type (most dangling targets
   * are referenced once, and big inputs have many of them).
   */
  const pendingRefs = new Map<string, PendingRef | string>();
  /** Whether unresolved references are still kept in detail (false once the report could not show them). */
  let detailRefs = true;
  const patients = new Map<string, PatientDates>();
  const pendingEvents = new Map<string, PendingEvents>();
  /** Findings made while adding (both sides known), reported at finish; dropped ones only counted. */
  const held: (Issue | DroppedIssue)[] = [];
  const droppedTokens = new Map<string, Map<string, DroppedIssue>>();
  /** Conditional reference text -> target key (or null: not resolvable in a dataset). */
  const conditionalKeys = new Map<string, string | null>();

  const refs = new Counter();
  const dupIds = new Counter();
  const dupIdentifiers = new Counter();
  const beforeBirth = new Counter();
  const afterDeath = new Counter();

  /** Bundles whose entries are being added: their entries and scope number. */
  const bundles: { entries: unknown[]; scope: number }[] = [];
  let bundleCount = 0;
  let anonymous = 0;
  /** Folders of input files: each is one dataset (e.g. one bulk export) for duplicate ids. */
  const folders = new Map<string, number>();
  let lastSource: string | undefined;
  let lastSourceScope = 0;

  function folderScope(source: string | undefined): number {
    if (source === undefined) return 0;
    if (source === lastSource) return lastSourceScope;
    const folder = source.slice(0, Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'), 0));
    let scope = folders.get(folder);
    if (scope === undefined) {
      scope = -folders.size;
      folders.set(folder, scope);
    }
    lastSource = source;
    lastSourceScope = scope;
    return scope;
  }

  const path: (string | number)[] = [];

  /** Holds an issue for finish() (callers first ask holdDropped whether the report would drop it). */
  function hold(source: Source, def: CheckDefinition, severity: Severity, code: IssueCode, expression: string, message: string): Issue {
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

  /**
   * Whether the report would drop an issue of this check about to be held: then only a shared token
   * is held, so it is counted at finish in the place it would have been reported.
   */
  function holdDropped(resourceType: string, def: CheckDefinition, severity: Severity): boolean {
    if (dropping === undefined || !dropping.wouldDrop(severity)) return false;
    held.push(droppedToken(resourceType, def, severity));
    return true;
  }

  function droppedToken(resourceType: string, def: CheckDefinition, severity: Severity): DroppedIssue {
    let byType = droppedTokens.get(def.id);
    if (!byType) {
      byType = new Map();
      droppedTokens.set(def.id, byType);
    }
    let token = byType.get(resourceType);
    if (!token || token.severity !== severity) {
      token = new DroppedIssue(resourceType, severity, def.category);
      byType.set(resourceType, token);
    }
    return token;
  }

  function hasId(type: string, id: string): boolean {
    const zero = ids0.get(type);
    if (zero !== undefined && zero.has(id)) return true;
    const scoped = idsScoped.size === 0 ? undefined : idsScoped.get(type);
    return scoped !== undefined && scoped.has(id);
  }

  /** The scope an id was first seen in, or undefined. */
  function idScope(type: string, id: string): number | undefined {
    const zero = ids0.get(type);
    if (zero !== undefined && zero.has(id)) return 0;
    return idsScoped.size === 0 ? undefined : idsScoped.get(type)?.get(id);
  }

  function addId(type: string, id: string, idScope: number): void {
    if (idScope === 0) {
      let zero = ids0.get(type);
      if (zero === undefined) {
        zero = new Set();
        ids0.set(type, zero);
      }
      zero.add(id);
    } else {
      let scoped = idsScoped.get(type);
      if (scoped === undefined) {
        scoped = new Map();
        idsScoped.set(type, scoped);
      }
      scoped.set(id, idScope);
    }
  }

  /** Whether a "Type/id" key names a known id, whichever '/' separates the type from the id. */
  function hasIdKey(key: string): boolean {
    for (let slash = key.indexOf('/'); slash !== -1; slash = key.indexOf('/', slash + 1)) {
      if (hasId(key.slice(0, slash), key.slice(slash + 1))) return true;
    }
    return false;
  }

  /** Whether anything in the dataset has this key (cheapest likely match first: ids, or identifiers for searches). */
  function known(key: string): boolean {
    const q = key.indexOf('?');
    return q === -1 ? hasIdKey(key) || fullUrls.has(key) || identifiers.hasKey(key, q) : identifiers.hasKey(key, q) || fullUrls.has(key) || hasIdKey(key);
  }

  /**
   * Pending targets that are searches ("Type?...", which identifiers resolve), and pending targets
   * by what precedes their first "/" (the type of "Type/id"): registering an identifier or an id
   * builds the key to resolve only when such a target is pending.
   */
  let pendingSearches = 0;
  const pendingByPrefix = new Map<string, number>();

  function pendingAdded(key: string): void {
    if (key.indexOf('?') !== -1) pendingSearches++;
    const slash = key.indexOf('/');
    if (slash !== -1) {
      const prefix = key.slice(0, slash);
      pendingByPrefix.set(prefix, (pendingByPrefix.get(prefix) ?? 0) + 1);
    }
  }

  function resolve(key: string): void {
    if (pendingRefs.size === 0 || !pendingRefs.delete(key)) return;
    if (key.indexOf('?') !== -1) pendingSearches--;
    const slash = key.indexOf('/');
    if (slash !== -1) {
      const prefix = key.slice(0, slash);
      pendingByPrefix.set(prefix, pendingByPrefix.get(prefix)! - 1);
    }
  }

  /** Whether a "Type/id" target of this type may be pending. */
  function idPending(type: string): boolean {
    return pendingRefs.size !== 0 && (type.indexOf('/') !== -1 || (pendingByPrefix.get(type) ?? 0) > 0);
  }

  // The Bundle entry a resource came from (scope, fullUrl), or top level: set by context().
  let scope = 0;
  let entryFullUrl: string | undefined;

  function context(resource: Json, location: IssueLocation | undefined): void {
    const e = location?.entry;
    if (e === undefined) {
      bundles.length = 0;
      scope = folderScope(location?.source);
      entryFullUrl = undefined;
      return;
    }
    for (let k = bundles.length - 1; k >= 0; k--) {
      const entry = bundles[k]!.entries[e];
      if (isObject(entry) && entry.resource === resource) {
        bundles.length = k + 1;
        scope = bundles[k]!.scope;
        entryFullUrl = typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined;
        return;
      }
    }
    scope = 0;
    entryFullUrl = undefined;
  }

  // ---- references -------------------------------------------------------------------------------

  function targetKey(reference: string): string | null {
    const c0 = reference.charCodeAt(0);
    if (c0 === 35 /* # */) return null; // contained
    if (c0 >= 65 && c0 <= 90 /* A-Z */) {
      // "Type/id" is its own key; "Type/id/_history/v" keys as "Type/id".
      if (RELATIVE_PLAIN.test(reference)) return reference;
      const rel = RELATIVE_REF.exec(reference);
      if (rel) return `${rel[1]}/${rel[2]}`;
      return conditional(reference);
    }
    if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) return reference;
    if (reference.startsWith('http://') || reference.startsWith('https://')) {
      // An entry's fullUrl is a dataset reference; any other absolute URL points outside the dataset.
      return fullUrls.has(reference) ? reference : null;
    }
    return null;
  }

  function conditional(reference: string): string | null {
    let key = conditionalKeys.get(reference);
    if (key !== undefined) return key;
    const cond = CONDITIONAL_REF.exec(reference);
    key = cond ? conditionalKey(cond[1]!, cond[2]!) : null;
    if (conditionalKeys.size >= CONDITIONAL_CACHE) conditionalKeys.clear();
    conditionalKeys.set(reference, key);
    return key;
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

  // The resource whose references are being walked.
  let walkType = '';
  let walkId: string | undefined;
  let walkLocation: IssueLocation | undefined;

  function addReference(reference: string, refPath: readonly (string | number)[], depth: number): void {
    const key = targetKey(reference);
    if (key === null) return;
    const type = walkType;
    refs.add(type, false);
    if (known(key)) return;
    let pending = pendingRefs.get(key);
    if (pending === undefined) {
      if (!detailRefs) {
        pendingRefs.set(key, type);
        pendingAdded(key);
        return;
      }
      pending = { reference, sources: [], total: 0, type, first: 0, all: 0, others: null };
      pendingRefs.set(key, pending);
      pendingAdded(key);
    } else if (typeof pending === 'string') {
      // (setting an existing key keeps its place in the order)
      pending = { reference: '', sources: null, total: 1, type: pending, first: 1, all: 1, others: null };
      pendingRefs.set(key, pending);
    }
    const isFirst = ++pending.total <= SOURCES_PER_TARGET;
    if (type === pending.type) {
      pending.all++;
      if (isFirst) pending.first++;
    } else {
      const others = (pending.others ??= []);
      let i = 0;
      while (i < others.length && others[i] !== type) i += 3;
      if (i === others.length) others.push(type, 0, 0);
      if (isFirst) (others[i + 1] as number)++;
      (others[i + 2] as number)++;
    }
    if (isFirst && pending.sources !== null) {
      pending.sources.push({ resourceType: type, id: walkId, expression: expr(type, refPath, depth), location: walkLocation });
    }
  }

  /** Once the report would drop dangling-reference warnings, their details need not be kept. */
  function checkRefDetails(): void {
    if (!detailRefs || dropping === undefined || !dropping.wouldDrop('warning')) return;
    detailRefs = false;
    for (const pending of pendingRefs.values()) {
      if (typeof pending === 'string') continue;
      pending.sources = null;
      pending.reference = '';
    }
  }

  function expr(rt: string, refPath: readonly (string | number)[], depth: number): string {
    let s = rt;
    for (let i = 0; i < depth; i++) {
      const p = refPath[i]!;
      s += typeof p === 'number' ? `[${p}]` : `.${p}`;
    }
    return s;
  }

  function walkReferences(obj: Json, depth: number, bundleRoot: boolean): void {
    const reference = obj.reference;
    if (typeof reference === 'string' && reference !== '') addReference(reference, path, depth);
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
            walkReferences(item as Json, depth + 2, bundleRoot);
          }
        }
      } else {
        walkReferences(v as Json, depth + 1, bundleRoot);
      }
    }
  }

  // ---- identity: ids, fullUrls, identifiers -----------------------------------------------------

  function addIdentity(r: Json, rt: string, id: string | undefined, location: IssueLocation | undefined): void {
    if (id !== undefined) {
      const seenIn = idScope(rt, id);
      // The same resource in two different Bundles (e.g. a practitioner in two patients' transaction
      // Bundles) is the same resource posted twice, not two resources sharing an id; likewise the
      // same resource in two folders (two exports scanned together).
      const duplicate = seenIn !== undefined && seenIn === scope;
      dupIds.add(rt, duplicate);
      if (duplicate) {
        if (!holdDropped(rt, CHECKS.duplicateId, 'error')) {
          hold({ resourceType: rt, id, expression: `${rt}.id`, location }, CHECKS.duplicateId, 'error', 'duplicate', `${rt}.id`, `Another ${rt} with id "${id}" is in the ${scope > 0 ? 'same Bundle' : 'dataset'}`);
        }
      } else if (seenIn === undefined) {
        addId(rt, id, scope);
        if (idPending(rt)) resolve(`${rt}/${id}`);
      }
    }
    if (entryFullUrl !== undefined && !fullUrls.has(entryFullUrl)) {
      fullUrls.add(entryFullUrl);
      resolve(entryFullUrl);
    }
    const identifier = r.identifier;
    if (identifier === undefined) return;
    const many = Array.isArray(identifier);
    if (!many && !isObject(identifier)) return;
    const list = many ? (identifier as unknown[]) : [identifier];
    if (list.length === 0) return;
    const owner = id ?? `\u0000${++anonymous}`;
    let failed = false;
    for (let i = 0; i < list.length; i++) {
      const ident = list[i];
      if (!isObject(ident) || typeof ident.value !== 'string' || ident.value === '') continue;
      const system = typeof ident.system === 'string' ? ident.system : '';
      const value = ident.value;
      const other = identifiers.get(rt, system, value);
      if (other === undefined) {
        identifiers.set(rt, system, value, owner);
        if (pendingSearches > 0) resolve(`${rt}?${system}|${value}`);
      } else if (other !== owner) {
        failed = true;
        if (!holdDropped(rt, CHECKS.duplicateIdentifier, 'warning')) {
          const element = many ? `${rt}.identifier[${i}]` : `${rt}.identifier`;
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
      }
      if (identifiers.addValue(rt, value) && pendingSearches > 0) resolve(`${rt}?*|${value}`);
    }
    dupIdentifiers.add(rt, failed);
  }

  // ---- events against birth and death -----------------------------------------------------------

  // The event of the resource being added (set by eventOf): its patient reference and date.
  let evPatient = '';
  let evLo = 0;
  let evHi = 0;
  let evText = '';
  let evExpression = '';

  function eventDetail(rt: string, id: string | undefined, location: IssueLocation | undefined): EventDetail {
    return { resourceType: rt, id, expression: evExpression, location, lo: evLo, hi: evHi, text: evText };
  }

  function checkEvent(rt: string, id: string | undefined, location: IssueLocation | undefined, p: PatientDates): void {
    if (!Number.isNaN(p.birthLo)) {
      const bad = evHi < p.birthLo;
      beforeBirth.add(rt, bad);
      if (bad && !holdDropped(rt, CHECKS.eventBeforeBirth, 'warning')) {
        hold(eventDetail(rt, id, location), CHECKS.eventBeforeBirth, 'warning', 'business-rule', evExpression, `${rt} dated ${evText} is before the patient's birth (${p.birthText})`);
      }
    }
    if (!Number.isNaN(p.deathHi)) {
      const bad = evLo > p.deathHi + DAY;
      afterDeath.add(rt, bad);
      if (bad && !holdDropped(rt, CHECKS.eventAfterDeath, 'warning')) {
        hold(eventDetail(rt, id, location), CHECKS.eventAfterDeath, 'warning', 'business-rule', evExpression, `${rt} dated ${evText} is after the patient's death (${p.deathText})`);
      }
    }
  }

  /** Whether the resource is a clinical event with a patient reference and a date (then set in ev*). */
  function eventOf(r: Json, spec: EventSpec): boolean {
    const ref = r[spec.patient];
    if (!isObject(ref) || typeof ref.reference !== 'string') return false;
    let text: unknown;
    if (spec.plain) {
      const v = r[spec.plain.key];
      text = spec.plain.period ? (isObject(v) ? v.start : undefined) : v;
      evExpression = spec.plain.expression;
    } else {
      const c = spec.choice!;
      const dt = r[c.dateTime];
      if (typeof dt === 'string') {
        text = dt;
        evExpression = c.dateTimeExpr;
      } else {
        const inst = r[c.instant];
        if (typeof inst === 'string') {
          text = inst;
          evExpression = c.instantExpr;
        } else {
          const period = r[c.period];
          text = isObject(period) ? period.start : undefined;
          evExpression = c.periodExpr;
        }
      }
    }
    if (typeof text !== 'string' || !parseDate(text)) return false;
    evPatient = ref.reference;
    evLo = bounds.lo;
    evHi = bounds.hi;
    evText = text;
    return true;
  }

  function deferEvent(rt: string, id: string | undefined, location: IssueLocation | undefined): void {
    let p = pendingEvents.get(evPatient);
    if (!p) {
      p = { los: [], his: [], types: [], earliest: [], latest: [] };
      pendingEvents.set(evPatient, p);
    }
    p.los.push(evLo);
    p.his.push(evHi);
    p.types.push(rt);
    // Details only for events that make the few kept at each end (same choice as keeping every one).
    const early = p.earliest.length < EVENT_DETAILS || evHi < p.earliest[EVENT_DETAILS - 1]!.hi;
    const late = p.latest.length < EVENT_DETAILS || evLo > p.latest[EVENT_DETAILS - 1]!.lo;
    if (!early && !late) return;
    const ev = eventDetail(rt, id, location);
    if (early) keep(p.earliest, ev, (a, b) => a.hi < b.hi);
    if (late) keep(p.latest, ev, (a, b) => a.lo > b.lo);
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
        last = holdDropped(ev.resourceType, def, 'warning') ? undefined : hold(ev, def, 'warning', 'business-rule', ev.expression, `${ev.resourceType} dated ${ev.text} is ${what}`);
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

  // The resource between begin() and end().
  let current: Json = {};
  let currentIsBundle = false;

  function begin(resource: Json, location: IssueLocation | undefined): void {
    const rt = typeof resource.resourceType === 'string' ? resource.resourceType : 'Unknown';
    const id = typeof resource.id === 'string' && resource.id !== '' ? resource.id : undefined;
    context(resource, location);
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
    addIdentity(resource, rt, id, location);
    if (rt === 'Patient') addPatient(resource, id, entryFullUrl);
    checkRefDetails();
    walkType = rt;
    walkId = id;
    walkLocation = location;
    current = resource;
    currentIsBundle = isBundle;
  }

  function end(): void {
    const rt = walkType;
    const id = walkId;
    const location = walkLocation;
    const resource = current;
    walkLocation = undefined;
    current = {};
    const spec = EVENTS.get(rt);
    if (spec !== undefined && eventOf(resource, spec)) {
      const p = patients.get(evPatient);
      if (p) checkEvent(rt, id, location, p);
      else deferEvent(rt, id, location);
    }
    if (currentIsBundle) bundles.push({ entries: resource.entry as unknown[], scope: ++bundleCount });
  }

  return {
    add(resource, location) {
      begin(resource, location);
      walkReferences(resource, 0, currentIsBundle);
      end();
    },
    begin,
    reference(reference, refPath, depth) {
      addReference(reference, refPath, depth);
    },
    end,

    finish(report, tally) {
      bundles.length = 0;
      checkRefDetails();
      for (const issue of held) {
        if (issue instanceof DroppedIssue) dropping!.count(issue.resourceType, issue.severity, issue.category);
        else report(issue);
      }
      const { category, id: rule } = CHECKS.danglingReference;
      for (const pending of pendingRefs.values()) {
        if (typeof pending === 'string') {
          refs.fail(pending, 1);
          dropping!.count(pending, 'warning', category);
          continue;
        }
        refs.fail(pending.type, pending.all);
        const others = pending.others ?? [];
        for (let i = 0; i < others.length; i += 3) refs.fail(others[i] as string, others[i + 2] as number);
        if (pending.sources === null) {
          for (let n = 0; n < pending.first; n++) dropping!.count(pending.type, 'warning', category);
          for (let i = 0; i < others.length; i += 3) for (let n = 0; n < (others[i + 1] as number); n++) dropping!.count(others[i] as string, 'warning', category);
          continue;
        }
        const more = pending.total - pending.sources.length;
        pending.sources.forEach((source, i, sources) => {
          const andMore = i === sources.length - 1 && more > 0 ? ` (and ${more} more references to it)` : '';
          report({
            resourceType: source.resourceType,
            ...(source.id !== undefined ? { id: source.id } : {}),
            severity: 'warning',
            code: 'not-found',
            category,
            rule,
            expression: [source.expression],
            message: `The reference "${pending.reference}" does not resolve to any resource in the dataset${andMore}`,
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
      pendingByPrefix.clear();
      pendingSearches = 0;
      pendingEvents.clear();
      patients.clear();
      ids0.clear();
      idsScoped.clear();
      fullUrls.clear();
      identifiers.clear();
      conditionalKeys.clear();
    },
  };
}
