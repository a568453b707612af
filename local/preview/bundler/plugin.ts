import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { exportNamesOf, stubSource } from './web-stubs';

/**
 * How page code's imports resolve in the browser, as on Wix:
 * - `backend/<name>.web` -> RPC stubs (any other `backend/...` import is a build error: page code
 *   may only reach the backend through web modules);
 * - `public/...` -> src/public/...;
 * - `wix-location-frontend`, `wix-storage-frontend` -> the local stand-ins in local/velo.
 */
export interface ResolvePaths {
  srcDir: string;
  veloDir: string;
  rpcModule: string;
}

const VELO_FRONTEND = new Set(['wix-location-frontend', 'wix-storage-frontend']);

export function veloResolvePlugin(paths: ResolvePaths, onWebModule: (file: string) => void): Plugin {
  return {
    name: 'velo-resolve',
    setup(build) {
      build.onResolve({ filter: /^backend\// }, (args) => {
        const name = args.path.slice('backend/'.length).replace(/\.(ts|js)$/, '');
        if (!/^[A-Za-z0-9_-]+\.web$/.test(name)) {
          return {
            errors: [
              {
                text: `Page code may only import web modules (backend/<name>.web); "${args.path}" is not one. Wrap the backend call in a webMethod in src/backend/<name>.web.ts.`,
              },
            ],
          };
        }
        const file = ['.ts', '.js'].map((ext) => path.join(paths.srcDir, 'backend', name + ext)).find((f) => existsSync(f));
        if (!file) return { errors: [{ text: `There is no web module src/backend/${name}.ts for "${args.path}"` }] };
        return { path: file, namespace: 'web-stub', pluginData: { name } };
      });

      build.onLoad({ filter: /.*/, namespace: 'web-stub' }, async (args) => {
        onWebModule(args.path);
        const names = await exportNamesOf(args.path);
        const name = (args.pluginData as { name: string }).name;
        return { contents: stubSource(name, names, paths.rpcModule), loader: 'js', resolveDir: paths.srcDir };
      });

      build.onResolve({ filter: /^public\// }, (args) =>
        build.resolve('./' + args.path.slice('public/'.length), { kind: args.kind, resolveDir: path.join(paths.srcDir, 'public') }),
      );

      build.onResolve({ filter: /^wix-[a-z-]+$/ }, (args) => {
        if (!VELO_FRONTEND.has(args.path)) {
          return { errors: [{ text: `"${args.path}" is not available to page code in the local preview (supported: ${[...VELO_FRONTEND].join(', ')})` }] };
        }
        return { path: path.join(paths.veloDir, `${args.path}.ts`) };
      });
    },
  };
}
