import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createDatasetIndex, createQualityChecker } from '../../src/public/fhir/quality';
import { CheckTally } from '../../src/public/fhir/report/checks';
import type { Issue, IssueLocation } from '../../src/public/fhir/report/issue';

type Json = Record<string, unknown>;

/** Adds resources (and a Bundle's entries after it, as the scanner does); returns the findings. */
function scan(resources: Json[]): { issues: Issue[]; tally: CheckTally } {
  const index = createDatasetIndex();
  resources.forEach((r, i) => {
    const location: IssueLocation = { source: 'test.ndjson', line: i + 1 };
    index.add(r, location);
    if (r.resourceType === 'Bundle') {
      (r.entry as Json[]).forEach((e, entry) => index.add(e.resource as Json, { ...location, entry }));
    }
  });
  const issues: Issue[] = [];
  const tally = new CheckTally();
  index.finish((i) => issues.push(i), tally);
  return { issues, tally };
}

function brief(issues: Issue[]): string[][] {
  return issues.map((i) => [i.rule, i.severity, `${i.resourceType}/${i.id}`, i.expression.join()]);
}

function result(tally: CheckTally, id: string) {
  const r = tally.results().find((c) => c.id === id);
  return r ? [r.numerator, r.denominator] : undefined;
}

const patient = (id: string, extra: Json = {}): Json => ({ resourceType: 'Patient', id, ...extra });
const obs = (id: string, subject: string, extra: Json = {}): Json => ({ resourceType: 'Observation', id, status: 'final', code: { text: 'x' }, subject: { reference: subject }, ...extra });

describe('dangling references', () => {
  it('reports a reference to a resource not in the dataset, at the Reference element', () => {
    const { issues, tally } = scan([patient('p1'), obs('o1', 'Patient/p2')]);
    expect(issues).toEqual([
      {
        resourceType: 'Observation',
        id: 'o1',
        severity: 'warning',
        code: 'not-found',
        category: 'conformance',
        rule: 'dq.dataset.dangling-reference',
        expression: ['Observation.subject'],
        message: 'The reference "Patient/p2" does not resolve to any resource in the dataset',
        location: { source: 'test.ndjson', line: 2 },
      },
    ]);
    expect(result(tally, 'dq.dataset.dangling-reference')).toEqual([1, 1]);
  });

  it('resolves references whatever the order (target later in the stream), and _history versions', () => {
    const { issues, tally } = scan([obs('o1', 'Patient/p1', { encounter: { reference: 'Encounter/e1/_history/2' } }), { resourceType: 'Encounter', id: 'e1' }, patient('p1')]);
    expect(issues).toEqual([]);
    expect(result(tally, 'dq.dataset.dangling-reference')).toEqual([0, 2]);
  });

  it('ignores contained (#x), external absolute URLs, logical references and other searches', () => {
    const { issues, tally } = scan([
      obs('o1', '#p', { performer: [{ reference: 'http://other.example/fhir/Practitioner/9' }, { identifier: { value: 'x' } }, { reference: 'Practitioner?name=smith' }] }),
    ]);
    expect(issues).toEqual([]);
    expect(result(tally, 'dq.dataset.dangling-reference')).toBeUndefined();
  });

  it('resolves urn:uuid references against Bundle entry fullUrls, in any entry order', () => {
    const bundle: Json = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:o-1', resource: obs('o1', 'urn:uuid:p-1') },
        { fullUrl: 'urn:uuid:p-1', resource: patient('p1') },
        { fullUrl: 'urn:uuid:o-2', resource: obs('o2', 'urn:uuid:p-2') },
      ],
    };
    expect(brief(scan([bundle]).issues)).toEqual([['dq.dataset.dangling-reference', 'warning', 'Observation/o2', 'Observation.subject']]);
    expect(scan([bundle]).issues[0]!.location).toEqual({ source: 'test.ndjson', line: 1, entry: 2 });
  });

  it('resolves conditional references against business identifiers (Synthea bulk output uses them)', () => {
    const npi = { system: 'http://hl7.org/fhir/sid/us-npi', value: '9999977799' };
    const practitioner = { resourceType: 'Practitioner', id: 'pr1', identifier: [npi] };
    const ok = scan([
      obs('o1', 'Patient/p1', {
        performer: [
          { reference: 'Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999977799' },
          { reference: 'Practitioner?identifier=9999977799' },
          { reference: 'Practitioner?identifier=http%3A%2F%2Fhl7.org%2Ffhir%2Fsid%2Fus-npi%7C9999977799' },
        ],
      }),
      practitioner,
      patient('p1'),
    ]);
    expect(ok.issues).toEqual([]);
    const bad = scan([obs('o1', 'Patient/p1', { performer: [{ reference: 'Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|1234' }, { reference: 'Organization?identifier=http://hl7.org/fhir/sid/us-npi|9999977799' }] }), practitioner, patient('p1')]);
    expect(brief(bad.issues)).toEqual([
      ['dq.dataset.dangling-reference', 'warning', 'Observation/o1', 'Observation.performer[0]'],
      ['dq.dataset.dangling-reference', 'warning', 'Observation/o1', 'Observation.performer[1]'],
    ]);
  });

  it('keeps a bounded number of sources per missing target but counts them all', () => {
    const many = Array.from({ length: 25 }, (_, i) => obs(`o${i}`, 'Patient/gone'));
    const { issues, tally } = scan(many);
    expect(issues).toHaveLength(10);
    expect(issues[9]!.message).toContain('(and 15 more references to it)');
    expect(result(tally, 'dq.dataset.dangling-reference')).toEqual([25, 25]);
  });
});

