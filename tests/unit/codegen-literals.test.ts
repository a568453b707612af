import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCode } from '../../src/public/fhir/codegen';
import { csharpRawString, csharpString } from '../../src/public/fhir/codegen/csharp';
import { javaString, javaTextBlock } from '../../src/public/fhir/codegen/java';
import { type JsonResource, NASTY_STRINGS, nastyPatient, simpleObservation, transactionBundle } from '../helpers/codegen-samples';

type Resource = JsonResource;

/**
 * Java and C# compilers (and the HAPI / Firely libraries) are not something CI can count on, so
 * the literals of those snippets are decoded here by the languages' own rules, written from the
 * specifications: Java (JLS 3.3 Unicode escapes before lexing, 3.10.6 escapes, 3.10.7 text
 * blocks) and C# (regular string escapes, raw string literals). The decoded JSON must be the
 * resource. When a JDK is on the machine, javac itself also reads the Java literals.
 */

// ---------------------------------------------------------------- Java

/** JLS 3.3: \uXXXX (any number of u's) is replaced before lexing when its \ is preceded by an even number of \. */
function javaUnicodePreprocess(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    if (source[i] !== '\\') {
      out += source[i++];
      continue;
    }
    let j = i;
    while (source[j] === '\\') j++;
    const run = j - i;
    // Only the run's last backslash can be followed by "u"; it is eligible when run - 1 is even.
    if (source[j] === 'u' && (run - 1) % 2 === 0) {
      let k = j;
      while (source[k] === 'u') k++;
      const hex = source.slice(k, k + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error(`javac: illegal unicode escape at ${i}`);
      out += '\\'.repeat(run - 1) + String.fromCharCode(parseInt(hex, 16));
      i = k + 4;
    } else {
      out += source.slice(i, j);
      i = j;
    }
  }
  return out;
}

/** JLS 3.10.7: escape sequences of string literals and text blocks. */
function javaEscapes(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = raw[++i];
    const simple: Record<string, string> = { b: '\b', s: ' ', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', "'": "'", '\\': '\\', '\n': '' };
    if (next !== undefined && next in simple) {
      out += simple[next];
    } else if (next !== undefined && /[0-7]/.test(next)) {
      const octal = /^[0-3][0-7]{0,2}|^[4-7][0-7]?/.exec(raw.slice(i))![0];
      out += String.fromCharCode(parseInt(octal, 8));
      i += octal.length - 1;
    } else {
      throw new Error(`javac: illegal escape character \\${next}`);
    }
  }
  return out;
}

/** A Java string literal or text block starting at `start` of (preprocessed) source: its value. */
function javaLiteralAt(source: string, start: number): string {
  if (source.startsWith('"""', start)) {
    let i = start + 3;
    while (source[i] === ' ' || source[i] === '\t' || source[i] === '\f') i++;
    if (source[i] !== '\n') throw new Error('javac: text block must start with a line terminator');
    i++;
    let raw = '';
    for (;;) {
      if (i >= source.length) throw new Error('javac: unclosed text block');
      if (source.startsWith('"""', i)) break;
      if (source[i] === '\\') {
        raw += source.slice(i, i + 2);
        i += 2;
      } else raw += source[i++];
    }
    // Lines; the last one (before the closing delimiter) counts for indentation even when blank.
    const lines = raw.split('\n');
    const significant = lines.filter((line, n) => line.trim() !== '' || n === lines.length - 1);
    const indent = Math.min(...significant.map((line) => (line.trim() === '' ? line.length : line.length - line.trimStart().length)));
    const stripped = lines.map((line) => (line.trim() === '' ? '' : line.slice(indent)).replace(/[ \t\f]+$/, ''));
    return javaEscapes(stripped.join('\n'));
  }
  if (source[start] !== '"') throw new Error('not a string literal');
  let i = start + 1;
  let raw = '';
  while (source[i] !== '"') {
    if (i >= source.length || source[i] === '\n' || source[i] === '\r') throw new Error('javac: unclosed string literal');
    if (source[i] === '\\') {
      raw += source.slice(i, i + 2);
      i += 2;
    } else raw += source[i++];
  }
  return javaEscapes(raw);
}

function javaConstant(snippet: string, name: string): string {
  const source = javaUnicodePreprocess(snippet);
  const declaration = `static final String ${name} = `;
  const at = source.indexOf(declaration);
  expect(at).toBeGreaterThan(-1);
  return javaLiteralAt(source, at + declaration.length);
}

