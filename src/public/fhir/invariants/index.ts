import { INVARIANT_MODEL } from '../generated/invariant-model';
import type { FindingSink } from '../report/issue';
import { compileInvariant, verdict, type CompiledInvariant, type InvariantEnv } from './fhirpath-engine';
import { NATIVE_INVARIANTS, type NativeInvariant } from './native';
import type { ChildEdge, InvariantDef, InvariantModel } from './types';

export type { InvariantModel } from './types';
export { NATIVE_INVARIANTS } from './native';

export interface InvariantCheckerOptions {
  /**
   * Use the native implementations of the hottest invariants (default true). false evaluates every
   * invariant with fhirpath.js: the tests compare both modes so the natives cannot drift.
   */
  native?: boolean;
  /**
   * Test aid: evaluate every invariant that ran natively with fhirpath.js too and report both
   * verdicts (fhirpath "error" when it threw). Slow; never set in production.
   */
  crossCheck?: (comparison: NativeComparison) => void;
}

export interface NativeComparison {
  key: string;
  path: string;
  native: boolean;
  fhirpath: boolean | 'error';
}

export interface InvariantChecker {
  /** Evaluates the base-spec FHIRPath invariants on the resource (not on Bundle entry resources). */
  check(resource: Record<string, unknown>, sink: FindingSink): void;
}

interface RtInvariant {
  key: string;
  severity: 'error' | 'warning';
  message: string;
  base: string;
  expression: string;
  native: NativeInvariant | undefined;
  /** Compiled on first use. */
  compiled: CompiledInvariant | undefined;
  /** dom-6: contained resources do not need a narrative of their own (the container's covers them). */
  notInContained: boolean;
}

const enum EdgeKind {
  Node,
  Resource,
  Skip,
}

interface RtEdge {
  kind: EdgeKind;
  planName: string;
  /** Resolved on first use (null: no plan, only edge invariants). */
  plan: RtPlan | null | undefined;
  inv: RtInvariant[];
}

interface RtPlan {
  inv: RtInvariant[];
  children: Record<string, RtEdge>;
}

/** Invariants the fhirpath engine cannot run (build-time list), e.g. ctm-1 needs resolve(). */
export const NOT_EVALUABLE_INVARIANTS: InvariantModel['notEvaluable'] = INVARIANT_MODEL.notEvaluable;

/** Counts of the generated model (for reports and tests). */
export function invariantModelStats(): { invariants: number; keys: number; notEvaluable: string[]; skipped: string[]; unreachable: string[] } {
  return {
    invariants: INVARIANT_MODEL.invariants.length,
    keys: new Set(INVARIANT_MODEL.invariants.map((d) => d[0])).size,
    notEvaluable: INVARIANT_MODEL.notEvaluable.map(([key]) => key),
    skipped: [...INVARIANT_MODEL.skippedKeys],
    unreachable: INVARIANT_MODEL.unreachable.map(([key]) => key),
  };
}

