import samples from '../fixtures/fhir/quality/samples.json';
import { createQualityChecker, QUALITY_CHECKS } from '../../src/public/fhir/quality';
import { parseDate, bounds } from '../../src/public/fhir/quality/dates';
import { CheckTally } from '../../src/public/fhir/report/checks';
import type { Finding } from '../../src/public/fhir/report/issue';

type Json = Record<string, unknown>;
const NOW = Date.parse('2025-06-01T12:00:00Z');

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function sample(name: keyof typeof samples): Json {
  return clone(samples[name]) as Json;
}

function check(resource: Json, now = NOW): { findings: Finding[]; tally: CheckTally } {
  const findings: Finding[] = [];
  const tally = new CheckTally();
  createQualityChecker({ now: () => now }).check(resource, (f) => findings.push(f), tally);
  return { findings, tally };
}

function rules(resource: Json): string[][] {
  return check(resource).findings.map((f) => [f.rule, f.severity, f.expression.join()]);
}

function result(tally: CheckTally, id: string) {
  const r = tally.results().find((c) => c.id === id);
  return r ? [r.numerator, r.denominator] : undefined;
}

describe('quality checker on real Synthea resources', () => {
  it.each(Object.keys(samples))('%s has no quality findings', (name) => {
    const resource = sample(name as keyof typeof samples);
    if (resource.resourceType === 'MedicationRequest') resource.dosageInstruction ??= [{ text: 'as directed' }];
    expect(check(resource).findings).toEqual([]);
  });
});

