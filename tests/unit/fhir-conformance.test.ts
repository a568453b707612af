import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createConformanceValidator } from 'public/fhir/conformance';
import type { Finding } from 'public/fhir/report/issue';

/**
 * Structural conformance rules: for each rule, an injected defect that must be flagged (rule,
 * severity, expression) and a close look-alike that must not.
 */
const fixtures = path.resolve(__dirname, '../fixtures/fhir/conformance');
const load = (name: string) => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as Record<string, unknown>;

const validator = createConformanceValidator();

function check(resource: Record<string, unknown>, v = validator): Finding[] {
  const findings: Finding[] = [];
  v.validate(resource, (f) => findings.push(f));
  return findings;
}

/** Findings reduced to "severity rule expression" for compact assertions. */
function summary(resource: Record<string, unknown>, v = validator): string[] {
  return check(resource, v).map((f) => `${f.severity} ${f.rule} ${f.expression.join(',')}`);
}

const patient = (extra: Record<string, unknown> = {}) => ({ resourceType: 'Patient', id: 'p1', ...extra });
const observation = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  id: 'o1',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8302-2' }] },
  ...extra,
});

describe('conformance: valid resources', () => {
  it('accepts a Synthea patient as it is (one true warning: SS is not in the extensible identifier-type value set)', () => {
    expect(summary(load('patient.json'))).toEqual(['warning binding.extensible Patient.identifier[2].type']);
  });

  it('every finding is in the conformance category with a FHIRPath expression', () => {
    const findings = check(patient({ birthdate: '2000' }));
    expect(findings).toEqual([
      expect.objectContaining({ category: 'conformance', code: 'structure', expression: ['Patient.birthdate'] }),
    ]);
  });
});

describe('struct.resource-type', () => {
  it('flags an unknown resourceType with a suggestion', () => {
    const [f] = check({ resourceType: 'Patinet', id: 'x' });
    expect(f).toMatchObject({ severity: 'error', rule: 'struct.resource-type' });
    expect(f.message).toContain('did you mean "Patient"');
  });

  it('flags abstract resource types', () => {
    expect(check({ resourceType: 'DomainResource' })[0].message).toContain('abstract');
  });
});

describe('struct.unknown-element', () => {
  it('flags a misspelled element with a suggestion', () => {
    const [f] = check(patient({ birthdate: '1970-01-01' }));
    expect(f).toMatchObject({ severity: 'error', rule: 'struct.unknown-element', expression: ['Patient.birthdate'] });
    expect(f.message).toBe('Unknown element "birthdate" in Patient (did you mean "birthDate"?)');
  });

  it('flags unknown elements nested in data types with indexes in the path', () => {
    expect(summary(patient({ name: [{ family: 'A' }, { famly: 'B' }] }))).toEqual(['error struct.unknown-element Patient.name[1].famly']);
  });

  it('flags a choice written with a type it does not allow', () => {
    const [f] = check(observation({ valueMoney: { value: 1, currency: 'USD' } }));
    expect(f).toMatchObject({ rule: 'struct.unknown-element', expression: ['Observation.valueMoney'] });
    expect(f.message).toContain('Observation.value[x] does not allow type Money');
  });

  it('accepts allowed choice types and resourceType only at the resource root', () => {
    expect(summary(observation({ valueQuantity: { value: 1, unit: 'cm' } }))).toEqual([]);
    expect(summary(patient({ name: [{ resourceType: 'HumanName', family: 'A' }] }))).toEqual(['error struct.unknown-element Patient.name[0].resourceType']);
  });

  it('flags "_x" siblings of non-primitive elements', () => {
    expect(summary(patient({ name: [{ family: 'A' }], _name: [{ id: 'x' }] }))).toEqual(['error struct.unknown-element Patient._name']);
  });
});

