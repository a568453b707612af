/**
 * The HL7 core extension definitions (extension-definitions.json) compiled to what the validator
 * checks an extension instance against: a simple extension's allowed value types and required
 * binding, a complex extension's parts (url, cardinality, value types). The context an extension
 * may be used in is not compiled (it needs the type of the element it sits on).
 */
import type { BindingStrength, ExtensionDef, ExtensionModel, ExtensionPartDef } from '../../../src/public/fhir/model/types';
import type { SdElement, StructureDefinition } from './definitions';
import { bindingOf } from './types';

const max = (e: SdElement | undefined): number => (e?.max === undefined || e.max === '*' ? -1 : Number(e.max));

/** The value types of a value[x] element; "*" when it allows every type there is (open extensions). */
function valueTypes(e: SdElement | undefined, allTypes: number): string[] | '*' | undefined {
  if (!e || max(e) === 0) return undefined;
  const codes = [...new Set((e.type ?? []).map((t) => t.code))].sort();
  if (codes.length === 0 || codes.length >= allTypes) return '*';
  return codes;
}

/** Only required bindings become errors; others are not checked here. */
function required(e: SdElement | undefined): [BindingStrength, string] | undefined {
  const b = e ? bindingOf(e) : undefined;
  return b && b[0] === 'r' ? b : undefined;
}

export function compileExtensions(sds: StructureDefinition[]): ExtensionModel {
  const extensions: Record<string, ExtensionDef> = {};
  for (const sd of sds) {
    if (sd.type !== 'Extension' || sd.derivation !== 'constraint' || !sd.snapshot || !sd.url) continue;
    const byId = new Map(sd.snapshot.element.map((e) => [e.id, e]));
    const value = byId.get('Extension.value[x]');
    // The widest value[x] in this file says how many types "any type" is.
    const allTypes = Math.max(...sd.snapshot.element.filter((e) => e.id.endsWith('value[x]')).map((e) => e.type?.length ?? 0), 40);
    const def: ExtensionDef = { n: sd.url.slice(sd.url.lastIndexOf('/') + 1) };
    const v = valueTypes(value, allTypes);
    if (v !== undefined) {
      def.v = v;
      const b = required(value);
      if (b) def.b = b;
    } else {
      const parts: Record<string, ExtensionPartDef> = {};
      for (const e of sd.snapshot.element) {
        const m = /^Extension\.extension:([^.]+)$/.exec(e.id);
        if (!m) continue;
        const url = byId.get(`${e.id}.url`)?.fixedUri;
        if (typeof url !== 'string') continue;
        const partValue = byId.get(`${e.id}.value[x]`);
        const part: ExtensionPartDef = { min: e.min ?? 0, max: max(e) };
        const pv = valueTypes(partValue, allTypes);
        if (pv !== undefined) part.v = pv;
        const b = required(partValue);
        if (b) part.b = b;
        parts[url] = part;
      }
      def.s = parts;
    }
    extensions[sd.url] = def;
  }
  return { extensions };
}

/** The value sets the extensions' required bindings use (they must be in the value set model too). */
export function extensionBindings(model: ExtensionModel): Array<[BindingStrength, string]> {
  const out: Array<[BindingStrength, string]> = [];
  for (const def of Object.values(model.extensions)) {
    if (def.b) out.push(def.b);
    for (const part of Object.values(def.s ?? {})) if (part.b) out.push(part.b);
  }
  return out;
}
