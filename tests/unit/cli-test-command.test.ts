import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../cli/main';
import { parseHeaders } from '../../cli/test';
import { startFhirServer, type TestFhirServer } from '../helpers/fhir-server';

/**
 * `fhiriq test` in-process (main(argv, io) with a fake io) against the reference FHIR server and
 * one faulty variant: formats, --out, exit codes, headers sent and never printed, usage errors.
 */
let good: TestFhirServer;
let faulty: TestFhirServer;
let dir: string;

beforeAll(async () => {
  [good, faulty] = await Promise.all([startFhirServer(), startFhirServer({ fault: 'searchset-no-fullurl' })]);
  dir = mkdtempSync(path.join(os.tmpdir(), 'fhiriq-cli-test-'));
});
afterAll(async () => {
  await Promise.all([good?.close(), faulty?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString('utf8')));
  return Object.assign(stream, { isTTY: false, columns: 100, text: () => text });
}

async function run(args: string[]) {
  const stdout = capture();
  const stderr = capture();
  const io = { stdin: Object.assign(Readable.from([]), { isTTY: true }), stdout, stderr, env: {} } as unknown as Parameters<typeof main>[1];
  const code = await main(['node', 'fhiriq', ...args], io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('fhiriq test', () => {
  it('text: every group and a result line; exit 0 against the reference server', async () => {
    const r = await run(['test', good.baseUrl, '--allow-writes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`FHIR IQ API tests: ${good.baseUrl}`);
    for (const title of ['Capability statement', 'Read and vread', 'Create, update and delete', 'Search', 'History']) expect(r.stdout).toContain(title);
    expect(r.stdout).toMatch(/Result: no failures · \d+ passed/);
  }, 30_000);

  it('json: the report shape of the issue; exit 1 when a test failed (a server whose searchsets lack fullUrl)', async () => {
    const r = await run(['test', faulty.baseUrl, '--allow-writes', '--format', 'json', '--resource', 'Patient']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report.summary).sort()).toEqual(['durationMs', 'failed', 'passed', 'skipped']);
    const failed = report.groups.flatMap((g: { tests: Array<{ status: string; message: string; specRef: string }> }) => g.tests.filter((t) => t.status === 'failed'));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.some((t: { message: string }) => /fullUrl/.test(t.message))).toBe(true);
    for (const t of failed) expect(t.specRef).toMatch(/^https:\/\/hl7\.org\/fhir\/R4\//);
  }, 30_000);

  it('junit and testreport to files with --out; read-only runs write nothing', async () => {
    const xmlFile = path.join(dir, 'results.xml');
    const junit = await run(['test', good.baseUrl, '--format', 'junit', '--out', xmlFile, '--group', 'capability,read']);
    expect(junit.code).toBe(0);
    expect(junit.stdout).toBe('');
    expect(junit.stderr).toMatch(/^Wrote the junit report to .*results\.xml: \d+ passed, 0 failed, \d+ skipped/);
    const xml = readFileSync(xmlFile, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>/);
    expect(xml).toContain('<testsuite ');

    const reportFile = path.join(dir, 'report.json');
    expect((await run(['test', good.baseUrl, '--format', 'testreport', '--out', reportFile, '--group', 'capability'])).code).toBe(0);
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toMatchObject({ resourceType: 'TestReport', status: 'completed', result: 'pass' });
  }, 30_000);

  it('sends --header values with every request and never prints them', async () => {
    // A pass-through in front of the reference server that records the headers it sees.
    const seen: Array<string | undefined> = [];
    const proxy = http.createServer(async (req, res) => {
      seen.push(req.headers.authorization);
      const upstream = await fetch(`${good.baseUrl.replace(/\/fhir$/, '')}${req.url}`, { method: req.method, headers: { accept: req.headers.accept ?? '*/*' } });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/fhir+json' }).end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/fhir`;
    const r = await run(['test', base, '--group', 'capability', '--format', 'json', '-H', 'Authorization: Bearer s3cret-token', '-H', 'X-Trace: 1']);
    await new Promise((resolve) => proxy.close(resolve));
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['Bearer s3cret-token']));
    expect(r.stdout).not.toContain('s3cret-token');
    expect(parseHeaders(['Authorization: Bearer a:b', 'X-Empty:'])).toEqual({ Authorization: 'Bearer a:b', 'X-Empty': '' });
  }, 30_000);

  it.each([
    [['test'], /missing required argument 'baseUrl'/],
    [['test', 'ftp://example.org/fhir'], /http/],
    [['test', 'http://127.0.0.1:1/fhir', '--group', 'everything'], /Unknown group "everything"/],
    [['test', 'http://127.0.0.1:1/fhir', '-H', 'no colon here'], /expected "Name: value"/],
    [['test', 'http://127.0.0.1:1/fhir', '--format', 'pdf'], /Allowed choices are text, json, junit, testreport/],
    [['test', 'http://127.0.0.1:1/fhir', '--timeout', '0'], /above 0/],
  ])('usage error (exit 2): %j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a server that cannot be reached is a run with failed tests (exit 1), not a crash', async () => {
    const r = await run(['test', 'http://127.0.0.1:1/fhir', '--group', 'capability', '--timeout', '2000']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Request failed/);
  });
});
