import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createScanner } from '../../src/public/fhir/scanner';
import type { ScanReport } from '../../src/public/fhir/report/scan-report';

/**
 * No false errors: the Synthea data in ../shared/data is valid R4 as Synthea wrote it, so every
 * error the whole scanner reports on it must be a real defect, each explained below with the rule
 * of the spec it breaks. Scanned as the CLI scans it: one source per file, Bundles whole.
 */
const DATA = path.resolve(__dirname, '../../../shared/data');

function scanFolder(folder: string): ScanReport {
  const scanner = createScanner({ maxIssues: 1_000_000 });
  const dir = path.join(DATA, folder);
  for (const file of readdirSync(dir).sort()) {
    const source = path.join(folder, file);
    const text = readFileSync(path.join(dir, file), 'utf8');
    if (file.endsWith('.ndjson')) {
      text.split('\n').forEach((line, i) => {
        if (line.trim()) scanner.add(JSON.parse(line), { source, line: i + 1 });
      });
    } else if (file.endsWith('.json')) {
      scanner.add(JSON.parse(text), { source });
    }
  }
  return scanner.finish();
}

function errorsByRule(report: ScanReport): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const issue of report.issues) {
    if (issue.severity === 'error' || issue.severity === 'fatal') counts[issue.rule] = (counts[issue.rule] ?? 0) + 1;
  }
  return counts;
}

describe('the scanner on the shared Synthea data', () => {
  it.each(['synthea-10-patients', 'synthea-100-patients'])(
    '%s (bulk NDJSON): the only errors are conditional references, which R4 allows in transactions only',
    (folder) => {
      const report = scanFolder(folder);
      expect(report.summary.truncated).toBe(false);
      // R4 RESTful API, "Transactional Integrity" (http.html#trules): conditional references
      // (Practitioner?identifier=...) are resolved by the server while processing a transaction;
      // in a bulk export they are unresolved references.
      expect(Object.keys(errorsByRule(report))).toEqual(['ref.conditional']);
      for (const issue of report.issues.filter((i) => i.severity === 'error')) {
        expect(issue.message).toMatch(/\?identifier=|conditional/i);
      }
    },
  );

  it('synthea-bundles (transactions): the only errors are codes that are wrong in the data itself', () => {
    const report = scanFolder('synthea-bundles');
    expect(report.summary.resources).toBeGreaterThan(11_900);
    const errors = report.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
    const explained = errors.filter(
      (i) =>
        // A LOINC code (34552-0) sent with the SNOMED CT system: its Verhoeff check digit fails.
        (i.rule === 'dq.code.snomed-check-digit' && i.message.includes('34552-0')) ||
        // "(score)" and "units" are not UCUM unit codes (system http://unitsofmeasure.org).
        (i.rule === 'dq.code.ucum-unit' && /"\(score\)"|"units"/.test(i.message)),
    );
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((i) => !explained.includes(i))).toEqual([]);
  });
});
