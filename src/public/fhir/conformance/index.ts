/**
 * The structural conformance validator: checks a resource against the R4 StructureDefinitions
 * (elements, types, primitive formats, cardinality, choices, bindings, references, extensions,
 * narrative, contained resources, ele-1/ext-1/dom-2..5), Bundle rules, and optionally US Core 5.0.1.
 */
import { extensionModel, structureModel, usCoreModel, valueSetModel } from '../model';
import type { FindingSink } from '../report/issue';
import type { EntryContext } from './bundle-index';
import { checkBundle } from './bundle';
import { Compiler } from './compiler';
import { Context } from './context';
import { ProfileChecker } from './profiles';
import { Terminology } from './terminology';

export interface ConformanceOptions {
  /** Also check the US Core 5.0.1 profiles. */
  profile?: 'us-core';
}

export interface ConformanceValidator {
  validate(resource: Record<string, unknown>, sink: FindingSink): void;
}

export function createConformanceValidator(options: ConformanceOptions = {}): ConformanceValidator {
  const terminology = new Terminology(valueSetModel());
  const compiler = new Compiler(structureModel(), terminology, extensionModel());
  const profiles = options.profile === 'us-core' ? new ProfileChecker(usCoreModel(), terminology, compiler) : null;
  const ctx = new Context();
  // Entry resources of Bundles validated earlier, so their references resolve within their Bundle.
  const entries = new WeakMap<object, EntryContext>();

  return {
    validate(resource, sink) {
      const rt = resource.resourceType;
      ctx.reset(typeof rt === 'string' && rt !== '' ? rt : 'Resource', sink);
      ctx.bundle = entries.get(resource)?.bundle ?? null;
      try {
        compiler.checkResource(resource, ctx, false);
        if (rt === 'Bundle') checkBundle(resource, ctx, entries);
        if (profiles && typeof rt === 'string') profiles.check(resource, ctx);
      } catch (error) {
        // A defect of the validator must not abort a whole scan: report it on this resource.
        sink({
          severity: 'error',
          code: 'processing',
          category: 'conformance',
          rule: 'conformance.internal-error',
          expression: [],
          message: `The conformance validator failed on this resource: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    },
  };
}
