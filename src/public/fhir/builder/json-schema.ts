import { structureModel, valueSetModel } from '../model';
import type { CompactModel, ElementDef } from '../model/types';

/**
 * JSON schemas of FHIR R4 resources, generated from our structure model, for a model's structured
 * output (OpenAI `response_format: json_schema`, non-strict). They guide the model towards the right
 * element names, cardinalities, JSON types and required codes; our scanner still validates the answer,
 * so the schema leaves out what it cannot express (invariants, slices) and what a model should not
 * write (extensions, contained resources, narrative).
 */
export type JsonSchema = { [key: string]: unknown };

export interface JsonSchemaOptions {
  /** How many levels of complex types are spelled out below the resource; deeper ones are open objects. Default 4. */
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 4;

/** Elements no drafted resource needs: the model should not invent extensions, contained resources or narrative. */
const SKIPPED_EVERYWHERE = new Set(['extension', 'modifierExtension']);
const SKIPPED_ON_RESOURCES = new Set(['text', 'contained', 'implicitRules', 'language']);

/** Lexical forms that a model gets wrong most often, said in words (the regexes are too long to be useful hints). */
const PRIMITIVE_HINTS: Record<string, string> = {
  date: 'YYYY, YYYY-MM or YYYY-MM-DD',
  dateTime: 'YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with a time zone (Z or +hh:mm)',
  instant: 'YYYY-MM-DDThh:mm:ss with a time zone (Z or +hh:mm)',
  time: 'hh:mm:ss',
  id: '1-64 letters, digits, "-" or "."',
  uri: 'a URI',
  url: 'a URL',
  canonical: 'a canonical URL',
  uuid: 'urn:uuid:<uuid>',
  oid: 'urn:oid:<oid>',
};

/** The schema of one resource type, e.g. `resourceJsonSchema('Observation')`. */
export function resourceJsonSchema(resourceType: string, options: JsonSchemaOptions = {}): JsonSchema {
  const builder = new SchemaBuilder(structureModel(), options.maxDepth ?? DEFAULT_MAX_DEPTH);
  const root = builder.typeSchema(resourceType, 0);
  return { ...root, $defs: builder.defs() };
}

/** The schema of a transaction Bundle whose entries hold resources of the given types. */
export function bundleJsonSchema(resourceTypes: readonly string[], options: JsonSchemaOptions = {}): JsonSchema {
  const builder = new SchemaBuilder(structureModel(), options.maxDepth ?? DEFAULT_MAX_DEPTH);
  const entryResources = [...new Set(resourceTypes)].map((t) => builder.reference(t, 1));
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      resourceType: { type: 'string', enum: ['Bundle'] },
      type: { type: 'string', enum: ['transaction'] },
      entry: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          properties: {
            fullUrl: { type: 'string', description: 'urn:uuid:<a new UUID>; other entries reference this resource by this value' },
            resource: entryResources.length === 1 ? entryResources[0] : { anyOf: entryResources },
            request: {
              type: 'object',
              additionalProperties: false,
              properties: {
                method: { type: 'string', enum: ['POST'] },
                url: { type: 'string', description: 'the resource type of the entry, e.g. Patient' },
              },
              required: ['method', 'url'],
            },
          },
          required: ['fullUrl', 'resource', 'request'],
        },
      },
    },
    required: ['resourceType', 'type', 'entry'],
    $defs: builder.defs(),
  };
}

/** Any resource: used when the request names no type we recognize (the model picks one). */
export function anyResourceJsonSchema(): JsonSchema {
  return {
    type: 'object',
    properties: { resourceType: { type: 'string', enum: resourceTypeNames() } },
    required: ['resourceType'],
  };
}

/** The schema for a draft of the given target types: one resource, a transaction Bundle of several, or any resource. */
export function draftJsonSchema(resourceTypes: readonly string[], options: JsonSchemaOptions = {}): JsonSchema {
  const known = [...new Set(resourceTypes)].filter(isResourceType);
  if (known.length === 0) return anyResourceJsonSchema();
  if (known.length === 1) return resourceJsonSchema(known[0], options);
  return bundleJsonSchema(known, options);
}

/** The concrete (instantiable) resource types of R4. */
export function resourceTypeNames(): string[] {
  const types = structureModel().types;
  return Object.keys(types).filter((name) => types[name].k === 'r' && !types[name].abs);
}

export function isResourceType(name: string): boolean {
  const def = structureModel().types[name];
  return def !== undefined && def.k === 'r' && !def.abs;
}

