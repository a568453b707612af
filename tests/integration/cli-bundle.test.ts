import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCli } from '../../cli/bundle';

/**
 * `npm run build:cli` bundles the CLI; bin/fhiriq.js runs the bundle only while no source it was
 * built from has changed, and the TypeScript sources through tsx otherwise.
 */
const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'tests/fixtures/fhir/scan');
// Under the project (dist/ is ignored by git) so packages resolve from its node_modules.
const work = path.join(root, 'dist', `test-cli-bundle-${process.pid}`);

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the bundled CLI', () => {
  it('gives the same report as the sources run through tsx', async () => {
    const { file, inputs } = await buildCli(path.join(work, 'bundle'));
    expect(inputs).toEqual(expect.arrayContaining(['cli/main.ts', 'src/public/fhir/scanner.ts', 'tsconfig.json']));
    expect(inputs.some((i) => i.includes('node_modules') || i.includes(':'))).toBe(false);
    const args = ['scan', path.join(fixtures, 'patients-ok.ndjson'), path.join(fixtures, 'patient-bad-date.json'), path.join(fixtures, 'bundle-ok.json'), '--format', 'json'];
    const bundled = await run(['-e', `require(${JSON.stringify(file)}).main(process.argv).then((c) => { process.exitCode = c; })`, 'fhiriq', ...args]);
    const sources = await run([path.join(root, 'bin/fhiriq.js'), ...args], { FHIRIQ_NO_BUNDLE: '1' });
    expect(bundled.code).toBe(1);
    expect(sources.code).toBe(1);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(sources.stdout));
  });

  it('bin/fhiriq.js runs the bundle only while it is newer than all its sources', async () => {
    const tree = path.join(work, 'tree');
    for (const dir of ['bin', 'dist/cli', 'src', 'cli']) mkdirSync(path.join(tree, dir), { recursive: true });
    copyFileSync(path.join(root, 'bin/fhiriq.js'), path.join(tree, 'bin/fhiriq.js'));
    writeFileSync(path.join(tree, 'tsconfig.json'), '{}\n');
    writeFileSync(path.join(tree, 'src/engine.ts'), 'export const x = 1;\n');
    writeFileSync(path.join(tree, 'cli/main.ts'), "export async function main(): Promise<number> { process.stdout.write('sources'); return 0; }\n");
    writeFileSync(path.join(tree, 'dist/cli/fhiriq.js'), "exports.main = async () => { process.stdout.write('bundle'); return 0; };\n");
    const past = new Date(Date.now() - 60_000);
    for (const file of ['src/engine.ts', 'cli/main.ts', 'tsconfig.json']) utimesSync(path.join(tree, file), past, past);
    const manifest = (inputs: string[]) => writeFileSync(path.join(tree, 'dist/cli/inputs.json'), JSON.stringify({ builtAt: Date.now() - 1000, inputs }));
    const bin = path.join(tree, 'bin/fhiriq.js');

    manifest(['src/engine.ts', 'cli/main.ts', 'tsconfig.json']);
    expect((await run([bin])).stdout).toBe('bundle');
    expect((await run([bin], { FHIRIQ_NO_BUNDLE: '1' })).stdout).toBe('sources');

    const now = new Date();
    utimesSync(path.join(tree, 'src/engine.ts'), now, now); // a source changed after the build
    expect((await run([bin])).stdout).toBe('sources');

    utimesSync(path.join(tree, 'src/engine.ts'), past, past);
    manifest(['src/engine.ts', 'src/gone.ts']); // a source the bundle was built from is gone
    expect((await run([bin])).stdout).toBe('sources');

    writeFileSync(path.join(tree, 'dist/cli/inputs.json'), 'not json');
    expect((await run([bin])).stdout).toBe('sources');
  });
});
