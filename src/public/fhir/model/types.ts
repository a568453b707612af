/**
 * The compact structure model: what the conformance validator needs from the R4 StructureDefinitions,
 * ValueSets and the US Core profiles, generated at build time by local/fhir-build/structure.ts into
 * src/public/fhir/generated/. Keys are short on purpose: the model ships to browsers.
 */

/** How a primitive is written in JSON and which lexical rules its value obeys. */
export interface PrimitiveDef {
  /** JSON representation of the value. */
  json: 'string' | 'boolean' | 'number';
  /** The type's regex (from the `value` element's regex extension), anchored by the validator. */
  regex?: string;
  /** Numbers that must be integers, with their inclusive range. */
  integer?: boolean;
  min?: number;
  max?: number;
}

/** One element of a complex type, resource or backbone element. */
export interface ElementDef {
  /** JSON property name; for choice elements the stem ("value" for value[x]). */
  n: string;
  min: number;
  /** Maximum cardinality; -1 means unbounded ("*"). */
  max: number;
  /**
   * Type codes: primitive names ("string"), complex types ("HumanName"), resources, or the key of a
   * backbone type in CompactModel.types ("Patient.contact"), which also resolves contentReference.
   */
  t: string[];
  /** A choice element (`value[x]`): the JSON names are the stem plus the capitalized type code. */
  x?: 1;
  /** Reference target resource types (absent: any resource). */
  tg?: string[];
  /** Binding: strength (r = required, e = extensible, p = preferred) and value set url. */
  b?: [BindingStrength, string];
}

export type BindingStrength = 'r' | 'e' | 'p';

/** A complex type, a resource or a backbone element. */
export interface TypeDef {
  /** r = resource, c = complex data type, b = backbone element (keyed by its path). */
  k: 'r' | 'c' | 'b';
  /** Abstract types (Resource, DomainResource, Element...) cannot be instantiated. */
  abs?: 1;
  e: ElementDef[];
}

export interface CompactModel {
  fhirVersion: string;
  primitives: Record<string, PrimitiveDef>;
  types: Record<string, TypeDef>;
}

/**
 * One include of an enumerated value set: the code system and its codes, or "*" for every code of
 * a code system kept in ValueSetModel.codeSystems (value sets that include whole systems share it).
 */
export type ValueSetInclude = [system: string, codes: string[] | '*'];

export interface ValueSetModel {
  /** Full code lists of the code systems that value sets include whole. */
  codeSystems: Record<string, string[]>;
  /** Enumerated value sets by canonical url (no version). */
  valueSets: Record<string, ValueSetInclude[]>;
  /** Bound value sets that cannot be enumerated offline (SNOMED CT, LOINC, BCP-47, filters...). */
  unenumerable: Record<string, BindingStrength>;
}

/** A constraint a profile adds to one element (path as in the snapshot, e.g. "Patient.name.family"). */
export interface ProfileElement {
  /** Snapshot path without the resource type: "name.family", "value[x]". Empty for the root. */
  p: string;
  /** Cardinality when tighter than the base definition. */
  min?: number;
  max?: number;
  /** mustSupport. */
  ms?: 1;
  /** fixed[x] (exact) or pattern[x] (the instance must contain it) value. */
  fixed?: unknown;
  pattern?: unknown;
  /** Binding when stronger than or different from the base one. */
  b?: [BindingStrength, string];
  /** Allowed reference target types when the profile narrows them. */
  tg?: string[];
  /** Allowed types when the profile narrows a choice (type codes). */
  t?: string[];
}

/** A slice of a repeating element, recognized by a pattern its items contain. */
export interface ProfileSlice {
  /** Path of the sliced element ("component", "extension", "category"). */
  p: string;
  name: string;
  min: number;
  /** -1 means unbounded. */
  max: number;
  /** The pattern an item of the slice contains (e.g. { url } for extensions, { code } for components). */
  match: Record<string, unknown>;
}

export interface ProfileDef {
  url: string;
  name: string;
  /** Resource type or "Extension". */
  type: string;
  elements: ProfileElement[];
  slices: ProfileSlice[];
}

export interface ProfileSetModel {
  name: string;
  version: string;
  profiles: ProfileDef[];
}

/**
 * The HL7 core extensions (extension-definitions.json): what a value of each may be. Keyed by the
 * extension's canonical url. Only what an instance can be checked against without its context.
 */
export interface ExtensionDef {
  /** The definition's name, for messages (e.g. "patient-birthPlace"). */
  n: string;
  /**
   * A simple extension: the value[x] type codes it takes ("*" = any type). Absent for a complex
   * extension (nested extensions, no value).
   */
  v?: string[] | '*';
  /** A required binding of the value. */
  b?: [BindingStrength, string];
  /** A complex extension: its nested extensions by url (open: others may appear). */
  s?: Record<string, ExtensionPartDef>;
}

export interface ExtensionPartDef {
  min: number;
  /** -1 = unbounded. */
  max: number;
  /** Value type codes ("*" = any); absent when the part is itself complex. */
  v?: string[] | '*';
  b?: [BindingStrength, string];
}

export interface ExtensionModel {
  extensions: Record<string, ExtensionDef>;
}