describe('duplicates', () => {
  let mrn = 0;
  const ssn = (value: string, system = 'http://hl7.org/fhir/sid/us-ssn') => ({ identifier: [{ system: 'urn:mrn', value: `m${++mrn}` }, { system, value }] });

  it('the same business identifier on two resources of one type', () => {
    const { issues, tally } = scan([patient('p1', ssn('999-1')), patient('p2', ssn('999-1'))]);
    expect(brief(issues)).toEqual([['dq.dataset.duplicate-identifier', 'warning', 'Patient/p2', 'Patient.identifier[1]']]);
    expect(issues[0]!.message).toBe('The identifier http://hl7.org/fhir/sid/us-ssn|999-1 is also on Patient/p1');
    expect(issues[0]!.code).toBe('duplicate');
    expect(issues[0]!.category).toBe('plausibility');
    expect(result(tally, 'dq.dataset.duplicate-identifier')).toEqual([1, 2]);
  });

  it('look-alikes: another system, another type, the same resource again in another Bundle', () => {
    expect(scan([patient('p1', ssn('999-1')), patient('p2', ssn('999-1', 'http://example.org/other'))]).issues).toEqual([]);
    const practitioner = { resourceType: 'Practitioner', id: 'x', identifier: [{ system: 'urn:y', value: '1' }] };
    const related = { resourceType: 'RelatedPerson', id: 'x', identifier: [{ system: 'urn:y', value: '1' }] };
    expect(scan([practitioner, related]).issues).toEqual([]);
    // Synthea repeats a practitioner in the transaction Bundles of two patients: one resource, posted twice
    const bundle = (): Json => ({ resourceType: 'Bundle', type: 'transaction', entry: [{ fullUrl: 'urn:uuid:x', resource: practitioner, request: { method: 'POST', url: 'Practitioner' } }] });
    expect(scan([bundle(), bundle()]).issues).toEqual([]);
  });

  it('the same resource id twice for one type is an error; in separate Bundles or for another type it is not', () => {
    const { issues, tally } = scan([patient('p1'), patient('p1'), { resourceType: 'Group', id: 'p1' }]);
    expect(brief(issues)).toEqual([['dq.dataset.duplicate-id', 'error', 'Patient/p1', 'Patient.id']]);
    expect(issues[0]).toMatchObject({ code: 'duplicate', category: 'conformance', location: { line: 2 } });
    expect(result(tally, 'dq.dataset.duplicate-id')).toEqual([1, 3]);
    const inOneBundle: Json = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient('p1') }, { resource: patient('p1') }] };
    expect(brief(scan([inOneBundle]).issues)).toEqual([['dq.dataset.duplicate-id', 'error', 'Patient/p1', 'Patient.id']]);
    const a: Json = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: patient('p1') }] };
    const b: Json = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: patient('p1') }] };
    expect(scan([a, b]).issues).toEqual([]);
  });

  it('files of one folder are one dataset; two folders (two exports scanned together) are two', () => {
    const index = createDatasetIndex();
    index.add(patient('p1'), { source: 'export-a/Patient.000.ndjson', line: 1 });
    index.add(patient('p1'), { source: 'export-a/Patient.001.ndjson', line: 1 });
    index.add(patient('p1'), { source: 'export-b/Patient.000.ndjson', line: 1 });
    const issues: Issue[] = [];
    index.finish((i) => issues.push(i), new CheckTally());
    expect(issues.map((i) => [i.rule, i.location?.source])).toEqual([['dq.dataset.duplicate-id', 'export-a/Patient.001.ndjson']]);
  });
});

