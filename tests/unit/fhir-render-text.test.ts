import { toText } from '../../src/public/fhir/render/text';
import { bigReport, emptyReport, hostileReport, sampleReport } from '../fixtures/fhir/reports/reports';

// eslint-disable-next-line no-control-regex
const ESC = /\u001b/;

describe('toText (the terminal table)', () => {
  it('starts with the verdict and the scores, then counts by type and by category', () => {
    const text = toText(sampleReport());
    const lines = text.split('\n');
    expect(lines[0]).toBe('Scanned 5 resources, 1 fatal, 2 errors, 1 warning, 1 information (profile: us-core)');
    expect(lines[1]).toBe('Scores  overall 71.7%  conformance 40.0%  completeness 75.0%  plausibility 100.0%');
    expect(text).toMatch(/By resource type\nType +Resources +Fatal +Errors +Warnings +Info +Conf\. +Compl\. +Plaus\.\n/);
    expect(text).toMatch(/\nPatient +2 +0 +1 +1 +0 +50\.0% +75\.0% +n\/a\n/);
    expect(text).toMatch(/By category\nCategory +Errors +Warnings +Info\ncompleteness +0 +1 +0\nconformance +3 +0 +0\n/);
  });

  it('lists the data-quality checks, failing ones first, with numerator/denominator and threshold', () => {
    const text = toText(sampleReport());
    const checks = text.slice(text.indexOf('Data-quality checks'));
    expect(checks).toMatch(/dq\.patient\.name +completeness +1\/2 +50\.0% +5% +FAIL\n/);
    expect(checks).toMatch(/dq\.obs\.range +plausibility +0\/2 +0\.0% +5% +pass\n/);
    expect(checks.indexOf('dq.patient.name')).toBeLessThan(checks.indexOf('dq.obs.range'));
  });

  it('groups issues by severity, worst first, with resource, expression, location, message and rule', () => {
    const text = toText(sampleReport());
    const order = ['Fatal (1)', 'Errors (2)', 'Warning (1)', 'Information (1)'].map((h) => text.indexOf(`\n${h}\n`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('  ERROR  Patient/p2  Patient.birthDate  Patient.ndjson:2\n         Not a valid date: "2020-13-01" [struct.primitive.date]\n');
    expect(text).toContain('  ERROR  Observation/o1  Observation.dataAbsentReason  bundle.json entry 3\n');
    expect(text).toContain('  FATAL  Unknown  Patient.ndjson:3\n');
    expect(text).toContain('Observation.valueQuantity.unit, Observation.valueQuantity.code');
  });

  it('says All OK for a clean scan', () => {
    const text = toText(emptyReport(3));
    expect(text).toContain('Scanned 3 resources, 0 errors, 0 warnings, 0 information');
    expect(text).toContain('All OK: no issues found.');
    expect(text).not.toMatch(/Errors \(|Warnings \(/);
  });

  it('cuts big outputs: at most maxIssues issues, "… and N more" from the exact counts, and the most frequent rules', () => {
    const text = toText(bigReport(500, 2000), { maxIssues: 20 });
    expect(text.match(/^ {2}WARN /gm)).toHaveLength(20);
    expect(text).toContain('  … and 1,980 more warnings');
    expect(text).toContain('The report kept 500 of 2,000 issues; the counts above are exact.');
    const top = text.slice(text.indexOf('Most frequent problems'));
    expect(top).toMatch(/WARN +333 +dq\.obs\.subject +Observation o1 has a problem/);
    expect(top).toMatch(/WARN +167 +dq\.obs\.value/);
  });

  it('shares the issue budget across severities (errors before warnings)', () => {
    const text = toText(sampleReport(), { maxIssues: 2 });
    expect(text).toContain('  FATAL  Unknown');
    expect(text).toContain('  ERROR  Patient/p2');
    expect(text).toContain('  … and 1 more error\n');
    expect(text).toContain('  … and 1 more warning\n');
    expect(text).toContain('  … and 1 more information\n');
  });

  it('fits every line into the width', () => {
    const report = sampleReport();
    report.issues[1]!.message = `A very long message ${'x'.repeat(300)}`;
    report.issues[1]!.expression = [`Patient.${'deep.'.repeat(40)}leaf`];
    for (const width of [40, 60, 100]) {
      const lines = toText(report, { width }).split('\n');
      const over = lines.filter((l) => l.length > width);
      expect(over).toEqual([]);
    }
    expect(toText(report, { width: 60 })).toContain('…');
  });

  it('puts a long location on its own line, cut from the left so the file name and line stay', () => {
    const report = sampleReport();
    report.issues[1]!.location = { source: `/data/${'deep/'.repeat(30)}Patient.000.ndjson`, line: 1234 };
    const text = toText(report, { width: 80 });
    expect(text).toContain('  ERROR  Patient/p2  Patient.birthDate\n         …');
    expect(text).toMatch(/\n {9}…[a-z/]*deep\/Patient\.000\.ndjson:1234\n {9}Not a valid date/);
  });

  it('colors only with color: true, and data never carries its own escape sequences', () => {
    const plain = toText(hostileReport());
    expect(plain).not.toMatch(ESC);
    expect(plain).toContain('\\u001b[31mred\\u001b[0m');
    const colored = toText(hostileReport(), { color: true });
    expect(colored).toMatch(ESC);
    // every ESC in the colored output is one of ours: SGR codes only
    // eslint-disable-next-line no-control-regex
    expect(colored.replace(/\u001b\[(0|1|2|31|32|33|35|36)m/g, '')).not.toMatch(ESC);
    expect(colored).toContain('\u001b[31mERROR\u001b[0m');
  });
});