/** Builds schemas with shared `$defs`, spelling out complex types breadth-first down to maxDepth. */
class SchemaBuilder {
  private readonly defsByKey = new Map<string, JsonSchema>();
  private readonly pending: Array<[key: string, depth: number]> = [];

  constructor(
    private readonly model: CompactModel,
    private readonly maxDepth: number,
  ) {}

  /** A `$ref` to the type's definition (queued), or an open object when the type lies beyond maxDepth. */
  reference(typeKey: string, depth: number): JsonSchema {
    const def = this.model.types[typeKey];
    if (!def) return openObject();
    if (def.abs) return def.k === 'r' ? openObject('a FHIR resource with its resourceType') : openObject();
    const name = defName(typeKey);
    if (!this.defsByKey.has(name)) {
      if (depth > this.maxDepth) return openObject();
      this.defsByKey.set(name, {}); // reserved: recursive types refer to it before it is filled
      this.pending.push([typeKey, depth]);
    }
    return { $ref: `#/$defs/${name}` };
  }

  /** The inline schema of a type (the root of a document). */
  typeSchema(typeKey: string, depth: number): JsonSchema {
    const def = this.model.types[typeKey];
    if (!def || def.abs) throw new Error(`Not a FHIR type of R4: ${typeKey}`);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    if (def.k === 'r') {
      properties.resourceType = { type: 'string', enum: [typeKey] };
      required.push('resourceType');
    }
    for (const el of def.e) {
      if (SKIPPED_EVERYWHERE.has(el.n)) continue;
      if (def.k === 'r' && SKIPPED_ON_RESOURCES.has(el.n)) continue;
      // Element ids of data types are for extensions; a drafted resource does not need them.
      if (def.k !== 'r' && el.n === 'id') continue;
      if (el.x) {
        for (const t of el.t) properties[el.n + t[0].toUpperCase() + t.slice(1)] = this.elementSchema(el, t, depth);
      } else {
        properties[el.n] = this.elementSchema(el, el.t[0], depth);
        if (el.min > 0) required.push(el.n);
      }
    }
    const schema: JsonSchema = { type: 'object', additionalProperties: false, properties };
    if (required.length > 0) schema.required = required;
    return schema;
  }

  /** All definitions reached so far (filling the queued ones first). */
  defs(): Record<string, JsonSchema> {
    while (this.pending.length > 0) {
      const [key, depth] = this.pending.shift()!;
      this.defsByKey.set(defName(key), this.typeSchema(key, depth));
    }
    return Object.fromEntries(this.defsByKey);
  }

  private elementSchema(el: ElementDef, typeCode: string, depth: number): JsonSchema {
    let item = this.valueSchema(el, typeCode, depth);
    if (el.tg && typeCode === 'Reference') item = { ...item, description: `a reference to ${el.tg.join(' or ')} as "Type/id"` };
    if (el.max === 1) return item;
    const array: JsonSchema = { type: 'array', items: item };
    if (el.min > 0) array.minItems = el.min;
    if (el.max > 1) array.maxItems = el.max;
    return array;
  }

  private valueSchema(el: ElementDef, typeCode: string, depth: number): JsonSchema {
    const primitive = this.model.primitives[typeCode];
    if (primitive) {
      if (primitive.json === 'boolean') return { type: 'boolean' };
      if (primitive.json === 'number') {
        const schema: JsonSchema = { type: primitive.integer ? 'integer' : 'number' };
        if (primitive.min !== undefined && primitive.min > -2147483648) schema.minimum = primitive.min;
        return schema;
      }
      const codes = typeCode === 'code' && el.b?.[0] === 'r' ? enumeratedCodes(el.b[1]) : undefined;
      if (codes) return { type: 'string', enum: codes };
      const hint = PRIMITIVE_HINTS[typeCode];
      return hint ? { type: 'string', description: hint } : { type: 'string' };
    }
    return this.reference(typeCode, depth + 1);
  }
}

function openObject(description?: string): JsonSchema {
  return description ? { type: 'object', description } : { type: 'object' };
}

/** `$defs` keys: backbone types are keyed by path ("Patient.contact"). */
function defName(typeKey: string): string {
  return typeKey.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The codes of a value set the model enumerates (undefined when it cannot be enumerated offline). */
function enumeratedCodes(valueSetUrl: string): string[] | undefined {
  const vs = valueSetModel();
  const includes = vs.valueSets[valueSetUrl.split('|')[0]];
  if (!includes) return undefined;
  const codes = new Set<string>();
  for (const [system, list] of includes) {
    for (const code of list === '*' ? (vs.codeSystems[system] ?? []) : list) codes.add(code);
  }
  return codes.size > 0 ? [...codes] : undefined;
}
