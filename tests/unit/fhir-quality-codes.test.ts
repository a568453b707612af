import realCodes from '../fixtures/fhir/quality/real-codes.json';
import { loincCheckDigit, loincCodeStatus, snomedCodeStatus, verhoeffValid } from '../../src/public/fhir/quality/check-digits';
import { nonCanonicalSystem } from '../../src/public/fhir/quality/code-systems';
import { convertUcum, isValidUcum } from '../../src/public/fhir/quality/ucum';
import { createQualityChecker } from '../../src/public/fhir/quality';
import { CheckTally } from '../../src/public/fhir/report/checks';
import type { Finding } from '../../src/public/fhir/report/issue';

/** Replaces the last (check) digit with the next one: always a wrong check digit. */
function corrupt(code: string): string {
  const last = code.charCodeAt(code.length - 1) - 48;
  return code.slice(0, -1) + String((last + 1) % 10);
}

/** Swaps two adjacent different payload digits (the error check digits exist to catch). */
function transpose(code: string, at: number): string {
  return code.slice(0, at) + code[at + 1] + code[at] + code.slice(at + 2);
}

function check(resource: Record<string, unknown>): { findings: Finding[]; tally: CheckTally } {
  const findings: Finding[] = [];
  const tally = new CheckTally();
  createQualityChecker({ now: () => Date.parse('2025-01-01T00:00:00Z') }).check(resource, (f) => findings.push(f), tally);
  return { findings, tally };
}

function coded(system: string, code: string): Record<string, unknown> {
  return { resourceType: 'Condition', id: 'c1', code: { coding: [{ system, code }] }, onsetDateTime: '2020-01-01' };
}

describe('LOINC check digits (mod 10, LOINC Users\' Guide)', () => {
  it('accepts every LOINC code in the shared Synthea data', () => {
    expect(realCodes.loinc.length).toBeGreaterThan(50);
    for (const code of realCodes.loinc) expect([code, loincCodeStatus(code)]).toEqual([code, 'valid']);
  });

  it('computes the check digit of the worked example and of well-known codes', () => {
    expect(loincCheckDigit('8302-2')).toBe(2);
    expect(loincCheckDigit('29463-7')).toBe(7);
    expect(loincCheckDigit('2345-7')).toBe(7);
    expect(loincCheckDigit('718-7')).toBe(7);
  });

  it('rejects every real code with a wrong check digit', () => {
    for (const code of realCodes.loinc) expect([code, loincCodeStatus(corrupt(code))]).toEqual([code, 'bad-check-digit']);
  });

  it('catches transposed digits', () => {
    expect(loincCodeStatus('8320-2')).toBe('bad-check-digit'); // 8302-2 with 0 and 2 swapped
    expect(loincCodeStatus(transpose('29463-7', 1))).toBe('bad-check-digit');
  });

  it('checks only the format of answer (LA), part (LP), group (LG) and answer list (LL) codes', () => {
    for (const code of ['LA6576-8', 'LA6577-6', 'LP6802-5', 'LG41761-4', 'LL2201-3']) expect(loincCodeStatus(code)).toBe('valid');
    // LA codes have their own numbering: a "wrong" mod-10 digit is not an error there
    expect(loincCodeStatus('LA6576-1')).toBe('valid');
    for (const code of ['LX1234-5', 'LA-5', 'LA12a4-5', 'LA1234', 'LA1234-55']) expect([code, loincCodeStatus(code)]).toEqual([code, 'bad-format']);
  });

  it('rejects what is not a LOINC code at all', () => {
    for (const code of ['8302', '8302-', '8302-X', '83a2-2', '-2', ' 8302-2', '8302-2 ', '123456789-0', '8302_2']) {
      expect([code, loincCodeStatus(code)]).toEqual([code, 'bad-format']);
    }
  });
});

describe('SNOMED CT concept ids (Verhoeff check digit, partition identifier)', () => {
  it('accepts every SNOMED CT code in the shared Synthea data (short and long format)', () => {
    expect(realCodes.snomed.length).toBeGreaterThan(300);
    expect(realCodes.snomed.some((c) => c.length > 11)).toBe(true); // extension (long format) ids
    for (const code of realCodes.snomed) expect([code, snomedCodeStatus(code)]).toEqual([code, 'valid']);
  });

  it('rejects every real code with a wrong check digit', () => {
    for (const code of realCodes.snomed) expect([code, snomedCodeStatus(corrupt(code))]).toEqual([code, 'bad-check-digit']);
  });

  it('catches transposed adjacent digits (what Verhoeff catches and mod 10 does not)', () => {
    // 59621000 Essential hypertension, 44054006 Diabetes mellitus type 2
    expect(snomedCodeStatus('95621000')).toBe('bad-check-digit');
    expect(snomedCodeStatus('40454006')).toBe('bad-check-digit');
    expect(verhoeffValid('2363')).toBe(true); // Verhoeff's own example
    expect(verhoeffValid('2364')).toBe(false);
  });

  it('rejects description and relationship ids (partitions 01, 11, 02, 12) as concept codes', () => {
    // 59621000 is a concept; the same digits with a description partition are not a concept
    expect(snomedCodeStatus('59621011')).toBe('bad-partition');
    expect(snomedCodeStatus('59621021')).toBe('bad-partition');
    expect(snomedCodeStatus('5962113')).toBe('bad-partition');
  });

  it('rejects malformed ids and skips post-coordinated expressions', () => {
    for (const code of ['12345', '059621000', '1234567890123456789', '34552-0', '5962100A']) {
      expect([code, snomedCodeStatus(code)]).toEqual([code, 'bad-format']);
    }
    for (const expression of ['59621000 |Essential hypertension|', '71388002:405813007=15497006', '59621000+44054006']) {
      expect(snomedCodeStatus(expression)).toBe('expression');
    }
  });
});

