import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generateCode } from '../../src/public/fhir/codegen';
import { nastyPatient, type JsonResource, simpleObservation, transactionBundle } from '../helpers/codegen-samples';

type Resource = JsonResource;

/**
 * The TypeScript, curl and Python snippets actually run (tsx, bash, python3 + requests) against a
 * local HTTP server that records what arrives: the body must be the resource, deep-equal, for a
 * plain resource, one full of quoting traps and a transaction Bundle, with a base URL that holds
 * shell-special characters. Child processes run asynchronously: the server lives in this process.
 */
const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let origin: string;
let received: Received[] = [];
let workDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'fhiriq-codegen-'));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(201, { 'Content-Type': 'application/fhir+json', Location: `${origin}/fhir/Thing/123/_history/1` });
      res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: 'recorded' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(workDir, { recursive: true, force: true });
});

function run(command: string, args: string[], cwd = workDir): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function available(command: string, args: string[]): Promise<boolean> {
  return run(command, args).then((r) => r.code === 0);
}

/** A base URL with a trailing slash (dropped) and characters a shell or a string literal would act on. */
const basePath = "/fhir/o'brien$HOME";
const baseUrl = () => `${origin}${basePath}/`;

const cases: Array<[string, Resource, string]> = [
  ['a plain Observation', simpleObservation, `${basePath}/Observation`],
  ['a Patient full of quoting traps', nastyPatient, `${basePath}/Patient`],
  ['a transaction Bundle (to the base URL itself)', transactionBundle, basePath],
];

async function sendWith(language: 'typescript' | 'curl' | 'python', resource: Resource, file: string, command: string, args: string[]) {
  const code = generateCode(resource, { languages: [language], baseUrl: baseUrl() })[language]!;
  writeFileSync(path.join(workDir, file), code);
  received = [];
  const result = await run(command, [...args, file]);
  return { result, received };
}

function expectDelivered(result: { code: number; stdout: string; stderr: string }, got: Received[], resource: Resource, urlPath: string) {
  expect(result.stderr.replace(/npm warn.*\n/g, '')).toBe('');
  expect(result.code).toBe(0);
  expect(got).toHaveLength(1);
  const request = got[0]!;
  expect(request.method).toBe('POST');
  expect(decodeURIComponent(request.url)).toBe(urlPath);
  expect(request.headers['content-type']).toMatch(/^application\/fhir\+json\b/);
  expect(request.headers.accept).toBe('application/fhir+json');
  expect(JSON.parse(request.body)).toEqual(JSON.parse(JSON.stringify(resource)));
  // What the user sees: the status and where the server put the resource.
  expect(result.stdout).toMatch(/201/);
  expect(result.stdout).toContain(`Location: ${origin}/fhir/Thing/123/_history/1`);
}

describe('generated TypeScript runs (npx tsx) and sends the resource', () => {
  it.each(cases)('%s', async (_name, resource, urlPath) => {
    const { result, received: got } = await sendWith('typescript', resource, 'send.ts', tsx, []);
    expectDelivered(result, got, resource, urlPath);
  });
});

describe('generated curl runs (bash) and sends the resource', () => {
  let hasCurl = false;
  beforeAll(async () => {
    hasCurl = await available('curl', ['--version']);
  });

  it.each(cases)('%s', async (_name, resource, urlPath) => {
    if (!hasCurl) return console.warn('curl is not installed: the curl snippet was not run');
    const { result, received: got } = await sendWith('curl', resource, 'send.sh', 'bash', []);
    expectDelivered(result, got, resource, urlPath);
    expect(result.stdout).toMatch(/^HTTP\/1\.1 201 Created/);
  });
});

describe('generated Python runs (python3 + requests) and sends the resource', () => {
  let canRun = false;
  let hasPython = false;
  beforeAll(async () => {
    hasPython = await available('python3', ['-c', 'pass']);
    canRun = hasPython && (await available('python3', ['-c', 'import requests']));
  });

  it.each(cases)('%s', async (_name, resource, urlPath) => {
    if (!canRun) {
      // No requests here: at least the dict literal must evaluate to the resource.
      if (!hasPython) return console.warn('python3 is not installed: the Python snippet was not run');
      const code = generateCode(resource, { languages: ['python'] }).python!;
      const literal = code.slice(code.indexOf('resource = '), code.indexOf('\nresponse = requests.post('));
      writeFileSync(path.join(workDir, 'literal.py'), `import json, sys\n${literal}\nsys.stdout.write(json.dumps(resource))\n`);
      const r = await run('python3', ['literal.py']);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(resource)));
      return;
    }
    const { result, received: got } = await sendWith('python', resource, 'send.py', 'python3', ['-W', 'error']);
    expectDelivered(result, got, resource, urlPath);
  });
});
