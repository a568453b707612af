import { access, readdir, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors';

/** One thing to scan: a file (read as NDJSON, JSON, or detected) or stdin. */
export interface Input {
  kind: 'ndjson' | 'json' | 'auto';
  /** File path, or "-" for stdin. */
  path: string;
  /** How findings name it (the path as the user gave it, or "stdin"). */
  source: string;
  /** Bytes, when known (not for stdin). */
  size?: number;
}

const SCANNED_IN_FOLDERS = /\.(ndjson|json)$/i;
const SKIPPED_FOLDERS = new Set(['node_modules']);

/**
 * Resolves the command's arguments into inputs, or throws a UsageError before any scanning: a
 * path that does not exist or cannot be read, or a folder with nothing to scan. Folders are
 * walked (sorted, so reports are stable) for *.json and *.ndjson; hidden folders are skipped.
 * A file given by name is scanned whatever its extension (.ndjson as NDJSON, .json as one JSON
 * document, anything else detected from its content).
 */
export async function resolveInputs(args: readonly string[], options: { stdinIsTTY: boolean }): Promise<Input[]> {
  if (args.length === 0) {
    if (options.stdinIsTTY) throw new UsageError('Give files or folders to scan, or pipe FHIR JSON or NDJSON into stdin (see fhiriq scan --help)');
    return [{ kind: 'auto', path: '-', source: 'stdin' }];
  }
  const inputs: Input[] = [];
  const seen = new Set<string>();
  const push = (input: Input) => {
    const key = input.path === '-' ? '-' : path.resolve(input.path);
    if (!seen.has(key)) {
      seen.add(key);
      inputs.push(input);
    }
  };
  for (const arg of args) {
    if (arg === '-') {
      push({ kind: 'auto', path: '-', source: 'stdin' });
      continue;
    }
    const info = await stat(arg).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(error.code === 'ENOENT' ? `No such file or folder: ${arg}` : `Cannot read ${arg}: ${error.message}`);
    });
    if (info.isDirectory()) {
      const files = await walk(arg);
      if (files.length === 0) throw new UsageError(`No .json or .ndjson files in folder ${arg}`);
      for (const file of files) push(await fileInput(file));
    } else if (info.isFile()) {
      push(await fileInput(arg));
    } else {
      throw new UsageError(`Not a file or folder: ${arg}`);
    }
  }
  return inputs;
}

async function fileInput(file: string): Promise<Input> {
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const { size } = await stat(file);
  const lower = file.toLowerCase();
  const kind = lower.endsWith('.ndjson') ? 'ndjson' : lower.endsWith('.json') ? 'json' : 'auto';
  return { kind, path: file, source: file, size };
}

async function walk(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new UsageError(`Cannot read folder ${dir}: ${(error as Error).message}`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) files.push(...(await walk(full)));
    } else if ((entry.isFile() || entry.isSymbolicLink()) && SCANNED_IN_FOLDERS.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}
