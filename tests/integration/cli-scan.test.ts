import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `node bin/fhiriq.js ...` as a user runs it: a real process, real files, stdin and exit codes.
 * The first block needs nothing but the CLI; the second runs the full scan engine
 * (src/public/fhir: conformance, invariants, quality and the generated definitions of
 * `npm run build:fhir`).
 */
const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin/fhiriq.js');
const fixtures = path.join(root, 'tests/fixtures/fhir/scan');
const fx = (name: string) => path.join(fixtures, name);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function fhiriq(args: string[], options: { stdin?: string; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: options.cwd ?? os.tmpdir(), env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin!.end(options.stdin ?? '');
  });
}

describe('fhiriq CLI: usage (no scan engine needed)', () => {
  it('--help and scan --help exit 0', async () => {
    const top = await fhiriq(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Usage: fhiriq');
    const scan = await fhiriq(['scan', '--help']);
    expect(scan.code).toBe(0);
    expect(scan.stdout).toContain('--format <format>');
  });

  it('exit 2 for an unknown command, a bad option and a missing file', async () => {
    const unknown = await fhiriq(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect((await fhiriq(['scan', '--format', 'pdf', fx('patient-ok.json')])).code).toBe(2);
    const missing = await fhiriq(['scan', fx('does-not-exist.ndjson')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No such file or folder');
  });
});

// Needs the full scan engine (the other helpers' conformance, invariants and quality modules).
describe('fhiriq scan (needs the full scan engine)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fhiriq-cli-it-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('valid data: exit 0, text report by default', async () => {
    const r = await fhiriq(['scan', fx('patient-ok.json'), fx('patients-ok.ndjson'), fx('bundle-ok.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Scanned 7 resources, 0 errors, /);
  });

  it('an invalid date: exit 1, the JSON report names the element', async () => {
    const r = await fhiriq(['scan', fx('patient-bad-date.json'), '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary.errors).toBeGreaterThanOrEqual(1);
    expect(report.issues).toContainEqual(
      expect.objectContaining({ resourceType: 'Patient', id: 'p-bad', severity: 'error', expression: ['Patient.birthDate'], location: { source: fx('patient-bad-date.json') } }),
    );
  });

  it('bad JSON and a bad NDJSON line are fatal findings with file and line; the rest is scanned', async () => {
    const r = await fhiriq(['scan', fx('broken.json'), fx('broken-line.ndjson'), '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary.fatal).toBe(2);
    const fatal = report.issues.filter((i: { severity: string }) => i.severity === 'fatal').map((i: { location: unknown }) => i.location);
    expect(fatal).toEqual([
      { source: fx('broken.json'), line: 4 },
      { source: fx('broken-line.ndjson'), line: 2 },
    ]);
    expect(report.summary.byType.Patient.resources).toBe(2);
  });

  it('a folder, relative paths: the findings name the files as given', async () => {
    const r = await fhiriq(['scan', 'folder', '--format', 'json'], { cwd: fixtures });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.resources).toBe(4);
  });

  it('stdin: NDJSON and a pretty-printed Bundle, detected', async () => {
    const ndjson = await fhiriq(['scan', '--format', 'json'], { stdin: readFileSync(fx('patients-ok.ndjson'), 'utf8') });
    expect(ndjson.code).toBe(0);
    expect(JSON.parse(ndjson.stdout).summary.byType.Patient.resources).toBe(3);
    const bundle = await fhiriq(['scan', '-', '--format', 'json'], { stdin: readFileSync(fx('bundle-ok.json'), 'utf8') });
    expect(bundle.code).toBe(0);
    expect(JSON.parse(bundle.stdout).summary.resources).toBe(3);
    const empty = await fhiriq(['scan'], { stdin: '' });
    expect(empty.code).toBe(2);
  });

  it('--format outcome is an OperationOutcome; --format html --out writes a page', async () => {
    const outcome = await fhiriq(['scan', fx('patient-bad-date.json'), '--format', 'outcome']);
    expect(outcome.code).toBe(1);
    const oo = JSON.parse(outcome.stdout);
    expect(oo.resourceType).toBe('OperationOutcome');
    expect(oo.issue).toContainEqual(expect.objectContaining({ severity: 'error', expression: ['Patient.birthDate'] }));

    const out = path.join(dir, 'report.html');
    const html = await fhiriq(['scan', fx('bundle-ok.json'), '--format', 'html', '--out', out]);
    expect(html.code).toBe(0);
    expect(html.stdout).toBe('');
    expect(html.stderr).toMatch(/^Wrote the html report to /);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('--profile us-core is accepted and recorded in the report', async () => {
    const r = await fhiriq(['scan', fx('patient-ok.json'), '--profile', 'us-core', '--format', 'json']);
    expect([0, 1]).toContain(r.code);
    expect(JSON.parse(r.stdout).summary.profile).toBe('us-core');
  });
});