describe('check definitions', () => {
  it('every check has a unique dq.* id, a Kahn category, a description and a threshold', () => {
    const ids = QUALITY_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of QUALITY_CHECKS) {
      expect(c.id).toMatch(/^dq\.(completeness|plausibility|code|dataset)\.[a-z0-9-]+$/);
      expect(['conformance', 'completeness', 'plausibility']).toContain(c.category);
      expect(c.description.length).toBeGreaterThan(10);
      expect(c.thresholdPct).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('completeness', () => {
  it.each([
    ['name', 'dq.completeness.patient-name', 'Patient.name'],
    ['identifier', 'dq.completeness.patient-identifier', 'Patient.identifier'],
    ['gender', 'dq.completeness.patient-gender', 'Patient.gender'],
    ['birthDate', 'dq.completeness.patient-birthdate', 'Patient.birthDate'],
  ])('Patient without %s', (element, rule, expression) => {
    const p = sample('Patient');
    delete p[element];
    const { findings, tally } = check(p);
    expect(findings).toEqual([{ severity: 'warning', code: 'incomplete', category: 'completeness', rule, expression: [expression], message: expect.any(String) }]);
    expect(result(tally, rule)).toEqual([1, 1]);
    expect(tally.scores('completeness').byType.Patient).toBe(75);
  });

  it('an empty name array or empty gender counts as missing; a name without text does not', () => {
    const p = sample('Patient');
    p.name = [];
    p.gender = '';
    expect(rules(p).map((r) => r[0])).toEqual(['dq.completeness.patient-name', 'dq.completeness.patient-gender']);
    const q = sample('Patient');
    q.name = [{ family: 'Only' }];
    expect(rules(q)).toEqual([]);
  });

  it('a complete Patient counts as applicable and passed for each of the four checks', () => {
    const { tally } = check(sample('Patient'));
    for (const id of ['patient-name', 'patient-identifier', 'patient-gender', 'patient-birthdate']) expect(result(tally, `dq.completeness.${id}`)).toEqual([0, 1]);
    expect(tally.scores('completeness').byType.Patient).toBe(100);
  });

  it('Observation without value[x] and without dataAbsentReason', () => {
    const o = sample('ObservationBodyWeight');
    delete o.valueQuantity;
    expect(rules(o)).toEqual([['dq.completeness.observation-value', 'warning', 'Observation.value']]);
  });

  it('Observation look-alikes that legitimately carry no value', () => {
    const absent = sample('ObservationBodyWeight');
    delete absent.valueQuantity;
    absent.dataAbsentReason = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'unknown' }] };
    expect(rules(absent)).toEqual([]);
    expect(rules(sample('ObservationBloodPressure'))).toEqual([]); // component values only
    const panel = sample('ObservationBodyWeight');
    delete panel.valueQuantity;
    panel.hasMember = [{ reference: 'Observation/a' }];
    expect(rules(panel)).toEqual([]);
    const cancelled = sample('ObservationBodyWeight');
    delete cancelled.valueQuantity;
    cancelled.status = 'cancelled';
    const { findings, tally } = check(cancelled);
    expect(findings).toEqual([]);
    expect(result(tally, 'dq.completeness.observation-value')).toBeUndefined(); // not applicable
  });

  it('Observation whose components carry no value either', () => {
    const o = sample('ObservationBloodPressure');
    for (const c of o.component as Json[]) delete c.valueQuantity;
    expect(rules(o)).toEqual([['dq.completeness.observation-value', 'warning', 'Observation.value']]);
  });

  it('Encounter without period, except planned ones', () => {
    const e = sample('Encounter');
    delete e.period;
    expect(rules(e)).toEqual([['dq.completeness.encounter-period', 'warning', 'Encounter.period']]);
    e.status = 'planned';
    expect(rules(e)).toEqual([]);
  });

  it('Condition without onset[x], unless it has an abatement', () => {
    const c = sample('Condition');
    delete c.onsetDateTime;
    delete c.abatementDateTime;
    expect(rules(c)).toEqual([['dq.completeness.condition-onset', 'warning', 'Condition.onset']]);
    c.abatementDateTime = '2020-01-01';
    expect(rules(c)).toEqual([]);
    const age = sample('Condition');
    delete age.onsetDateTime;
    age.onsetAge = { value: 40, unit: 'a', system: 'http://unitsofmeasure.org', code: 'a' };
    expect(rules(age)).toEqual([]);
  });

  it.each([
    ['AllergyIntolerance', 'code', 'dq.completeness.allergyintolerance-code', 'AllergyIntolerance.code'],
    ['Immunization', 'occurrenceDateTime', 'dq.completeness.immunization-occurrence', 'Immunization.occurrence'],
    ['MedicationRequest', 'dosageInstruction', 'dq.completeness.medicationrequest-dosage', 'MedicationRequest.dosageInstruction'],
    ['Procedure', 'performedPeriod', 'dq.completeness.procedure-performed', 'Procedure.performed'],
    ['Practitioner', 'name', 'dq.completeness.practitioner-name', 'Practitioner.name'],
    ['Practitioner', 'identifier', 'dq.completeness.practitioner-identifier', 'Practitioner.identifier'],
    ['Organization', 'name', 'dq.completeness.organization-name', 'Organization.name'],
  ])('%s without %s', (type, element, rule, expression) => {
    const r = sample(type as keyof typeof samples);
    r.dosageInstruction ??= r.resourceType === 'MedicationRequest' ? [{ text: 'daily' }] : undefined;
    if (r.dosageInstruction === undefined) delete r.dosageInstruction;
    delete r[element];
    delete r.performedDateTime;
    const found = check(r).findings.filter((f) => f.category === 'completeness');
    expect(found.map((f) => [f.rule, f.severity, f.expression[0]])).toEqual([[rule, 'warning', expression]]);
  });

  it('Procedure with status not-done needs no performed date; Immunization with occurrenceString is fine', () => {
    const p = sample('Procedure');
    delete p.performedPeriod;
    delete p.performedDateTime;
    p.status = 'not-done';
    expect(rules(p)).toEqual([]);
    const i = sample('Immunization');
    delete i.occurrenceDateTime;
    i.occurrenceString = 'spring 2019';
    expect(rules(i)).toEqual([]);
  });

  it('DiagnosticReport without result, conclusion or presented form', () => {
    const d = sample('DiagnosticReport');
    delete d.result;
    expect(rules(d)).toEqual([['dq.completeness.diagnosticreport-result', 'warning', 'DiagnosticReport.result']]);
    d.conclusion = 'Normal';
    expect(rules(d)).toEqual([]);
    delete d.conclusion;
    d.presentedForm = [{ contentType: 'text/plain', data: 'Tm9ybWFs' }];
    expect(rules(d)).toEqual([]);
  });
});

describe('plausibility: physiological ranges', () => {
  function weight(value: number, code: string): Json {
    const o = sample('ObservationBodyWeight');
    o.valueQuantity = { value, unit: code, system: 'http://unitsofmeasure.org', code };
    return o;
  }

  it('flags an impossible body weight at the value, with the range in the message', () => {
    const { findings, tally } = check(weight(7000, 'kg'));
    expect(findings).toEqual([
      {
        severity: 'warning',
        code: 'value',
        category: 'plausibility',
        rule: 'dq.plausibility.value-range',
        expression: ['Observation.valueQuantity.value'],
        message: 'Body weight 7000 kg is outside what a living human can have (0.2-650 kg)',
      },
    ]);
    expect(result(tally, 'dq.plausibility.value-range')).toEqual([1, 1]);
    // the observation's other plausibility checks (dates) passed
    expect(tally.scores('plausibility').byType.Observation).toBeLessThan(100);
    expect(check(weight(70, 'kg')).tally.scores('plausibility').byType.Observation).toBe(100);
  });

  it('converts commensurable units before comparing', () => {
    expect(rules(weight(154, '[lb_av]'))).toEqual([]); // 70 kg
    expect(rules(weight(3400, 'g'))).toEqual([]); // a newborn
    const grams = check(weight(3400, 'kg')).findings;
    expect(grams.map((f) => f.rule)).toEqual(['dq.plausibility.value-range']);
    const pounds = check(weight(2000, '[lb_av]')).findings;
    expect(pounds[0]!.message).toContain('(= 907.18 kg)');
  });

  it('skips values whose unit does not convert (no guessing)', () => {
    const { findings, tally } = check(weight(7000, 'mmol/L'));
    expect(findings).toEqual([]);
    expect(result(tally, 'dq.plausibility.value-range')).toBeUndefined();
  });

  it('body temperature in °F and °C', () => {
    const t = (value: number, code: string): Json => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8310-5' }] },
      valueQuantity: { value, system: 'http://unitsofmeasure.org', code },
    });
    expect(rules(t(98.6, '[degF]'))).toEqual([]);
    expect(rules(t(37, 'Cel'))).toEqual([]);
    expect(rules(t(98.6, 'Cel'))).toEqual([['dq.plausibility.value-range', 'warning', 'Observation.valueQuantity.value']]);
    expect(rules(t(3.7, 'Cel'))).toEqual([['dq.plausibility.value-range', 'warning', 'Observation.valueQuantity.value']]);
  });

  it.each([
    ['8302-2', 'cm', 176, 1760],
    ['39156-5', 'kg/m2', 24, 2400],
    ['8867-4', '/min', 72, 720],
    ['9279-1', '/min', 16, 0],
    ['2708-6', '%', 97, 197],
    ['59408-5', '%', 97, 0.97],
    ['2339-0', 'mg/dL', 90, 9000],
    ['2345-7', 'mg/dL', 90, -5],
    ['718-7', 'g/dL', 14, 140],
    ['2160-0', 'mg/dL', 1, 100],
    ['2823-3', 'mmol/L', 4.2, 42],
    ['2951-2', 'mmol/L', 140, 14],
    ['2093-3', 'mg/dL', 190, 19000],
    ['4548-4', '%', 5.6, 56],
    ['72514-3', '{score}', 3, 11],
  ])('LOINC %s in %s: %d is plausible, %d is not', (loinc, unit, good, bad) => {
    const o = (value: number): Json => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
      valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
    });
    expect(rules(o(good))).toEqual([]);
    expect(rules(o(bad))).toEqual([['dq.plausibility.value-range', 'warning', 'Observation.valueQuantity.value']]);
  });

  it('the same value under an unranged code is not checked', () => {
    const o = weight(7000, 'kg');
    (o.code as { coding: Json[] }).coding = [{ system: 'http://loinc.org', code: '3142-7' }];
    expect(rules(o)).toEqual([]);
  });

  it('checks blood pressure components and their relation', () => {
    const bp = sample('ObservationBloodPressure');
    const [first, second] = bp.component as { code: { coding: Json[] }; valueQuantity: Json }[];
    const dia = first!.code.coding[0]!.code === '8462-4' ? first! : second!;
    const sys = dia === first ? second! : first!;
    const diaIndex = dia === first ? 0 : 1;
    sys.valueQuantity.value = 120;
    dia.valueQuantity.value = 80;
    expect(check(bp).findings).toEqual([]);
    expect(result(check(bp).tally, 'dq.plausibility.bp-diastolic-below-systolic')).toEqual([0, 1]);

    dia.valueQuantity.value = 125;
    const { findings, tally } = check(bp);
    expect(findings).toEqual([
      {
        severity: 'warning',
        code: 'business-rule',
        category: 'plausibility',
        rule: 'dq.plausibility.bp-diastolic-below-systolic',
        expression: [`Observation.component[${diaIndex}].valueQuantity.value`],
        message: 'Diastolic blood pressure (125) is not below systolic (120)',
      },
    ]);
    expect(result(tally, 'dq.plausibility.bp-diastolic-below-systolic')).toEqual([1, 1]);

    dia.valueQuantity.value = 80;
    sys.valueQuantity.value = 1200;
    expect(rules(bp)).toEqual([['dq.plausibility.value-range', 'warning', `Observation.component[${1 - diaIndex}].valueQuantity.value`]]);
  });

  it('compares blood pressure components without units as given (as Synthea writes some)', () => {
    const bp: Json = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      component: [
        { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 70, system: 'http://unitsofmeasure.org' } },
        { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 90, system: 'http://unitsofmeasure.org' } },
      ],
    };
    expect(rules(bp)).toEqual([['dq.plausibility.bp-diastolic-below-systolic', 'warning', 'Observation.component[1].valueQuantity.value']]);
  });
});

