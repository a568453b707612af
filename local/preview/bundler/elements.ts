import { existsSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

/**
 * Browser bundles of the custom elements in src/public/custom-elements/<name>.ts, as a Wix site
 * loads them (one script per element). Every file at the top of that folder is an element (or an
 * element's worker); modules they share live in subfolders and are never served on their own.
 * Two kinds, by file name:
 * - `<name>-worker.ts`: a web worker script, one self-contained classic script (iife), so
 *   `new Worker(url)` works everywhere;
 * - any other `<name>.ts`: an ES module with code splitting, so what an element loads only on
 *   demand (`import('./...')`, e.g. the scanner engine for main-thread scanning) lands in a chunk
 *   (`chunks/<name>-<hash>.js`, next to the entry) instead of in the element's own script.
 * Minified, no source maps: what is served here is what a visitor would download.
 */
export const ELEMENT_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;

export type ElementBundleResult =
  | { ok: true; kind: 'element' | 'worker'; entry: string; chunks: Map<string, string>; inputs: string[] }
  | { ok: false; errors: string[]; inputs: string[] };

export function elementsDir(root: string): string {
  return path.join(root, 'src', 'public', 'custom-elements');
}

export function elementSource(root: string, name: string): string | undefined {
  if (!ELEMENT_NAME.test(name)) return undefined;
  const file = path.join(elementsDir(root), `${name}.ts`);
  return existsSync(file) ? file : undefined;
}

export async function buildElementBundle(name: string, { root }: { root: string }): Promise<ElementBundleResult> {
  const file = path.join(elementsDir(root), `${name}.ts`);
  if (!ELEMENT_NAME.test(name) || !existsSync(file)) {
    return { ok: false, errors: [`There is no custom element source src/public/custom-elements/${name}.ts`], inputs: [file] };
  }
  const worker = name.endsWith('-worker');
  try {
    const result = await esbuild.build({
      entryPoints: { [name]: file },
      bundle: true,
      write: false,
      outdir: '/elements', // virtual: write is false; paths of the outputs are relative to it
      format: worker ? 'iife' : 'esm',
      splitting: !worker,
      chunkNames: 'chunks/[name]-[hash]',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      legalComments: 'none',
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: root,
      // src/public modules import each other relatively; `public/...` specifiers resolve as on Wix.
      alias: { public: path.join(root, 'src', 'public') },
    });
    const inputs = Object.keys(result.metafile.inputs)
      .filter((input) => !input.includes(':') && !input.startsWith('<'))
      .map((input) => path.resolve(root, input));
    let entry = '';
    const chunks = new Map<string, string>();
    for (const out of result.outputFiles) {
      const rel = path.relative('/elements', out.path).split(path.sep).join('/');
      if (rel === `${name}.js`) entry = out.text;
      else chunks.set(rel, out.text);
    }
    return { ok: true, kind: worker ? 'worker' : 'element', entry, chunks, inputs: [file, ...inputs] };
  } catch (err) {
    const failure = err as esbuild.BuildFailure;
    const errors = Array.isArray(failure.errors)
      ? failure.errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text))
      : [String(err)];
    return { ok: false, errors, inputs: [file] };
  }
}
