import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Loads the site's backend entry points the way Velo does: by file name under the backend folder.
 * `require` (not `import()`) because both runners of the local site, tsx and ts-jest, compile our
 * TypeScript to CommonJS and resolve the `backend/*` path aliases for it.
 */
export type BackendModule = Record<string, unknown>;

const EXTENSIONS = ['.ts', '.js'];

/** The file for a module name such as "http-functions" or "contact.web", or undefined. */
export function backendFile(backendDir: string, name: string): string | undefined {
  for (const ext of EXTENSIONS) {
    const file = path.join(backendDir, name + ext);
    if (existsSync(file)) return file;
  }
  return undefined;
}

export function loadBackendModule(file: string): BackendModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as BackendModule;
}

/** Names of the web-method modules ("contact.web", ...) in the backend folder. */
export function listWebModules(backendDir: string): string[] {
  if (!existsSync(backendDir)) return [];
  return readdirSync(backendDir)
    .filter((f) => /^[A-Za-z0-9_-]+\.web\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.(ts|js)$/, ''))
    .filter((name, i, all) => all.indexOf(name) === i)
    .sort();
}