describe('events against birth and death', () => {
  const born = patient('p1', { birthDate: '1990-05-10', deceasedDateTime: '2020-01-01T10:00:00Z' });
  const events = (): Json[] => [
    { resourceType: 'Encounter', id: 'e1', subject: { reference: 'Patient/p1' }, period: { start: '1989-01-01T10:00:00Z' } },
    obs('o1', 'Patient/p1', { effectiveDateTime: '2021-01-01T10:00:00Z' }),
    { resourceType: 'Immunization', id: 'i1', patient: { reference: 'Patient/p1' }, occurrenceDateTime: '1990-05-10T08:00:00-04:00' },
    { resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p1' }, onsetPeriod: { start: '2020-01-02T08:00:00Z' } },
    { resourceType: 'MedicationRequest', id: 'm1', subject: { reference: 'Patient/p1' }, authoredOn: '1985' },
    { resourceType: 'Procedure', id: 'x1', subject: { reference: 'Patient/p1' }, performedDateTime: '2000-01-01' },
  ];
  const expected = [
    ['dq.plausibility.event-before-birth', 'warning', 'Encounter/e1', 'Encounter.period.start'],
    ['dq.plausibility.event-after-death', 'warning', 'Observation/o1', 'Observation.effectiveDateTime'],
    ['dq.plausibility.event-before-birth', 'warning', 'MedicationRequest/m1', 'MedicationRequest.authoredOn'],
  ];

  it('patient first: each event is checked as it arrives (same day as birth, a day after death are fine)', () => {
    const { issues, tally } = scan([born, ...events()]);
    expect(brief(issues)).toEqual(expected);
    expect(result(tally, 'dq.plausibility.event-before-birth')).toEqual([2, 6]);
    expect(result(tally, 'dq.plausibility.event-after-death')).toEqual([1, 6]);
  });

  it('events first (bulk NDJSON order: Encounter before Patient): checked when the patient arrives', () => {
    const { issues, tally } = scan([...events(), born]);
    expect(brief(issues).sort()).toEqual([...expected].sort());
    expect(result(tally, 'dq.plausibility.event-before-birth')).toEqual([2, 6]);
    expect(issues.find((i) => i.id === 'e1')!.message).toBe("Encounter dated 1989-01-01T10:00:00Z is before the patient's birth (1990-05-10)");
  });

  it('events of a patient who is not in the dataset, or has no birth date, are not applicable', () => {
    const { issues, tally } = scan([...events(), patient('p1')]);
    expect(issues.filter((i) => i.rule.startsWith('dq.plausibility'))).toEqual([]);
    expect(result(tally, 'dq.plausibility.event-before-birth')).toBeUndefined();
  });

  it('resolves the patient by Bundle fullUrl', () => {
    const bundle: Json = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:e', resource: { resourceType: 'Encounter', id: 'e1', subject: { reference: 'urn:uuid:p' }, period: { start: '1980-01-01T00:00:00Z' } } },
        { fullUrl: 'urn:uuid:p', resource: patient('p1', { birthDate: '1990-05-10' }) },
      ],
    };
    expect(brief(scan([bundle]).issues)).toEqual([['dq.plausibility.event-before-birth', 'warning', 'Encounter/e1', 'Encounter.period.start']]);
  });
});

describe('the shared Synthea data', () => {
  const root = path.resolve(__dirname, '../../../shared/data');

  function run(dir: string): { counts: Record<string, number>; errors: Issue[] } {
    const quality = createQualityChecker();
    const index = createDatasetIndex();
    const tally = new CheckTally();
    const counts: Record<string, number> = {};
    const errors: Issue[] = [];
    const record = (i: Issue) => {
      const key = `${i.severity} ${i.rule}`;
      counts[key] = (counts[key] ?? 0) + 1;
      if (i.severity === 'error' || i.severity === 'fatal') errors.push(i);
    };
    const add = (r: Json, location: IssueLocation) => {
      quality.check(r, (f) => record({ resourceType: r.resourceType as string, id: r.id as string, ...f, location }), tally);
      index.add(r, location);
    };
    for (const file of readdirSync(path.join(root, dir)).sort()) {
      const text = readFileSync(path.join(root, dir, file), 'utf8');
      if (file.endsWith('.ndjson')) {
        text.split('\n').forEach((line, i) => line && add(JSON.parse(line), { source: file, line: i + 1 }));
      } else if (file.endsWith('.json')) {
        const bundle = JSON.parse(text) as Json;
        add(bundle, { source: file });
        (bundle.entry as Json[]).forEach((e, entry) => add(e.resource as Json, { source: file, entry }));
      }
    }
    index.finish(record, tally);
    return { counts, errors };
  }

  it('synthea-100-patients has no ERROR-severity quality findings', () => {
    const { counts, errors } = run('synthea-100-patients');
    expect(errors).toEqual([]);
    // its NDJSON has no Encounter file, so references to encounters dangle (warnings)
    expect(counts['warning dq.dataset.dangling-reference']).toBeGreaterThan(0);
  });

  it('synthea-10-patients has no ERROR-severity quality findings', () => {
    expect(run('synthea-10-patients').errors).toEqual([]);
  });

  it('synthea-bundles: the only errors are the real defects the code tests cite', () => {
    const { errors } = run('synthea-bundles');
    const kinds = new Set(errors.map((e) => `${e.rule} ${e.message}`));
    expect([...kinds].sort()).toEqual([
      'dq.code.snomed-check-digit "34552-0" is not a SNOMED CT concept id (6 to 18 digits, no leading zero)',
      'dq.code.ucum-unit "(score)" is not a valid UCUM unit code',
      'dq.code.ucum-unit "units" is not a valid UCUM unit code',
    ]);
  });
});
