import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createScanner } from '../../src/public/fhir/scanner';
import type { IssueLocation } from '../../src/public/fhir/report/issue';
import type { ScanReport } from '../../src/public/fhir/report/scan-report';

/**
 * With an issue cap, the scanner counts the findings it will not keep without building them (the
 * checks ask the sink first; the dataset index holds only tokens, and drops the details of
 * unresolved references once the report could not show them). That must change nothing but
 * memory and speed: the report keeps the most severe issues, first found first, so the kept issues
 * are exactly the first N of the uncapped report, and every count is the same.
 */
type Json = Record<string, unknown>;

function scan(resources: Array<[Json, IssueLocation]>, maxIssues: number): ScanReport {
  const scanner = createScanner({ maxIssues });
  for (const [resource, location] of resources) scanner.add(resource, location);
  return scanner.finish();
}

function expectSameAsUncapped(resources: Array<[Json, IssueLocation]>, caps: number[]): void {
  const full = scan(resources, 10_000_000);
  expect(full.summary.truncated).toBe(false);
  const { truncated: _t, issuesKept: _k, ...counts } = full.summary;
  for (const cap of caps) {
    const capped = scan(resources, cap);
    const { truncated, issuesKept, ...cappedCounts } = capped.summary;
    expect(cappedCounts).toEqual(counts);
    expect(capped.issues).toEqual(full.issues.slice(0, cap));
    expect(issuesKept).toBe(Math.min(cap, full.issues.length));
    expect(truncated).toBe(cap < full.issues.length);
  }
}

/** A small dataset that makes every kind of dataset finding, with streaming findings before them. */
function syntheticDataset(): Array<[Json, IssueLocation]> {
  const out: Array<[Json, IssueLocation]> = [];
  const add = (resource: Json) => out.push([resource, { source: 'export/data.ndjson', line: out.length + 1 }]);
  for (let i = 0; i < 14; i++) {
    // events before the patient arrives (deferred), some before birth and after death; references
    // to a patient that never arrives, from two types (more than the 10 kept in detail)
    add({ resourceType: 'Observation', id: `o${i}`, status: 'final', code: { text: 'x' }, subject: { reference: i % 2 ? 'Patient/p1' : 'Patient/gone' }, effectiveDateTime: `19${20 + i}-01-01T00:00:00Z`, valueString: 'v' });
    add({ resourceType: 'Encounter', id: `e${i}`, status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/gone' }, period: { start: `20${10 + i}-01-01` }, participant: [{ individual: { reference: 'urn:uuid:0b9b2f7e-6a3c-4a55-9c71-5f0f1b1f0a' + String(10 + (i % 3)) } }] });
    add({ resourceType: 'Procedure', id: `x${i}`, status: 'completed', subject: { reference: `Patient/p${i % 3}` }, code: { text: 'p' }, performedDateTime: '1990-05-05', bogus: true });
  }
  add({ resourceType: 'Observation', id: 'after', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/p1' }, effectiveDateTime: '2020-02-02T00:00:00Z', valueString: 'v' });
  add({ resourceType: 'Patient', id: 'p1', birthDate: '1955-06-01', deceasedDateTime: '2015-01-01', identifier: [{ system: 'urn:mrn', value: '1' }] });
  add({ resourceType: 'Patient', id: 'p1', birthDate: '1955-06-01' }); // duplicate id
  add({ resourceType: 'Patient', id: 'p2', identifier: [{ system: 'urn:mrn', value: '1' }], birthDate: '1991-13-01' }); // duplicate identifier, bad date
  add({ resourceType: 'Encounter', id: 'late', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/p1' }, period: { start: '1950-01-01' }, serviceProvider: { reference: 'Organization?identifier=urn:org|42' } });
  add({ resourceType: 'Organization', id: 'org', identifier: [{ system: 'urn:org', value: '42' }] });
  return out;
}

describe('issue cap: kept issues and counts are those of the uncapped report', () => {
  it('on a synthetic dataset with every kind of finding', () => {
    const resources = syntheticDataset();
    const total = scan(resources, 10_000_000).issues.length;
    expect(total).toBeGreaterThan(60);
    expectSameAsUncapped(resources, [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, total - 1, total]);
  });

  const DATA = path.resolve(__dirname, '../../../shared/data/synthea-100-patients');
  (existsSync(DATA) ? it : it.skip)('on the Synthea 100-patient export', () => {
    const resources: Array<[Json, IssueLocation]> = [];
    for (const file of readdirSync(DATA).filter((f) => f.endsWith('.ndjson')).sort()) {
      readFileSync(path.join(DATA, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (line.trim()) resources.push([JSON.parse(line), { source: file, line: i + 1 }]);
        });
    }
    expectSameAsUncapped(resources, [0, 10, 1000, 5000]);
  });
});
