import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ScanCancelled, runScan } from '../../src/public/custom-elements/fhir-scanner/runner';
import type { ScanProgress } from '../../src/public/custom-elements/fhir-scanner/protocol';

// The scan job the <fhir-scanner> worker (and its main-thread fallback) runs: streamed files,
// pasted text in slices, progress, pauses and cancelling. Node has Blob.stream() and
// TextDecoderStream, as browsers do.

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/fhir/scan', name));

const patient = (i: number, extra = '') =>
  `{"resourceType":"Patient","id":"p${i}","identifier":[{"system":"http://example.org/mrn","value":"M${i}"}],"name":[{"family":"Zoë${i}","given":["Ana"]}],"gender":"female","birthDate":"1990-01-01"${extra}}`;

describe('runScan', () => {
  it('scans pasted JSON and reports the defect with its element', async () => {
    const { report, elapsedMs } = await runScan({ input: fixture('patient-bad-date.json').toString('utf8'), format: 'auto' });
    expect(report.summary.resources).toBe(1);
    expect(report.issues).toContainEqual(expect.objectContaining({ severity: 'error', rule: 'struct.primitive', expression: ['Patient.birthDate'], id: 'p-bad' }));
    expect(elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('streams an NDJSON file, with line numbers and the file name in locations', async () => {
    const { report } = await runScan({ input: new Blob([fixture('broken-line.ndjson')]), sourceName: 'broken-line.ndjson', format: 'ndjson' });
    const fatal = report.issues.find((i) => i.severity === 'fatal');
    expect(fatal).toMatchObject({ rule: 'input.unparsable', location: { source: 'broken-line.ndjson', line: expect.any(Number) } });
    expect(report.summary.resources).toBe(3);
  });

  it('reports progress every N resources with bytes read of the file, and once at the end', async () => {
    const text = Array.from({ length: 25 }, (_, i) => patient(i)).join('\n');
    const blob = new Blob([text]);
    const seen: ScanProgress[] = [];
    const { report } = await runScan({ input: blob, format: 'ndjson' }, { onProgress: (p) => seen.push(p), progressEvery: 10, progressMs: 1e9 });
    expect(report.summary.resources).toBe(25);
    expect(seen.map((p) => p.resources)).toEqual([10, 20, 25]);
    expect(seen.at(-1)).toMatchObject({ bytes: blob.size, totalBytes: blob.size });
  });

  it('decodes UTF-8 split across stream chunks', async () => {
    // Lines with multi-byte characters in a bad gender code, which the error message quotes. The
    // Blob is made of 1,001-byte parts, which Blob.stream() hands over one by one (as a browser
    // hands over a file in chunks), cutting characters apart.
    const odd = 'é✓😀'.repeat(60);
    const lines = Array.from({ length: 1500 }, (_, i) => patient(i).replace('"gender":"female"', `"gender":"${'x'.repeat(i % 4)}${odd}"`));
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const parts: Uint8Array<ArrayBuffer>[] = [];
    for (let i = 0; i < bytes.length; i += 1001) parts.push(bytes.slice(i, i + 1001));
    const { report } = await runScan({ input: new Blob(parts), format: 'ndjson' }, { progressMs: 0 });
    expect(report.summary.resources).toBe(1500);
    const gender = report.issues.filter((i) => i.expression.includes('Patient.gender'));
    expect(gender.length).toBeGreaterThanOrEqual(1500);
    for (const i of gender) {
      expect(i.message).not.toContain('\uFFFD');
    }
    expect(gender.filter((i) => i.message.includes(odd)).length).toBeGreaterThanOrEqual(1500);
  });

  it('feeds long pasted text in slices and pauses between them when asked', async () => {
    const text = Array.from({ length: 2000 }, (_, i) => patient(i)).join('\n'); // ~370 KB: several slices
    let pauses = 0;
    const { report } = await runScan(
      { input: text, format: 'auto' },
      { pause: async () => void pauses++, sliceMs: 0 },
    );
    expect(report.summary.resources).toBe(2000);
    expect(pauses).toBeGreaterThan(2);
  });

  it('stops with ScanCancelled when cancelled between slices', async () => {
    const text = Array.from({ length: 2000 }, (_, i) => patient(i)).join('\n');
    let pauses = 0;
    await expect(
      runScan({ input: text, format: 'auto' }, { pause: async () => void pauses++, sliceMs: 0, isCancelled: () => pauses >= 1 }),
    ).rejects.toBeInstanceOf(ScanCancelled);
    expect(pauses).toBe(1);
  });

  it('checks the US Core profile when asked', async () => {
    const { report } = await runScan({ input: patient(1), format: 'auto', profile: 'us-core' });
    expect(report.summary.profile).toBe('us-core');
  });
});
