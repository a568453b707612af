/**
 * Build-time generator of the invariant model: every FHIRPath `constraint` of the base R4 resources
 * and data types (profiles-resources.json, profiles-types.json snapshots), with the element or type it
 * sits on, plus "plans": for each resource, data type and backbone element, the invariants that hold
 * at such a node and the JSON children that can lead to more (children whose whole subtree has no
 * invariant are pruned; the runtime still looks into them for extensions). The runtime
 * (src/public/fhir/invariants) walks a resource with these plans and evaluates only where a context
 * exists.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as fhirpath from 'fhirpath';
import * as r4model from 'fhirpath/fhir-context/r4';
import type { ChildEdge, InvariantDef, InvariantModel, Plan } from '../../src/public/fhir/invariants/types';

/** Checked natively by the structural validator (hot: on every element / resource). */
/**
 * Checked natively by the conformance validator (src/public/fhir/conformance), so not run here:
 * ele-1/ext-1/dom-2..5 because they are hot, bdl-3/bdl-7 (bundle.request-missing,
 * bundle.fullurl-duplicate) and txt-1/txt-2 (narrative.xhtml, narrative.active-content) because the
 * native rules say precisely what is wrong where these report the same problem again.
 */
export const SKIPPED_INVARIANT_KEYS = ['ele-1', 'ext-1', 'dom-2', 'dom-3', 'dom-4', 'dom-5', 'bdl-3', 'bdl-7', 'txt-1', 'txt-2'];

interface ElementDefinition {
  path: string;
  contentReference?: string;
  type?: Array<{ code: string; profile?: string[] }>;
  constraint?: Array<{ key: string; severity: string; human: string; expression?: string }>;
}

interface StructureDefinition {
  resourceType: string;
  name: string;
  url: string;
  type: string;
  kind: string;
  derivation?: string;
  abstract?: boolean;
  snapshot?: { element: ElementDefinition[] };
}

const PROFILED_TYPES: Record<string, string> = {
  'http://hl7.org/fhir/StructureDefinition/SimpleQuantity': 'SimpleQuantity',
  'http://hl7.org/fhir/StructureDefinition/MoneyQuantity': 'MoneyQuantity',
};

function readDefinitions(file: string): StructureDefinition[] {
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as { entry: Array<{ resource: StructureDefinition }> };
  return bundle.entry
    .map((e) => e.resource)
    .filter((sd) => sd.resourceType === 'StructureDefinition' && sd.snapshot && sd.kind !== 'logical');
}

