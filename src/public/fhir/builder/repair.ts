import { closest } from '../conformance/suggest';
import { structureModel, valueSetModel } from '../model';
import type { CompactModel, ElementDef } from '../model/types';
import type { Issue } from '../report/issue';
import { BUILDER_NAMESPACE, uuidV5 } from './uuid';

/**
 * Repairs a drafted resource (typically a model's answer) by what our scanner's issues point at:
 * it drops unknown elements and optional values it cannot fix, fixes what has one obvious fix
 * (a misspelled resourceType, a code in the wrong case, a number written as a string, a single value
 * where an array belongs, a "Patient 42" reference, a missing status that has a safe default, a
 * transaction entry without fullUrl or request) and leaves the rest. The caller scans the result
 * again: a repair never claims validity, it only removes what made the resource invalid.
 * Only error and fatal issues are acted on. The input is not modified.
 */
export interface RepairResult {
  resource: unknown;
  /** What was changed, for people: "removed Observation.foo (unknown element)". Empty: nothing could be done. */
  changes: string[];
}

/**
 * Required elements with a default that asserts nothing clinical: the resource's bookkeeping state.
 * A draft that forgot them is most likely describing a finished, current record.
 */
const REQUIRED_DEFAULTS: Readonly<Record<string, string>> = {
  'Observation.status': 'final',
  'DiagnosticReport.status': 'final',
  'MedicationRequest.status': 'active',
  'MedicationRequest.intent': 'order',
  'ServiceRequest.status': 'active',
  'ServiceRequest.intent': 'order',
  'Immunization.status': 'completed',
  'Procedure.status': 'completed',
  'Encounter.status': 'finished',
  'Bundle.type': 'transaction',
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Array items marked for removal; filtered out at the end so that later issues' indices stay right. */
const REMOVED = '\u0000removed\u0000';

interface Segment {
  key: string;
  index?: number;
}

/** Where an issue points, resolved in the resource and the structure model. */
interface Target {
  /** The resource the issue's expression is relative to (a Bundle entry's resource for entry issues). */
  root: JsonObject;
  /** The parent holding the value and the key (or index) under which it sits. */
  parent: JsonObject | Json[];
  key: string | number;
  value: Json;
  /** The element definition of the last segment (undefined: unknown element). */
  def?: ElementDef;
  /** The type code of the value (for choice elements, the chosen type). */
  typeCode?: string;
  /** The label used in changes: the issue's expression. */
  path: string;
}

export function repairResource(resource: unknown, issues: readonly Issue[]): RepairResult {
  if (!isObject(resource)) return { resource, changes: [] };
  const copy = JSON.parse(JSON.stringify(resource)) as JsonObject;
  const model = structureModel();
  const changes: string[] = [];
  const fullUrlRewrites = new Map<string, string>();

  for (const issue of issues) {
    if (issue.severity !== 'error' && issue.severity !== 'fatal') continue;
    const root = issueRoot(copy, issue);
    if (!root) continue;
    const change = repairOne(model, copy, root, issue, fullUrlRewrites);
    if (change) changes.push(change);
  }
  if (fullUrlRewrites.size > 0) rewriteReferences(copy, fullUrlRewrites);
  const cleaned = prune(copy);
  return { resource: cleaned ?? {}, changes };
}

function repairOne(model: CompactModel, whole: JsonObject, root: JsonObject, issue: Issue, fullUrls: Map<string, string>): string | undefined {
  if (issue.rule === 'struct.resource-type') return fixResourceType(model, root);
  if (issue.rule.startsWith('narrative.')) {
    if (root.text === undefined) return undefined;
    delete root.text;
    return `removed ${String(root.resourceType)}.text (the narrative was not valid)`;
  }
  if (issue.rule.startsWith('bundle.') && root === whole) {
    const change = repairBundleEntry(whole, issue, fullUrls);
    if (change !== undefined) return change;
  }
  const expression = issue.expression[0];
  if (!expression) return undefined;

  if (issue.rule === 'struct.cardinality') {
    const fallback = REQUIRED_DEFAULTS[expression];
    const key = expression.split('.')[1];
    if (fallback !== undefined && key && root[key] === undefined && expression === `${String(root.resourceType)}.${key}`) {
      root[key] = fallback;
      return `set ${expression} to "${fallback}" (required, missing)`;
    }
    return undefined;
  }

  const target = resolve(model, root, expression);
  if (!target) return undefined;
  switch (issue.rule) {
    case 'struct.unknown-element':
      return remove(target, 'unknown element', true);
    case 'struct.type':
      return fixType(model, target) ?? remove(target, 'wrong JSON type');
    case 'struct.whitespace':
    case 'struct.primitive':
      return fixPrimitive(model, target) ?? remove(target, 'not a valid value');
    case 'binding.required':
      return fixCode(target) ?? remove(target, 'code not in the required value set');
    case 'ref.format':
      return fixReference(model, target) ?? removeReference(model, root, expression, 'invalid reference');
    case 'ref.target-type':
    case 'ref.type-mismatch':
      return removeReference(model, root, expression, 'reference to a type not allowed here');
    default:
      // Anything else the scanner calls an error at an optional element: without it the resource says less but is valid.
      return remove(target, issue.rule);
  }
}

/** Entry issues of a Bundle are reported on the entry's resource with location.entry; Bundle issues on the Bundle. */
function issueRoot(whole: JsonObject, issue: Issue): JsonObject | undefined {
  const entry = issue.location?.entry;
  if (whole.resourceType === 'Bundle' && entry !== undefined && issue.resourceType !== 'Bundle') {
    const entries = whole.entry;
    const resource = Array.isArray(entries) && isObject(entries[entry]) ? (entries[entry] as JsonObject).resource : undefined;
    return isObject(resource) ? (resource as JsonObject) : undefined;
  }
  return whole;
}

function fixResourceType(model: CompactModel, root: JsonObject): string | undefined {
  const name = typeof root.resourceType === 'string' ? root.resourceType : '';
  const resourceTypes = Object.keys(model.types).filter((k) => model.types[k].k === 'r' && !model.types[k].abs);
  const fixed = name ? closest(name, resourceTypes) : undefined;
  if (!fixed || fixed === name) return undefined;
  root.resourceType = fixed;
  return `resourceType "${name}" -> "${fixed}"`;
}

/** Parses the simple FHIRPath our scanner reports ("Observation.component[0].code.coding[1].code"). */
function parsePath(expression: string): Segment[] | undefined {
  const parts = expression.split('.');
  if (parts.length < 2) return undefined;
  const segments: Segment[] = [];
  for (const part of parts.slice(1)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?$/.exec(part);
    if (!m) return undefined;
    segments.push(m[2] === undefined ? { key: m[1] } : { key: m[1], index: Number(m[2]) });
  }
  return segments;
}

/** Walks the resource and the model along the expression. */
function resolve(model: CompactModel, root: JsonObject, expression: string): Target | undefined {
  const segments = parsePath(expression);
  if (!segments) return undefined;
  let typeKey: string | undefined = typeof root.resourceType === 'string' ? root.resourceType : undefined;
  let container: Json = root;
  let def: ElementDef | undefined;
  let typeCode: string | undefined;
  for (let i = 0; i < segments.length; i++) {
    const { key, index } = segments[i];
    if (!isObject(container)) return undefined;
    // Inline resources (Bundle.entry.resource) switch to their own type.
    if (typeKey && model.types[typeKey]?.abs && typeof container.resourceType === 'string') typeKey = container.resourceType;
    const found: { def: ElementDef; typeCode: string } | undefined = typeKey ? elementOf(model, typeKey, key) : undefined;
    def = found?.def;
    typeCode = found?.typeCode;
    const holder: JsonObject = container as JsonObject;
    if (!(key in holder)) return undefined;
    const last = i === segments.length - 1;
    if (index !== undefined) {
      const list = holder[key];
      if (!Array.isArray(list) || index >= list.length) return undefined;
      if (last) return { root, parent: list, key: index, value: list[index], def, typeCode, path: expression };
      container = list[index];
    } else {
      if (last) return { root, parent: holder, key, value: holder[key], def, typeCode, path: expression };
      container = holder[key];
    }
    typeKey = typeCode && !model.primitives[typeCode] ? typeCode : undefined;
  }
  return undefined;
}

function elementOf(model: CompactModel, typeKey: string, key: string): { def: ElementDef; typeCode: string } | undefined {
  const type = model.types[typeKey];
  if (!type) return undefined;
  const name = key.startsWith('_') ? key.slice(1) : key;
  for (const el of type.e) {
    if (!el.x && el.n === name) return { def: el, typeCode: el.t[0] };
    if (el.x && name.startsWith(el.n)) {
      const suffix = name.slice(el.n.length);
      const t = el.t.find((code) => code.toLowerCase() === suffix.toLowerCase());
      if (t) return { def: el, typeCode: t };
    }
  }
  return undefined;
}

/** Removes the value when FHIR lets the element be absent (or, for unknown elements, always). */
function remove(target: Target, reason: string, unknown = false): string | undefined {
  if (!unknown && !optional(target)) return undefined;
  if (Array.isArray(target.parent)) target.parent[target.key as number] = REMOVED;
  else delete target.parent[target.key as string];
  return `removed ${target.path} (${reason})`;
}

function optional(target: Target): boolean {
  if (!target.def) return true;
  if (target.def.min === 0) return true;
  // One item of a list that keeps enough items without it.
  return Array.isArray(target.parent) && target.parent.filter((v) => v !== REMOVED).length > target.def.min;
}

/** A JSON type mistake with one meaning: one value for a list, a list of one for a value, "120" for 120, "true" for true. */
function fixType(model: CompactModel, target: Target): string | undefined {
  const { def, value, typeCode } = target;
  if (!def || !typeCode) return undefined;
  if (Array.isArray(target.parent)) return undefined;
  const parent = target.parent;
  const key = target.key as string;
  if (def.max !== 1 && !Array.isArray(value)) {
    parent[key] = [value];
    return `${target.path}: wrapped the value in an array (the element repeats)`;
  }
  if (def.max === 1 && Array.isArray(value) && value.length === 1) {
    parent[key] = value[0];
    return `${target.path}: unwrapped the single value from its array (the element does not repeat)`;
  }
  const primitive = model.primitives[typeCode];
  if (!primitive) return undefined;
  if (primitive.json === 'number' && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    const n = Number(value.trim());
    if (primitive.integer && !Number.isInteger(n)) return undefined;
    parent[key] = n;
    return `${target.path}: "${value}" -> ${n} (a JSON number)`;
  }
  if (primitive.json === 'boolean' && (value === 'true' || value === 'false')) {
    parent[key] = value === 'true';
    return `${target.path}: "${value}" -> ${value} (a JSON boolean)`;
  }
  if (primitive.json === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    const text = String(value);
    if (!matchesPrimitive(model, typeCode, text)) return undefined;
    parent[key] = text;
    return `${target.path}: ${text} -> "${text}" (a JSON string)`;
  }
  return undefined;
}

/** Trims whitespace, and gives a local date-time without zone a UTC designator ("2024-05-01T08:00:00" -> "...Z"). */
function fixPrimitive(model: CompactModel, target: Target): string | undefined {
  const { value, typeCode } = target;
  if (typeof value !== 'string' || !typeCode) return undefined;
  const candidates = [value.trim().replace(/\s+/g, ' ')];
  if ((typeCode === 'dateTime' || typeCode === 'instant') && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value.trim())) {
    const [date, time] = value.trim().split(/[T ]/);
    candidates.push(`${date}T${time.length === 5 ? `${time}:00` : time}Z`);
  }
  for (const candidate of candidates) {
    if (candidate !== value && candidate !== '' && matchesPrimitive(model, typeCode, candidate)) {
      set(target, candidate);
      return `${target.path}: "${value}" -> "${candidate}"`;
    }
  }
  return undefined;
}

