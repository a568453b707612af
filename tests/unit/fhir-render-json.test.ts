import { toJson, toJsonText } from '../../src/public/fhir/render/json';
import { emptyReport, sampleReport } from '../fixtures/fhir/reports/reports';

describe('toJson (the JSON report)', () => {
  it('has the documented shape: summary counts, byType, scores; issues with the OperationOutcome fields', () => {
    const json = toJson(sampleReport());
    expect(Object.keys(json)).toEqual(['summary', 'issues']);
    expect(json.summary).toMatchObject({ resources: 5, fatal: 1, errors: 2, warnings: 1, information: 1, profile: 'us-core', truncated: false, issuesKept: 5 });
    expect(json.summary.byType.Patient).toEqual({ resources: 2, fatal: 0, errors: 1, warnings: 1, information: 0 });
    expect(json.summary.scores).toMatchObject({ conformance: 40, completeness: 75, plausibility: 100, overall: 71.7 });
    expect(json.summary.checks[0]).toEqual({
      id: 'dq.patient.name',
      category: 'completeness',
      description: 'Patients have a name',
      thresholdPct: 5,
      numerator: 1,
      denominator: 2,
      pctFailed: 50,
      passed: false,
    });
    expect(json.issues).toHaveLength(5);
    expect(json.issues[1]).toEqual({
      resourceType: 'Patient',
      id: 'p2',
      severity: 'error',
      code: 'value',
      category: 'conformance',
      rule: 'struct.primitive.date',
      expression: ['Patient.birthDate'],
      message: 'Not a valid date: "2020-13-01"',
      location: { source: 'Patient.ndjson', line: 2 },
    });
  });

  it('keeps the issues in scan order and leaves out absent ids and locations (no undefined keys)', () => {
    const json = toJson(sampleReport());
    expect(json.issues.map((i) => i.rule)).toEqual(sampleReport().issues.map((i) => i.rule));
    const unparsable = json.issues.find((i) => i.rule === 'input.unparsable')!;
    expect('id' in unparsable).toBe(false);
    const noLocation = json.issues.find((i) => i.id === 'o2')!;
    expect('location' in noLocation).toBe(false);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('is a copy: changing the output does not change the report', () => {
    const report = sampleReport();
    const json = toJson(report);
    json.issues[0]!.expression.push('x');
    json.summary.byType.Patient!.errors = 99;
    json.issues[0]!.location!.line = 99;
    expect(report.issues[0]!.expression).toEqual(['Patient.name']);
    expect(report.summary.byType.Patient!.errors).toBe(1);
    expect(report.issues[0]!.location!.line).toBe(1);
  });

  it('renders an empty scan with zero counts, null scores and no issues', () => {
    const json = toJson(emptyReport());
    expect(json.summary).toMatchObject({ resources: 0, errors: 0, warnings: 0, scores: { overall: null } });
    expect(json.issues).toEqual([]);
    expect('profile' in json.summary).toBe(false);
  });

  it('toJsonText is parseable, pretty and ends with a newline', () => {
    const text = toJsonText(sampleReport());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "summary": {');
    expect(JSON.parse(text)).toEqual(toJson(sampleReport()));
  });
});
