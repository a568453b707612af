import { createScanner, scanAll } from '../../src/public/fhir/scanner';
import { BASES } from '../fixtures/fhir/defect-corpus';

const withText = <T extends Record<string, unknown>>(r: T) => ({
  ...r,
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' },
});

describe('createScanner', () => {
  it('scans each Bundle entry as a resource of its own, located by entry index', () => {
    const patient = withText({ ...BASES.patient!(), birthdate: '1990-01-01' });
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0', resource: patient }] };
    const scanner = createScanner();
    scanner.add(bundle, { source: 'b.json' });
    const report = scanner.finish();
    expect(report.summary.resources).toBe(2);
    expect(report.summary.byType.Bundle!.resources).toBe(1);
    const issue = report.issues.find((i) => i.rule === 'struct.unknown-element');
    expect(issue).toMatchObject({ resourceType: 'Patient', id: 'p1', expression: ['Patient.birthdate'], location: { source: 'b.json', entry: 0 } });
  });

  it.each([
    [null, /got null/],
    [[1, 2], /got an array/],
    ['Patient', /got string/],
    [{ id: 'x' }, /no resourceType/],
  ])('reports %j as a fatal input finding', (input, message) => {
    const report = scanAll([input]);
    expect(report.summary.fatal).toBe(1);
    expect(report.issues[0]).toMatchObject({ severity: 'fatal', category: 'conformance', resourceType: 'Unknown' });
    expect(report.issues[0]!.message).toMatch(message);
  });

  it('counts unparsable input with its location', () => {
    const scanner = createScanner();
    scanner.addUnparsable('Line 3 is not JSON', { source: 'x.ndjson', line: 3 });
    const report = scanner.finish();
    expect(report.issues).toEqual([expect.objectContaining({ severity: 'fatal', rule: 'input.unparsable', location: { source: 'x.ndjson', line: 3 } })]);
  });

  it('keeps the most severe issues when it must drop some, with exact counts', () => {
    // Each bare Patient gets several completeness warnings; the last one also gets an error.
    const resources = Array.from({ length: 20 }, (_, i) => ({ resourceType: 'Patient', id: `p${i}` }));
    resources.push({ resourceType: 'Patient', id: 'bad', birthDate: 'soon' } as never);
    const report = scanAll(resources, { maxIssues: 5 });
    expect(report.summary.truncated).toBe(true);
    expect(report.summary.issuesKept).toBe(5);
    expect(report.issues).toHaveLength(5);
    expect(report.issues[0]).toMatchObject({ severity: 'error', id: 'bad', expression: ['Patient.birthDate'] });
    expect(report.summary.warnings).toBeGreaterThan(20);
    expect(report.summary.errors).toBe(1);
  });

  it('scores conformance as the share of resources without errors, and quality by check', () => {
    const good = withText(BASES.patient!());
    const bad = withText({ ...BASES.patient!(), id: 'p2', gender: 'unknown-gender' });
    const report = scanAll([good, bad]);
    expect(report.summary.scores.conformance).toBe(50);
    expect(report.summary.scores.byType.Patient!.conformance).toBe(50);
    expect(report.summary.scores.completeness).toBe(100);
    expect(report.summary.checks.find((c) => c.id === 'dq.completeness.patient-name')).toMatchObject({ numerator: 0, denominator: 2, passed: true });
  });

  it('refuses to be used after finish', () => {
    const scanner = createScanner();
    scanner.finish();
    expect(() => scanner.add({ resourceType: 'Patient' })).toThrow(/finished/);
    expect(() => scanner.finish()).toThrow(/finished/);
  });
});
