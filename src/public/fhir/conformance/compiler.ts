/**
 * Compiles the compact model into checkers: one key table per type (JSON name -> what to check),
 * built lazily on the first use of the type and reused for every instance. The walk allocates
 * nothing on the happy path; messages and FHIRPath expressions are built only for findings.
 */
import type { CompactModel, ElementDef, ExtensionModel, TypeDef } from '../model/types';
import type { Context, ContainedScope } from './context';
import { compileKnownExtension } from './extensions';
import { checkNarrativeDiv } from './narrative';
import { compilePrimitive, describeValue, type ValueChecker } from './primitives';
import { parseReference } from './references';
import { closest } from './suggest';
import { bindingChecker, type Terminology } from './terminology';
import { conditionalKey } from './bundle-index';

interface KeyEntry {
  /** JSON key. */
  key: string;
  el: ElementDef;
  many: boolean;
  required: boolean;
  /** Bit of the choice element within its type (0 when not a choice). */
  choiceBit: number;
  primitive: boolean;
  check: ValueChecker;
}

interface RequiredElement {
  el: ElementDef;
  keys: string[];
}

export interface CompiledType {
  name: string;
  def: TypeDef;
  keys: Map<string, KeyEntry>;
  /**
   * The keys of objects of this type met before, by position, with their entries (undefined for an
   * unknown key). Instances of a type mostly list their keys in the same order, so a key's entry is
   * usually found with one comparison instead of a Map lookup. Every slot holds a key and that key's
   * entry, so a hit is always right, whatever the nesting.
   */
  seenKeys: string[];
  seenEntries: (KeyEntry | undefined)[];
  required: RequiredElement[];
  isResource: boolean;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const MAX_DEPTH = 256;
/** Key positions remembered per type (see CompiledType.seenKeys). */
const SEEN_KEYS = 64;

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class Compiler {
  private readonly compiled = new Map<string, CompiledType>();
  private readonly typeCheckers = new Map<string, ValueChecker>();
  private readonly resourceTypes: Set<string>;
  readonly isResourceType = (t: string): boolean => this.resourceTypes.has(t);

  /** Checkers of the HL7 core extensions met so far, by url (compiled on first use). */
  private readonly knownExtensions = new Map<string, ((v: Record<string, unknown>, ctx: Context) => void) | null>();

  constructor(
    readonly model: CompactModel,
    private readonly terminology: Terminology,
    /** The HL7 core extension definitions; without them extensions get only their structural checks. */
    private readonly extensions: ExtensionModel = { extensions: {} },
  ) {
    this.resourceTypes = new Set(Object.entries(model.types).filter(([, t]) => t.k === 'r' && !t.abs).map(([n]) => n));
  }

  /** The key table of a type, compiled on first use. */
  type(name: string): CompiledType {
    let t = this.compiled.get(name);
    if (!t) {
      const def = this.model.types[name];
      if (!def) throw new Error(`Unknown type ${name}`);
      t = { name, def, keys: new Map(), required: [], isResource: def.k === 'r', seenKeys: [], seenEntries: [] };
      this.compiled.set(name, t);
      this.fill(t);
    }
    return t;
  }

  private fill(t: CompiledType): void {
    let bit = 1;
    for (const el of t.def.e) {
      const many = el.max !== 1;
      const choiceBit = el.x ? bit : 0;
      if (el.x) bit <<= 1;
      const keys: string[] = [];
      for (const code of el.t) {
        const key = el.x ? el.n + capitalize(code) : el.n;
        keys.push(key);
        const primitive = code in this.model.primitives;
        t.keys.set(key, {
          key,
          el,
          many,
          required: el.min > 0,
          choiceBit,
          primitive,
          check: this.elementChecker(t, el, code),
        });
      }
      if (el.min > 0) t.required.push({ el, keys });
    }
  }

  /** Checker of one item of an element of the given type code, with its binding and reference rules. */
  private elementChecker(owner: CompiledType, el: ElementDef, code: string): ValueChecker {
    let base: ValueChecker;
    if (code === 'Reference') base = this.referenceChecker(el.tg);
    else if (code === 'Extension') base = this.extensionChecker(owner.name === 'Extension' && el.n === 'extension');
    else if (code === 'Resource') base = owner.name === 'Bundle.entry' ? entryResourceChecker : owner.name === 'Parameters.parameter' ? this.nestedResource : this.containedResource;
    else base = this.typeChecker(code);
    if (!el.b) return base;
    const [strength, url] = el.b;
    const vs = this.terminology.get(url);
    if (!vs) return base;
    const binding = bindingChecker(code, strength, vs);
    if (!binding) return base;
    return (v, ctx) => {
      base(v, ctx);
      binding(v, ctx);
    };
  }

  /** Checker of a value of a type: primitive, complex or backbone; shared by every element of it. */
  typeChecker(code: string): ValueChecker {
    let checker = this.typeCheckers.get(code);
    if (checker) return checker;
    const primitive = this.model.primitives[code];
    if (primitive) {
      const p = compilePrimitive(code, primitive);
      if (code === 'xhtml') {
        checker = (v, ctx) => {
          p(v, ctx);
          if (typeof v === 'string' && v !== '') checkNarrativeDiv(v, ctx);
        };
      } else if (code === 'uri' || code === 'url' || code === 'canonical') {
        // "#id" in these types also counts as a reference to a contained resource (dom-3).
        checker = (v, ctx) => {
          p(v, ctx);
          if (ctx.scope !== null && typeof v === 'string' && v.charCodeAt(0) === 35) markLocal(ctx.scope, v);
        };
      } else checker = p;
    } else if (this.model.types[code]) {
      let compiled: CompiledType | null = null;
      checker = (v, ctx) => this.checkObject((compiled ??= this.type(code)), v, ctx);
    } else {
      checker = (_v, ctx) => ctx.report('error', 'structure', 'struct.type', `Unknown type ${code}`);
    }
    this.typeCheckers.set(code, checker);
    return checker;
  }

  /** The generic object walk over a compiled key table. */
  checkObject(t: CompiledType, v: unknown, ctx: Context): void {
    if (!isObject(v)) {
      ctx.report('error', 'structure', 'struct.type', `Expected an object (${displayType(t.name)}), got ${describeValue(v)}`);
      return;
    }
    if (ctx.depth > MAX_DEPTH) {
      // Legal FHIR never nests this deep; stopping keeps hostile input from exhausting the stack.
      ctx.report('error', 'structure', 'struct.too-deep', `The content is nested more than ${MAX_DEPTH} levels deep; validation stops here`);
      return;
    }
    const keys = t.keys;
    const seenKeys = t.seenKeys;
    const seenEntries = t.seenEntries;
    let count = 0;
    let requiredFound = 0;
    let choiceSeen = 0;
    for (const key in v) {
      count++;
      let e: KeyEntry | undefined;
      if (count <= SEEN_KEYS) {
        if (seenKeys[count - 1] === key) e = seenEntries[count - 1];
        else {
          e = keys.get(key);
          seenKeys[count - 1] = key;
          seenEntries[count - 1] = e;
        }
      } else e = keys.get(key);
      const value = v[key];
      if (e === undefined) {
        const sibling = key.charCodeAt(0) === 95 /* _ */ ? keys.get(key.slice(1)) : undefined;
        if (sibling !== undefined && sibling.primitive) {
          this.checkPrimitiveExtension(sibling, v, value, ctx);
          if (v[sibling.key] === undefined) {
            if (sibling.choiceBit) {
              if ((choiceSeen & sibling.choiceBit) === 0 && sibling.required) requiredFound++;
              choiceSeen |= sibling.choiceBit;
            } else if (sibling.required) requiredFound++;
          }
        } else if (!(key === 'resourceType' && t.isResource) && !ctx.dropped('error')) {
          ctx.report('error', 'structure', 'struct.unknown-element', this.unknownMessage(t, key), key);
        }
        continue;
      }
      if (e.choiceBit) {
        if (choiceSeen & e.choiceBit) this.reportDuplicateChoice(t, e, v, ctx);
        else if (e.required) requiredFound++;
        choiceSeen |= e.choiceBit;
      } else if (e.required) requiredFound++;
      if (value === null) {
        ctx.report('error', 'structure', 'struct.type', `"${key}" is null: JSON null is not allowed in FHIR (leave the element out)`, key);
        continue;
      }
      if (e.many) {
        if (!Array.isArray(value)) {
          ctx.report('error', 'structure', 'struct.type', `"${key}" must be a JSON array: the element can repeat (max ${e.el.max < 0 ? '*' : e.el.max})`, key);
          ctx.push(key, -1);
          e.check(value, ctx);
          ctx.pop();
          continue;
        }
        const n = value.length;
        if (n === 0) {
          ctx.report('error', 'invariant', 'ele-1', `"${key}" is an empty array: leave the element out instead`, key);
          continue;
        }
        const ext = e.primitive ? v['_' + key] : undefined;
        for (let i = 0; i < n; i++) {
          const item = value[i];
          ctx.push(key, i);
          if (item === null) {
            if (!(Array.isArray(ext) && ext[i] !== null && ext[i] !== undefined)) {
              ctx.report('error', 'structure', 'struct.type', `null in "${key}" is only allowed where "_${key}" has an extension at the same position`);
            }
          } else e.check(item, ctx);
          ctx.pop();
        }
        if ((e.el.max > 1 && n > e.el.max) || n < e.el.min) {
          ctx.report('error', 'structure', 'struct.cardinality', `"${key}" has ${n} items; allowed ${e.el.min}..${e.el.max < 0 ? '*' : e.el.max}`, key);
        }
      } else {
        if (Array.isArray(value)) {
          ctx.report('error', 'structure', 'struct.type', `"${key}" must be a single value, not an array (max cardinality 1)`, key);
          continue;
        }
        ctx.push(key, -1);
        e.check(value, ctx);
        ctx.pop();
      }
    }
    if (count === 0 || (count === 1 && v.id !== undefined && !t.isResource)) {
      ctx.report('error', 'invariant', 'ele-1', 'The element is empty: all FHIR elements must have a value or children (ele-1)');
    }
    if (requiredFound < t.required.length) this.reportMissing(t, v, ctx);
  }

  private checkPrimitiveExtension(e: KeyEntry, owner: Record<string, unknown>, ext: unknown, ctx: Context): void {
    const element = this.typeChecker('Element');
    const key = '_' + e.key;
    if (ext === null) {
      ctx.report('error', 'structure', 'struct.type', `"${key}" is null: JSON null is not allowed in FHIR`, e.key);
      return;
    }
    if (!e.many) {
      if (Array.isArray(ext)) {
        ctx.report('error', 'structure', 'struct.type', `"${key}" must be an object with id/extension, not an array`, e.key);
        return;
      }
      ctx.push(e.key, -1);
      element(ext, ctx);
      ctx.pop();
      return;
    }
    if (!Array.isArray(ext)) {
      ctx.report('error', 'structure', 'struct.type', `"${key}" must be an array aligned with "${e.key}" (use null where an item has no extension)`, e.key);
      return;
    }
    const values = owner[e.key];
    if (Array.isArray(values) && values.length !== ext.length) {
      ctx.report('error', 'structure', 'struct.type', `"${key}" has ${ext.length} items but "${e.key}" has ${values.length}: the arrays must be aligned`, e.key);
    }
    for (let i = 0; i < ext.length; i++) {
      const item = ext[i];
      if (item === null) {
        if (!Array.isArray(values) || values[i] === null || values[i] === undefined) {
          ctx.push(e.key, i);
          ctx.report('error', 'structure', 'struct.type', `Both "${e.key}" and "${key}" are null at position ${i}`);
          ctx.pop();
        }
        continue;
      }
      ctx.push(e.key, i);
      element(item, ctx);
      ctx.pop();
    }
  }

  private reportMissing(t: CompiledType, v: Record<string, unknown>, ctx: Context): void {
    for (const r of t.required) {
      let present = false;
      for (const k of r.keys) if (v[k] !== undefined || v['_' + k] !== undefined) present = true;
      if (present) continue;
      const name = r.el.x ? `${r.el.n}[x]` : r.el.n;
      ctx.report('error', 'required', 'struct.cardinality', `Missing required element "${name}" (minimum cardinality ${r.el.min})`, name);
    }
  }

  private reportDuplicateChoice(t: CompiledType, e: KeyEntry, v: Record<string, unknown>, ctx: Context): void {
    const present = [...t.keys.values()].filter((k) => k.el === e.el && (v[k.key] !== undefined || v['_' + k.key] !== undefined)).map((k) => k.key);
    ctx.report('error', 'structure', 'struct.choice', `Only one of ${e.el.n}[x] may be present, found ${present.join(' and ')}`, e.key);
  }

  private unknownMessage(t: CompiledType, key: string): string {
    const where = displayType(t.name);
    // A choice element written with a type it does not allow, e.g. valueMoney on Observation.
    for (const el of t.def.e) {
      if (!el.x || !key.startsWith(el.n) || key.length === el.n.length) continue;
      const suffix = key.slice(el.n.length);
      const type = suffix.charAt(0).toLowerCase() + suffix.slice(1);
      if (this.model.types[suffix] || this.model.primitives[type] || this.model.primitives[suffix]) {
        return `Unknown element "${key}": ${where}.${el.n}[x] does not allow type ${suffix} (allowed: ${el.t.join(', ')})`;
      }
    }
    const guess = closest(key, t.keys.keys());
    return `Unknown element "${key}" in ${where}${guess ? ` (did you mean "${guess}"?)` : ''}`;
  }

  // --- resources -----------------------------------------------------------------------------

  /** Validates a resource object at the current path (root, contained or nested). */
  checkResource(v: unknown, ctx: Context, contained: boolean): void {
    if (!isObject(v)) {
      ctx.report('error', 'structure', 'struct.type', `Expected a resource (a JSON object), got ${describeValue(v)}`);
      return;
    }
    const rt = v.resourceType;
    if (typeof rt !== 'string' || !this.resourceTypes.has(rt)) {
      const known = typeof rt === 'string' ? closest(rt, this.resourceTypes) : undefined;
      const message =
        typeof rt !== 'string'
          ? 'The resource has no resourceType'
          : this.model.types[rt]?.k === 'r'
            ? `"${rt}" is an abstract resource type and cannot be instantiated`
            : `Unknown resourceType "${rt}"${known ? ` (did you mean "${known}"?)` : ''}`;
      ctx.report('error', 'structure', 'struct.resource-type', message);
      return;
    }
    const t = this.type(rt);
    const outer = ctx.scope;
    const list = v.contained;
    const opened = Array.isArray(list) && list.length > 0;
    if (opened) ctx.scope = openScope(list);
    if (contained) checkContainedRules(v, ctx);
    this.checkObject(t, v, ctx);
    if (opened) {
      closeScope(ctx.scope as ContainedScope, list as unknown[], ctx);
      ctx.scope = outer;
    }
  }

  private readonly containedResource: ValueChecker = (v, ctx) => this.checkResource(v, ctx, true);
  private readonly nestedResource: ValueChecker = (v, ctx) => {
    const outer = ctx.scope;
    ctx.scope = null;
    this.checkResource(v, ctx, false);
    ctx.scope = outer;
  };

  // --- references and extensions ------------------------------------------------------------

  private referenceChecker(targets: string[] | undefined): ValueChecker {
    const object = this.typeChecker('Reference');
    const allowed = targets ? new Set(targets) : null;
    return (v, ctx) => {
      object(v, ctx);
      if (!isObject(v)) return;
      const ref = v.reference;
      const typeUri = typeof v.type === 'string' ? v.type : undefined;
      let type: string | undefined;
      if (typeof ref === 'string' && ref !== '') type = this.checkReferenceString(ref, ctx);
      if (typeUri !== undefined && this.resourceTypes.has(typeUri)) {
        if (type !== undefined && type !== typeUri) {
          ctx.report('error', 'invalid', 'ref.type-mismatch', `Reference.type is ${typeUri} but the reference points to a ${type}`, 'type');
        }
        type ??= typeUri;
      }
      if (allowed !== null && type !== undefined && !allowed.has(type)) {
        ctx.report('error', 'structure', 'ref.target-type', `A reference to ${type} is not allowed here (allowed: ${[...allowed].join(', ')})`, typeof ref === 'string' ? 'reference' : 'type');
      }
    };
  }

  /** Checks a literal reference; returns the resource type it points to when known. */
  private checkReferenceString(ref: string, ctx: Context): string | undefined {
    const p = parseReference(ref, this.isResourceType);
    switch (p.kind) {
      case 'invalid':
        if (!ctx.dropped('error')) ctx.report('error', 'invalid', 'ref.format', `Invalid reference ${JSON.stringify(ref)}: ${p.problem}`, 'reference');
        return undefined;
      case 'local': {
        if (ref.length === 1) {
          if (ctx.scope) ctx.scope.containerReferenced = true;
          return undefined;
        }
        const id = ref.slice(1);
        const type = ctx.scope?.ids.get(id);
        if (type === undefined) {
          if (!ctx.dropped('error')) ctx.report('error', 'not-found', 'ref.contained-not-found', `The reference ${JSON.stringify(ref)} does not match any contained resource`, 'reference');
          return undefined;
        }
        ctx.scope?.referenced.add(id);
        return type;
      }
      case 'conditional': {
        const bundle = ctx.bundle;
        if (bundle && bundle.type === 'transaction') {
          const q = ref.indexOf('?');
          if (!bundle.conditionals.has(conditionalKey(ref.slice(0, q), ref.slice(q + 1))) && !ctx.dropped('warning')) {
            ctx.report(
              'warning',
              'not-found',
              'bundle.conditional-reference',
              `The conditional reference ${JSON.stringify(ref)} matches no entry of this transaction (no ifNoneExist or conditional update with that query): the server must resolve it, and the transaction fails if it finds no match or several`,
              'reference',
            );
          }
        } else if (!ctx.dropped('error')) {
          ctx.report(
            'error',
            'invalid',
            'ref.conditional',
            `The conditional reference ${JSON.stringify(ref)} can only be resolved by a server processing a transaction Bundle; here it points to nothing (replace it with "${p.type}/<id>")`,
            'reference',
          );
        }
        return p.type;
      }
      case 'uuid':
      case 'oid':
      case 'absolute': {
        const bundle = ctx.bundle;
        if (bundle) {
          const type = bundle.fullUrls.get(ref);
          if (type !== undefined) return type;
          if (p.kind !== 'absolute' && !ctx.dropped('error')) {
            ctx.report('error', 'not-found', 'bundle.reference-unresolved', `The reference ${JSON.stringify(ref)} matches no entry fullUrl in the Bundle`, 'reference');
          }
        }
        return p.type;
      }
      default:
        return p.type;
    }
  }

  private extensionChecker(nested: boolean): ValueChecker {
    const object = this.typeChecker('Extension');
    return (v, ctx) => {
      object(v, ctx);
      if (!isObject(v)) return;
      let hasValue = false;
      for (const key in v) {
        if (key.length > 5 && key.startsWith('value')) hasValue = true;
        else if (key.length > 6 && key.startsWith('_value')) hasValue = true;
      }
      const hasExtensions = v.extension !== undefined;
      if (hasValue === hasExtensions) {
        ctx.report(
          'error',
          'invariant',
          'ext-1',
          hasValue ? 'The extension has both a value and nested extensions: it must have one or the other (ext-1)' : 'The extension has neither a value nor nested extensions (ext-1)',
        );
      }
      const url = v.url;
      if (nested || typeof url !== 'string' || url === '') return;
      if (!SCHEME.test(url)) {
        ctx.report('error', 'invalid', 'struct.extension-url', `The extension url ${JSON.stringify(url)} must be an absolute URL (only extensions nested in another extension may use a plain name)`, 'url');
        return;
      }
      // ext-1 broken already says what is wrong with its shape.
      if (hasValue !== hasExtensions) this.knownExtension(url)?.(v, ctx);
    };
  }

  /** The checker of an HL7 core extension, or undefined for a url the core does not define. */
  private knownExtension(url: string): ((v: Record<string, unknown>, ctx: Context) => void) | undefined {
    let checker = this.knownExtensions.get(url);
    if (checker === undefined) {
      const def = Object.hasOwn(this.extensions.extensions, url) ? this.extensions.extensions[url] : undefined;
      checker = def ? compileKnownExtension(def, this.terminology) : null;
      this.knownExtensions.set(url, checker);
    }
    return checker ?? undefined;
  }
}

/** Bundle.entry.resource is scanned as a resource of its own; here only its shape matters. */
const entryResourceChecker: ValueChecker = (v, ctx) => {
  if (!isObject(v)) ctx.report('error', 'structure', 'struct.type', `Expected a resource (a JSON object), got ${describeValue(v)}`);
};

function displayType(name: string): string {
  return name;
}

function markLocal(scope: ContainedScope, ref: string): void {
  if (ref.length === 1) scope.containerReferenced = true;
  else scope.referenced.add(ref.slice(1));
}

function openScope(list: unknown[]): ContainedScope {
  const ids = new Map<string, string>();
  for (const r of list) {
    if (isObject(r) && typeof r.id === 'string' && typeof r.resourceType === 'string') ids.set(r.id, r.resourceType);
  }
  return { ids, referenced: new Set(), containerReferenced: false };
}

/** dom-3: every contained resource is referenced from its container (or references the container). */
function closeScope(scope: ContainedScope, list: unknown[], ctx: Context): void {
  if (scope.containerReferenced) return;
  list.forEach((r, i) => {
    if (!isObject(r)) return;
    if (typeof r.id === 'string' && scope.referenced.has(r.id)) return;
    ctx.report(
      'error',
      'invariant',
      'dom-3',
      `The contained ${String(r.resourceType)}${typeof r.id === 'string' ? ` "${r.id}"` : ''} is not referenced from the rest of the resource (dom-3): contained resources must be referenced with "#id"`,
      `contained[${i}]`,
    );
  });
}

/** dom-2, dom-4, dom-5 on a contained resource (the current path). */
function checkContainedRules(v: Record<string, unknown>, ctx: Context): void {
  if (v.contained !== undefined) {
    ctx.report('error', 'invariant', 'dom-2', 'A contained resource cannot contain other resources (dom-2)', 'contained');
  }
  const meta = v.meta;
  if (isObject(meta)) {
    if (meta.versionId !== undefined || meta.lastUpdated !== undefined) {
      ctx.report('error', 'invariant', 'dom-4', 'A contained resource cannot have meta.versionId or meta.lastUpdated (dom-4)', 'meta');
    }
    if (meta.security !== undefined) {
      ctx.report('error', 'invariant', 'dom-5', 'A contained resource cannot have a security label (meta.security, dom-5)', 'meta.security');
    }
  }
}
