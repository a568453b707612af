/**
 * US Core 5.0.1 StructureDefinitions -> the constraints they add on top of the base R4 types:
 * tightened cardinality, mustSupport, fixed/pattern values, bindings, narrowed reference targets and
 * types, and slices recognized by a pattern (extension url, component code, category coding).
 */
import type { ProfileDef, ProfileElement, ProfileSetModel, ProfileSlice } from '../../../src/public/fhir/model/types';
import { bindingOf } from './types';
import { typeFromProfileUrl, type SdElement, type StructureDefinition } from './definitions';

function valueOf(e: SdElement, prefix: 'fixed' | 'pattern'): unknown {
  for (const key of Object.keys(e)) if (key.startsWith(prefix) && key.length > prefix.length) return e[key];
  return undefined;
}

function maxOf(max: string | undefined): number {
  return max === undefined || max === '*' ? -1 : Number(max);
}

/** Sets value at a dotted path inside a pattern object; repeating steps become one-item arrays. */
function setAt(target: Record<string, unknown>, steps: string[], value: unknown, repeating: (depth: number) => boolean): void {
  let node: Record<string, unknown> = target;
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    const many = repeating(i);
    if (last) {
      node[step] = many ? [value] : value;
      return;
    }
    let next = node[step] as Record<string, unknown> | Record<string, unknown>[] | undefined;
    if (!next) {
      next = many ? [{}] : {};
      node[step] = next;
    }
    node = (Array.isArray(next) ? next[0] : next) as Record<string, unknown>;
  });
}

export function compileProfiles(
  profileSds: StructureDefinition[],
  baseElement: (path: string) => SdElement | undefined,
  version: string,
): ProfileSetModel {
  const typeOfProfile = new Map(profileSds.map((sd) => [sd.url, sd.type]));
  const targetType = (url: string): string | undefined => {
    const known = typeOfProfile.get(url);
    if (known) return known;
    const base = typeFromProfileUrl(url);
    return base === url ? undefined : base;
  };

  const profiles: ProfileDef[] = profileSds.map((sd) => {
    const snapshot = sd.snapshot?.element ?? [];
    const elements: ProfileElement[] = [];
    const slices: ProfileSlice[] = [];
    const rel = (path: string) => path.slice(sd.type.length + 1);
    for (const e of snapshot) {
      if (e.id.includes(':')) continue;
      const base = baseElement(e.base?.path ?? e.path);
      const out: ProfileElement = { p: rel(e.path) };
      const baseMin = e.base?.min ?? 0;
      const baseMax = maxOf(e.base?.max);
      if ((e.min ?? 0) > baseMin) out.min = e.min;
      const max = maxOf(e.max);
      if (max !== -1 && (baseMax === -1 || max < baseMax)) out.max = max;
      if (e.mustSupport) out.ms = 1;
      const fixed = valueOf(e, 'fixed');
      const pattern = valueOf(e, 'pattern');
      if (fixed !== undefined) out.fixed = fixed;
      if (pattern !== undefined) out.pattern = pattern;
      const binding = bindingOf(e);
      const baseBinding = base ? bindingOf(base) : undefined;
      if (binding && (!baseBinding || binding[0] !== baseBinding[0] || binding[1] !== baseBinding[1])) out.b = binding;
      const targets = new Set<string>();
      let unknownTarget = false;
      for (const t of e.type ?? []) {
        if (t.code !== 'Reference') continue;
        for (const p of t.targetProfile ?? []) {
          const type = targetType(p);
          if (type) targets.add(type);
          else unknownTarget = true;
        }
      }
      if (targets.size && !unknownTarget && !targets.has('Resource')) {
        const baseTargets = new Set((base?.type ?? []).flatMap((t) => (t.targetProfile ?? []).map(typeFromProfileUrl)));
        if ([...baseTargets].some((t) => !targets.has(t))) out.tg = [...targets].sort();
      }
      if (e.path.endsWith('[x]') && e.type && base?.type && e.type.length < base.type.length) out.t = e.type.map((t) => t.code);
      if (p(out).length > 1 && out.p !== '') elements.push(out);
    }

    // Slices: an element "x:name" with its descendants' fixed/pattern values (or the extension
    // profile url) as the pattern an item must contain.
    for (const e of snapshot) {
      if (!e.sliceName || e.id.split(':').length !== 2 || !e.id.endsWith(`:${e.sliceName}`)) continue;
      const prefix = e.id;
      const match: Record<string, unknown> = {};
      const profileUrl = e.type?.[0]?.profile?.[0];
      if (e.type?.[0]?.code === 'Extension' && profileUrl) match.url = profileUrl;
      for (const d of snapshot) {
        if (!d.id.startsWith(`${prefix}.`) || d.id.slice(prefix.length + 1).includes(':')) continue;
        const value = valueOf(d, 'fixed') ?? valueOf(d, 'pattern');
        if (value === undefined) continue;
        const steps = d.id.slice(prefix.length + 1).split('.');
        if (steps.some((s) => s.endsWith('[x]'))) continue;
        const basePaths = steps.map((_, i) => `${e.path}.${steps.slice(0, i + 1).join('.')}`);
        setAt(match, steps, value, (i) => {
          const b = snapshot.find((x) => x.id === `${prefix}.${steps.slice(0, i + 1).join('.')}`);
          const bm = b?.base?.max ?? baseElement(basePaths[i])?.max;
          return bm === '*' || Number(bm) > 1;
        });
      }
      if (Object.keys(match).length === 0) continue;
      slices.push({ p: rel(e.path), name: e.sliceName, min: e.min ?? 0, max: maxOf(e.max), match });
    }
    return { url: sd.url, name: sd.name, type: sd.type, elements, slices };
  });
  return { name: 'us-core', version, profiles };
}

function p(e: ProfileElement): string[] {
  return Object.keys(e);
}