describe('struct.type', () => {
  it('flags a single value where an array is required and an array where a single value is', () => {
    expect(summary(patient({ name: { family: 'A' } }))).toEqual(['error struct.type Patient.name']);
    expect(summary(patient({ gender: ['male'] }))).toEqual(['error struct.type Patient.gender']);
  });

  it('flags wrong JSON types of primitives', () => {
    expect(summary(patient({ active: 'true' }))).toEqual(['error struct.type Patient.active']);
    expect(summary(patient({ birthDate: 19700101 }))).toEqual(['error struct.type Patient.birthDate']);
    expect(summary(patient({ multipleBirthInteger: '2' }))).toEqual(['error struct.type Patient.multipleBirthInteger']);
    expect(summary(patient({ name: ['Smith'] }))).toEqual(['error struct.type Patient.name[0]']);
  });

  it('flags JSON null', () => {
    expect(summary(patient({ gender: null }))).toEqual(['error struct.type Patient.gender']);
    expect(summary(patient({ name: [{ given: ['A', null] }] }))).toEqual(['error struct.type Patient.name[0].given[1]']);
  });

  it('accepts the same values with their right JSON types', () => {
    expect(summary(patient({ active: true, birthDate: '1970-01-01', multipleBirthInteger: 2, name: [{ given: ['A'] }] }))).toEqual([]);
  });
});

describe('struct.primitive', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['an impossible date', { birthDate: '1990-02-30' }, 'Patient.birthDate'],
    ['a month 13', { birthDate: '1990-13-01' }, 'Patient.birthDate'],
    ['a dateTime with a time and no time zone', { deceasedDateTime: '2020-01-01T10:00:00' }, 'Patient.deceasedDateTime'],
    ['an instant without a time', { meta: { lastUpdated: '2020-01-01' } }, 'Patient.meta.lastUpdated'],
    ['an id with an underscore', { id: 'bad_id' }, 'Patient.id'],
    ['an id longer than 64 characters', { id: 'a'.repeat(65) }, 'Patient.id'],
    ['a non-integer integer', { multipleBirthInteger: 2.5 }, 'Patient.multipleBirthInteger'],
    ['an integer beyond 32 bits', { multipleBirthInteger: 2 ** 31 }, 'Patient.multipleBirthInteger'],
    ['a uri with a space', { implicitRules: 'http://a b' }, 'Patient.implicitRules'],
    ['a code with a leading space', { gender: ' male' }, 'Patient.gender'],
    ['invalid base64', { photo: [{ data: 'abc' }] }, 'Patient.photo[0].data'],
    ['a string with a form feed', { name: [{ family: 'A\fB' }] }, 'Patient.name[0].family'],
    ['an invalid oid', { extension: [{ url: 'http://example.org/x', valueOid: 'urn:oid:1.02' }] }, 'Patient.extension[0].valueOid'],
    ['an invalid uuid', { extension: [{ url: 'http://example.org/x', valueUuid: 'urn:uuid:ABC' }] }, 'Patient.extension[0].valueUuid'],
    ['a time without seconds', { extension: [{ url: 'http://example.org/x', valueTime: '10:30' }] }, 'Patient.extension[0].valueTime'],
  ];
  it.each(cases)('flags %s', (_label, extra, expression) => {
    const findings = check(patient(extra)).filter((f) => f.rule === 'struct.primitive');
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', code: 'value', expression: [expression] })]);
  });

  it('flags whitespace-only strings (error) and warns on leading/trailing whitespace', () => {
    expect(summary(patient({ name: [{ family: '   ' }] }))).toEqual(['error struct.primitive Patient.name[0].family']);
    expect(summary(patient({ name: [{ family: ' Smith ' }] }))).toEqual(['warning struct.whitespace Patient.name[0].family']);
    expect(summary(patient({ name: [{ family: 'Van Smith' }] }))).toEqual([]);
  });

  it('flags positiveInt 0 but not unsignedInt 0', () => {
    const recommendation = (dose: number) => ({
      resourceType: 'ImmunizationRecommendation',
      patient: { reference: 'Patient/1' },
      date: '2020',
      recommendation: [{ forecastStatus: { text: 'due' }, doseNumberPositiveInt: dose, vaccineCode: [{ text: 'flu' }] }],
    });
    expect(summary(recommendation(0))).toEqual(['error struct.primitive ImmunizationRecommendation.recommendation[0].doseNumberPositiveInt']);
    expect(summary(recommendation(1))).toEqual([]);
    expect(summary(patient({ photo: [{ size: 0 }] }))).toEqual([]);
    expect(summary(patient({ photo: [{ size: -1 }] }))).toEqual(['error struct.primitive Patient.photo[0].size']);
  });

  it('accepts valid forms of the same types', () => {
    expect(
      summary(
        patient({
          id: 'A-1.b',
          birthDate: '2000-02-29',
          deceasedDateTime: '2020-01-01T10:00:00.123+05:30',
          meta: { lastUpdated: '2020-01-01T00:00:00Z' },
          photo: [{ data: 'YWJj/w+= ' }],
          identifier: [{ system: 'urn:oid:2.16.840.1.113883' }],
          name: [{ family: 'Ünïcødé\u00a0name\ttab' }],
        }),
      ),
    ).toEqual([]);
    expect(summary(patient({ birthDate: '2001-02-29' }))).toEqual(['error struct.primitive Patient.birthDate']);
  });
});

