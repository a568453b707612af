/**
 * `npm run build:cli`: bundles the CLI (cli/main.ts with the scan engine of src/public/fhir and its
 * generated definitions) into one minified file, dist/cli/fhiriq.js. bin/fhiriq.js runs that bundle
 * while it is newer than every source it was built from, and the TypeScript sources through tsx
 * otherwise, so `npx fhiriq` always runs the current code. The bundle saves tsx's start-up and
 * on-the-fly transpiling, and the per-function naming helpers tsx adds to every closure.
 *
 * Packages stay external (they load from node_modules as usual): only our own sources are bundled,
 * so the bundle goes stale only when they change. dist/cli/inputs.json lists them for the check.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(__dirname, '..');

export interface CliBundle {
  /** The bundle (a CommonJS module exporting `main`). */
  file: string;
  /** Sources it was built from, relative to the project root. */
  inputs: string[];
}

/** The manifest bin/fhiriq.js reads: when the build started, and from which sources. */
export interface CliBundleManifest {
  builtAt: number;
  inputs: string[];
}

export async function buildCli(outDir = path.join(root, 'dist/cli')): Promise<CliBundle> {
  const builtAt = Date.now();
  const file = path.join(outDir, 'fhiriq.js');
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'cli/main.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    tsconfig: path.join(root, 'tsconfig.json'),
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins: [lazyPackage('fhirpath')],
  });
  // Our own files (not packages, not the virtual modules of plugins, named "namespace:path").
  const inputs = [...Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/') && !/^[a-z-]+:/.test(input)), 'tsconfig.json'].sort();
  const manifest: CliBundleManifest = { builtAt, inputs };
  writeFileSync(path.join(outDir, 'inputs.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { file, inputs };
}

/**
 * Loads a package on first use instead of at start-up. fhirpath.js takes ~70 ms to load, and the
 * scanner needs it only for invariants without a native implementation, which most data never
 * reaches. Every export of the package becomes a stand-in that loads it when first touched.
 */
function lazyPackage(name: string): Plugin {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const real = require(name) as Record<string, unknown>;
  const exports = Object.keys(real).map((key) => {
    const value = real[key];
    if (typeof value === 'function') return `export const ${key} = lazy(function () {}, ${JSON.stringify(key)});`;
    if (typeof value === 'object' && value !== null) return `export const ${key} = lazy({}, ${JSON.stringify(key)});`;
    return `export const ${key} = ${JSON.stringify(value)};`;
  });
  const contents = [
    'let loaded;',
    `const load = () => (loaded ??= require(${JSON.stringify(name)}));`,
    'const lazy = (target, key) => new Proxy(target, {',
    '  get: (_t, p) => { const v = load()[key]; const x = v[p]; return typeof x === "function" && p !== "constructor" && typeof v === "object" ? x.bind(v) : x; },',
    '  has: (_t, p) => p in load()[key],',
    '  apply: (_t, self, args) => Reflect.apply(load()[key], self, args),',
    '  construct: (_t, args) => Reflect.construct(load()[key], args),',
    '});',
    ...exports,
  ].join('\n');
  return {
    name: `lazy-${name}`,
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${name}$`) }, (args) => (args.namespace === 'lazy' ? undefined : { path: name, namespace: 'lazy' }));
      b.onResolve({ filter: /.*/, namespace: 'lazy' }, () => ({ path: name, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({ contents, loader: 'js', resolveDir: root }));
    },
  };
}

if (require.main === module) {
  const started = Date.now();
  buildCli().then(
    ({ file, inputs }) => console.log(`build:cli: wrote ${path.relative(root, file)} from ${inputs.length} sources in ${Date.now() - started} ms`),
    (error: unknown) => {
      console.error(`build:cli failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