/** A code of a required value set written in another case or abbreviated: "M" -> "male", "Final" -> "final". */
function fixCode(target: Target): string | undefined {
  const { value, def } = target;
  if (typeof value !== 'string' || !def?.b) return undefined;
  const codes = valueSetCodes(def.b[1]);
  if (!codes) return undefined;
  const wanted = value.trim().toLowerCase().replace(/[\s_]+/g, '-');
  const exact = codes.filter((c) => c.toLowerCase() === wanted);
  const prefixed = codes.filter((c) => wanted.length > 0 && c.toLowerCase().startsWith(wanted));
  const fixed = exact.length === 1 ? exact[0] : prefixed.length === 1 ? prefixed[0] : undefined;
  if (!fixed || fixed === value) return undefined;
  set(target, fixed);
  return `${target.path}: "${value}" -> "${fixed}"`;
}

/** "Patient 42", "patient:42", "Patient/ 42" -> "Patient/42" when the type is a resource type. */
function fixReference(model: CompactModel, target: Target): string | undefined {
  const { value } = target;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*([A-Za-z]+)\s*[/:#\s]\s*([A-Za-z0-9\-.]{1,64})\s*$/.exec(value);
  if (!m) return undefined;
  const resourceTypes = Object.keys(model.types).filter((k) => model.types[k].k === 'r' && !model.types[k].abs);
  const type = closest(m[1], resourceTypes);
  if (!type) return undefined;
  const fixed = `${type}/${m[2]}`;
  if (fixed === value) return undefined;
  set(target, fixed);
  return `${target.path}: "${value}" -> "${fixed}"`;
}

/** Removes the whole Reference holding a bad `.reference` (a Reference with only a broken pointer says nothing). */
function removeReference(model: CompactModel, root: JsonObject, expression: string, reason: string): string | undefined {
  const holder = expression.endsWith('.reference') ? expression.slice(0, -'.reference'.length) : expression;
  const target = resolve(model, root, holder);
  return target ? remove(target, reason) : undefined;
}

/** Transaction entries: a new urn:uuid fullUrl (references to the old one follow), a POST request. */
function repairBundleEntry(bundle: JsonObject, issue: Issue, fullUrls: Map<string, string>): string | undefined {
  const m = /^Bundle\.entry\[(\d+)\](?:\.(\w+))?/.exec(issue.expression[0] ?? '');
  const entries = bundle.entry;
  if (!m || !Array.isArray(entries)) return undefined;
  const entry = entries[Number(m[1])];
  if (!isObject(entry)) return undefined;
  const e = entry as JsonObject;
  const resource = isObject(e.resource) ? (e.resource as JsonObject) : undefined;
  switch (issue.rule) {
    case 'bundle.fullurl-format':
    case 'bundle.fullurl-duplicate':
    case 'bundle.fullurl-mismatch':
    case 'bundle.fullurl-missing': {
      const old = typeof e.fullUrl === 'string' ? e.fullUrl : undefined;
      // Name-based, so a repair is reproducible and needs no platform crypto (the engine runs in browsers too).
      const fresh = `urn:uuid:${uuidV5(`repair:entry[${m[1]}]:${old ?? ''}`, BUILDER_NAMESPACE)}`;
      e.fullUrl = fresh;
      if (old && !fullUrls.has(old)) fullUrls.set(old, fresh);
      return `Bundle.entry[${m[1]}].fullUrl ${old ? `"${old}" ` : ''}-> a new urn:uuid`;
    }
    case 'bundle.request-missing':
    case 'bundle.request-url':
      if (!resource || typeof resource.resourceType !== 'string') return undefined;
      e.request = { method: 'POST', url: resource.resourceType };
      return `Bundle.entry[${m[1]}].request set to POST ${resource.resourceType}`;
    default:
      return undefined;
  }
}

/** References to a replaced fullUrl follow it (only the first entry that had it keeps the identity). */
function rewriteReferences(value: Json, rewrites: Map<string, string>): void {
  if (Array.isArray(value)) {
    for (const item of value) rewriteReferences(item, rewrites);
  } else if (isObject(value)) {
    const obj = value as JsonObject;
    for (const [key, child] of Object.entries(obj)) {
      if (key === 'reference' && typeof child === 'string' && rewrites.has(child)) obj[key] = rewrites.get(child)!;
      else rewriteReferences(child, rewrites);
    }
  }
}

function set(target: Target, value: Json): void {
  if (Array.isArray(target.parent)) target.parent[target.key as number] = value;
  else target.parent[target.key as string] = value;
}

/** Drops removed items and what FHIR forbids anyway: empty objects, empty arrays, empty strings, nulls. */
function prune(value: Json): Json | undefined {
  if (value === null || value === '' || value === REMOVED) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v): v is Json => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value as JsonObject)) {
      const kept = prune(child);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value;
}

function matchesPrimitive(model: CompactModel, typeCode: string, text: string): boolean {
  const regex = model.primitives[typeCode]?.regex;
  return regex === undefined || new RegExp(`^(?:${regex})$`).test(text);
}

function valueSetCodes(url: string): string[] | undefined {
  const vs = valueSetModel();
  const includes = vs.valueSets[url.split('|')[0]];
  if (!includes) return undefined;
  return includes.flatMap(([system, codes]) => (codes === '*' ? (vs.codeSystems[system] ?? []) : codes));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
