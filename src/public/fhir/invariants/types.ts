/**
 * The compact invariant model that local/fhir-build/invariants.ts generates from the R4
 * StructureDefinitions into src/public/fhir/generated/invariant-model.ts.
 */

/** One FHIRPath constraint: key, severity, human text, expression, and the fhirpath.js `base` (type or element path) it is evaluated at. */
export type InvariantDef = [key: string, severity: 'error' | 'warning', human: string, expression: string, base: string];

/**
 * A child edge of a plan, keyed by its JSON property name (choice elements once per type, e.g. "valuePeriod"):
 * - a plan name: walk the child with that plan;
 * - "@": the child holds resources (contained, Parameters.parameter.resource): walk each as a resource;
 * - "-": never descend (Bundle.entry.resource: the scanner scans entry resources on their own);
 * - [plan or "", ...invariant indexes]: constraints declared on the element itself (e.g. Narrative.div),
 *   evaluated on each occurrence, then the plan (if any) is walked.
 */
export type ChildEdge = string | Array<string | number>;

/** A plan: the invariants that hold at a node of this type / element, and the children that can lead to more. */
export type Plan = [invariants: number[], children: Record<string, ChildEdge>];

export interface InvariantModel {
  invariants: InvariantDef[];
  /** Plans by name: a resource or data type name ("Period", "SimpleQuantity") or a backbone element path ("Observation.referenceRange"). */
  plans: Record<string, Plan>;
  /** Constraints the fhirpath engine cannot compile or evaluate synchronously: [key, context path, reason]. */
  notEvaluable: Array<[key: string, context: string, reason: string]>;
  /** Keys left to the structural validator, which checks them natively. */
  skippedKeys: string[];
  /** Constraints of types no R4 element uses (e.g. MoneyQuantity's mqty-1): [key, context]. */
  unreachable: Array<[key: string, context: string]>;
}
