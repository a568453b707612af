import * as fhirpath from 'fhirpath';
import * as r4model from 'fhirpath/fhir-context/r4';

/** A compiled invariant: evaluates at a node (the invariant's context), with %resource / %rootResource. */
export type CompiledInvariant = (node: unknown, env: InvariantEnv) => unknown[];

export interface InvariantEnv {
  resource: Record<string, unknown>;
  rootResource: Record<string, unknown>;
}

const model = r4model as unknown as fhirpath.Model;
// trace() appears in some R4 expressions (ref-1, que-1, sdf-16); fhirpath.js logs it to the console otherwise.
const options = { resolveInternalTypes: false, traceFn: () => undefined } as const;
const cache = new Map<string, CompiledInvariant>();

/**
 * Compiles an invariant once (shared by invariants with the same base and expression, e.g. txt-1 and
 * txt-2). `base` is the type ("Period") or element path ("Observation.referenceRange") of the
 * context node, so fhirpath.js types the node's children as the spec does.
 */
export function compileInvariant(base: string, expression: string): CompiledInvariant {
  const cacheKey = base + '\u0000' + expression;
  let fn = cache.get(cacheKey);
  if (!fn) {
    fn = fhirpath.compile({ base, expression }, model, options) as unknown as CompiledInvariant;
    cache.set(cacheKey, fn);
  }
  return fn;
}

/**
 * The verdict of an evaluation: false only when the expression evaluates to false. An empty result
 * (FHIRPath's "unknown", e.g. ref-1 on a Reference with only a display, or per-1 comparing dates of
 * different precision) is not a proven violation and is not reported.
 */
export function verdict(result: unknown[]): boolean {
  if (result.length !== 1) return true;
  return fhirpath.util.valData(result[0]) !== false;
}
