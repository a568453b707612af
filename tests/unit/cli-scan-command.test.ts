import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { Issue, IssueLocation } from '../../src/public/fhir/report/issue';
import type { ScanReport } from '../../src/public/fhir/report/scan-report';

/**
 * The CLI's plumbing (arguments, files, folders, stdin, streaming, formats, --out, exit codes) run
 * in-process with a small stand-in engine, so it is tested independently of the scan engine. The
 * stand-in reports an error for a resource without an id and a fatal issue for unparsable input;
 * tests/integration/cli-scan.test.ts runs the real engine end to end.
 */
const created: Array<{ profile?: string; maxIssues?: number }> = [];
const added: Array<{ resourceType: string; id?: string; location?: IssueLocation }> = [];

jest.mock('../../src/public/fhir/scanner', () => ({
  createScanner(options: { profile?: string; maxIssues?: number } = {}) {
    created.push(options);
    const issues: Issue[] = [];
    const byType: ScanReport['summary']['byType'] = {};
    let resources = 0;
    const count = (type: string) => (byType[type] ??= { resources: 0, fatal: 0, errors: 0, warnings: 0, information: 0 });
    const add = (resource: unknown, location?: IssueLocation): void => {
      const r = resource as { resourceType?: string; id?: string; entry?: Array<{ resource?: unknown }> };
      const type = typeof r?.resourceType === 'string' ? r.resourceType : 'Unknown';
      resources++;
      count(type).resources++;
      added.push({ resourceType: type, ...(r?.id ? { id: r.id } : {}), ...(location ? { location } : {}) });
      if (!r?.id) {
        count(type).errors++;
        issues.push({ resourceType: type, severity: 'error', code: 'required', category: 'conformance', rule: 'fake.no-id', expression: [`${type}.id`], message: 'No id', ...(location ? { location } : {}) });
      }
      if (type === 'Bundle') r.entry?.forEach((e, entry) => e.resource && add(e.resource, { ...location, entry }));
    };
    return {
      add,
      addUnparsable(message: string, location?: IssueLocation) {
        resources++;
        count('Unknown').resources++;
        count('Unknown').fatal++;
        issues.push({ resourceType: 'Unknown', severity: 'fatal', code: 'structure', category: 'conformance', rule: 'input.unparsable', expression: [], message, ...(location ? { location } : {}) });
      },
      finish(): ScanReport {
        const fatal = issues.filter((i) => i.severity === 'fatal').length;
        const errors = issues.length - fatal;
        return {
          summary: {
            resources,
            fatal,
            errors,
            warnings: 0,
            information: 0,
            byType,
            byCategory: issues.length ? { conformance: { errors: issues.length, warnings: 0, information: 0 } } : {},
            scores: { conformance: null, completeness: null, plausibility: null, overall: null, byType: {} },
            checks: [],
            ...(options.profile ? { profile: options.profile } : {}),
            truncated: false,
            issuesKept: issues.length,
          },
          issues,
        };
      },
    };
  },
}));

// eslint-disable-next-line import/first
import { main } from '../../cli/main';

const fixtures = path.resolve(__dirname, '../fixtures/fhir/scan');
const fx = (name: string) => path.join(fixtures, name);

function fakeIo(options: { stdin?: string | string[]; stdinTTY?: boolean; stdoutTTY?: boolean; stderrTTY?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const capture = (tty: boolean) => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d: Buffer) => (text += d.toString('utf8')));
    return Object.assign(stream, { isTTY: tty, columns: 100, text: () => text });
  };
  const chunks = options.stdin === undefined ? [] : Array.isArray(options.stdin) ? options.stdin : [options.stdin];
  const stdin = Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), { isTTY: options.stdinTTY ?? false });
  const stdout = capture(options.stdoutTTY ?? false);
  const stderr = capture(options.stderrTTY ?? false);
  const io = { stdin, stdout, stderr, env: options.env ?? {} } as unknown as Parameters<typeof main>[1];
  return { io: io!, stdout, stderr };
}

