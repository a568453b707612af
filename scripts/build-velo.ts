/**
 * `npm run build:velo [outDir]`: compiles src/ into dist/site/, the JavaScript tree a git-integrated
 * Wix site takes as its src/ (see local/build/velo-build.ts for what changes and why).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildVelo, VeloBuildError } from '../local/build/velo-build';

const root = path.resolve(__dirname, '..');
const srcDir = path.join(root, 'src');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'site'));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };

async function main(): Promise<void> {
  const result = await buildVelo({ srcDir, outDir, dependencies: Object.keys(pkg.dependencies ?? {}) });
  const count = (area: string) => result.files.filter((f) => f.startsWith(`${area}/`)).length;
  console.log(`build:velo: ${path.relative(root, srcDir)}/ -> ${path.relative(root, outDir) || outDir}/`);
  console.log(
    `  ${result.compiled.length} compiled, ${result.copied.length} copied ` +
      `(backend ${count('backend')}, public ${count('public')}, pages ${count('pages')})`,
  );
  const rewritten = new Map<string, number>();
  for (const r of result.rewrites) rewritten.set(`${r.from} -> ${r.to}`, (rewritten.get(`${r.from} -> ${r.to}`) ?? 0) + 1);
  if (rewritten.size > 0) {
    console.log(`  ${result.rewrites.length} import(s) rewritten:`);
    for (const [rule, n] of [...rewritten].sort()) console.log(`    ${rule}${n > 1 ? ` (x${n})` : ''}`);
  }
  for (const warning of result.warnings) console.log(`  warning: ${warning}`);
  console.log('  Copy or sync this tree as the src/ of a git-integrated Wix site (see README).');
}

main().catch((err: unknown) => {
  console.error(err instanceof VeloBuildError ? err.message : err);
  process.exitCode = 1;
});
