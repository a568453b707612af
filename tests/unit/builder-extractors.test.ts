import { findDates } from '../../src/public/fhir/builder/extract/dates';
import { findNpis, findMrns, isValidNpi, luhnValid } from '../../src/public/fhir/builder/extract/identifiers';
import { findContacts, findGender, findNames, findOrganizations } from '../../src/public/fhir/builder/extract/people';
import { findBloodPressures, findQuantities } from '../../src/public/fhir/builder/extract/quantities';
import { findSubjectId } from '../../src/public/fhir/builder/extract/subject';
import { findDosage } from '../../src/public/fhir/builder/extract/timing';
import { unitFromAlias } from '../../src/public/fhir/builder/extract/units';
import { isTermWord } from '../../src/public/fhir/builder/analyze';
import { sha1, uuidV5 } from '../../src/public/fhir/builder/uuid';

/** The extractors one by one: what each reads from a request, and what it must not read. */
const NOW = new Date('2024-03-15T14:30:00Z');
const dateOf = (text: string, now = NOW) => findDates(text, now).dates.map((d) => d.value);

describe('dates', () => {
  it.each([
    ['on 2024-03-05', '2024-03-05'],
    ['on March 5, 2024', '2024-03-05'],
    ['on Mar 5th 2024', '2024-03-05'],
    ['on 5 March 2024', '2024-03-05'],
    ['on the 5th of March 2024', '2024-03-05'],
    ['on 3/5/2024', '2024-03-05'], // US style: month first
    ['on 5/3/2024', '2024-05-03'],
    ['on 03-05-2024', '2024-03-05'],
    ['on 1/2/85', '1985-01-02'],
    ['in March 2024', '2024-03'],
    ['since 2015', '2015'],
    ['2024-03', '2024-03'],
  ])('%s -> %s', (text, value) => {
    expect(dateOf(text)).toEqual([value]);
  });

  it.each([
    ['today', '2024-03-15'],
    ['yesterday', '2024-03-14'],
    ['this morning', '2024-03-15'],
    ['last night', '2024-03-14'],
    ['the day before yesterday', '2024-03-13'],
    ['tomorrow', '2024-03-16'],
    ['3 days ago', '2024-03-12'],
    ['three days ago', '2024-03-12'],
    ['2 weeks ago', '2024-03-01'],
    ['a month ago', '2024-02-15'],
    ['last week', '2024-03-08'],
    ['next week', '2024-03-22'],
    ['last month', '2024-02'],
    ['last year', '2023'],
    ['in 2 weeks', '2024-03-29'],
    ['last Monday', '2024-03-11'], // 2024-03-15 is a Friday
    ['next Friday', '2024-03-22'],
    ['3 hours ago', '2024-03-15T11:30:00Z'],
    ['an hour ago', '2024-03-15T13:30:00Z'],
    ['30 minutes ago', '2024-03-15T14:00:00Z'],
    ['now', '2024-03-15T14:30:00Z'],
  ])('%s -> %s (against now)', (text, value) => {
    expect(dateOf(text)).toEqual([value]);
  });

  it('gives a time a UTC offset when none is said, and keeps the one said', () => {
    expect(dateOf('at 2024-03-05T14:30')).toEqual(['2024-03-05T14:30:00Z']);
    expect(dateOf('at 2024-03-05 14:30:15-0500')).toEqual(['2024-03-05T14:30:15-05:00']);
    expect(dateOf('yesterday at 3pm')).toEqual(['2024-03-14T15:00:00Z']);
    expect(dateOf('at 9:30 am on March 5, 2024')).toEqual(['2024-03-05T09:30:00Z']);
    expect(dateOf('2024-03-05 at noon')).toEqual(['2024-03-05T12:00:00Z']);
    expect(findDates('yesterday at 3pm', NOW).notes).toContain('times without a time zone are taken as UTC');
  });

  it('clamps month arithmetic to the end of the month', () => {
    expect(dateOf('1 month ago', new Date('2024-03-31T10:00:00Z'))).toEqual(['2024-02-29']);
  });

  it('reports dates that do not exist, and accepts leap days that do', () => {
    const scan = findDates('on 2024-02-30', NOW);
    expect(scan.dates).toEqual([]);
    expect(scan.problems).toEqual(['"2024-02-30" is not a real date']);
    expect(dateOf('on 2024-02-29')).toEqual(['2024-02-29']);
    expect(findDates('on 2/29/2023', NOW).problems).toHaveLength(1);
  });

  it('tells birth, onset, start, end and event dates apart by the words before them', () => {
    const roles = (text: string) => findDates(text, NOW).dates.map((d) => d.role);
    expect(roles('born 1980-04-02')).toEqual(['birth']);
    expect(roles('DOB: 04/02/1980')).toEqual(['birth']);
    expect(roles('since 2015')).toEqual(['onset']);
    expect(roles('admitted on 2024-03-01 and discharged on 2024-03-04')).toEqual(['start', 'end']);
    expect(roles('taken yesterday')).toEqual(['event']);
  });

  it('marks future dates', () => {
    expect(findDates('tomorrow', NOW).dates[0]!.future).toBe(true);
    expect(findDates('yesterday', NOW).dates[0]!.future).toBe(false);
  });

  it('does not read blood pressures, doses or ids as dates', () => {
    expect(dateOf('BP 120/80, lisinopril 10 mg, patient 42')).toEqual([]);
    expect(dateOf('it may help')).toEqual([]);
  });
});

