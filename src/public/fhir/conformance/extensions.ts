/**
 * Extensions with a url the HL7 core defines (extension-definitions.json, ~390 of them): the value
 * an instance carries is checked against the definition, as the HL7 validator does. A simple
 * extension takes one value of its types (patient-birthPlace: valueAddress) and no nested
 * extensions; a complex one takes nested extensions (its parts, by url, within their cardinality)
 * and no value; a required binding of a value is checked like any other. Unknown urls, and parts a
 * definition does not name (the core definitions leave their parts open), are not judged here.
 * Where an extension may be used (its context) is not checked.
 */
import type { ExtensionDef, ExtensionPartDef } from '../model/types';
import type { Context } from './context';
import type { ValueChecker } from './primitives';
import { bindingChecker, type Terminology } from './terminology';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON name of a value of a type code: "valueAddress", "valueString", "valueDateTime". */
const valueKey = (code: string) => `value${code.charAt(0).toUpperCase()}${code.slice(1)}`;

/** The value[x] key an extension carries ("valueString", or from "_valueString"), if any. */
function valueKeyOf(v: Json): string | undefined {
  for (const key in v) {
    if (key.length > 5 && key.startsWith('value')) return key;
    if (key.length > 6 && key.startsWith('_value')) return key.slice(1);
  }
  return undefined;
}

function valueNames(types: string[] | '*'): string {
  return types === '*' ? 'a value' : types.map(valueKey).join(' or ');
}

interface CompiledValue {
  /** Allowed keys -> the binding check of a value under that key (null: no binding). */
  keys: Map<string, ValueChecker | null> | null;
  names: string;
}

function compileValue(types: string[] | '*', binding: ExtensionDef['b'], terminology: Terminology): CompiledValue {
  if (types === '*') return { keys: null, names: valueNames(types) };
  const vs = binding ? terminology.get(binding[1]) : null;
  const keys = new Map<string, ValueChecker | null>();
  for (const code of types) keys.set(valueKey(code), binding && vs ? bindingChecker(code, binding[0], vs) : null);
  return { keys, names: valueNames(types) };
}

/** Checks one value of a simple extension or part; the context is at the extension. */
function checkValue(name: string, value: CompiledValue, v: Json, key: string, ctx: Context): void {
  if (value.keys === null) return;
  if (!value.keys.has(key)) {
    ctx.report('error', 'structure', 'ext.value-type', `The extension ${name} takes ${value.names}, not ${key}`, key);
    return;
  }
  const binding = value.keys.get(key);
  if (binding && v[key] !== undefined) {
    ctx.push(key, -1);
    binding(v[key], ctx);
    ctx.pop();
  }
}

interface CompiledPart {
  url: string;
  def: ExtensionPartDef;
  value: CompiledValue | null;
}

/** The checker of instances of one known extension (applied after the Extension type's own checks). */
export function compileKnownExtension(def: ExtensionDef, terminology: Terminology): (v: Json, ctx: Context) => void {
  const name = def.n;
  if (def.v !== undefined) {
    const value = compileValue(def.v, def.b, terminology);
    return (v, ctx) => {
      if (v.extension !== undefined) {
        ctx.report('error', 'structure', 'ext.shape', `The extension ${name} is a simple extension: it takes ${value.names}, not nested extensions`, 'extension');
        return;
      }
      const key = valueKeyOf(v);
      if (key !== undefined) checkValue(name, value, v, key, ctx);
    };
  }
  const parts = new Map<string, CompiledPart>(
    Object.entries(def.s ?? {}).map(([url, part]) => [url, { url, def: part, value: part.v !== undefined ? compileValue(part.v, part.b, terminology) : null }]),
  );
  const partNames = [...parts.keys()].map((url) => JSON.stringify(url)).join(', ');
  return (v, ctx) => {
    const key = valueKeyOf(v);
    if (key !== undefined) {
      ctx.report('error', 'structure', 'ext.shape', `The extension ${name} is a complex extension: it holds nested extensions (${partNames}), not ${key}`, key);
      return;
    }
    const list = Array.isArray(v.extension) ? v.extension : [];
    const counts = new Map<string, number>();
    list.forEach((item, i) => {
      if (!isObject(item) || typeof item.url !== 'string') return;
      const part = parts.get(item.url);
      if (!part) return;
      counts.set(part.url, (counts.get(part.url) ?? 0) + 1);
      const partKey = valueKeyOf(item);
      if (!part.value || partKey === undefined) return;
      ctx.push('extension', i);
      checkValue(`${name} (part "${part.url}")`, part.value, item, partKey, ctx);
      ctx.pop();
    });
    for (const part of parts.values()) {
      const n = counts.get(part.url) ?? 0;
      if (n < part.def.min) {
        ctx.report('error', 'required', 'ext.part-cardinality', `The extension ${name} requires the part "${part.url}" (at least ${part.def.min}, found ${n})`, 'extension');
      } else if (part.def.max >= 0 && n > part.def.max) {
        ctx.report('error', 'structure', 'ext.part-cardinality', `The extension ${name} allows at most ${part.def.max} "${part.url}" part${part.def.max === 1 ? '' : 's'} (found ${n})`, 'extension');
      }
    }
  };
}
