import * as esbuild from 'esbuild';

/**
 * Web modules in the browser: each export of `src/backend/<name>.web.ts` becomes a function that
 * POSTs its arguments to /_webmethods/<name>.web/<export>. The export names are read statically
 * (esbuild's metafile), so no backend code runs, or ships, for the browser.
 */
export async function exportNamesOf(file: string): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints: [file],
    bundle: false,
    write: false,
    metafile: true,
    format: 'esm',
    outdir: 'out',
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  return (output?.exports ?? []).filter((name) => name !== 'default').sort();
}

export function stubSource(moduleName: string, exportNames: readonly string[], rpcModule: string): string {
  const lines = [`import { callWebMethod } from ${JSON.stringify(rpcModule)};`];
  for (const name of exportNames) {
    lines.push(`export const ${name} = (...args) => callWebMethod(${JSON.stringify(moduleName)}, ${JSON.stringify(name)}, args);`);
  }
  return lines.join('\n') + '\n';
}