describe('ele-1: empty elements', () => {
  it('flags empty strings, arrays and objects', () => {
    expect(summary(patient({ name: [{ given: [''] }] }))).toEqual(['error ele-1 Patient.name[0].given[0]']);
    expect(summary(patient({ name: [] }))).toEqual(['error ele-1 Patient.name']);
    expect(summary(patient({ telecom: [{}] }))).toEqual(['error ele-1 Patient.telecom[0]']);
    expect(summary(patient({ maritalStatus: { id: 'm' } }))).toEqual(['error ele-1 Patient.maritalStatus']);
    expect(summary(patient({ _birthDate: {} }))).toEqual(['error ele-1 Patient.birthDate']);
  });

  it('accepts a primitive that has only an extension', () => {
    const ext = { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }] };
    expect(summary(patient({ _birthDate: ext }))).toEqual([]);
  });
});

describe('primitive extension siblings (_element)', () => {
  const ext = { extension: [{ url: 'http://example.org/x', valueString: 'y' }] };
  it('accepts aligned arrays with nulls', () => {
    expect(summary(patient({ name: [{ given: ['A', null], _given: [null, ext] }] }))).toEqual([]);
  });

  it('flags misaligned arrays, double nulls and bad shapes', () => {
    expect(summary(patient({ name: [{ given: ['A', 'B'], _given: [null] }] }))).toEqual(['error struct.type Patient.name[0].given']);
    expect(summary(patient({ name: [{ given: ['A', null], _given: [ext, null] }] }))).toEqual([
      'error struct.type Patient.name[0].given[1]',
      'error struct.type Patient.name[0].given[1]',
    ]);
    expect(summary(patient({ _birthDate: [ext] }))).toEqual(['error struct.type Patient.birthDate']);
    expect(summary(patient({ birthDate: '2000', _birthDate: { extension: [{ url: 'http://example.org/x' }] } }))).toEqual([
      'error ext-1 Patient.birthDate.extension[0]',
    ]);
  });
});

describe('struct.cardinality', () => {
  it('flags missing required elements at the element path', () => {
    const findings = check({ resourceType: 'Observation', id: 'o1' });
    expect(findings.map((f) => `${f.rule} ${f.expression[0]} ${f.code}`)).toEqual([
      'struct.cardinality Observation.status required',
      'struct.cardinality Observation.code required',
    ]);
    expect(findings[0].message).toBe('Missing required element "status" (minimum cardinality 1)');
  });

  it('flags missing required elements in backbone elements and data types', () => {
    expect(summary(patient({ link: [{ type: 'seealso' }] }))).toEqual(['error struct.cardinality Patient.link[0].other']);
    expect(summary(patient({ extension: [{ valueString: 'x' }] }))).toEqual(['error struct.cardinality Patient.extension[0].url']);
  });

  it('counts a primitive given only by its extension as present', () => {
    const ext = { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }] };
    const { status: _status, ...withoutStatus } = observation();
    expect(summary({ ...withoutStatus, _status: ext })).toEqual([]);
    expect(summary(withoutStatus)).toEqual(['error struct.cardinality Observation.status']);
  });

  it('flags a required choice element by its [x] name', () => {
    const request = { resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: { reference: 'Patient/1' } };
    expect(summary(request)).toEqual(['error struct.cardinality MedicationRequest.medication[x]']);
    expect(summary({ ...request, medicationCodeableConcept: { text: 'aspirin' } })).toEqual([]);
  });
});

