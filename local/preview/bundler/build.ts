import { existsSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { pageFile, type SitePage } from '../site-pages';
import { veloResolvePlugin } from './plugin';

/**
 * One preview page's browser bundle: a virtual entry installs the $w stand-in, loads the master
 * page's and the page's code (which register $w.onReady callbacks), then runs the callbacks.
 */
export interface BundleRoots {
  /** The repository root (holds src/ and local/). */
  root: string;
}

export type BundleResult =
  | { ok: true; code: string; inputs: string[] }
  | { ok: false; errors: string[]; inputs: string[] };

export async function buildPageBundle(page: SitePage, { root }: BundleRoots): Promise<BundleResult> {
  const srcDir = path.join(root, 'src');
  const clientDir = path.join(root, 'local', 'preview', 'client');
  const masterPage = path.join(srcDir, 'pages', 'masterPage.ts');
  const pagePath = path.join(srcDir, 'pages', pageFile(page));
  // Files whose appearance or change must rebuild this bundle, beyond what esbuild read.
  const watched = new Set<string>([masterPage, pagePath]);

  if (!existsSync(pagePath)) {
    return { ok: false, errors: [`The page code file src/pages/${pageFile(page)} does not exist`], inputs: [...watched] };
  }
  const entry = [
    `import { runReady } from ${JSON.stringify(path.join(clientDir, 'install.ts'))};`,
    existsSync(masterPage) ? `import ${JSON.stringify(masterPage)};` : '',
    `import ${JSON.stringify(pagePath)};`,
    'void runReady();',
  ].join('\n');

  try {
    const result = await esbuild.build({
      stdin: { contents: entry, resolveDir: root, sourcefile: `preview-entry-${page.pageId}.js`, loader: 'js' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      sourcemap: 'inline',
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: root,
      plugins: [
        veloResolvePlugin(
          { srcDir, veloDir: path.join(root, 'local', 'velo'), rpcModule: path.join(clientDir, 'rpc.ts') },
          (file) => watched.add(file),
        ),
      ],
    });
    for (const input of Object.keys(result.metafile.inputs)) {
      if (!input.includes(':') && !input.startsWith('<')) watched.add(path.resolve(root, input));
    }
    return { ok: true, code: result.outputFiles[0]?.text ?? '', inputs: [...watched] };
  } catch (err) {
    const failure = err as esbuild.BuildFailure;
    const errors = Array.isArray(failure.errors)
      ? failure.errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text))
      : [String(err)];
    return { ok: false, errors, inputs: [...watched] };
  }
}
