/** StructureDefinition snapshots -> the compact model's primitives and types. */
import type { BindingStrength, CompactModel, ElementDef, PrimitiveDef, TypeDef } from '../../../src/public/fhir/model/types';
import { stripVersion, typeFromProfileUrl, type SdElement, type SdType, type StructureDefinition } from './definitions';

const REGEX_EXT = 'http://hl7.org/fhir/StructureDefinition/regex';
const FHIR_TYPE_EXT = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';

const NUMBER_TYPES: Record<string, Omit<PrimitiveDef, 'json' | 'regex'>> = {
  decimal: {},
  // 32-bit signed integer, per the R4 datatypes page.
  integer: { integer: true, min: -2147483648, max: 2147483647 },
  unsignedInt: { integer: true, min: 0, max: 2147483647 },
  positiveInt: { integer: true, min: 1, max: 2147483647 },
};

export const STRENGTH: Record<string, BindingStrength | undefined> = { required: 'r', extensible: 'e', preferred: 'p' };

export function buildPrimitives(sds: StructureDefinition[]): Record<string, PrimitiveDef> {
  const primitives: Record<string, PrimitiveDef> = {};
  for (const sd of sds) {
    if (sd.kind !== 'primitive-type' || sd.derivation === 'constraint') continue;
    const value = sd.snapshot?.element.find((e) => e.path === `${sd.type}.value`);
    const regex = value?.type?.[0]?.extension?.find((x) => x.url === REGEX_EXT)?.valueString;
    const def: PrimitiveDef =
      sd.type === 'boolean'
        ? { json: 'boolean' }
        : sd.type in NUMBER_TYPES
          ? { json: 'number', ...NUMBER_TYPES[sd.type] }
          : { json: 'string', ...(regex ? { regex } : {}) };
    primitives[sd.type] = def;
  }
  return primitives;
}

/** Type code of one snapshot type entry; System.* types carry their FHIR type in an extension. */
function typeCode(type: SdType, element: SdElement, rootIsResource: boolean): string {
  if (!type.code.startsWith('http://hl7.org/fhirpath/System.')) return type.code;
  // Resource.id is declared as System.String with fhir-type "string" in the R4 snapshots, but the
  // spec defines it as type id (1-64 of [A-Za-z0-9\-\.]); the HL7 validator checks it as id.
  if (rootIsResource && element.path.split('.').length === 2 && element.path.endsWith('.id')) return 'id';
  const fhirType = type.extension?.find((x) => x.url === FHIR_TYPE_EXT)?.valueUrl;
  return fhirType ?? 'string';
}

function maxOf(max: string | undefined): number {
  return max === undefined || max === '*' ? -1 : Number(max);
}

function targetsOf(types: SdType[]): string[] | undefined {
  const targets = new Set<string>();
  for (const t of types) {
    if (t.code !== 'Reference') continue;
    for (const p of t.targetProfile ?? []) targets.add(typeFromProfileUrl(p));
  }
  if (targets.size === 0 || targets.has('Resource')) return undefined;
  return [...targets].sort();
}

export function bindingOf(element: SdElement): [BindingStrength, string] | undefined {
  const strength = element.binding ? STRENGTH[element.binding.strength] : undefined;
  if (!strength || !element.binding?.valueSet) return undefined;
  return [strength, stripVersion(element.binding.valueSet)];
}

export function buildTypes(sds: StructureDefinition[]): Record<string, TypeDef> {
  const types: Record<string, TypeDef> = {};
  for (const sd of sds) {
    if (sd.kind !== 'complex-type' && sd.kind !== 'resource') continue;
    if (sd.derivation === 'constraint' || !sd.snapshot) continue;
    const isResource = sd.kind === 'resource';
    const elements = sd.snapshot.element.filter((e) => !e.id.includes(':'));
    const byParent = new Map<string, ElementDef[]>();
    const hasChildren = new Set<string>();
    for (const e of elements) {
      const dot = e.path.lastIndexOf('.');
      if (dot > 0) hasChildren.add(e.path.slice(0, dot));
    }
    for (const e of elements) {
      const dot = e.path.lastIndexOf('.');
      if (dot < 0) continue;
      const parent = e.path.slice(0, dot);
      let name = e.path.slice(dot + 1);
      const def: ElementDef = { n: name, min: e.min ?? 0, max: maxOf(e.max), t: [] };
      if (name.endsWith('[x]')) {
        name = name.slice(0, -3);
        def.n = name;
        def.x = 1;
      }
      if (e.contentReference) {
        def.t = [e.contentReference.slice(e.contentReference.indexOf('#') + 1)];
      } else if (hasChildren.has(e.path)) {
        // A backbone element (or an Element with children): its own type, keyed by its path.
        def.t = [e.path];
      } else {
        def.t = [...new Set((e.type ?? []).map((t) => typeCode(t, e, isResource)))];
        const tg = targetsOf(e.type ?? []);
        if (tg) def.tg = tg;
      }
      const b = bindingOf(e);
      if (b) def.b = b;
      const list = byParent.get(parent) ?? [];
      list.push(def);
      byParent.set(parent, list);
    }
    types[sd.type] = { k: isResource ? 'r' : 'c', ...(sd.abstract ? { abs: 1 as const } : {}), e: byParent.get(sd.type) ?? [] };
    for (const [parent, list] of byParent) {
      if (parent !== sd.type) types[parent] = { k: 'b', e: list };
    }
  }
  return types;
}

export function buildModel(sds: StructureDefinition[]): CompactModel {
  const fhirVersion = sds.find((s) => s.fhirVersion)?.fhirVersion ?? '4.0.1';
  return { fhirVersion, primitives: buildPrimitives(sds), types: buildTypes(sds) };
}
