/**
 * Offline expansion of the value sets that bindings use, from the R4 ValueSets and CodeSystems
 * (valuesets.json, v3-codesystems.json, v2-tables.json). Value sets that need an external
 * terminology (SNOMED CT, LOINC, UCUM, BCP-47/13, ...) or unsupported filters are "unenumerable".
 */
import type { BindingStrength, ValueSetInclude, ValueSetModel } from '../../../src/public/fhir/model/types';
import { stripVersion, type FhirResourceJson } from './definitions';

interface Concept {
  code: string;
  concept?: Concept[];
}
interface CodeSystemJson extends FhirResourceJson {
  url: string;
  content?: string;
  concept?: Concept[];
}
interface ComposeInclude {
  system?: string;
  concept?: { code: string }[];
  filter?: { property: string; op: string; value: string }[];
  valueSet?: string[];
}
interface ValueSetJson extends FhirResourceJson {
  url: string;
  compose?: { include?: ComposeInclude[]; exclude?: ComposeInclude[] };
  expansion?: { contains?: { system?: string; code?: string; contains?: unknown[] }[] };
}

class Unenumerable extends Error {}

interface CodeSystemIndex {
  all: string[];
  children: Map<string, string[]>;
}

function indexCodeSystem(cs: CodeSystemJson): CodeSystemIndex {
  const all: string[] = [];
  const children = new Map<string, string[]>();
  const walk = (concepts: Concept[] | undefined, parent: string | undefined) => {
    for (const c of concepts ?? []) {
      all.push(c.code);
      if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), c.code]);
      walk(c.concept, c.code);
    }
  };
  walk(cs.concept, undefined);
  return { all, children };
}

/** system -> code set, in insertion order. */
type Expansion = Map<string, Set<string>>;

export function buildValueSets(resources: FhirResourceJson[], bound: Map<string, BindingStrength>): ValueSetModel {
  const codeSystems = new Map<string, CodeSystemIndex>();
  const valueSets = new Map<string, ValueSetJson>();
  for (const r of resources) {
    if (r.resourceType === 'CodeSystem' && r.url) {
      const cs = r as CodeSystemJson;
      if (cs.content === 'complete' && !codeSystems.has(cs.url)) codeSystems.set(cs.url, indexCodeSystem(cs));
    } else if (r.resourceType === 'ValueSet' && r.url && !valueSets.has(r.url)) {
      valueSets.set(r.url, r as ValueSetJson);
    }
  }

  const wholeSystems = new Set<string>();
  const cache = new Map<string, Expansion>();

  function descendants(system: string, code: string, self: boolean): string[] {
    const cs = codeSystems.get(system);
    if (!cs) throw new Unenumerable(`code system ${system} not available`);
    const out: string[] = self ? [code] : [];
    const stack = [...(cs.children.get(code) ?? [])];
    while (stack.length) {
      const c = stack.pop() as string;
      out.push(c);
      stack.push(...(cs.children.get(c) ?? []));
    }
    return out;
  }

  function includeCodes(inc: ComposeInclude, stack: string[]): Expansion {
    const result: Expansion = new Map();
    let fromValueSets: Expansion | undefined;
    for (const vs of inc.valueSet ?? []) {
      const e = expand(stripVersion(vs), stack);
      fromValueSets = fromValueSets ? intersect(fromValueSets, e) : e;
    }
    if (!inc.system) return fromValueSets ?? result;
    const system = inc.system;
    let codes: string[];
    if (inc.concept?.length) {
      codes = inc.concept.map((c) => c.code);
    } else if (inc.filter?.length) {
      let sets: string[] | undefined;
      for (const f of inc.filter) {
        let found: string[];
        if (f.property === 'concept' && f.op === 'is-a') found = descendants(system, f.value, true);
        else if (f.property === 'concept' && f.op === 'descendent-of') found = descendants(system, f.value, false);
        else if (f.property === 'concept' && f.op === 'is-not-a') {
          const excluded = new Set(descendants(system, f.value, true));
          found = (codeSystems.get(system)?.all ?? []).filter((c) => !excluded.has(c));
        } else throw new Unenumerable(`filter ${f.property} ${f.op}`);
        sets = sets ? sets.filter((c) => found.includes(c)) : found;
      }
      codes = sets ?? [];
    } else {
      const cs = codeSystems.get(system);
      if (!cs) throw new Unenumerable(`code system ${system} not available`);
      wholeSystems.add(system);
      codes = cs.all;
    }
    result.set(system, new Set(codes));
    return fromValueSets ? intersect(fromValueSets, result) : result;
  }

  function expand(url: string, stack: string[] = []): Expansion {
    const cached = cache.get(url);
    if (cached) return cached;
    if (stack.includes(url)) throw new Unenumerable(`circular value set ${url}`);
    const vs = valueSets.get(url);
    if (!vs) throw new Unenumerable(`value set ${url} not available`);
    const result: Expansion = new Map();
    if (vs.compose?.include?.length) {
      for (const inc of vs.compose.include) merge(result, includeCodes(inc, [...stack, url]));
      for (const exc of vs.compose.exclude ?? []) {
        for (const [system, codes] of includeCodes(exc, [...stack, url])) {
          const have = result.get(system);
          if (have) for (const c of codes) have.delete(c);
        }
      }
    } else if (vs.expansion?.contains?.length) {
      const walk = (items: { system?: string; code?: string; contains?: unknown[] }[]) => {
        for (const i of items) {
          if (i.system && i.code) merge(result, new Map([[i.system, new Set([i.code])]]));
          if (i.contains) walk(i.contains as typeof items);
        }
      };
      walk(vs.expansion.contains);
    } else {
      throw new Unenumerable(`value set ${url} has no compose`);
    }
    cache.set(url, result);
    return result;
  }

  const model: ValueSetModel = { codeSystems: {}, valueSets: {}, unenumerable: {} };
  const usedWhole = new Set<string>();
  for (const [url, strength] of [...bound].sort(([a], [b]) => a.localeCompare(b))) {
    let expansion: Expansion;
    try {
      expansion = expand(url);
    } catch (error) {
      if (!(error instanceof Unenumerable)) throw error;
      model.unenumerable[url] = strength;
      continue;
    }
    const includes: ValueSetInclude[] = [];
    for (const [system, codes] of expansion) {
      const whole = codeSystems.get(system);
      if (wholeSystems.has(system) && whole && whole.all.length === codes.size && whole.all.length > 8) {
        includes.push([system, '*']);
        usedWhole.add(system);
      } else {
        includes.push([system, [...codes]]);
      }
    }
    model.valueSets[url] = includes;
  }
  for (const system of [...usedWhole].sort()) model.codeSystems[system] = codeSystems.get(system)?.all ?? [];
  return model;
}

function merge(into: Expansion, from: Expansion): void {
  for (const [system, codes] of from) {
    const have = into.get(system);
    if (have) for (const c of codes) have.add(c);
    else into.set(system, new Set(codes));
  }
}

function intersect(a: Expansion, b: Expansion): Expansion {
  const out: Expansion = new Map();
  for (const [system, codes] of a) {
    const other = b.get(system);
    if (other) out.set(system, new Set([...codes].filter((c) => other.has(c))));
  }
  return out;
}