describe('code checks on resources', () => {
  it('reports a LOINC code with a wrong check digit as an error at the code', () => {
    const { findings, tally } = check({
      resourceType: 'Observation',
      id: 'o1',
      status: 'final',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '59621000' }, { system: 'http://loinc.org', code: '8302-3' }] },
      valueString: 'x',
    });
    expect(findings).toEqual([
      {
        severity: 'error',
        code: 'code-invalid',
        category: 'conformance',
        rule: 'dq.code.loinc-check-digit',
        expression: ['Observation.code.coding[1].code'],
        message: expect.stringContaining('wrong check digit (mod 10 gives 2)'),
      },
    ]);
    const loinc = tally.results().find((r) => r.id === 'dq.code.loinc-check-digit')!;
    expect([loinc.numerator, loinc.denominator]).toEqual([1, 1]);
    const sct = tally.results().find((r) => r.id === 'dq.code.snomed-check-digit')!;
    expect([sct.numerator, sct.denominator]).toEqual([0, 1]);
  });

  it('leaves the same code alone under another system', () => {
    expect(check(coded('http://example.org/local', '8302-3')).findings).toEqual([]);
    expect(check(coded('http://loinc.org', '8302-2')).findings).toEqual([]);
  });

  it('reports a bad SNOMED CT id anywhere in the resource, including contained resources', () => {
    const { findings } = check({
      resourceType: 'Condition',
      id: 'c1',
      onsetDateTime: '2020-01-01',
      contained: [{ resourceType: 'Medication', id: 'm', code: { coding: [{ system: 'http://snomed.info/sct', code: '59621001' }] } }],
      code: { coding: [{ system: 'http://snomed.info/sct', code: '59621000' }] },
    });
    expect(findings.map((f) => [f.rule, f.severity, f.expression[0]])).toEqual([['dq.code.snomed-check-digit', 'error', 'Condition.contained[0].code.coding[0].code']]);
  });

  it('flags a LOINC code written under the SNOMED CT system, as Synthea does for 34552-0 (a real defect in the shared bundles)', () => {
    // SNOMED CT identifiers are digit strings (SNOMED CT TIG, "SCTID data type"): "34552-0" is a LOINC code.
    const { findings } = check({
      resourceType: 'Procedure',
      id: 'p1',
      status: 'completed',
      performedDateTime: '2020-01-01T10:00:00Z',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '34552-0', display: 'trans thoracic echocardiogram' }] },
    });
    expect(findings.map((f) => [f.rule, f.severity, f.code, f.expression[0]])).toEqual([['dq.code.snomed-check-digit', 'error', 'code-invalid', 'Procedure.code.coding[0].code']]);
  });
});