describe('struct.choice', () => {
  it('flags two variants of one choice element', () => {
    const [f] = check(observation({ valueString: 'a', valueBoolean: true }));
    expect(f).toMatchObject({ severity: 'error', rule: 'struct.choice', expression: ['Observation.valueBoolean'] });
    expect(f.message).toContain('valueString and valueBoolean');
  });

  it('accepts one variant of each of two choice elements', () => {
    expect(summary(observation({ valueString: 'a', effectiveDateTime: '2020' }))).toEqual([]);
  });
});

describe('bindings', () => {
  it('binding.required: flags a code outside the value set (code type)', () => {
    const [f] = check(patient({ gender: 'mal' }));
    expect(f).toMatchObject({ severity: 'error', code: 'code-invalid', rule: 'binding.required', expression: ['Patient.gender'] });
    expect(f.message).toContain('male, female, other, unknown');
    expect(summary(patient({ gender: 'male' }))).toEqual([]);
  });

  it('binding.required: CodeableConcept needs a coding from the value set', () => {
    const allergy = (clinicalStatus: unknown) => ({ resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/1' }, clinicalStatus });
    const system = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
    expect(summary(allergy({ coding: [{ system, code: 'active' }] }))).toEqual([]);
    expect(summary(allergy({ coding: [{ system: 'http://example.org', code: 'x' }, { system, code: 'active' }] }))).toEqual([]);
    expect(summary(allergy({ coding: [{ system, code: 'gone' }] }))).toEqual(['error binding.required AllergyIntolerance.clinicalStatus']);
    expect(summary(allergy({ coding: [{ system: 'http://example.org', code: 'active' }] }))).toEqual(['error binding.required AllergyIntolerance.clinicalStatus']);
    expect(summary(allergy({ text: 'active' }))).toEqual(['error binding.required AllergyIntolerance.clinicalStatus']);
  });

  it('binding.required: Coding and Quantity', () => {
    expect(summary(patient({ meta: { security: [{ system: 'http://example.org/labels', code: 'x' }] } }))).toEqual([]);
    const age = (comparator: string) => ({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, valueQuantity: { value: 1, comparator } });
    expect(summary(age('<'))).toEqual([]);
    expect(summary(age('~'))).toEqual(['error binding.required Observation.valueQuantity.comparator']);
  });

  it('binding.extensible: warns only when the coding uses a system of the value set', () => {
    const v3 = 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus';
    expect(summary(patient({ maritalStatus: { coding: [{ system: v3, code: 'M' }] } }))).toEqual([]);
    expect(summary(patient({ maritalStatus: { coding: [{ system: v3, code: 'ZZ' }] } }))).toEqual(['warning binding.extensible Patient.maritalStatus']);
    expect(summary(patient({ maritalStatus: { coding: [{ system: 'http://example.org/ms', code: 'ZZ' }] } }))).toEqual([]);
    expect(summary(patient({ maritalStatus: { text: 'married' } }))).toEqual([]);
  });

  it('binding.preferred: a warning, like extensible', () => {
    const cat = (code: string) => observation({ category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code }] }] });
    expect(summary(cat('vital-signs'))).toEqual([]);
    expect(summary(cat('vital-sign'))).toEqual(['warning binding.preferred Observation.category[0]']);
  });
});