describe('plausibility: dates within a resource', () => {
  it('parses partial dates and time zones into certain bounds', () => {
    expect(parseDate('2020')).toBe(true);
    expect(bounds.lo).toBeLessThan(Date.parse('2020-01-01T00:00:00Z'));
    expect(bounds.hi).toBeGreaterThan(Date.parse('2020-12-31T23:59:59Z'));
    expect(parseDate('2020-02-03T10:00:00+02:00')).toBe(true);
    expect([bounds.lo, bounds.hi]).toEqual([Date.parse('2020-02-03T08:00:00Z'), Date.parse('2020-02-03T08:00:00Z')]);
    expect(parseDate('2020-02-03T10:00:00.123Z')).toBe(true);
    expect(bounds.lo).toBe(Date.parse('2020-02-03T10:00:00.123Z'));
    for (const bad of ['20', '2020-13', '2020-1-01', 'yesterday', '2020-02-03T10:00', '2020-02-03T10:00:00+0200']) expect([bad, parseDate(bad)]).toEqual([bad, false]);
  });

  it('a Period that ends before it starts, anywhere in the resource, counts against plausibility (per-1 reports it)', () => {
    const e = sample('Encounter');
    e.period = { start: '2020-05-02T10:00:00Z', end: '2020-05-01T10:00:00Z' };
    e.participant = [{ period: { start: '2020-05-01T10:00:00Z', end: '2020-04-01T10:00:00Z' } }];
    const { findings, tally } = check(e);
    expect(findings.filter((f) => f.rule === 'dq.plausibility.period-order')).toEqual([]);
    expect(result(tally, 'dq.plausibility.period-order')).toEqual([1, 1]);
  });

  it('periods that may be in order are not flagged (same instant, other zone, coarser precision)', () => {
    const e = sample('Encounter');
    for (const [start, end] of [
      ['2020-05-01T10:00:00Z', '2020-05-01T10:00:00Z'],
      ['2020-05-01T10:00:00+02:00', '2020-05-01T09:00:00Z'],
      ['2020-05-01T10:00:00Z', '2020-05-01'],
      ['2020-05', '2020-05-01'],
      ['2020', '2020-01-01T00:00:00+14:00'],
    ]) {
      e.period = { start, end };
      expect([start, end, rules(e)]).toEqual([start, end, []]);
    }
  });

  it('birth date in the future is an error; the clock is injectable', () => {
    const p = sample('Patient');
    delete p.deceasedDateTime;
    p.birthDate = '2025-06-05';
    expect(rules(p)).toEqual([['dq.plausibility.birthdate-future', 'error', 'Patient.birthDate']]);
    expect(check(p, Date.parse('2025-06-07T00:00:00Z')).findings).toEqual([]);
    p.birthDate = '2025-06-01'; // today (in some time zone) is not the future
    expect(rules(p)).toEqual([]);
  });

  it('death before birth is an error', () => {
    const p = sample('Patient');
    p.birthDate = '1980-03-04';
    p.deceasedDateTime = '1979-12-31T10:00:00Z';
    expect(rules(p)).toEqual([['dq.plausibility.death-before-birth', 'error', 'Patient.deceasedDateTime']]);
    p.deceasedDateTime = '1980-03-04T01:00:00-05:00'; // died the day of birth
    expect(rules(p)).toEqual([]);
  });

  it('event dates later than now are warnings', () => {
    const o = sample('ObservationBodyWeight');
    o.effectiveDateTime = '2026-01-01T00:00:00Z';
    o.issued = '2026-01-01T00:00:00Z';
    expect(rules(o)).toEqual([
      ['dq.plausibility.future-date', 'warning', 'Observation.issued'],
      ['dq.plausibility.future-date', 'warning', 'Observation.effectiveDateTime'],
    ]);
    const m = sample('MedicationRequest');
    m.dosageInstruction = [{ text: 'daily' }];
    m.authoredOn = '2030-01-01';
    expect(rules(m)).toEqual([['dq.plausibility.future-date', 'warning', 'MedicationRequest.authoredOn']]);
    const planned = sample('Encounter');
    planned.status = 'planned';
    planned.period = { start: '2030-01-01T10:00:00Z' };
    expect(rules(planned)).toEqual([]);
  });

  it('issued before effective', () => {
    const o = sample('ObservationBodyWeight');
    o.effectiveDateTime = '2020-01-02T10:00:00Z';
    o.issued = '2020-01-01T10:00:00Z';
    expect(rules(o)).toEqual([['dq.plausibility.issued-before-effective', 'warning', 'Observation.issued']]);
    o.issued = '2020-01-02T10:00:00Z';
    expect(rules(o)).toEqual([]);
    const d = sample('DiagnosticReport');
    d.effectivePeriod = { start: '2020-01-02T10:00:00Z' };
    delete d.effectiveDateTime;
    d.issued = '2020-01-01T10:00:00.000Z';
    expect(rules(d)).toEqual([['dq.plausibility.issued-before-effective', 'warning', 'DiagnosticReport.issued']]);
  });

  it('condition abatement before onset', () => {
    const c = sample('Condition');
    c.onsetDateTime = '2020-01-02T10:00:00Z';
    c.abatementDateTime = '2019-01-01T10:00:00Z';
    expect(rules(c)).toEqual([['dq.plausibility.abatement-before-onset', 'warning', 'Condition.abatementDateTime']]);
    c.abatementDateTime = '2020';
    expect(rules(c)).toEqual([]);
  });
});

describe('walk', () => {
  it('does not descend into Bundle entry resources (the scanner scans them on their own) but checks the rest', () => {
    const bundle: Json = {
      resourceType: 'Bundle',
      type: 'collection',
      meta: { tag: [{ system: 'LOINC', code: '8302-2' }] },
      entry: [{ fullUrl: 'urn:uuid:1', resource: { resourceType: 'Condition', code: { coding: [{ system: 'http://loinc.org', code: '8302-3' }] } } }],
    };
    expect(rules(bundle)).toEqual([['dq.code.system-canonical', 'warning', 'Bundle.meta.tag[0].system']]);
  });

  it('descends into Parameters.parameter.resource', () => {
    const params: Json = {
      resourceType: 'Parameters',
      parameter: [{ name: 'r', resource: { resourceType: 'Condition', code: { coding: [{ system: 'http://loinc.org', code: '8302-3' }] } } }],
    };
    expect(rules(params)).toEqual([['dq.code.loinc-check-digit', 'error', 'Parameters.parameter[0].resource.code.coding[0].code']]);
  });
});