// ---------------------------------------------------------------- C#

/** C# line terminators: CR, LF, CRLF, NEL, LS, PS. */
const CSHARP_NEWLINE = /\r\n|[\r\n\u0085\u2028\u2029]/;

/** A C# regular or raw string literal starting at `start`: its value. */
function csharpLiteralAt(source: string, start: number): string {
  const quotes = /^"+/.exec(source.slice(start))?.[0].length ?? 0;
  if (quotes >= 3) {
    const delimiter = '"'.repeat(quotes);
    const rest = source.slice(start + quotes);
    const lines = rest.split(CSHARP_NEWLINE);
    if (lines[0]!.trim() !== '') throw new Error('csc: a multi-line raw string literal must start with a new line');
    const close = lines.findIndex((line, n) => n > 0 && line.trimStart().startsWith(delimiter));
    if (close < 0) throw new Error('csc: unterminated raw string literal');
    const closing = lines[close]!;
    const indent = closing.slice(0, closing.length - closing.trimStart().length);
    if (closing.trimStart().startsWith(`${delimiter}"`)) throw new Error('csc: too many closing quotes');
    const content = lines.slice(1, close).map((line) => {
      if (/"+/.test(line) && Math.max(...line.match(/"+/g)!.map((r) => r.length)) >= quotes) throw new Error('csc: raw string ends inside a content line');
      if (line.trim() === '') return '';
      if (!line.startsWith(indent)) throw new Error('csc: line does not start with the same whitespace as the closing line');
      return line.slice(indent.length);
    });
    return content.join('\n');
  }
  if (quotes === 2) return '';
  if (quotes !== 1) throw new Error('not a string literal');
  let out = '';
  let i = start + 1;
  const simple: Record<string, string> = { "'": "'", '"': '"', '\\': '\\', '0': '\0', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
  while (source[i] !== '"') {
    if (i >= source.length || CSHARP_NEWLINE.test(source[i]!)) throw new Error('csc: newline in constant');
    if (source[i] === '\\') {
      const next = source[i + 1]!;
      if (next in simple) {
        out += simple[next];
        i += 2;
      } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
        i += 6;
      } else throw new Error(`csc: unrecognized escape sequence \\${next}`);
    } else out += source[i++];
  }
  return out;
}

function csharpConstant(snippet: string, name: string): string {
  const declaration = `const string ${name} = `;
  const at = snippet.indexOf(declaration);
  expect(at).toBeGreaterThan(-1);
  return csharpLiteralAt(snippet, at + declaration.length);
}

// ---------------------------------------------------------------- tests

const nastyBase = 'https://fhir.example.org/r4/o\'brien/"quoted"/\\back/$x/${y}/\\u0041/é😀/';
const resources: Array<[string, Resource]> = [
  ['a plain Observation', simpleObservation],
  ['a Patient full of quoting traps', nastyPatient],
  ['a transaction Bundle', transactionBundle],
];
const asJson = (r: Resource) => JSON.parse(JSON.stringify(r));

describe('the decoders follow the languages (they must be able to fail)', () => {
  it('Java: eligible and ineligible \\u escapes, octal escapes, text block indentation and trailing spaces', () => {
    expect(javaUnicodePreprocess('"\\u0041"')).toBe('"A"');
    expect(javaUnicodePreprocess('"\\\\u0041"')).toBe('"\\\\u0041"');
    expect(javaUnicodePreprocess('"\\\\\\u0041"')).toBe('"\\\\A"');
    expect(javaUnicodePreprocess('\\uuu0041')).toBe('A');
    expect(() => javaUnicodePreprocess('"\\u00"')).toThrow(/illegal unicode escape/);
    expect(javaLiteralAt('"a\\"b\\101\\0"', 0)).toBe('a"bA\0');
    expect(javaLiteralAt('"""\n    x  \n      y\\s\n    """', 0)).toBe('x\n  y \n');
    expect(() => javaLiteralAt('"""x"""', 0)).toThrow(/line terminator/);
    expect(() => javaLiteralAt('"a\\qb"', 0)).toThrow(/illegal escape/);
  });

  it('C#: raw string indentation, quote runs and line separators; regular escapes', () => {
    expect(csharpLiteralAt('"""\n  a "" b\n  """;', 0)).toBe('a "" b');
    expect(() => csharpLiteralAt('"""\n  a """ b\n  """;', 0)).toThrow(/ends inside/);
    expect(() => csharpLiteralAt('"""\n a\n  """;', 0)).toThrow(/same whitespace/);
    expect(() => csharpLiteralAt('"""\n  a\u2028b\n  """;', 0)).toThrow(/same whitespace/);
    expect(csharpLiteralAt('"a\\"b\\\\\\u00e9"', 0)).toBe('a"b\\é');
    expect(() => csharpLiteralAt('"a\u2028"', 0)).toThrow(/newline in constant/);
  });
});