describe('NPI and MRN', () => {
  it('checks the NPI Luhn check digit with the 80840 prefix', () => {
    expect(isValidNpi('1234567893')).toBe(true); // the CMS example NPI
    expect(isValidNpi('1245319599')).toBe(true);
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('123456789')).toBe(false);
    expect(isValidNpi('12345678931')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });

  it('finds NPIs, grouped or not, and says why a bad one is bad', () => {
    expect(findNpis('NPI: 123 456 7893').map((n) => [n.value, n.valid])).toEqual([['1234567893', true]]);
    expect(findNpis('npi 1234567890')[0]).toMatchObject({ valid: false, problem: 'NPI 1234567890 fails its check digit' });
    expect(findNpis('NPI 12345')[0]).toMatchObject({ valid: false, problem: 'NPI 12345 must have 10 digits' });
    expect(findNpis('no identifier here')).toEqual([]);
  });

  it('finds medical record numbers', () => {
    expect(findMrns('MRN 445566').map((m) => m.value)).toEqual(['445566']);
    expect(findMrns('medical record number: A-1029').map((m) => m.value)).toEqual(['A-1029']);
    expect(findMrns('MRN unknown')).toEqual([]);
  });

  it('finds the patient id of "patient 123", and not a name', () => {
    expect(findSubjectId('BP for patient 123 today')?.id).toBe('123');
    expect(findSubjectId('for Patient/abc-9')?.id).toBe('abc-9');
    expect(findSubjectId('pt #42')?.id).toBe('42');
    expect(findSubjectId('patient id xyz')?.id).toBe('xyz');
    expect(findSubjectId("patient 42's weight")?.id).toBe('42');
    expect(findSubjectId('patient Jane Roe')).toBeUndefined();
  });
});

