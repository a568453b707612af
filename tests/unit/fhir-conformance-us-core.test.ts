import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createConformanceValidator } from 'public/fhir/conformance';
import type { Finding } from 'public/fhir/report/issue';

/** US Core 5.0.1 (profile: 'us-core'): constraints on top of the base validation. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const patientFixture = (): Json => JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/fhir/conformance/patient.json'), 'utf8'));

const usCore = createConformanceValidator({ profile: 'us-core' });
const base = createConformanceValidator();

function summary(resource: Json, v = usCore, minSeverity: 'information' | 'error' = 'information'): string[] {
  const out: string[] = [];
  v.validate(resource, (f: Finding) => {
    if (minSeverity === 'error' && f.severity !== 'error') return;
    out.push(`${f.severity} ${f.rule} ${f.expression.join(',')}`);
  });
  return out;
}

const errors = (resource: Json, v = usCore) => summary(resource, v, 'error');

const bloodPressure = (components: Json[]): Json => ({
  resourceType: 'Observation',
  status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
  subject: { reference: 'Patient/1' },
  effectiveDateTime: '2020-01-01T10:00:00Z',
  component: components,
});
const bpComponent = (code: string, value: number) => ({
  code: { coding: [{ system: 'http://loinc.org', code }] },
  valueQuantity: { value, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
});

describe('US Core 5.0.1 profile checks', () => {
  it('accepts a Synthea US Core patient with no errors', () => {
    expect(errors(patientFixture())).toEqual([]);
  });

  it('us-core.cardinality: a patient without identifier, name and gender', () => {
    const p = { resourceType: 'Patient', id: 'p1', birthDate: '2000-01-01' };
    expect(errors(p)).toEqual([
      'error us-core.cardinality Patient.identifier',
      'error us-core.cardinality Patient.name',
      'error us-core.cardinality Patient.gender',
    ]);
    // the base specification does not require them
    expect(summary(p, base)).toEqual([]);
  });

  it('us-core.cardinality in nested elements: identifier.system, telecom.value', () => {
    const p = patientFixture();
    delete p.identifier[0].system;
    p.telecom = [{ system: 'phone' }];
    expect(errors(p)).toEqual(['error us-core.cardinality Patient.identifier[0].system', 'error us-core.cardinality Patient.telecom[0].value']);
  });

  it('us-core.must-support: missing must-support elements are information', () => {
    const p = patientFixture();
    delete p.birthDate;
    const findings = summary(p);
    expect(findings).toContain('information us-core.must-support Patient.birthDate');
    expect(findings.filter((f) => !f.startsWith('information') && !f.startsWith('warning'))).toEqual([]);
    expect(summary(patientFixture())).not.toContain('information us-core.must-support Patient.birthDate');
  });

  it('us-core.slice: race extension needs its text sub-extension', () => {
    const p = patientFixture();
    const race = p.extension.find((e: Json) => e.url.endsWith('us-core-race'));
    race.extension = race.extension.filter((e: Json) => e.url !== 'text');
    expect(errors(p)).toEqual(['error us-core.slice Patient.extension[0].extension']);
  });

  it('us-core.slice: at most one race extension; us-core.cardinality: race allows no value[x]', () => {
    const p = patientFixture();
    const race = p.extension.find((e: Json) => e.url.endsWith('us-core-race'));
    p.extension.push({ ...race });
    expect(errors(p)).toEqual(['error us-core.slice Patient.extension']);
    const q = patientFixture();
    q.extension[0].valueString = 'White';
    expect(errors(q)).toEqual(['error ext-1 Patient.extension[0]', 'error us-core.cardinality Patient.extension[0].value[x]']);
  });

  it('blood pressure: systolic and diastolic components are required slices', () => {
    expect(errors(bloodPressure([bpComponent('8480-6', 120), bpComponent('8462-4', 80)]))).toEqual([]);
    expect(errors(bloodPressure([bpComponent('8480-6', 120), bpComponent('8480-6', 121)]))).toEqual([
      'error us-core.slice Observation.component',
      'error us-core.slice Observation.component',
    ]);
  });

  it('us-core.pattern: a profile claimed in meta.profile applies even when the code differs', () => {
    const bp = bloodPressure([bpComponent('8480-6', 120), bpComponent('8462-4', 80)]);
    bp.code = { coding: [{ system: 'http://loinc.org', code: '55284-4' }] };
    expect(errors(bp)).toEqual([]);
    bp.meta = { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-blood-pressure'] };
    expect(errors(bp)).toEqual(['error us-core.pattern Observation.code']);
  });

  it('us-core.target-type: MedicationRequest.subject must reference a Patient (base R4 also allows Group)', () => {
    const request = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: { text: 'aspirin' },
      subject: { reference: 'Group/1' },
      requester: { reference: 'Practitioner/1' },
      authoredOn: '2020-01-01',
    };
    expect(errors(request)).toEqual(['error us-core.target-type MedicationRequest.subject.reference']);
    expect(errors(request, base)).toEqual([]);
    expect(errors({ ...request, subject: { reference: 'Patient/1' } })).toEqual([]);
  });

  it('implantable Device: udiCarrier.deviceIdentifier and patient are required', () => {
    const device = { resourceType: 'Device', udiCarrier: [{ carrierHRF: '(01)123' }], type: { text: 'stent' }, patient: { reference: 'Patient/1' } };
    expect(errors(device)).toEqual(['error us-core.cardinality Device.udiCarrier[0].deviceIdentifier']);
    expect(errors({ ...device, udiCarrier: [{ deviceIdentifier: '123' }] })).toEqual([]);
  });

  it('us-core.binding: required bindings the profile adds', () => {
    const p = patientFixture();
    p.telecom = [{ system: 'phone', value: '555', use: 'mobile' }];
    expect(errors(p)).toEqual([]);
    p.telecom[0].system = 'pager-ish';
    // base R4 binds telecom.system as required too: both report it
    expect(errors(p)).toEqual(['error binding.required Patient.telecom[0].system']);
  });
});
