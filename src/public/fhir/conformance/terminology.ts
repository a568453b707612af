import type { BindingStrength, ValueSetModel } from '../model/types';
import type { Context } from './context';

/** An enumerated value set: codes per system, built on first use. */
export interface ExpandedValueSet {
  url: string;
  bySystem: Map<string, Set<string>>;
  /** Every code whatever its system (for the `code` type, which has no system). */
  all: Set<string>;
}

export class Terminology {
  private readonly cache = new Map<string, ExpandedValueSet | null>();
  private readonly systems = new Map<string, Set<string>>();

  constructor(private readonly model: ValueSetModel) {}

  get(url: string): ExpandedValueSet | null {
    let vs = this.cache.get(url);
    if (vs !== undefined) return vs;
    const includes = this.model.valueSets[url];
    if (!includes) vs = null;
    else {
      const bySystem = new Map<string, Set<string>>();
      const all = new Set<string>();
      for (const [system, codes] of includes) {
        const list = codes === '*' ? this.codeSystem(system) : new Set(codes);
        const have = bySystem.get(system);
        if (have) for (const c of list) have.add(c);
        else bySystem.set(system, codes === '*' ? list : new Set(list));
        for (const c of list) all.add(c);
      }
      vs = { url, bySystem, all };
    }
    this.cache.set(url, vs);
    return vs;
  }

  private codeSystem(system: string): Set<string> {
    let set = this.systems.get(system);
    if (!set) {
      set = new Set(this.model.codeSystems[system] ?? []);
      this.systems.set(system, set);
    }
    return set;
  }
}

const STRENGTH_NAME: Record<BindingStrength, string> = { r: 'required', e: 'extensible', p: 'preferred' };

function allowed(vs: ExpandedValueSet): string {
  const codes = [...vs.all];
  const shown = codes.slice(0, 12).join(', ');
  return codes.length > 12 ? `${shown}, … (${codes.length} codes)` : shown;
}

/** A code outside a required value set is an error; outside an extensible or preferred one, a warning. */
function report(ctx: Context, strength: BindingStrength, message: string): void {
  if (strength === 'r') ctx.report('error', 'code-invalid', 'binding.required', message);
  else ctx.report('warning', 'code-invalid', strength === 'e' ? 'binding.extensible' : 'binding.preferred', message);
}

type BindingCheck = (value: unknown, ctx: Context) => void;

/**
 * Binding checks per bound type, as the HL7 validator does them offline: a required binding fails
 * when no code is in the value set; extensible and preferred bindings are only judged when the
 * coding uses a system of the value set (another system may be a legitimate extension).
 */
export function bindingChecker(type: string, strength: BindingStrength, vs: ExpandedValueSet): BindingCheck | null {
  const name = STRENGTH_NAME[strength];
  const inSystem = (system: unknown, code: unknown): 'in' | 'out' | 'foreign' => {
    if (typeof code !== 'string') return 'foreign';
    if (typeof system !== 'string') return strength === 'r' ? (vs.all.has(code) ? 'in' : 'out') : 'foreign';
    const codes = vs.bySystem.get(system);
    if (!codes) return 'foreign';
    return codes.has(code) ? 'in' : 'out';
  };
  switch (type) {
    case 'code':
    case 'string':
    case 'uri':
      return (v, ctx) => {
        if (typeof v !== 'string' || v === '' || vs.all.has(v)) return;
        report(ctx, strength, `The value ${JSON.stringify(v)} is not in the ${name} value set ${vs.url} (allowed: ${allowed(vs)})`);
      };
    case 'Coding':
    case 'Quantity':
      return (v, ctx) => {
        if (!v || typeof v !== 'object') return;
        const c = v as Record<string, unknown>;
        if (c.code === undefined) return;
        const found = inSystem(c.system, c.code);
        if (found === 'in' || (found === 'foreign' && strength !== 'r')) return;
        report(ctx, strength, `The code ${show(c.system, c.code)} is not in the ${name} value set ${vs.url} (allowed: ${allowed(vs)})`);
      };
    case 'CodeableConcept':
      return (v, ctx) => {
        if (!v || typeof v !== 'object') return;
        const coding = (v as Record<string, unknown>).coding;
        if (!Array.isArray(coding) || coding.length === 0) {
          if (strength === 'r') report(ctx, strength, `No code provided, and a code is required from the value set ${vs.url}`);
          return;
        }
        let out = false;
        for (const item of coding) {
          if (!item || typeof item !== 'object') continue;
          const found = inSystem((item as Record<string, unknown>).system, (item as Record<string, unknown>).code);
          if (found === 'in') return;
          if (found === 'out') out = true;
        }
        if (strength === 'r' || out) {
          const shown = coding
            .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
            .map((c) => show(c.system, c.code))
            .join(', ');
          report(ctx, strength, `None of the codings (${shown}) are in the ${name} value set ${vs.url}`);
        }
      };
    default:
      return null;
  }
}

function show(system: unknown, code: unknown): string {
  return typeof system === 'string' ? `${system}#${String(code)}` : JSON.stringify(code);
}