describe('references', () => {
  const withSubject = (reference: string, extra: Record<string, unknown> = {}) => observation({ subject: { reference, ...extra } });

  it.each(['Patient/123', 'Patient/123/_history/2', 'http://example.org/fhir/Patient/1', 'urn:uuid:59bc5dbb-1957-47ef-b6b5-25952e6bfdab', 'urn:oid:1.2.3'])(
    'accepts %s',
    (ref) => expect(summary(withSubject(ref))).toEqual([]),
  );

  it.each(['Patient', '123', 'Patient/abc def', 'urn:uuid:not-a-uuid', 'Patinet/1', 'Patient/' + 'a'.repeat(65)])('ref.format: flags %s', (ref) => {
    const findings = check(withSubject(ref));
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', rule: 'ref.format', expression: ['Observation.subject.reference'] })]);
  });

  it('ref.target-type: flags a reference to a type the element does not allow', () => {
    const [f] = check(withSubject('Medication/1'));
    expect(f).toMatchObject({ severity: 'error', rule: 'ref.target-type', expression: ['Observation.subject.reference'] });
    expect(f.message).toContain('Medication');
    expect(summary(withSubject('http://example.org/fhir/Medication/1'))).toEqual(['error ref.target-type Observation.subject.reference']);
    expect(summary(observation({ subject: { type: 'Medication', identifier: { value: 'x' } } }))).toEqual(['error ref.target-type Observation.subject.type']);
    expect(summary(withSubject('Group/1'))).toEqual([]);
  });

  it('ref.type-mismatch: Reference.type disagrees with the reference', () => {
    expect(summary(withSubject('Patient/1', { type: 'Group' }))).toEqual(['error ref.type-mismatch Observation.subject.type']);
    expect(summary(withSubject('Patient/1', { type: 'Patient' }))).toEqual([]);
  });

  it('ref.conditional: a conditional reference outside a transaction is an error', () => {
    const [f] = check(withSubject('Patient?identifier=http://example.org|1'));
    expect(f).toMatchObject({ severity: 'error', rule: 'ref.conditional', expression: ['Observation.subject.reference'] });
    expect(f.message).toContain('transaction');
  });

  it('ref.contained-not-found: "#id" must match a contained resource', () => {
    expect(summary(withSubject('#nope'))).toEqual(['error ref.contained-not-found Observation.subject.reference']);
  });
});

describe('contained resources', () => {
  const container = (contained: unknown[], subject = '#p') =>
    observation({ contained, subject: { reference: subject } });
  const p = { resourceType: 'Patient', id: 'p' };

  it('accepts a referenced contained resource and resolves its type', () => {
    expect(summary(container([p]))).toEqual([]);
    expect(summary(container([{ resourceType: 'Medication', id: 'p' }]))).toEqual(['error ref.target-type Observation.subject.reference']);
  });

  it('validates contained resources with their path', () => {
    expect(summary(container([{ ...p, gendr: 'male' }]))).toEqual(['error struct.unknown-element Observation.contained[0].gendr']);
  });

  it('dom-2: no nested contained resources', () => {
    expect(summary(container([{ ...p, contained: [{ resourceType: 'Patient', id: 'q' }], link: [{ other: { reference: '#q' }, type: 'seealso' }] }]))).toContain(
      'error dom-2 Observation.contained[0].contained',
    );
  });

  it('dom-3: every contained resource is referenced (or references the container)', () => {
    expect(summary(container([p, { resourceType: 'Patient', id: 'q' }]))).toEqual(['error dom-3 Observation.contained[1]']);
    expect(summary(container([p, { resourceType: 'Provenance', id: 'q', target: [{ reference: '#' }], recorded: '2020-01-01T00:00:00Z', agent: [{ who: { display: 'x' } }] }]))).toEqual([]);
    const canonical = { resourceType: 'Questionnaire', id: 'q', status: 'draft' };
    expect(summary({ resourceType: 'QuestionnaireResponse', status: 'completed', contained: [canonical], questionnaire: '#q' })).toEqual([]);
  });

  it('dom-4 and dom-5: no versionId/lastUpdated/security in contained resources', () => {
    expect(summary(container([{ ...p, meta: { versionId: '1' } }]))).toEqual(['error dom-4 Observation.contained[0].meta']);
    expect(summary(container([{ ...p, meta: { lastUpdated: '2020-01-01T00:00:00Z' } }]))).toEqual(['error dom-4 Observation.contained[0].meta']);
    expect(summary(container([{ ...p, meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] } }]))).toEqual([
      'error dom-5 Observation.contained[0].meta.security',
    ]);
    expect(summary(container([{ ...p, meta: { tag: [{ code: 'x' }] } }]))).toEqual([]);
    expect(summary(patient({ meta: { versionId: '1', security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] } }))).toEqual([]);
  });
});