const PROFILED_BASE: Record<string, string> = { SimpleQuantity: 'Quantity', MoneyQuantity: 'Quantity' };

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Builds the model in memory (exported for tests and for the generator below). */
export function buildInvariantModel(definitionsDir: string): InvariantModel {
  const typeDefs = readDefinitions(path.join(definitionsDir, 'profiles-types.json'));
  const resourceDefs = readDefinitions(path.join(definitionsDir, 'profiles-resources.json'));
  const skipped = new Set(SKIPPED_INVARIANT_KEYS);

  const complexTypes = new Set<string>();
  for (const sd of typeDefs) if (sd.kind === 'complex-type') complexTypes.add(sd.derivation === 'constraint' ? sd.name : sd.type);
  const resourceTypes = new Set(resourceDefs.filter((sd) => sd.kind === 'resource').map((sd) => sd.type));
  resourceTypes.add('Resource');

  const invariants: InvariantDef[] = [];
  const notEvaluable: InvariantModel['notEvaluable'] = [];
  const rawPlans = new Map<string, { inv: number[]; children: Map<string, { plan: string; inv: number[] }> }>();

  function addInvariants(el: ElementDefinition, base: string): number[] {
    const out: number[] = [];
    for (const c of el.constraint ?? []) {
      if (skipped.has(c.key) || !c.expression) continue;
      if (c.severity !== 'error' && c.severity !== 'warning') continue;
      const reason = probe(c.expression, base, resourceTypes.has(base));
      if (reason) {
        if (!notEvaluable.some(([k, ctx]) => k === c.key && ctx === el.path)) notEvaluable.push([c.key, el.path, reason]);
        continue;
      }
      const def: InvariantDef = [c.key, c.severity, c.human, c.expression, base];
      let index = invariants.findIndex((d) => d.every((v, i) => v === def[i]));
      if (index < 0) index = invariants.push(def) - 1;
      out.push(index);
    }
    return out;
  }

  /** Plan name of an element of the given type (undefined for primitives). */
  function typePlan(code: string, profiles: string[] | undefined, elementPath: string): string | undefined {
    const profiled = profiles?.map((p) => PROFILED_TYPES[p]).find(Boolean);
    if (profiled) return profiled;
    if (code === 'BackboneElement' || code === 'Element') return elementPath;
    if (resourceTypes.has(code)) return '@';
    if (complexTypes.has(code)) return code;
    return undefined;
  }

  /**
   * fhirpath.js's base for constraints on a typed element: the type for complex types (so the node's
   * children are typed; SimpleQuantity is a Quantity), the element path for primitives and resources
   * (Narrative.div is xhtml), the primitive type itself in a choice (probabilityDecimal).
   */
  function edgeBase(elementPath: string, code: string, plan: string, choice: boolean): string {
    if (plan === '@' || plan === '-') return elementPath;
    if (plan === '') return choice ? code : elementPath;
    return plan in PROFILED_BASE ? PROFILED_BASE[plan] : code;
  }

  function definePlans(sd: StructureDefinition, planName: string): void {
    const elements = sd.snapshot!.element;
    const rootPath = elements[0].path;
    // Element paths in a profiled type's snapshot (SimpleQuantity) start with the base type name.
    const rename = (p: string) => planName + p.slice(rootPath.length);
    for (const el of elements) {
      const isRoot = el.path === rootPath;
      const codes = el.type?.map((t) => t.code) ?? [];
      const isBackbone = isRoot || (!el.contentReference && (codes[0] === 'BackboneElement' || codes[0] === 'Element'));
      if (!isBackbone) continue;
      const name = isRoot ? planName : rename(el.path);
      // Backbone invariants run with the element path as fhirpath's base; type invariants with the type.
      const inv = addInvariants(el, isRoot ? sd.type : el.path);
      const children = new Map<string, { plan: string; inv: number[] }>();
      const prefix = el.path + '.';
      for (const child of elements) {
        if (!child.path.startsWith(prefix) || child.path.indexOf('.', prefix.length) >= 0) continue;
        const local = child.path.slice(prefix.length);
        if (local === 'extension' || local === 'modifierExtension') continue; // the runtime walks these everywhere
        if (child.contentReference) {
          // e.g. Questionnaire.item.item -> #Questionnaire.item: the target's plan carries its invariants
          // (que-* hold for nested items too); constraints of the element itself (TestScript's tst-8 on
          // test.action.operation, next to the target's tst-7) run on the edge.
          const target = child.contentReference.slice(child.contentReference.indexOf('#') + 1);
          children.set(local, { plan: rename(target), inv: addInvariants(child, target) });
          continue;
        }
        const choice = local.endsWith('[x]');
        for (const t of child.type ?? []) {
          const jsonName = choice ? local.slice(0, -3) + capitalize(t.code) : local;
          let plan = typePlan(t.code, t.profile, rename(child.path)) ?? '';
          if (plan === '@' && child.path === 'Bundle.entry.resource') plan = '-';
          let edgeInv: number[] = [];
          // Constraints of a backbone element belong to its own plan (defined when the loop reaches it);
          // constraints on a typed element (Organization.telecom, Narrative.div) are evaluated per occurrence.
          if (plan !== rename(child.path)) edgeInv = addInvariants(child, edgeBase(child.path, t.code, plan, choice));
          children.set(jsonName, { plan, inv: edgeInv });
        }
      }
      rawPlans.set(name, { inv, children });
    }
  }

  for (const sd of typeDefs) {
    if (sd.kind !== 'complex-type') continue;
    definePlans(sd, sd.derivation === 'constraint' ? sd.name : sd.type);
  }
  const concreteResources = resourceDefs.filter((sd) => sd.kind === 'resource' && sd.derivation === 'specialization' && !sd.abstract);
  for (const sd of concreteResources) definePlans(sd, sd.type);

  // Prune: a plan matters when it has invariants, or a child edge that can lead to one.
  const matters = new Map<string, boolean>();
  for (const name of rawPlans.keys()) matters.set(name, false);
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, p] of rawPlans) {
      if (matters.get(name)) continue;
      const m =
        p.inv.length > 0 ||
        [...p.children.values()].some((c) => c.inv.length > 0 || c.plan === '@' || c.plan === '-' || matters.get(c.plan) === true);
      if (m) {
        matters.set(name, true);
        changed = true;
      }
    }
  }

  // Keep the plans reachable from resources (and from Extension, which the runtime walks everywhere).
  const plans: Record<string, Plan> = {};
  const queue = ['Extension', ...concreteResources.map((sd) => sd.type)];
  while (queue.length) {
    const name = queue.pop()!;
    if (plans[name] || !matters.get(name)) continue;
    const p = rawPlans.get(name)!;
    const children: Record<string, ChildEdge> = {};
    for (const [json, c] of p.children) {
      const planMatters = c.plan === '@' || c.plan === '-' || matters.get(c.plan) === true;
      if (!planMatters && c.inv.length === 0) continue;
      const plan = planMatters ? c.plan : '';
      children[json] = c.inv.length ? [plan, ...c.inv] : plan;
      if (planMatters && c.plan !== '@' && c.plan !== '-') queue.push(c.plan);
    }
    plans[name] = [p.inv, children];
  }

  // Renumber to the invariants actually used, and list the ones no reachable element uses.
  const used = new Set<number>();
  for (const [inv, children] of Object.values(plans)) {
    inv.forEach((i) => used.add(i));
    for (const edge of Object.values(children)) if (Array.isArray(edge)) edge.slice(1).forEach((i) => used.add(i as number));
  }
  const order = [...used].sort((a, b) => a - b);
  const renumber = new Map(order.map((old, i) => [old, i]));
  for (const plan of Object.values(plans)) {
    plan[0] = plan[0].map((i) => renumber.get(i)!);
    for (const [json, edge] of Object.entries(plan[1])) {
      if (Array.isArray(edge)) plan[1][json] = [edge[0], ...edge.slice(1).map((i) => renumber.get(i as number)!)];
    }
  }
  const unreachable: InvariantModel['unreachable'] = invariants
    .filter((_, i) => !used.has(i))
    .map(([key, , , , base]) => [key, base]);

  return {
    invariants: order.map((i) => invariants[i]),
    plans,
    notEvaluable,
    skippedKeys: [...SKIPPED_INVARIANT_KEYS],
    unreachable,
  };
}

