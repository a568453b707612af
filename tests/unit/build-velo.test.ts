import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as acorn from 'acorn';
import { buildVelo, VeloBuildError } from '../../local/build/velo-build';

const ROOT = path.resolve(__dirname, '../..');
const PAGE_NAME = /^[^.]+\.[a-z0-9]{5}\.js$/;

const tempDirs: string[] = [];
function tempDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `fhiriq-velo-${label}-`));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(path.join(dir, name)).isDirectory() ? listFiles(path.join(dir, name), rel) : [rel];
  });
}

/** Every module specifier in a parsed ES module: import/export ... from, and import(). */
function specifiers(program: acorn.Program): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as { type?: string; source?: { type: string; value?: unknown } };
    if (
      (n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ExportAllDeclaration' ||
        n.type === 'ImportExpression') &&
      n.source?.type === 'Literal' &&
      typeof n.source.value === 'string'
    ) {
      found.push(n.source.value);
    }
    Object.values(n).forEach(visit);
  };
  visit(program);
  return found;
}

function parseModule(file: string): acorn.Program {
  return acorn.parse(readFileSync(file, 'utf8'), { ecmaVersion: 'latest', sourceType: 'module' });
}

/** The Velo contract for a built tree, checked against the src tree it came from. */
function expectVeloTree(srcDir: string, outDir: string, files: string[]): void {
  const srcFiles = listFiles(srcDir);
  expect([...files].sort()).toEqual(listFiles(outDir).sort());

  for (const rel of srcFiles.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
    expect(files).toContain(rel.replace(/\.ts$/, '.js'));
  }
  expect(files.some((f) => f.endsWith('.ts'))).toBe(false);
  for (const special of ['backend/http-functions', 'backend/data', 'backend/events']) {
    if (srcFiles.includes(`${special}.ts`)) expect(files).toContain(`${special}.js`);
  }
  for (const web of srcFiles.filter((f) => f.endsWith('.web.ts'))) {
    expect(files).toContain(web.replace(/\.web\.ts$/, '.web.js'));
  }
  if (srcFiles.includes('backend/jobs.config')) {
    expect(readFileSync(path.join(outDir, 'backend/jobs.config'))).toEqual(readFileSync(path.join(srcDir, 'backend/jobs.config')));
  }
  for (const page of files.filter((f) => f.startsWith('pages/'))) {
    const name = path.posix.basename(page);
    expect(name === 'masterPage.js' || PAGE_NAME.test(name)).toBe(true);
  }

  for (const rel of files.filter((f) => f.endsWith('.js'))) {
    const program = parseModule(path.join(outDir, rel)); // throws (fails the test) if not an ES module
    const specs = specifiers(program);
    expect(specs).not.toContain('@wix/web-methods');
    for (const spec of specs) expect(spec).not.toMatch(/(^|\/)local(\/|$)/);
    expect(readFileSync(path.join(outDir, rel), 'utf8')).not.toMatch(/^\s*(import|export)\s+type\s+[{*\w]/m);
  }
}

const JOBS_CONFIG = `// Scheduled jobs (UTC)
{
  "jobs": [
    {
      // hourly tick
      "functionLocation": "/jobs/tick.js",
      "functionName": "tick",
      "executionConfig": { "cronExpression": "0 * * * *" }
    }
  ]
}
`;

const FIXTURE: Record<string, string> = {
  'backend/hello.web.ts': `import { Permissions, webMethod } from '@wix/web-methods';
import type { Greeting } from './types';
import { type Shout, shout } from '../public/text';
export type { Greeting };
export const hello = webMethod(Permissions.Anyone, (name: string): Greeting => ({ text: shout(name) as Shout }));
`,
  'backend/types.ts': 'export interface Greeting { text: string }\n',
  'backend/http-functions.ts': `import { ok } from 'wix-http-functions';
import { helper } from './lib';
export function get_ping(request: { path: string[] }): unknown {
  return ok({ body: helper(request.path.length) });
}
export async function get_lazy(): Promise<unknown> {
  const { helper: later } = await import('./lib');
  return ok({ body: later(1) });
}
`,
  'backend/lib/index.ts': 'export function helper(n: number): string { return `n=${n}`; }\n',
  'backend/data.ts': `import { normalize } from 'public/text';
export function ContactSubmissions_beforeInsert(item: { email: string }): { email: string } {
  return { ...item, email: normalize(item.email) };
}
`,
  'backend/events.ts': 'export function wixMembers_onMemberCreated(event: unknown): void { void event; }\n',
  'backend/jobs.config': JOBS_CONFIG,
  'backend/jobs/tick.ts': 'export async function tick(): Promise<number> { return 1; }\n',
  'backend/settings.json': '{ "a": 1 }\n',
  'public/text.ts': `export type Shout = string;
export enum Tone { Calm = 'calm', Loud = 'loud' }
export function shout(s: string): Shout { return s.toUpperCase() + Tone.Loud; }
export function normalize(s: string): string { return s.trim().toLowerCase(); }
`,
  'pages/Home.c1dmp.ts': `import { hello } from 'backend/hello.web';
$w.onReady(async () => {
  const greeting = await hello('you');
  ($w('#title') as { text: string }).text = greeting.text;
});
`,
  'pages/BlogPosts (Item).d4y6k.ts': "$w.onReady(() => { ($w('#x') as { text: string }).text = 'post'; });\n",
  'pages/masterPage.ts': '$w.onReady(() => undefined);\n',
  'types/velo.d.ts': 'declare const $w: any;\n',
};

describe('buildVelo on a fixture tree', () => {
  let srcDir: string;
  let outDir: string;
  let files: string[];
  let rewrites: Array<{ file: string; from: string; to: string }>;

  beforeAll(async () => {
    srcDir = path.join(tempDir('fixture'), 'src');
    writeTree(srcDir, FIXTURE);
    outDir = path.join(tempDir('out'), 'site');
    writeTree(outDir, { 'stale/old.js': 'export {};\n' });
    const result = await buildVelo({ srcDir, outDir, dependencies: ['@wix/web-methods'] });
    files = result.files;
    rewrites = result.rewrites;
    expect(result.warnings).toEqual([]);
  });

  test('keeps the Velo naming and emits parseable ES modules without types', () => {
    expectVeloTree(srcDir, outDir, files);
    expect(files).toEqual(
      expect.arrayContaining([
        'backend/hello.web.js',
        'backend/http-functions.js',
        'backend/data.js',
        'backend/events.js',
        'backend/jobs.config',
        'backend/settings.json',
        'pages/Home.c1dmp.js',
        'pages/BlogPosts (Item).d4y6k.js',
        'pages/masterPage.js',
      ]),
    );
  });

  test('cleans the out folder and emits no declarations', () => {
    expect(existsSync(path.join(outDir, 'stale'))).toBe(false);
    expect(existsSync(path.join(outDir, 'types'))).toBe(false);
    expect(files.some((f) => f.startsWith('types/'))).toBe(false);
  });

  test('rewrites @wix/web-methods to Velo wix-web-module and drops type-only imports', () => {
    const program = parseModule(path.join(outDir, 'backend/hello.web.js'));
    const specs = specifiers(program);
    expect(specs).toContain('wix-web-module');
    expect(specs).not.toContain('./types'); // type-only import is gone
    expect(readFileSync(path.join(outDir, 'backend/hello.web.js'), 'utf8')).toMatch(
      /import \{ Permissions, webMethod \} from 'wix-web-module';/,
    );
    expect(rewrites).toContainEqual({ file: 'backend/hello.web.ts', from: '@wix/web-methods', to: 'wix-web-module' });
  });

  test('a relative import into another code area becomes its Velo absolute name', () => {
    const specs = specifiers(parseModule(path.join(outDir, 'backend/hello.web.js')));
    expect(specs).toContain('public/text');
    expect(specs).not.toContain('../public/text');
  });

  test('a folder import names its index; Velo-native specifiers stay as they are', () => {
    const http = specifiers(parseModule(path.join(outDir, 'backend/http-functions.js')));
    expect(http).toEqual(['wix-http-functions', './lib/index', './lib/index']);
    expect(specifiers(parseModule(path.join(outDir, 'pages/Home.c1dmp.js')))).toEqual(['backend/hello.web']);
    expect(specifiers(parseModule(path.join(outDir, 'backend/data.js')))).toEqual(['public/text']);
  });

  test('non-TypeScript files are copied byte for byte; enums become plain JavaScript', () => {
    expect(readFileSync(path.join(outDir, 'backend/jobs.config'), 'utf8')).toBe(JOBS_CONFIG);
    expect(readFileSync(path.join(outDir, 'backend/settings.json'), 'utf8')).toBe(FIXTURE['backend/settings.json']);
    const text = readFileSync(path.join(outDir, 'public/text.js'), 'utf8');
    expect(text).toMatch(/export var Tone;/);
    expect(text).not.toMatch(/: string/);
  });
});

describe('buildVelo refuses what would break on Wix', () => {
  async function buildError(files: Record<string, string>, outside?: Record<string, string>): Promise<VeloBuildError> {
    const base = tempDir('bad');
    writeTree(path.join(base, 'src'), files);
    if (outside) writeTree(base, outside);
    const outDir = path.join(base, 'dist', 'site');
    const error = await buildVelo({ srcDir: path.join(base, 'src'), outDir }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(VeloBuildError);
    expect(existsSync(outDir)).toBe(false); // no half-built tree left behind
    return error as VeloBuildError;
  }

  test('an import of local/ (the local runtime) fails the build', async () => {
    const error = await buildError(
      { 'backend/a.ts': "import { x } from '../../local/velo/thing';\nexport const y = x;\n" },
      { 'local/velo/thing.ts': 'export const x = 1;\n' },
    );
    expect(error.message).toMatch(/backend\/a\.ts: imports "\.\.\/\.\.\/local\/velo\/thing", which is outside src\/.*local\//);
  });

  test('an import that matches no file fails the build', async () => {
    const error = await buildError({ 'backend/a.ts': "import { x } from './missing';\nexport const y = x;\n" });
    expect(error.message).toContain('backend/a.ts: imports "./missing", which matches no file in src/');
  });

  test('a page file not named <Page>.<id>.ts fails the build', async () => {
    const error = await buildError({ 'pages/Home.ts': '$w.onReady(() => undefined);\n' });
    expect(error.message).toContain('pages/Home.ts: page code must be named');
  });

  test('a jobs.config pointing at a file the build does not produce fails the build', async () => {
    const error = await buildError({ 'backend/jobs.config': JOBS_CONFIG });
    expect(error.message).toContain('job "tick" runs backend/jobs/tick.js, which the build does not produce');
  });

  test('TypeScript syntax errors fail the build with the position', async () => {
    const error = await buildError({ 'backend/a.ts': 'export const = 1;\n' });
    expect(error.message).toMatch(/backend\/a\.ts: 1:\d+ /);
  });

  test('an out folder inside src is refused before anything is deleted', async () => {
    const base = tempDir('nest');
    writeTree(path.join(base, 'src'), { 'backend/a.ts': 'export const a = 1;\n' });
    await expect(buildVelo({ srcDir: path.join(base, 'src'), outDir: path.join(base, 'src', 'out') })).rejects.toThrow(
      /must not contain or be inside srcDir/,
    );
    expect(existsSync(path.join(base, 'src/backend/a.ts'))).toBe(true);
  });

  test('a devDependency imported by site code is a warning', async () => {
    const base = tempDir('deps');
    writeTree(path.join(base, 'src'), { 'backend/a.ts': "import Fastify from 'fastify';\nexport const f = Fastify;\n" });
    const result = await buildVelo({ srcDir: path.join(base, 'src'), outDir: path.join(base, 'out'), dependencies: ['zod'] });
    expect(result.warnings).toEqual([
      'backend/a.ts: imports "fastify", but "fastify" is not in package.json dependencies, so Wix will not have it',
    ]);
  });
});

describe('buildVelo on the real src/', () => {
  test('builds the site tree with Velo naming, no devDependencies and no local/ imports', async () => {
    const srcDir = path.join(ROOT, 'src');
    const outDir = path.join(tempDir('real'), 'site');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const result = await buildVelo({ srcDir, outDir, dependencies: Object.keys(pkg.dependencies) });
    expectVeloTree(srcDir, outDir, result.files);
    expect(result.warnings).toEqual([]);
    expect(result.files).toEqual(expect.arrayContaining(['backend/http-functions.js', 'backend/jobs.config']));
  });
});
