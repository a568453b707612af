import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInvariantChecker, type NativeComparison } from '../../src/public/fhir/invariants';
import type { Finding } from '../../src/public/fhir/report/issue';

/**
 * The Synthea data in ../shared/data is valid R4 as written: the invariants report no error on it.
 * Its only findings are dom-6 warnings (best practice: a resource should have a narrative), since
 * Synthea's bulk export and these Bundles mostly carry none.
 */
const dataDir = path.resolve(__dirname, '../../../shared/data');
const hasData = existsSync(dataDir);
const describeData = hasData ? describe : describe.skip;

function loadResources(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const ndjsonDir = path.join(dataDir, 'synthea-100-patients');
  for (const file of readdirSync(ndjsonDir).sort()) {
    for (const line of readFileSync(path.join(ndjsonDir, file), 'utf8').split('\n')) if (line.trim()) out.push(JSON.parse(line));
  }
  const bundleDir = path.join(dataDir, 'synthea-bundles');
  for (const file of readdirSync(bundleDir).sort().slice(0, 4)) {
    const bundle = JSON.parse(readFileSync(path.join(bundleDir, file), 'utf8'));
    out.push(bundle);
    // The scanner checks entry resources on their own; so do we here.
    for (const entry of bundle.entry ?? []) if (entry.resource) out.push(entry.resource);
  }
  return out;
}

describeData('invariants on ../shared/data (Synthea)', () => {
  const resources = hasData ? loadResources() : [];

  it('reports no errors, only dom-6 warnings', () => {
    const findings: Finding[] = [];
    const checker = createInvariantChecker();
    for (const r of resources) checker.check(r, (f) => findings.push(f));
    expect(resources.length).toBeGreaterThan(3000);
    expect(findings.filter((f) => f.rule !== 'inv.dom-6')).toEqual([]);
    // Bundle is not a DomainResource: dom-6 does not apply to it.
    const withoutNarrative = resources.filter((r) => r.resourceType !== 'Bundle' && !(r.text as { div?: string } | undefined)?.div).length;
    expect(findings).toHaveLength(withoutNarrative);
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(['warning']));
  });

  it('natives give fhirpath.js verdicts on every evaluation', () => {
    const compared = new Map<string, number>();
    const mismatches: NativeComparison[] = [];
    const checker = createInvariantChecker({
      crossCheck: (c) => {
        compared.set(c.key, (compared.get(c.key) ?? 0) + 1);
        if (c.native !== c.fhirpath) mismatches.push(c);
      },
    });
    for (const r of resources) checker.check(r, () => undefined);
    expect(mismatches).toEqual([]);
    // The hot invariants really ran natively here.
    for (const key of ['ref-1', 'dom-6', 'per-1', 'qty-3', 'cpt-2', 'bdl-5', 'bdl-8', 'org-1', 'ait-1']) {
      expect([key, (compared.get(key) ?? 0) > 0]).toEqual([key, true]);
    }
  });
});