/**
 * Compiles the expression as the runtime does and evaluates it once on an empty node; returns why it
 * cannot run (unknown types, functions that need a server such as resolve()), or undefined.
 * fhirpath.js evaluates both sides of and/or/implies, so an empty node reaches every function.
 */
function probe(expression: string, base: string, isResource: boolean): string | undefined {
  const model = r4model as unknown as fhirpath.Model;
  try {
    const fn = fhirpath.compile({ base, expression }, model, { traceFn: () => undefined });
    const node = isResource ? { resourceType: base } : {};
    const root = { resourceType: 'Basic' };
    fn(node, { resource: root, rootResource: root });
    return undefined;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 200);
  }
}

export async function generateInvariants({ definitionsDir, outDir }: { definitionsDir: string; outDir: string }): Promise<string[]> {
  const model = buildInvariantModel(definitionsDir);
  const json = JSON.stringify(model);
  const file = path.join(outDir, 'invariant-model.ts');
  const source =
    '// Generated by local/fhir-build/invariants.ts from the R4 StructureDefinitions; do not edit.\n' +
    "import type { InvariantModel } from '../invariants/types';\n\n" +
    `export const INVARIANT_MODEL: InvariantModel = JSON.parse(${JSON.stringify(json)});\n`;
  writeFileSync(file, source);
  return [file];
}