describe('extensions', () => {
  const url = 'http://example.org/ext';
  it('ext-1: value or nested extensions, not both, not neither', () => {
    expect(summary(patient({ extension: [{ url, valueString: 'a', extension: [{ url: 'b', valueString: 'c' }] }] }))).toEqual(['error ext-1 Patient.extension[0]']);
    expect(summary(patient({ extension: [{ url }] }))).toEqual(['error ext-1 Patient.extension[0]']);
    expect(summary(patient({ extension: [{ url, extension: [{ url: 'b', valueString: 'c' }] }] }))).toEqual([]);
    expect(summary(patient({ modifierExtension: [{ url, valueBoolean: true }] }))).toEqual([]);
    expect(summary(patient({ modifierExtension: [{ url }] }))).toEqual(['error ext-1 Patient.modifierExtension[0]']);
  });

  it('struct.extension-url: top-level extension urls are absolute; nested ones may be names', () => {
    expect(summary(patient({ extension: [{ url: 'race', valueString: 'a' }] }))).toEqual(['error struct.extension-url Patient.extension[0].url']);
    expect(summary(patient({ extension: [{ url, extension: [{ url: 'text', valueString: 'c' }] }] }))).toEqual([]);
  });

  it('checks extension values against the allowed value[x] types', () => {
    expect(summary(patient({ extension: [{ url, valueFoo: 'a' }] }))).toContain('error struct.unknown-element Patient.extension[0].valueFoo');
    expect(summary(patient({ extension: [{ url, valueDate: '2020-02-31' }] }))).toEqual(['error struct.primitive Patient.extension[0].valueDate']);
  });
});

describe('narrative', () => {
  const withDiv = (div: string) => patient({ text: { status: 'generated', div } });
  const ns = 'xmlns="http://www.w3.org/1999/xhtml"';

  it('accepts plain XHTML with links and text mentioning script', () => {
    expect(summary(withDiv(`<div ${ns}>Generated by <a href="https://github.com/synthetichealth/synthea">Synthea</a>; no script here &lt;b&gt;</div>`))).toEqual([]);
  });

  it.each([
    ['a script element', `<div ${ns}><script>alert(1)</script></div>`],
    ['an iframe', `<div ${ns}>Chart: <iframe src="https://x"></iframe></div>`],
    ['an event handler attribute', `<div ${ns}><img src="x.png" onerror="alert(1)"/></div>`],
    ['a javascript: URL', `<div ${ns}><a href=" JavaScript:alert(1)">x</a></div>`],
    ['a form', `<div ${ns}>Reply: <form action="/x"></form></div>`],
  ])('narrative.active-content: flags %s', (_label, div) => {
    expect(summary(withDiv(div))).toEqual(['error narrative.active-content Patient.text.div']);
  });

  it('narrative.xhtml: flags a div without the XHTML namespace and non-div content', () => {
    expect(summary(withDiv('<div>x</div>'))).toEqual(['error narrative.xhtml Patient.text.div']);
    expect(summary(withDiv('<p xmlns="http://www.w3.org/1999/xhtml">x</p>'))).toEqual(['error narrative.xhtml Patient.text.div']);
    expect(summary(withDiv('plain text'))).toEqual(['error narrative.xhtml Patient.text.div']);
  });

  it('narrative.empty (txt-2): flags a div with only whitespace and comments, not one with text or an image', () => {
    expect(summary(withDiv(`<div ${ns}> <p>  </p><!-- nothing --> </div>`))).toEqual(['error narrative.empty Patient.text.div']);
    expect(summary(withDiv(`<div ${ns}><p>x</p></div>`))).toEqual([]);
    expect(summary(withDiv(`<div ${ns}><img src="chart.png" alt=""/></div>`))).toEqual([]);
  });
});

describe('struct.too-deep', () => {
  it('stops at absurd nesting instead of exhausting the stack', () => {
    let ext: Record<string, unknown> = { url: 'x', valueString: 'leaf' };
    for (let i = 0; i < 5000; i++) ext = { url: 'x', extension: [ext] };
    const findings = check(patient({ extension: [{ ...ext, url: 'http://example.org/deep' }] }));
    expect(findings.map((f) => f.rule)).toEqual(['struct.too-deep']);
    expect(summary(patient({ extension: [{ url: 'http://example.org/a', extension: [{ url: 'b', extension: [{ url: 'c', valueString: 'd' }] }] }] }))).toEqual([]);
  });
});

describe('nested resources', () => {
  it('descends into Parameters.parameter.resource', () => {
    expect(summary({ resourceType: 'Parameters', parameter: [{ name: 'p', resource: patient({ gendr: 'x' }) }] })).toEqual([
      'error struct.unknown-element Parameters.parameter[0].resource.gendr',
    ]);
  });
});
