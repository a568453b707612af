import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The house rules of DESIGN.md, checked on every import of every source file. */
const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.d.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        specifiers.push(node.arguments[0].text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

const rel = (file: string) => path.relative(root, file);
const files = sourceFiles(path.join(root, 'src'));

function violations(filter: (file: string) => boolean, bad: (spec: string, file: string) => boolean): string[] {
  return files.filter(filter).flatMap((file) => importsOf(file).filter((s) => bad(s, file)).map((s) => `${rel(file)} imports ${s}`));
}

describe('architecture', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('src/ never imports local/', () => {
    expect(
      violations(
        () => true,
        (spec, file) => spec.startsWith('.') && rel(path.resolve(path.dirname(file), spec)).startsWith('local'),
      ),
    ).toEqual([]);
  });

  it('services and ports never import Wix SDKs or service clients', () => {
    const inCore = (file: string) => /src\/backend\/(services|ports)\//.test(file);
    const client = (spec: string) => /^(@wix\/|wix-|openai$|stripe$|@hubspot\/|@mailchimp\/)/.test(spec);
    expect(violations(inCore, client)).toEqual([]);
  });

  it('src/public never reaches into the backend or Node', () => {
    const inPublic = (file: string) => file.includes('src/public/');
    const backendOnly = (spec: string) => /^(backend\/|node:)/.test(spec) || spec.includes('/backend/');
    expect(violations(inPublic, backendOnly)).toEqual([]);
  });

  it('the FHIR engine (src/public/fhir) has no platform dependency at all', () => {
    const inEngine = (file: string) => file.includes('src/public/fhir/');
    const platform = (spec: string) => /^(@wix\/|wix-|backend\/|node:)/.test(spec) || spec.includes('/backend/');
    expect(violations(inEngine, platform)).toEqual([]);
  });

  it('page code imports only web modules, public code and frontend Velo modules', () => {
    const inPages = (file: string) => file.includes('src/pages/');
    const allowed = (spec: string) =>
      /^backend\/[\w-]+\.web$/.test(spec) || spec.startsWith('public/') || /^wix-[\w-]+-frontend$/.test(spec);
    expect(violations(inPages, (spec) => !allowed(spec))).toEqual([]);
  });
});