describe('Java literals (HAPI FHIR snippet)', () => {
  it.each(resources)('%s: RESOURCE_JSON decodes to the resource, BASE_URL to the base URL', (_name, resource) => {
    const code = generateCode(resource, { languages: ['java'], baseUrl: nastyBase }).java!;
    expect(JSON.parse(javaConstant(code, 'RESOURCE_JSON'))).toEqual(asJson(resource));
    expect(javaConstant(code, 'BASE_URL')).toBe(nastyBase.replace(/\/+$/, ''));
    // ASCII only: compiles the same whatever javac's platform encoding.
    expect(code).toMatch(/^[\x00-\x7f]*$/);
  });

  it('every trap string survives a string literal and a text block on its own', () => {
    for (const value of NASTY_STRINGS) {
      expect([value, javaLiteralAt(javaUnicodePreprocess(javaString(value)), 0)]).toEqual([value, value]);
      if (!/[\r\u2028]/.test(value)) {
        expect([value, javaLiteralAt(javaUnicodePreprocess(javaTextBlock(value, '    ')), 0)]).toEqual([value, `${value}\n`]);
      }
    }
  });

  it('javac itself reads the literals the same way (when a JDK 15+ is installed)', async () => {
    const javaVersion = await new Promise<number>((resolve) =>
      execFile('java', ['-version'], (error, _out, err) => resolve(error ? 0 : Number(/version "(\d+)/.exec(err)?.[1] ?? 0))),
    );
    if (javaVersion < 15) return console.warn('No JDK 15+ here: javac was not run on the Java literals');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fhiriq-java-'));
    try {
      for (const [, resource] of resources) {
        const code = generateCode(resource, { languages: ['java'], baseUrl: nastyBase }).java!;
        // The constants as generated, in a class without HAPI: the literal rules are javac's.
        const constants = code.slice(code.indexOf('  static final String BASE_URL'), code.indexOf('  public static void main'));
        writeFileSync(
          path.join(dir, 'Check.java'),
          `import java.nio.charset.StandardCharsets;\nimport java.util.Base64;\npublic class Check {\n${constants}\n` +
            '  public static void main(String[] args) {\n' +
            '    System.out.println(Base64.getEncoder().encodeToString(BASE_URL.getBytes(StandardCharsets.UTF_8)));\n' +
            '    System.out.println(Base64.getEncoder().encodeToString(RESOURCE_JSON.getBytes(StandardCharsets.UTF_8)));\n  }\n}\n',
        );
        const out = await new Promise<string>((resolve, reject) =>
          execFile('java', ['-Dfile.encoding=US-ASCII', 'Check.java'], { cwd: dir, timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout))),
        );
        const [base, json] = out.trim().split('\n').map((line) => Buffer.from(line, 'base64').toString('utf8'));
        expect(base).toBe(nastyBase.replace(/\/+$/, ''));
        expect(JSON.parse(json!)).toEqual(asJson(resource));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('C# literals (Firely snippet)', () => {
  it.each(resources)('%s: ResourceJson decodes to the resource, BaseUrl to the base URL', (_name, resource) => {
    const code = generateCode(resource, { languages: ['csharp'], baseUrl: nastyBase }).csharp!;
    expect(JSON.parse(csharpConstant(code, 'ResourceJson'))).toEqual(asJson(resource));
    expect(csharpConstant(code, 'BaseUrl')).toBe(nastyBase.replace(/\/+$/, ''));
  });

  it('the raw string delimiter outgrows the longest run of quotes', () => {
    const text = '{"a": "x\\"\\"\\"\\"\\""}\n""""""';
    const literal = csharpRawString(text, '  ');
    expect(literal.startsWith('"""""""\n')).toBe(true);
    expect(csharpLiteralAt(literal, 0)).toBe(text);
  });

  it('every trap string survives a regular string literal', () => {
    for (const value of NASTY_STRINGS) expect([value, csharpLiteralAt(csharpString(value), 0)]).toEqual([value, value]);
  });
});
