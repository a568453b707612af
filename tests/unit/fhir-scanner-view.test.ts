import type { Issue } from '../../src/public/fhir/report/issue';
import type { ScanReport } from '../../src/public/fhir/report/scan-report';
import {
  NO_FILTER,
  completeDetail,
  downloadName,
  filterIssues,
  filterOptions,
  issuesByCategory,
  issuesByType,
  pageOf,
  progressLabel,
  scoreCards,
  searchText,
} from '../../src/public/custom-elements/fhir-scanner/view';

// What the <fhir-scanner> element shows, without a DOM: filtering, paging, charts, cards.

const issue = (over: Partial<Issue>): Issue => ({
  resourceType: 'Patient',
  severity: 'error',
  code: 'value',
  category: 'conformance',
  rule: 'struct.primitive',
  expression: ['Patient.birthDate'],
  message: 'not a valid date',
  ...over,
});

const issues: Issue[] = [
  issue({ id: 'p1' }),
  issue({ id: 'p2', severity: 'warning', category: 'completeness', rule: 'dq.completeness.patient-name', expression: ['Patient.name'], message: 'Patient has no name' }),
  issue({ resourceType: 'Observation', id: 'o1', severity: 'error', category: 'plausibility', rule: 'dq.range', expression: ['Observation.valueQuantity.value'], message: 'Heart rate 900 /min', location: { source: 'obs.ndjson', line: 7 } }),
  issue({ resourceType: 'Observation', id: 'o2', severity: 'information', category: 'conformance', rule: 'struct.binding', expression: [], message: 'Code not in value set', location: { entry: 3 } }),
  issue({ resourceType: 'Unknown', severity: 'fatal', code: 'structure', rule: 'input.unparsable', expression: [], message: 'Line 2 is not valid JSON' }),
];

function report(over: Partial<ScanReport['summary']> = {}): ScanReport {
  return {
    summary: {
      resources: 10,
      fatal: 1,
      errors: 2,
      warnings: 1,
      information: 1,
      byType: {
        Patient: { resources: 4, fatal: 0, errors: 1, warnings: 1, information: 0 },
        Observation: { resources: 5, fatal: 0, errors: 1, warnings: 0, information: 1 },
        Unknown: { resources: 1, fatal: 1, errors: 0, warnings: 0, information: 0 },
        Practitioner: { resources: 1, fatal: 0, errors: 0, warnings: 0, information: 0 },
      },
      byCategory: {
        conformance: { errors: 2, warnings: 0, information: 1 },
        completeness: { errors: 0, warnings: 1, information: 0 },
        plausibility: { errors: 1, warnings: 0, information: 0 },
      },
      scores: { conformance: 70, completeness: 96.5, plausibility: null, overall: 83.25, byType: {} },
      checks: [],
      truncated: false,
      issuesKept: issues.length,
      ...over,
    },
    issues,
  };
}

describe('filterIssues', () => {
  it('keeps everything with no filter, in report order', () => {
    expect(filterIssues(issues, NO_FILTER)).toEqual(issues);
  });

  it('narrows by severity, category and resource type, and by all at once', () => {
    expect(filterIssues(issues, { ...NO_FILTER, severity: 'error' }).map((i) => i.id)).toEqual(['p1', 'o1']);
    expect(filterIssues(issues, { ...NO_FILTER, severity: 'fatal' }).map((i) => i.rule)).toEqual(['input.unparsable']);
    expect(filterIssues(issues, { ...NO_FILTER, category: 'conformance' }).map((i) => i.id)).toEqual(['p1', 'o2', undefined]);
    expect(filterIssues(issues, { ...NO_FILTER, resourceType: 'Observation' }).map((i) => i.id)).toEqual(['o1', 'o2']);
    expect(filterIssues(issues, { severity: 'error', category: 'conformance', resourceType: 'Observation', text: '' })).toEqual([]);
    expect(filterIssues(issues, { severity: 'error', category: 'plausibility', resourceType: 'Observation', text: '' }).map((i) => i.id)).toEqual(['o1']);
  });

  it('searches message, rule, element, resource id and location, ignoring case and outer spaces', () => {
    const ids = (text: string) => filterIssues(issues, { ...NO_FILTER, text }).map((i) => i.id ?? i.resourceType);
    expect(ids('  HEART rate ')).toEqual(['o1']);
    expect(ids('dq.completeness')).toEqual(['p2']);
    expect(ids('valueQuantity')).toEqual(['o1']);
    expect(ids('patient/p2')).toEqual(['p2']);
    expect(ids('obs.ndjson')).toEqual(['o1']);
    expect(ids('line 7')).toEqual(['o1']);
    expect(ids('entry 3')).toEqual(['o2']);
    expect(ids('no such words')).toEqual([]);
  });

  it('uses precomputed search texts when given (same answers)', () => {
    const texts = issues.map(searchText);
    for (const text of ['heart', 'patient', 'JSON', '']) {
      expect(filterIssues(issues, { ...NO_FILTER, text }, texts)).toEqual(filterIssues(issues, { ...NO_FILTER, text }));
    }
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 250 }, (_, i) => i);

  it('slices pages with 1-based positions', () => {
    expect(pageOf(items, 0, 100)).toMatchObject({ page: 0, pages: 3, from: 1, to: 100, total: 250 });
    const last = pageOf(items, 2, 100);
    expect(last).toMatchObject({ page: 2, pages: 3, from: 201, to: 250 });
    expect(last.items).toHaveLength(50);
    expect(last.items[0]).toBe(200);
  });

  it('clamps pages out of range and survives nonsense', () => {
    expect(pageOf(items, 99, 100).page).toBe(2);
    expect(pageOf(items, -5, 100).page).toBe(0);
    expect(pageOf(items, Number.NaN, 100).page).toBe(0);
    expect(pageOf(items, 0, 0).items).toHaveLength(1);
  });

  it('gives one empty page for no items', () => {
    expect(pageOf([], 3, 100)).toEqual({ items: [], page: 0, pages: 1, from: 0, to: 0, total: 0 });
  });
});

