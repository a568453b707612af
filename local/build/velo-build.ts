import { copyFile, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import * as acorn from 'acorn';
import ts from 'typescript';
import { JobsConfigError, parseJobsConfig } from '../jobs/jobs-config';

/**
 * Compiles `src/` (TypeScript, Wix CLI layout) into the JavaScript tree a git-integrated Wix site
 * takes as its `src/`. Wix documents site code only as JavaScript (`x.web.js`, `http-functions.js`,
 * `data.js`, `events.js`, `pages/<Page>.<id>.js`, `masterPage.js`), so every `.ts` becomes a `.js`
 * of the same name with types stripped, and the few import specifiers where Velo differs from npm
 * are rewritten. Everything else (jobs.config, JSON, CSS...) is copied byte for byte.
 */

/** npm specifiers that Velo site code spells differently (Velo's built-in module names). */
export const VELO_SPECIFIERS: Readonly<Record<string, string>> = {
  // Velo site docs: `import { Permissions, webMethod } from "wix-web-module"` in .web.js files.
  '@wix/web-methods': 'wix-web-module',
};

/** The folders Wix syncs; anything else at the root of src/ is ignored by Wix (and here: types only). */
const VELO_ROOTS = ['backend', 'public', 'pages'] as const;
type VeloRoot = (typeof VELO_ROOTS)[number];

/** Page files as Wix names them: `<Page name>.<5-char id>.js`, plus masterPage.js. */
export const PAGE_FILE = /^[^.]+\.[a-z0-9]{5}\.js$/;

export interface BuildVeloOptions {
  srcDir: string;
  outDir: string;
  /**
   * Packages the site may import (package.json "dependencies"). When given, importing a package
   * not in it (e.g. a devDependency) is a warning: it would not exist on Wix.
   */
  dependencies?: readonly string[];
}

export interface ImportRewrite {
  file: string;
  from: string;
  to: string;
}

export interface BuildVeloResult {
  /** Every file written, relative to outDir, with `/` separators, sorted. */
  files: string[];
  compiled: string[];
  copied: string[];
  rewrites: ImportRewrite[];
  warnings: string[];
}

export class VeloBuildError extends Error {
  constructor(readonly problems: string[]) {
    super(`build:velo failed:\n  - ${problems.join('\n  - ')}`);
    this.name = 'VeloBuildError';
  }
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2020,
  isolatedModules: true,
  verbatimModuleSyntax: false,
  esModuleInterop: true,
  removeComments: false,
  sourceMap: false,
  newLine: ts.NewLineKind.LineFeed,
};

export async function buildVelo(options: BuildVeloOptions): Promise<BuildVeloResult> {
  const srcDir = path.resolve(options.srcDir);
  const outDir = path.resolve(options.outDir);
  if (!existsSync(srcDir) || !(await stat(srcDir)).isDirectory()) {
    throw new VeloBuildError([`source folder ${srcDir} does not exist`]);
  }
  if (isInside(srcDir, outDir) || isInside(outDir, srcDir)) {
    // The out folder is wiped first; refuse anything that would wipe the sources.
    throw new VeloBuildError([`outDir ${outDir} must not contain or be inside srcDir ${srcDir}`]);
  }

  const sources = await listFiles(srcDir);
  const problems: string[] = [];
  const result: BuildVeloResult = { files: [], compiled: [], copied: [], rewrites: [], warnings: [] };
  const outputs = new Map<string, string>(); // output path -> source path, to catch x.ts next to x.js

  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  for (const rel of sources) {
    if (rel.endsWith('.d.ts')) continue; // declarations only feed the type checker
    const root = rel.split('/')[0];
    if (!isVeloRoot(root)) {
      result.warnings.push(`${rel}: outside backend/, public/ and pages/; Wix ignores it, so it is not built`);
      continue;
    }
    const isTs = rel.endsWith('.ts');
    const outRel = isTs ? rel.replace(/\.ts$/, '.js') : rel;
    const clash = outputs.get(outRel);
    if (clash) {
      problems.push(`${rel} and ${clash} would both become ${outRel}`);
      continue;
    }
    outputs.set(outRel, rel);
    if (root === 'pages' && isTs && !isPageFile(path.posix.basename(outRel))) {
      problems.push(`${rel}: page code must be named <Page>.<pageId>.ts (e.g. "Home.c1dmp.ts") or masterPage.ts`);
    }

    const target = path.join(outDir, outRel);
    await mkdir(path.dirname(target), { recursive: true });
    if (!isTs) {
      await copyFile(path.join(srcDir, rel), target);
      result.copied.push(outRel);
      continue;
    }
    const source = await readFile(path.join(srcDir, rel), 'utf8');
    const compiled = compileModule(source, rel, { srcDir, dependencies: options.dependencies, sources: new Set(sources) });
    problems.push(...compiled.problems);
    result.warnings.push(...compiled.warnings);
    result.rewrites.push(...compiled.rewrites);
    await writeFile(target, compiled.code);
    result.compiled.push(outRel);
  }

  problems.push(...(await checkJobsConfig(outDir, outputs)));
  if (problems.length > 0) {
    // A half-built tree must not be mistaken for a good one.
    await rm(outDir, { recursive: true, force: true });
    throw new VeloBuildError(problems);
  }
  result.files = [...outputs.keys()].sort();
  result.compiled.sort();
  result.copied.sort();
  return result;
}

interface CompileContext {
  srcDir: string;
  sources: ReadonlySet<string>;
  dependencies?: readonly string[];
}

interface CompiledModule {
  code: string;
  rewrites: ImportRewrite[];
  problems: string[];
  warnings: string[];
}

/** TypeScript -> ES module JavaScript, then the import specifiers rewritten for Velo. */
export function compileModule(source: string, rel: string, ctx: CompileContext): CompiledModule {
  const out = ts.transpileModule(source, { compilerOptions: COMPILER_OPTIONS, fileName: rel, reportDiagnostics: true });
  const problems = (out.diagnostics ?? []).map((d) => `${rel}: ${formatDiagnostic(d)}`);
  const rewrites: ImportRewrite[] = [];
  const warnings: string[] = [];
  if (problems.length > 0) return { code: out.outputText, rewrites, problems, warnings };

  let program: acorn.Program;
  try {
    program = acorn.parse(out.outputText, { ecmaVersion: 'latest', sourceType: 'module' });
  } catch (err) {
    return { code: out.outputText, rewrites, problems: [`${rel}: output does not parse: ${(err as Error).message}`], warnings };
  }

  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const node of moduleSources(program)) {
    if (node.type !== 'Literal' || typeof node.value !== 'string') {
      warnings.push(`${rel}: dynamic import() with a computed specifier is left as it is`);
      continue;
    }
    const decision = resolveSpecifier(node.value, rel, ctx);
    if (decision.problem) problems.push(`${rel}: ${decision.problem}`);
    if (decision.warning) warnings.push(`${rel}: ${decision.warning}`);
    if (decision.to !== undefined && decision.to !== node.value) {
      const quote = out.outputText[node.start] === '"' ? '"' : "'";
      edits.push({ start: node.start, end: node.end, text: quote + decision.to.replace(/[\\'"]/g, '\\$&') + quote });
      rewrites.push({ file: rel, from: node.value, to: decision.to });
    }
  }
  let code = out.outputText;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    code = code.slice(0, edit.start) + edit.text + code.slice(edit.end);
  }
  return { code, rewrites, problems, warnings };
}

interface SpecifierDecision {
  to?: string;
  problem?: string;
  warning?: string;
}

function resolveSpecifier(spec: string, rel: string, ctx: CompileContext): SpecifierDecision {
  const mapped = VELO_SPECIFIERS[spec];
  if (mapped) return { to: mapped };

  const importerRoot = rel.split('/')[0] as VeloRoot;
  if (spec.startsWith('./') || spec.startsWith('../')) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec));
    if (target.startsWith('../') || target === '..') {
      const where = /(^|\/)local(\/|$)/.test(target) ? ' (local/ is the local runtime; it is never synced to Wix)' : '';
      return { problem: `imports "${spec}", which is outside src/${where}` };
    }
    const found = findModule(target, ctx.sources);
    if (!found) return { problem: `imports "${spec}", which matches no file in src/` };
    const targetRoot = found.split('/')[0];
    if (targetRoot === 'pages') return { problem: `imports page code "${spec}"; pages cannot be imported` };
    if (targetRoot !== importerRoot) {
      // Velo reaches another code area by its absolute name (backend/..., public/...), not by ../
      return { to: found };
    }
    const relativeTarget = relativeSpecifier(path.posix.dirname(rel), found);
    return { to: relativeTarget };
  }

  const root = spec.split('/')[0];
  if (root === 'backend' || root === 'public') {
    const found = findModule(spec, ctx.sources);
    if (!found) return { problem: `imports "${spec}", which matches no file in src/${root}` };
    return { to: found };
  }
  if (root === 'local' || root === 'pages') {
    return { problem: `imports "${spec}"; Velo code cannot import ${root}/` };
  }
  if (spec.startsWith('wix-')) return {}; // Velo built-in modules (wix-http-functions, wix-members-backend, ...)
  if (spec.startsWith('node:') || builtinModules.includes(spec)) {
    return importerRoot === 'backend'
      ? {}
      : { warning: `imports Node built-in "${spec}", which does not exist in the browser` };
  }
  const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : root!;
  if (ctx.dependencies && !ctx.dependencies.includes(pkg)) {
    return { warning: `imports "${spec}", but "${pkg}" is not in package.json dependencies, so Wix will not have it` };
  }
  return {};
}

