import { createLineSplitter, splitLines, type NdjsonLine } from '../../src/public/fhir/io/ndjson';

/** Feeds `text` in pieces of `size` characters and collects everything. */
function feed(text: string, size: number): NdjsonLine[] {
  const splitter = createLineSplitter();
  const out: NdjsonLine[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...splitter.push(text.slice(i, i + size)));
  out.push(...splitter.end());
  return out;
}

const expected = [
  { line: 1, text: '{"resourceType":"Patient","id":"a"}' },
  { line: 2, text: '{"resourceType":"Patient","id":"b"}' },
  { line: 4, text: '{"resourceType":"Patient","id":"c","name":[{"text":"Zoë 日本"}]}' },
];

describe('NDJSON line splitter', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('splits %s lines, skips blank lines but keeps counting them, at every chunk size', (_label, nl) => {
    const text = `${expected[0]!.text}${nl}${expected[1]!.text}${nl}   ${nl}${expected[2]!.text}${nl}`;
    for (const size of [1, 2, 3, 7, 64, text.length]) expect(feed(text, size)).toEqual(expected);
  });

  it('emits the last line without a newline at end()', () => {
    const splitter = createLineSplitter();
    expect(splitter.push('{"a":1}\n{"b"')).toEqual([{ line: 1, text: '{"a":1}' }]);
    expect(splitter.push(':2}')).toEqual([]);
    expect(splitter.end()).toEqual([{ line: 2, text: '{"b":2}' }]);
    expect(splitter.end()).toEqual([]);
    expect(() => splitter.push('x')).toThrow(/after end/);
  });

  it('handles CR and LF arriving in different chunks', () => {
    const splitter = createLineSplitter();
    expect(splitter.push('{"a":1}\r')).toEqual([]);
    expect(splitter.push('\n{"b":2}\r')).toEqual([{ line: 1, text: '{"a":1}' }]);
    expect(splitter.end()).toEqual([{ line: 2, text: '{"b":2}' }]);
  });

  it('drops a byte-order mark at the very start only (also when it is a chunk of its own)', () => {
    expect(splitLines('\uFEFF{"a":1}\n')).toEqual([{ line: 1, text: '{"a":1}' }]);
    expect(feed('\uFEFF{"a":1}\n', 1)).toEqual([{ line: 1, text: '{"a":1}' }]);
    // a BOM further in is data (the JSON parser will complain about it, with the right line)
    expect(splitLines('{"a":1}\n\uFEFF{"b":2}')[1]).toEqual({ line: 2, text: '\uFEFF{"b":2}' });
  });

  it('keeps whitespace inside a line and CR that is not at the end', () => {
    expect(splitLines('  {"a":"x\ry"}  \r\n')).toEqual([{ line: 1, text: '  {"a":"x\ry"}  ' }]);
  });

  it('gives nothing for empty or blank input', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('\n\n \r\n\t\n')).toEqual([]);
    expect(feed('', 4)).toEqual([]);
  });

  it('joins a very long line from many chunks in linear time', () => {
    const long = `{"data":"${'x'.repeat(2_000_000)}"}`;
    const started = Date.now();
    const lines = feed(`${long}\n{"b":1}`, 1000);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lines.map((l) => l.text.length)).toEqual([long.length, 7]);
    expect(lines[0]!.text).toBe(long);
  });

  it('numbers lines over a large input exactly', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => (i % 10 === 9 ? '' : `{"i":${i}}`)).join('\n');
    const lines = feed(text, 4096);
    expect(lines).toHaveLength(9000);
    expect(lines.every((l) => JSON.parse(l.text).i === l.line - 1)).toBe(true);
  });
});
