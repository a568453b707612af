import { createConformanceValidator } from 'public/fhir/conformance';
import type { Finding } from 'public/fhir/report/issue';

/**
 * Extensions the HL7 core defines (extension-definitions.json): their values are checked against
 * the definitions, injected defect by defect; correct use and unknown urls give no finding.
 */
type Json = Record<string, unknown>;
const validator = createConformanceValidator();

function findings(resource: Json): string[] {
  const out: string[] = [];
  validator.validate(resource, (f: Finding) => out.push(`${f.severity} ${f.rule} ${f.expression.join(',')}`));
  return out;
}

function messages(resource: Json): string[] {
  const out: string[] = [];
  validator.validate(resource, (f: Finding) => out.push(f.message));
  return out;
}

const BIRTH_PLACE = 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace';
const NATIONALITY = 'http://hl7.org/fhir/StructureDefinition/patient-nationality';
const DATA_ABSENT = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
const SIBLING = 'http://hl7.org/fhir/StructureDefinition/family-member-history-genetics-sibling';

const patient = (...extension: Json[]): Json => ({ resourceType: 'Patient', id: 'p1', extension });
const nationality = (...parts: Json[]): Json => ({ url: NATIONALITY, extension: parts });
const code = { url: 'code', valueCodeableConcept: { coding: [{ system: 'urn:iso:std:iso:3166', code: 'NL' }] } };

describe('known core extensions', () => {
  it('takes correct use, and leaves extensions the core does not define alone', () => {
    expect(findings(patient({ url: BIRTH_PLACE, valueAddress: { city: 'Utrecht', country: 'NL' } }))).toEqual([]);
    expect(findings(patient(nationality(code, { url: 'period', valuePeriod: { start: '2001-01-01' } })))).toEqual([]);
    expect(findings(patient({ url: DATA_ABSENT, valueCode: 'unknown' }))).toEqual([]);
    expect(findings(patient({ url: 'http://example.org/fhir/StructureDefinition/anything', valueAddress: { city: 'x' } }))).toEqual([]);
    // Parts a core definition does not name are allowed (their slicing is open).
    expect(findings(patient(nationality(code, { url: 'http://example.org/extra', valueString: 'x' })))).toEqual([]);
  });

  it('a simple extension with a value of a type it does not take (ext.value-type)', () => {
    const resource = patient({ url: BIRTH_PLACE, valueString: 'Utrecht' });
    expect(findings(resource)).toEqual(['error ext.value-type Patient.extension[0].valueString']);
    expect(messages(resource)).toEqual(['The extension patient-birthPlace takes valueAddress, not valueString']);
  });

  it('a simple extension with nested extensions instead of a value (ext.shape)', () => {
    expect(findings(patient({ url: BIRTH_PLACE, extension: [{ url: 'city', valueString: 'Utrecht' }] }))).toEqual(['error ext.shape Patient.extension[0].extension']);
  });

  it("a value outside the extension's required value set (binding.required)", () => {
    expect(findings(patient({ url: DATA_ABSENT, valueCode: 'forgot' }))).toEqual(['error binding.required Patient.extension[0].valueCode']);
  });

  it('a complex extension with a value instead of parts (ext.shape)', () => {
    expect(findings(patient({ url: NATIONALITY, valueCode: 'NL' }))).toEqual(['error ext.shape Patient.extension[0].valueCode']);
  });

  it('a part with a value of the wrong type, and a part more often than allowed (ext.value-type, ext.part-cardinality)', () => {
    expect(findings(patient(nationality({ url: 'code', valueString: 'NL' })))).toEqual(['error ext.value-type Patient.extension[0].extension[0].valueString']);
    expect(findings(patient(nationality(code, code)))).toEqual(['error ext.part-cardinality Patient.extension[0].extension']);
  });

  it('a required part missing (ext.part-cardinality)', () => {
    const history = (...parts: Json[]): Json => ({ resourceType: 'FamilyMemberHistory', id: 'f1', status: 'completed', patient: { reference: 'Patient/p1' }, relationship: { text: 'sister' }, extension: [{ url: SIBLING, extension: parts }] });
    const reference = { url: 'reference', valueReference: { reference: 'FamilyMemberHistory/f2' } };
    expect(findings(history(reference))).toEqual(['error ext.part-cardinality FamilyMemberHistory.extension[0].extension']);
    expect(messages(history(reference))[0]).toBe('The extension family-member-history-genetics-sibling requires the part "type" (at least 1, found 0)');
  });

  it('a part value outside its required value set (binding.required)', () => {
    const risk = (value: string): Json => ({
      resourceType: 'AllergyIntolerance',
      id: 'a1',
      patient: { reference: 'Patient/p1' },
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/allergyintolerance-substanceExposureRisk',
          extension: [
            { url: 'substance', valueCodeableConcept: { text: 'peanut' } },
            { url: 'exposureRisk', valueCodeableConcept: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allerg-intol-substance-exp-risk', code: value }] } },
          ],
        },
      ],
    });
    expect(findings(risk('known-reaction-risk'))).toEqual([]);
    expect(findings(risk('maybe'))).toEqual(['error binding.required AllergyIntolerance.extension[0].extension[1].valueCodeableConcept']);
  });

  it('checks extensions on elements the same way', () => {
    const resource = {
      resourceType: 'Patient',
      id: 'p1',
      address: [{ city: 'Utrecht', extension: [{ url: BIRTH_PLACE, valueBoolean: true }] }],
    };
    expect(findings(resource)).toEqual(['error ext.value-type Patient.address[0].extension[0].valueBoolean']);
  });
});
