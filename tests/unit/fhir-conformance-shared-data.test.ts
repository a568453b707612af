import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createConformanceValidator } from 'public/fhir/conformance';
import type { Finding } from 'public/fhir/report/issue';

/**
 * No false errors: ../shared/data is valid R4 as Synthea wrote it, so every error the validator
 * reports on it must be a real, documented finding. The only one is ref.conditional: the bulk NDJSON
 * export keeps conditional references such as "Practitioner?identifier=...|9999999999", which the R4
 * spec allows only in transactions ("Conditional references", http.html#trules: the server resolves
 * them while processing a transaction; elsewhere they point to nothing).
 */
const data = path.resolve(__dirname, '../../../shared/data');

function ndjson(dir: string): Record<string, unknown>[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .flatMap((f) =>
      readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    );
}

function errorsOf(resources: Record<string, unknown>[], profile?: 'us-core'): Map<string, number> {
  const validator = createConformanceValidator({ profile });
  const counts = new Map<string, number>();
  const sink = (f: Finding) => {
    if (f.severity !== 'error' && f.severity !== 'fatal') return;
    counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  };
  for (const r of resources) {
    validator.validate(r, sink);
    // As the scanner does: a Bundle's entry resources are validated on their own, after the Bundle.
    if (r.resourceType === 'Bundle') for (const e of r.entry as { resource: Record<string, unknown> }[]) validator.validate(e.resource, sink);
  }
  return counts;
}

describe('no false errors on the shared Synthea data', () => {
  beforeAll(() => {
    if (!existsSync(data)) throw new Error(`The shared test data is missing: ${data}`);
  });

  it('synthea-100-patients NDJSON: only the conditional references (ref.conditional)', () => {
    const resources = ndjson(path.join(data, 'synthea-100-patients'));
    expect(resources.length).toBeGreaterThan(3000);
    const errors = errorsOf(resources);
    expect([...errors.keys()]).toEqual(['ref.conditional']);
    expect(errorsOf(resources, 'us-core').size).toBe(1);
  });

  it('synthea-10-patients NDJSON: only the conditional references (ref.conditional)', () => {
    const errors = errorsOf(ndjson(path.join(data, 'synthea-10-patients')));
    expect([...errors.keys()]).toEqual(['ref.conditional']);
  });

  it('synthea-bundles transactions: no errors at all, with and without US Core', () => {
    const dir = path.join(data, 'synthea-bundles');
    const bundles = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .slice(0, 8)
      .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>);
    expect(bundles.length).toBe(8);
    expect(errorsOf(bundles)).toEqual(new Map());
    expect(errorsOf(bundles, 'us-core')).toEqual(new Map());
  });
});