async function run(args: string[], options: Parameters<typeof fakeIo>[0] = {}) {
  const { io, stdout, stderr } = fakeIo(options);
  added.length = 0;
  created.length = 0;
  const code = await main(['node', 'fhiriq', ...args], io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('fhiriq scan (CLI plumbing, stand-in engine)', () => {
  it('scans an NDJSON file line by line (CRLF, blank line, no final newline) with file and line', async () => {
    const r = await run(['scan', fx('patients-ok.ndjson'), '--format', 'json']);
    expect(r.code).toBe(0);
    expect(added).toEqual([
      { resourceType: 'Patient', id: 'n1', location: { source: fx('patients-ok.ndjson'), line: 1 } },
      { resourceType: 'Patient', id: 'n2', location: { source: fx('patients-ok.ndjson'), line: 2 } },
      { resourceType: 'Patient', id: 'n3', location: { source: fx('patients-ok.ndjson'), line: 4 } },
    ]);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ resources: 3, errors: 0 });
  });

  it('scans a Bundle file whole (its entries with their index) and a single resource', async () => {
    const r = await run(['scan', fx('bundle-ok.json'), fx('patient-ok.json'), '--format', 'json']);
    expect(r.code).toBe(0);
    expect(added.map((a) => [a.resourceType, a.location])).toEqual([
      ['Bundle', { source: fx('bundle-ok.json') }],
      ['Patient', { source: fx('bundle-ok.json'), entry: 0 }],
      ['Observation', { source: fx('bundle-ok.json'), entry: 1 }],
      ['Patient', { source: fx('patient-ok.json') }],
    ]);
  });

  it('exit 1 when errors are found', async () => {
    const r = await run(['scan', '-', '--format', 'json'], { stdin: '{"resourceType":"Patient"}\n' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).issues[0]).toMatchObject({ rule: 'fake.no-id', location: { source: 'stdin', line: 1 } });
  });

  it('bad JSON in a .json file is a fatal finding with file and line, and the scan goes on', async () => {
    const r = await run(['scan', fx('broken.json'), fx('patient-ok.json'), '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ resources: 2, fatal: 1 });
    expect(report.issues[0]).toMatchObject({ severity: 'fatal', rule: 'input.unparsable', location: { source: fx('broken.json'), line: 4 } });
    expect(report.issues[0].message).toMatch(/^Not valid JSON at line 4, column 13: /);
    expect(added.map((a) => a.id)).toEqual(['p-ok']);
  });

  it('a bad NDJSON line is a fatal finding with its line; the other lines are scanned', async () => {
    const r = await run(['scan', fx('broken-line.ndjson'), '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.issues).toEqual([expect.objectContaining({ severity: 'fatal', location: { source: fx('broken-line.ndjson'), line: 2 } })]);
    expect(added.map((a) => a.id)).toEqual(['l1', 'l3']);
  });

  it('walks a folder for *.json and *.ndjson (sorted, hidden folders and other files skipped)', async () => {
    const r = await run(['scan', fx('folder'), '--format', 'json']);
    expect(r.code).toBe(0);
    expect(added.map((a) => `${a.id} ${path.relative(fixtures, a.location!.source!)}`)).toEqual([
      'f-a folder/a.json',
      'f1 folder/sub/b.ndjson',
      'f2 folder/sub/b.ndjson',
      'f3 folder/sub/b.ndjson',
    ]);
  });

  it('scans a file given twice (or inside a given folder too) once', async () => {
    await run(['scan', fx('folder/a.json'), fx('folder'), fx('folder/a.json'), '--format', 'json']);
    expect(added.filter((a) => a.id === 'f-a')).toHaveLength(1);
  });

  it('reads stdin when no path is given: NDJSON streamed in chunks, detected from the first line', async () => {
    const ndjson = readFileSync(fx('patients-ok.ndjson'), 'utf8');
    const chunks = [ndjson.slice(0, 10), ndjson.slice(10, 200), ndjson.slice(200)];
    const r = await run(['scan', '--format', 'json'], { stdin: chunks });
    expect(r.code).toBe(0);
    expect(added.map((a) => [a.id, a.location])).toEqual([
      ['n1', { source: 'stdin', line: 1 }],
      ['n2', { source: 'stdin', line: 2 }],
      ['n3', { source: 'stdin', line: 4 }],
    ]);
  });

  it('reads stdin with "-": a pretty-printed Bundle is parsed whole', async () => {
    const r = await run(['scan', '-', '--format', 'json'], { stdin: readFileSync(fx('bundle-ok.json'), 'utf8') });
    expect(r.code).toBe(0);
    expect(added.map((a) => a.resourceType)).toEqual(['Bundle', 'Patient', 'Observation']);
  });

  it('exit 2 for empty stdin, for no input on a terminal, for a missing file and for a folder with nothing to scan', async () => {
    for (const [args, options, message] of [
      [['scan'], { stdin: '' }, /stdin was empty/],
      [['scan'], { stdinTTY: true }, /Give files or folders to scan/],
      [['scan', fx('nope.json')], {}, /No such file or folder: .*nope\.json/],
      [['scan', fx('empty-folder')], {}, /No \.json or \.ndjson files in folder/],
    ] as const) {
      const r = await run([...args], options);
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });

  it('exit 2 for usage errors: unknown format, profile or command, bad --max-issues', async () => {
    for (const args of [['scan', '--format', 'pdf', 'x'], ['scan', '--profile', 'uk-core', 'x'], ['scan', '--max-issues', 'ten', 'x'], ['generate'], ['test']]) {
      const r = await run(args);
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.stderr).toMatch(/error:/);
    }
  });

  it('passes --profile and --max-issues to the engine', async () => {
    const r = await run(['scan', fx('patient-ok.json'), '--profile', 'us-core', '--max-issues', '5', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(created).toEqual([{ profile: 'us-core', maxIssues: 5 }]);
    expect(JSON.parse(r.stdout).summary.profile).toBe('us-core');
  });

  it('renders each format', async () => {
    const outcome = JSON.parse((await run(['scan', fx('patient-ok.json'), '--format', 'outcome'])).stdout);
    expect(outcome).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', details: { text: 'All OK' } }] });
    const html = (await run(['scan', fx('patient-ok.json'), '--format', 'html'])).stdout;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const text = await run(['scan', fx('patient-ok.json')]);
    expect(text.stdout.split('\n')[0]).toBe('Scanned 1 resource, 0 errors, 0 warnings, 0 information');
    expect(text.stdout).not.toMatch(/\u001b/); // not a terminal: no colors
  });

  it('colors the text report on a terminal unless --no-color or NO_COLOR', async () => {
    const input = ['scan', '-'];
    expect((await run(input, { stdin: '{"resourceType":"Patient"}', stdoutTTY: true })).stdout).toMatch(/\u001b\[31mERROR/);
    expect((await run([...input, '--no-color'], { stdin: '{"resourceType":"Patient"}', stdoutTTY: true })).stdout).not.toMatch(/\u001b/);
    expect((await run(input, { stdin: '{"resourceType":"Patient"}', stdoutTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b/);
  });

  it('--out writes the report to a file and says so on stderr; stdout stays empty', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fhiriq-cli-'));
    try {
      const out = path.join(dir, 'report.html');
      const r = await run(['scan', fx('patients-ok.ndjson'), '--format', 'html', '--out', out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`Wrote the html report to ${out}: Scanned 3 resources, 0 errors, 0 warnings, 0 information\n`);
      expect(readFileSync(out, 'utf8')).toContain('<title>FHIR IQ scan report</title>');
      const bad = await run(['scan', fx('patient-ok.json'), '--out', path.join(dir, 'no/such/dir/x.txt')]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/Cannot write/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws a progress bar on stderr only when stderr is a terminal', async () => {
    const tty = await run(['scan', fx('patients-ok.ndjson'), fx('folder'), '--format', 'json'], { stderrTTY: true });
    expect(tty.stderr).toMatch(/\r\u001b\[K +\d+% \[[#-]{20}\] \d+\.\d\/\d+\.\d MB {2}\d+ resources {2}[\d,]+\/s/);
    expect(tty.stderr.endsWith('\r\u001b[K')).toBe(true); // cleared at the end
    const pipe = await run(['scan', fx('patients-ok.ndjson'), '--format', 'json'], { stderrTTY: false });
    expect(pipe.stderr).toBe('');
    const off = await run(['scan', fx('patients-ok.ndjson'), '--format', 'json', '--no-progress'], { stderrTTY: true });
    expect(off.stderr).toBe('');
  });

  it('--help and scan --help succeed and describe the options', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: fhiriq/);
    expect(top.stdout).toMatch(/scan \[options\] \[paths\.\.\.\]/);
    const scan = await run(['scan', '--help']);
    expect(scan.code).toBe(0);
    for (const option of ['--format', '--out', '--profile', '--max-issues', 'Exit codes']) expect(scan.stdout).toContain(option);
  });
});