describe('quantities and units', () => {
  const read = (text: string) => findQuantities(text).map((q) => [q.value, q.unit?.code]);
  it.each([
    ['98.6 F', [[98.6, '[degF]']]],
    ['98.6°F', [[98.6, '[degF]']]],
    ['37 degrees celsius', [[37, 'Cel']]],
    ['70 kg', [[70, 'kg']]],
    ['154 lbs', [[154, '[lb_av]']]],
    ['175 cm', [[175, 'cm']]],
    ['5 ft 10 in', [[70, '[in_i]']]],
    ["5'10\"", [[70, '[in_i]']]],
    ['6 feet', [[72, '[in_i]']]],
    ['5 mg', [[5, 'mg']]],
    ['500mg', [[500, 'mg']]],
    ['90 mcg', [[90, 'ug']]],
    ['72 bpm', [[72, '/min']]],
    ['16 breaths per minute', [[16, '/min']]],
    ['98%', [[98, '%']]],
    ['110 mg/dL', [[110, 'mg/dL']]],
    ['250 K/uL', [[250, '10*3/uL']]],
    ['2 puffs', [[2, '{puff}']]],
    ['1 tablet', [[1, 'TAB']]],
    ['72', [[72, undefined]]],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it('reads blood pressures as systolic/diastolic, with or without mmHg', () => {
    expect(findBloodPressures('BP 120/80').map((b) => [b.systolic, b.diastolic])).toEqual([[120, 80]]);
    expect(findBloodPressures('135 / 88 mmHg').map((b) => [b.systolic, b.diastolic])).toEqual([[135, 88]]);
    expect(findBloodPressures('on 3/5/2024')).toEqual([]);
  });

  it('maps every unit alias to a valid UCUM code (or an HL7 dose form)', () => {
    const { isValidUcum } = jest.requireActual('../../src/public/fhir/quality/ucum') as typeof import('../../src/public/fhir/quality/ucum');
    for (const alias of ['mmhg', 'f', 'c', 'kg', 'lb', 'cm', 'inches', 'm', 'bpm', '%', 'mg/dl', 'g/dl', 'mmol/l', 'meq/l', 'mg/l', 'ng/ml', 'u/l', 'miu/l', 'uiu/ml', 'k/ul', '10^9/l', 'kg/m2', 'mg', 'mcg', 'g', 'ml', 'l', 'units', 'puffs', 'drops']) {
      const unit = unitFromAlias(alias);
      expect({ alias, ok: unit !== undefined && isValidUcum(unit.code) }).toEqual({ alias, ok: true });
    }
  });
});

describe('people', () => {
  const names = (text: string) => findNames(text, isTermWord).map((n) => ({ role: n.role, given: n.given, family: n.family }));
  it('reads names after cue words, with their role', () => {
    expect(names('patient Jane Roe with asthma')).toEqual([{ role: 'patient', given: ['Jane'], family: 'Roe' }]);
    expect(names('seen by Dr. Alice Wong')).toEqual([{ role: 'practitioner', given: ['Alice'], family: 'Wong' }]);
    expect(names("patient Mary-Kate O'Brien")).toEqual([{ role: 'patient', given: ['Mary-Kate'], family: "O'Brien" }]);
    expect(names('a patient named john smith, male')).toEqual([{ role: 'patient', given: ['John'], family: 'Smith' }]);
    expect(names('BP for Jane Roe today')).toEqual([{ role: 'patient', given: ['Jane'], family: 'Roe' }]);
    expect(names('Dr. Lee')).toEqual([{ role: 'practitioner', given: [], family: 'Lee' }]);
  });

  it('does not read drugs, conditions or dates as names', () => {
    expect(names('prescribe Lisinopril for Asthma')).toEqual([]);
    expect(names('Blood Pressure 120/80 on March 5')).toEqual([]);
    expect(names('for Type 2 Diabetes')).toEqual([]);
  });

  it('keeps suffixes and middle initials', () => {
    const [n] = findNames('patient John Q. Smith Jr.', isTermWord);
    expect(n).toMatchObject({ given: ['John', 'Q.'], family: 'Smith', suffix: ['Jr.'] });
  });

  it('reads gender words, and M/F only where a sex is written', () => {
    expect(findGender('female, born 1980')?.gender).toBe('female');
    expect(findGender('a 45 yo M')?.gender).toBe('male');
    expect(findGender('gender: F')?.gender).toBe('female');
    expect(findGender('non-binary')?.gender).toBe('other');
    expect(findGender('temp 98.6 F')).toBeUndefined();
    expect(findGender('the woman')?.gender).toBe('female');
  });

  it('reads phones and emails, never an NPI as a phone', () => {
    expect(findContacts('phone (555) 123-4567, jane@example.org').map((c) => [c.system, c.value])).toEqual([
      ['phone', '(555) 123-4567'],
      ['email', 'jane@example.org'],
    ]);
    expect(findContacts('NPI 1234567893')).toEqual([]);
  });

  it('reads organization names', () => {
    expect(findOrganizations('organization named Acme Health').map((o) => o.name)).toEqual(['Acme Health']);
    expect(findOrganizations('Create St. Mary Hospital today').map((o) => [o.name, o.kind])).toEqual([['St. Mary Hospital', 'hospital']]);
  });
});

describe('dosage timing', () => {
  it.each([
    ['once daily', { frequency: 1, period: 1, periodUnit: 'd' }],
    ['daily', { frequency: 1, period: 1, periodUnit: 'd' }],
    ['twice daily', { frequency: 2, period: 1, periodUnit: 'd' }],
    ['BID', { frequency: 2, period: 1, periodUnit: 'd' }],
    ['three times a day', { frequency: 3, period: 1, periodUnit: 'd' }],
    ['qid', { frequency: 4, period: 1, periodUnit: 'd' }],
    ['every 6 hours', { frequency: 1, period: 6, periodUnit: 'h' }],
    ['q8h', { frequency: 1, period: 8, periodUnit: 'h' }],
    ['every 4-6 hours', { frequency: 1, period: 4, periodMax: 6, periodUnit: 'h' }],
    ['every other day', { frequency: 1, period: 2, periodUnit: 'd' }],
    ['weekly', { frequency: 1, period: 1, periodUnit: 'wk' }],
    ['at bedtime', { frequency: 1, period: 1, periodUnit: 'd', when: ['HS'] }],
  ])('%s', (text, expected) => {
    const t = findDosage(text).timing!;
    expect({ frequency: t.frequency, period: t.period, periodUnit: t.periodUnit, ...(t.periodMax ? { periodMax: t.periodMax } : {}), ...(t.when ? { when: t.when } : {}) }).toEqual(expected);
  });

  it('reads as-needed with its reason, duration, route and refills', () => {
    const d = findDosage('by mouth every 6 hours as needed for pain for 5 days, 2 refills');
    expect(d.asNeeded?.reason?.code).toBe('22253000');
    expect(d.duration).toEqual({ value: 5, unit: 'days', code: 'd' });
    expect(d.route?.code).toBe('26643006');
    expect(d.refills).toBe(2);
    expect(findDosage('prn').asNeeded).toEqual({});
    expect(findDosage('three times a day').duration).toBeUndefined();
  });
});

describe('name-based UUIDs', () => {
  it('computes SHA-1 and RFC 9562 version 5 UUIDs', () => {
    const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    expect(hex(sha1(new TextEncoder().encode('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(new TextEncoder().encode('a'.repeat(1000))))).toBe('291e9a6c66994949b57ba5e650361e98fc36b1ba');
    // The DNS namespace example of the Python uuid module: uuid5(NAMESPACE_DNS, 'python.org').
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
});