describe('filterOptions', () => {
  it('offers what the issues hold, severities worst first', () => {
    expect(filterOptions(issues)).toEqual({
      resourceTypes: ['Observation', 'Patient', 'Unknown'],
      categories: ['completeness', 'conformance', 'plausibility'],
      severities: ['fatal', 'error', 'warning', 'information'],
    });
    expect(filterOptions([issues[1]!])).toEqual({ resourceTypes: ['Patient'], categories: ['completeness'], severities: ['warning'] });
  });
});

describe('charts', () => {
  it('counts issues per type from the summary, fatal as errors, most first, types without issues left out', () => {
    const { rows, more } = issuesByType(report());
    expect(rows).toEqual([
      { label: 'Observation', errors: 1, warnings: 0, information: 1 },
      { label: 'Patient', errors: 1, warnings: 1, information: 0 },
      { label: 'Unknown', errors: 1, warnings: 0, information: 0 },
    ]);
    expect(more).toBe(0);
  });

  it('caps the bars and says how many types are left out', () => {
    const { rows, more } = issuesByType(report(), 2);
    expect(rows.map((r) => r.label)).toEqual(['Observation', 'Patient']);
    expect(more).toBe(1);
  });

  it('counts issues per category', () => {
    expect(issuesByCategory(report()).map((r) => [r.label, r.errors + r.warnings + r.information])).toEqual([
      ['conformance', 3],
      ['completeness', 1],
      ['plausibility', 1],
    ]);
  });
});

describe('score cards and event detail', () => {
  it('formats the four scores with a tone; a score that does not apply is n/a', () => {
    expect(scoreCards(report()).map((c) => [c.key, c.value, c.tone])).toEqual([
      ['conformance', '70.0%', 'poor'],
      ['completeness', '96.5%', 'good'],
      ['plausibility', 'n/a', 'none'],
      ['overall', '83.3%', 'fair'],
    ]);
  });

  it('puts counts (fatal with errors) and scores in the scan-complete detail', () => {
    expect(completeDetail(report({ profile: 'us-core' }), 1234.4)).toEqual({
      resources: 10,
      errors: 3,
      warnings: 1,
      information: 1,
      scores: { conformance: 70, completeness: 96.5, plausibility: null, overall: 83.25 },
      profile: 'us-core',
      elapsedMs: 1234,
    });
  });
});

describe('labels', () => {
  it('shows resources, the rate and the share read', () => {
    expect(progressLabel(12345, 2000)).toBe('12,345 resources · 6,173 resources/s');
    expect(progressLabel(1, 0, 0.256)).toBe('25% · 1 resource · 0 resources/s');
  });

  it('names downloads after the scanned file, safely', () => {
    expect(downloadName('Patient.000.ndjson', 'json')).toBe('Patient.000-scan-report.json');
    expect(downloadName('bundle.json', 'html')).toBe('bundle-scan-report.html');
    expect(downloadName('../../etc/pass wd.json', 'json')).toBe('etc-pass-wd-scan-report.json');
    expect(downloadName(undefined, 'html')).toBe('fhir-scan-report.html');
  });
});
