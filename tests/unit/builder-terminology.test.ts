import { loincCodeStatus, snomedCodeStatus } from '../../src/public/fhir/quality/check-digits';
import { isValidUcum } from '../../src/public/fhir/quality/ucum';
import { ALLERGENS, CONDITIONS, LAB_PANELS, MEDICATIONS, OBSERVATIONS, PROCEDURES, REACTIONS, ROUTES, SYMPTOMS, VACCINES, findConcepts } from '../../src/public/fhir/terminology';

/**
 * The shipped tables: codes well formed (LOINC mod-10 and SNOMED CT Verhoeff check digits, ICD-10-CM
 * and CVX and RxNorm formats, UCUM units), no synonym claimed by two concepts of one table, and the
 * codes the FHIR vital signs profiles fix.
 */
describe('terminology tables', () => {
  it('has LOINC codes with valid check digits and UCUM units', () => {
    for (const c of [...OBSERVATIONS, ...LAB_PANELS]) {
      expect({ code: c.code, status: loincCodeStatus(c.code) }).toEqual({ code: c.code, status: 'valid' });
    }
    for (const c of OBSERVATIONS) {
      if (c.value.kind !== 'quantity') continue;
      for (const u of c.value.units) {
        expect({ code: c.code, unit: u.ucum, valid: isValidUcum(u.ucum) }).toEqual({ code: c.code, unit: u.ucum, valid: true });
        if (u.code) expect(loincCodeStatus(u.code)).toBe('valid');
      }
    }
  });

  it('has the codes the FHIR R4 vital signs profiles fix', () => {
    const byKey = Object.fromEntries(OBSERVATIONS.map((o) => [o.key, o.code]));
    expect(byKey).toMatchObject({
      'blood-pressure': '85354-9',
      'heart-rate': '8867-4',
      'respiratory-rate': '9279-1',
      'body-temperature': '8310-5',
      'body-weight': '29463-7',
      'body-height': '8302-2',
      bmi: '39156-5',
      'oxygen-saturation': '2708-6',
      'head-circumference': '9843-4',
    });
  });

  it('has SNOMED CT concept ids with valid Verhoeff check digits', () => {
    const snomed = [...CONDITIONS, ...ALLERGENS, ...REACTIONS, ...PROCEDURES, ...SYMPTOMS, ...ROUTES, ...OBSERVATIONS.flatMap((o) => (o.value.kind === 'coded' ? o.value.answers : []))];
    for (const c of snomed) expect({ code: c.code, status: snomedCodeStatus(c.code) }).toEqual({ code: c.code, status: 'valid' });
  });

  it('has ICD-10-CM, RxNorm and CVX codes in their formats', () => {
    for (const c of CONDITIONS) expect(c.icd10cm.code).toMatch(/^[A-TV-Z][0-9][0-9AB](\.[0-9A-Z]{1,4})?$|^U07\.1$/);
    for (const m of MEDICATIONS) expect(m.code).toMatch(/^[1-9]\d{1,7}$/);
    for (const v of VACCINES) expect(v.code).toMatch(/^\d{2,3}$/);
  });

  it('gives each synonym to one concept per table, in lower case', () => {
    for (const table of [OBSERVATIONS, LAB_PANELS, CONDITIONS, MEDICATIONS, VACCINES, ALLERGENS, PROCEDURES, REACTIONS]) {
      const seen = new Map<string, string>();
      for (const c of table) {
        for (const s of c.synonyms) {
          const lower = s.toLowerCase();
          expect({ synonym: s, owner: seen.get(lower) ?? c.code }).toEqual({ synonym: s, owner: c.code });
          seen.set(lower, c.code);
        }
      }
    }
  });

  it('matches the longest synonym on word boundaries', () => {
    expect(findConcepts('type 2 diabetes and asthma', CONDITIONS).map((m) => m.concept.code)).toEqual(['44054006', '195967001']);
    expect(findConcepts('fluticasone', CONDITIONS)).toEqual([]); // "flu" inside a word
    expect(findConcepts('high blood pressure', CONDITIONS).map((m) => m.concept.code)).toEqual(['59621000']);
  });
});