export function createInvariantChecker(options: InvariantCheckerOptions = {}): InvariantChecker {
  const useNative = options.native !== false;
  const crossCheck = options.crossCheck;
  const model = INVARIANT_MODEL;
  const invariants: RtInvariant[] = model.invariants.map((def: InvariantDef) => {
    const [key, severity, human, expression, base] = def;
    return {
      key,
      severity,
      message: `${key}: ${human}`,
      base,
      expression,
      native: useNative ? NATIVE_INVARIANTS[key]?.[expression] : undefined,
      compiled: undefined,
      notInContained: key === 'dom-6',
    };
  });
  const plans = new Map<string, RtPlan>();

  function plan(name: string): RtPlan | null {
    let p = plans.get(name);
    if (p) return p;
    const raw = model.plans[name];
    if (!raw) return null;
    const children: Record<string, RtEdge> = Object.create(null);
    for (const [json, edge] of Object.entries(raw[1])) children[json] = toEdge(edge);
    p = { inv: raw[0].map((i) => invariants[i]), children };
    plans.set(name, p);
    return p;
  }

  function toEdge(edge: ChildEdge): RtEdge {
    const planName = (Array.isArray(edge) ? edge[0] : edge) as string;
    const inv = Array.isArray(edge) ? edge.slice(1).map((i) => invariants[i as number]) : [];
    const kind = planName === '@' ? EdgeKind.Resource : planName === '-' ? EdgeKind.Skip : EdgeKind.Node;
    return { kind, planName, plan: kind === EdgeKind.Node && planName !== '' ? undefined : null, inv };
  }

  const extensionPlan = (): RtPlan | null => plan('Extension');

  // Per-check state (check() is synchronous and not re-entrant).
  let sink: FindingSink = () => undefined;
  let env: InvariantEnv = { resource: {}, rootResource: {} };
  let inContained = false;
  let engineErrors: Set<string> | null = null;
  // The current element path as a stack of segments; rendered only when a finding is reported.
  const names: string[] = [];
  const indexes: number[] = [];
  let depth = 0;

  function push(name: string, index: number): void {
    names[depth] = name;
    indexes[depth] = index;
    depth++;
  }

  function currentPath(): string {
    let out = names[0];
    for (let i = 1; i < depth; i++) {
      out += '.' + names[i];
      if (indexes[i] >= 0) out += '[' + indexes[i] + ']';
    }
    return out;
  }

  // txt-1 and txt-2 share one expression: evaluate it once per node.
  let lastCompiled: CompiledInvariant | undefined;
  let lastNode: unknown;
  let lastEnv: InvariantEnv | undefined;
  let lastVerdict = true;

  function evaluate(inv: RtInvariant, node: unknown): void {
    if (inv.notInContained && inContained) return;
    let ok: boolean | undefined = inv.native ? inv.native(node, env) : undefined;
    if (ok !== undefined && crossCheck) {
      let reference: boolean | 'error';
      try {
        reference = verdict((inv.compiled ??= compileInvariant(inv.base, inv.expression))(node, env));
      } catch {
        reference = 'error';
      }
      crossCheck({ key: inv.key, path: currentPath(), native: ok, fhirpath: reference });
    }
    if (ok === undefined) {
      const compiled = (inv.compiled ??= compileInvariant(inv.base, inv.expression));
      if (compiled === lastCompiled && node === lastNode && env === lastEnv) {
        ok = lastVerdict;
      } else {
        try {
          ok = verdict(compiled(node, env));
        } catch (error) {
          engineError(inv, error);
          return;
        }
        lastCompiled = compiled;
        lastNode = node;
        lastEnv = env;
        lastVerdict = ok;
      }
    }
    if (!ok) {
      if (sink.countDropped !== undefined && sink.countDropped(inv.severity, 'conformance')) return;
      sink({
        severity: inv.severity,
        code: 'invariant',
        category: 'conformance',
        rule: 'inv.' + inv.key,
        expression: [currentPath()],
        message: inv.message,
      });
    }
  }

  function engineError(inv: RtInvariant, error: unknown): void {
    engineErrors ??= new Set();
    if (engineErrors.has(inv.key)) return;
    engineErrors.add(inv.key);
    const reason = error instanceof Error ? error.message : String(error);
    sink({
      severity: 'information',
      code: 'processing',
      category: 'conformance',
      rule: 'inv.engine-error',
      expression: [currentPath()],
      message: `${inv.key}: the invariant could not be evaluated (${reason.split('\n')[0]})`,
    });
  }

  function walkObject(node: Record<string, unknown>, p: RtPlan): void {
    const inv = p.inv;
    for (let i = 0; i < inv.length; i++) evaluate(inv[i], node);
    const children = p.children;
    for (const key in node) {
      const value = node[key];
      if (value === null || value === undefined) continue;
      if (key === 'extension' || key === 'modifierExtension') {
        const ext = extensionPlan();
        if (ext) walkEdgeValue(key, value, ext, null);
        continue;
      }
      const edge = children[key];
      if (edge === undefined) {
        if (typeof value === 'object') scanForExtensions(key.charCodeAt(0) === 95 ? key.slice(1) : key, value);
        continue;
      }
      if (edge.kind === EdgeKind.Node) {
        let child = edge.plan;
        if (child === undefined) child = edge.plan = plan(edge.planName);
        walkEdgeValue(key, value, child, edge.inv.length ? edge.inv : null);
      } else if (edge.kind === EdgeKind.Resource) {
        walkResources(key, value, edge.inv.length ? edge.inv : null);
      }
      // EdgeKind.Skip: Bundle.entry.resource is scanned on its own by the scanner.
    }
  }

  function visit(value: unknown, p: RtPlan | null, inv: RtInvariant[] | null): void {
    if (inv) for (let i = 0; i < inv.length; i++) evaluate(inv[i], value);
    if (typeof value === 'object' && value !== null) {
      if (p) walkObject(value as Record<string, unknown>, p);
      else scanObjectForExtensions(value as Record<string, unknown>);
    }
  }

  function walkEdgeValue(key: string, value: unknown, p: RtPlan | null, inv: RtInvariant[] | null): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (item === null || item === undefined) continue;
        push(key, i);
        visit(item, p, inv);
        depth--;
      }
    } else {
      push(key, -1);
      visit(value, p, inv);
      depth--;
    }
  }

  function walkResources(key: string, value: unknown, inv: RtInvariant[] | null): void {
    const items = Array.isArray(value) ? value : [value];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
      push(key, Array.isArray(value) ? i : -1);
      if (inv) for (let j = 0; j < inv.length; j++) evaluate(inv[j], item);
      walkResource(item as Record<string, unknown>, key === 'contained');
      depth--;
    }
  }

  /** A resource inside the one being checked: contained (same %rootResource) or Parameters.parameter.resource. */
  function walkResource(resource: Record<string, unknown>, contained: boolean): void {
    const type = resource.resourceType;
    if (typeof type !== 'string') return;
    const p = plan(type);
    if (!p) return;
    const savedEnv = env;
    const savedContained = inContained;
    env = { resource, rootResource: contained ? savedEnv.rootResource : resource };
    inContained = contained || savedContained;
    try {
      walkObject(resource, p);
    } finally {
      env = savedEnv;
      inContained = savedContained;
    }
  }

  /** Elements no invariant applies to may still carry extensions whose values have invariants (valuePeriod...). */
  function scanForExtensions(name: string, value: object): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item === null || typeof item !== 'object') continue;
        push(name, i);
        scanObjectForExtensions(item as Record<string, unknown>);
        depth--;
      }
    } else {
      push(name, -1);
      scanObjectForExtensions(value as Record<string, unknown>);
      depth--;
    }
  }

  function scanObjectForExtensions(node: Record<string, unknown>): void {
    if (typeof node.resourceType === 'string') return; // a resource where none belongs: the structural validator reports it
    for (const key in node) {
      const value = node[key];
      if (value === null || typeof value !== 'object') continue;
      if (key === 'extension' || key === 'modifierExtension') {
        const ext = extensionPlan();
        if (ext) walkEdgeValue(key, value, ext, null);
      } else {
        scanForExtensions(key.charCodeAt(0) === 95 ? key.slice(1) : key, value);
      }
    }
  }

  return {
    check(resource, findingSink) {
      const type = resource.resourceType;
      if (typeof type !== 'string') return;
      const p = plan(type);
      if (!p) return; // unknown resource type: the structural validator reports it
      sink = findingSink;
      env = { resource, rootResource: resource };
      inContained = false;
      engineErrors = null;
      lastCompiled = undefined;
      lastNode = undefined;
      depth = 0;
      push(type, -1);
      try {
        walkObject(resource, p);
      } finally {
        depth = 0;
        lastNode = undefined;
        lastEnv = undefined;
        sink = () => undefined;
      }
    },
  };
}