/**
 * The module a specifier without extension names, as the source file path minus `.ts`/`.js`.
 * A folder import (`../ports`) becomes `../ports/index`, which is explicit on any resolver.
 */
function findModule(target: string, sources: ReadonlySet<string>): string | undefined {
  const bare = target.replace(/\.(ts|js)$/, '');
  for (const ext of ['.ts', '.js']) {
    if (sources.has(bare + ext)) return bare;
  }
  for (const ext of ['.ts', '.js']) {
    if (sources.has(`${bare}/index${ext}`)) return `${bare}/index`;
  }
  if (sources.has(target)) return target; // e.g. a .json file imported with its extension
  return undefined;
}

function relativeSpecifier(fromDir: string, target: string): string {
  const relative = path.posix.relative(fromDir, target);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

type SourceNode = acorn.Literal | acorn.Expression;

/** The `from '...'` of every import/export and the argument of every `import()`. */
function moduleSources(program: acorn.Program): SourceNode[] {
  const found: SourceNode[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const n = node as acorn.AnyNode;
    if (
      (n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ExportAllDeclaration') &&
      n.source
    ) {
      found.push(n.source);
    } else if (n.type === 'ImportExpression') {
      found.push(n.source);
    }
    for (const [key, value] of Object.entries(n)) {
      if (key !== 'source' && value && typeof value === 'object') visit(value);
    }
  };
  visit(program.body);
  return found;
}

/** Every job in jobs.config must point at a function file that the build produced. */
async function checkJobsConfig(outDir: string, outputs: ReadonlyMap<string, string>): Promise<string[]> {
  const configRel = 'backend/jobs.config';
  if (!outputs.has(configRel)) return [];
  try {
    const jobs = parseJobsConfig(await readFile(path.join(outDir, configRel), 'utf8'), `src/${configRel}`);
    return jobs
      .filter((job) => !outputs.has(`backend${job.functionLocation}`))
      .map((job) => `src/${configRel}: job "${job.functionName}" runs backend${job.functionLocation}, which the build does not produce`);
  } catch (err) {
    if (err instanceof JobsConfigError) return [err.message];
    throw err;
  }
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else if (entry.isFile()) files.push(rel);
  }
  return files.sort();
}

function isVeloRoot(name: string | undefined): name is VeloRoot {
  return (VELO_ROOTS as readonly string[]).includes(name ?? '');
}

export function isPageFile(basename: string): boolean {
  return basename === 'masterPage.js' || PAGE_FILE.test(basename);
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function formatDiagnostic(d: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (d.file && d.start !== undefined) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${line + 1}:${character + 1} ${message}`;
  }
  return message;
}