describe('canonical code system URIs (FHIR R4 terminologies-systems)', () => {
  it.each([
    ['urn:oid:2.16.840.1.113883.6.1', 'http://loinc.org'],
    ['http://loinc.org/', 'http://loinc.org'],
    ['https://loinc.org', 'http://loinc.org'],
    ['LOINC', 'http://loinc.org'],
    ['http://snomed.info/id', 'http://snomed.info/sct'],
    ['SNOMED', 'http://snomed.info/sct'],
    ['urn:oid:2.16.840.1.113883.6.96', 'http://snomed.info/sct'],
    ['http://snomed.info/sct/731000124108', 'http://snomed.info/sct'],
    ['urn:oid:2.16.840.1.113883.6.88', 'http://www.nlm.nih.gov/research/umls/rxnorm'],
    ['https://www.nlm.nih.gov/research/umls/rxnorm', 'http://www.nlm.nih.gov/research/umls/rxnorm'],
    ['urn:oid:2.16.840.1.113883.6.8', 'http://unitsofmeasure.org'],
    ['urn:oid:2.16.840.1.113883.6.90', 'http://hl7.org/fhir/sid/icd-10-cm'],
    ['urn:oid:2.16.840.1.113883.12.292', 'http://hl7.org/fhir/sid/cvx'],
    ['urn:oid:2.16.840.1.113883.6.69', 'http://hl7.org/fhir/sid/ndc'],
    ['urn:oid:2.16.840.1.113883.4.6', 'http://hl7.org/fhir/sid/us-npi'],
    ['urn:oid:2.16.840.1.113883.4.1', 'http://hl7.org/fhir/sid/us-ssn'],
  ])('%s is a non-canonical spelling of %s', (given, canonical) => {
    expect(nonCanonicalSystem(given)?.canonical).toBe(canonical);
  });

  it.each([
    'http://loinc.org',
    'http://snomed.info/sct',
    'http://www.nlm.nih.gov/research/umls/rxnorm',
    'http://unitsofmeasure.org',
    'http://hl7.org/fhir/sid/icd-10-cm',
    'http://hl7.org/fhir/sid/icd-10',
    'http://hl7.org/fhir/sid/cvx',
    'http://hl7.org/fhir/sid/ndc',
    'http://hl7.org/fhir/sid/us-npi',
    'urn:oid:2.16.840.1.113883.6.238', // CDC race & ethnicity: an OID is its canonical URI
    'urn:oid:2.16.840.1.113883.4.3.25', // a state driver's license number system
    'https://github.com/synthetichealth/synthea',
    'http://terminology.hl7.org/CodeSystem/v3-ActCode',
    'phone',
  ])('%s is fine', (system) => {
    expect(nonCanonicalSystem(system)).toBeNull();
  });

  it('warns at the system of a Coding and of an Identifier', () => {
    const { findings } = check({
      resourceType: 'Patient',
      id: 'p',
      name: [{ family: 'X' }],
      gender: 'female',
      birthDate: '1990-01-01',
      identifier: [{ system: 'urn:oid:2.16.840.1.113883.4.1', value: '999-99-9999' }],
      telecom: [{ system: 'phone', value: '555' }],
      maritalStatus: { coding: [{ system: 'http://loinc.org/', code: 'LA48-4' }] },
    });
    expect(findings.map((f) => [f.rule, f.severity, f.category, f.expression[0]])).toEqual([
      ['dq.code.system-canonical', 'warning', 'conformance', 'Patient.identifier[0].system'],
      ['dq.code.system-canonical', 'warning', 'conformance', 'Patient.maritalStatus.coding[0].system'],
    ]);
    expect(findings[1]!.message).toContain('"http://loinc.org"');
  });
});

describe('UCUM units (@lhncbc/ucum-lhc)', () => {
  it('accepts the units real data uses', () => {
    for (const u of ['mm[Hg]', 'kg', 'kg/m2', '/min', '%', 'Cel', '[degF]', '[lb_av]', '[in_i]', 'mg/dL', 'mmol/L', '10*3/uL', 'mL/min/{1.73_m2}', '{score}', '1', 'g/dL']) {
      expect([u, isValidUcum(u)]).toEqual([u, true]);
    }
  });

  it('rejects what is not UCUM', () => {
    for (const u of ['(score)', 'units', 'MG/DL', 'lbs', 'mmHg ', ' kg', 'beats/minute']) expect([u, isValidUcum(u)]).toEqual([u, false]);
  });

  it('converts commensurable units and refuses the rest', () => {
    expect(convertUcum(150, '[lb_av]', 'kg')).toBeCloseTo(68.04, 2);
    expect(convertUcum(98.6, '[degF]', 'Cel')).toBeCloseTo(37, 6);
    expect(convertUcum(70, '[in_i]', 'cm')).toBeCloseTo(177.8, 6);
    expect(convertUcum(140, 'g/L', 'g/dL')).toBeCloseTo(14, 6);
    expect(convertUcum(5, 'mmol/L', 'mg/dL')).toBeNaN(); // needs a molar mass
    expect(convertUcum(5, 'units', 'kg')).toBeNaN();
  });

  it('reports an invalid UCUM code as an error: "(score)" and "units" as Synthea writes them in the shared bundles', () => {
    // FHIR R4 Quantity: with system http://unitsofmeasure.org, code is a UCUM code; UCUM has no unit
    // "units" and parentheses only group terms ("(score)" has no unit inside).
    const { findings, tally } = check({
      resourceType: 'Observation',
      id: 'o',
      status: 'final',
      code: { text: 'x' },
      valueQuantity: { value: 19.6, unit: '(score)', system: 'http://unitsofmeasure.org', code: '(score)' },
      component: [{ code: { text: 'y' }, valueQuantity: { value: 16, unit: 'units', system: 'http://unitsofmeasure.org', code: 'units' } }],
    });
    expect(findings.map((f) => [f.rule, f.severity, f.code, f.expression[0]])).toEqual([
      ['dq.code.ucum-unit', 'error', 'code-invalid', 'Observation.valueQuantity.code'],
      ['dq.code.ucum-unit', 'error', 'code-invalid', 'Observation.component[0].valueQuantity.code'],
    ]);
    const ucum = tally.results().find((r) => r.id === 'dq.code.ucum-unit')!;
    expect([ucum.numerator, ucum.denominator]).toEqual([1, 1]);
  });

  it('does not check units of other systems or Quantities without a code', () => {
    const { findings } = check({
      resourceType: 'Observation',
      id: 'o',
      status: 'final',
      code: { text: 'x' },
      valueQuantity: { value: 1, unit: 'tablets', system: 'http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm', code: 'TAB' },
      component: [{ code: { text: 'y' }, valueQuantity: { value: 1, unit: 'units', system: 'http://unitsofmeasure.org' } }],
    });
    expect(findings).toEqual([]);
  });
});
