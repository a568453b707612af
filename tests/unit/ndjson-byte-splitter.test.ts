import { createNdjsonByteFeeder, createTextFeeder, type ScanSink } from '../../src/public/fhir/io/input';
import { createByteLineSplitter, createLineSplitter, type NdjsonLine } from '../../src/public/fhir/io/ndjson';

/**
 * The byte splitter (the CLI reads NDJSON files as bytes and decodes line by line) must give the
 * same lines, line numbers and text as the text splitter on the decoded text, whatever the chunking.
 */
const utf8 = (text: string) => new TextEncoder().encode(text);
/** How a stream decoder sees the whole input: a byte-order mark stays in the text (the splitter drops it). */
const decodeAll = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

function textLines(text: string, size: number): NdjsonLine[] {
  const splitter = createLineSplitter();
  const out: NdjsonLine[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...splitter.push(text.slice(i, i + size)));
  out.push(...splitter.end());
  return out;
}

function byteLines(bytes: Uint8Array, size: number, decode?: (b: Uint8Array, s: number, e: number) => string): NdjsonLine[] {
  const out: NdjsonLine[] = [];
  const splitter = createByteLineSplitter((line, text) => out.push({ line, text }), decode);
  for (let i = 0; i < bytes.length; i += size) splitter.push(bytes.subarray(i, i + size));
  splitter.end();
  return out;
}

const nodeDecode = (b: Uint8Array, s: number, e: number) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8', s, e);

const samples: Array<[string, Uint8Array]> = [
  ['LF', utf8('{"a":1}\n{"b":2}\n')],
  ['CRLF, blank lines, no final newline', utf8('{"a":1}\r\n\r\n   \n{"b":"x\ry"}  \r\n{"c":3}')],
  ['non-ASCII text (two- and four-byte characters)', utf8('{"name":"Zoë 日本"}\n{"x":"😀"}\n{"plain":"ascii"}\n')],
  ['a byte-order mark at the start, and one further in', utf8('\uFEFF{"a":1}\n\uFEFF{"b":2}\n')],
  ['a byte-order mark alone on the first line', utf8('\uFEFF\n{"a":1}\n')],
  ['unicode whitespace only (not blank for \\S)', utf8('\u00A0\n{"a":1}\n')],
  ['empty input', new Uint8Array(0)],
  ['only newlines', utf8('\n\n\r\n')],
  // Invalid UTF-8: a lone continuation byte, a truncated sequence before the newline and at the end.
  ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d, 0x0a, 0x7b, 0xe2, 0x82, 0x0a, 0x7b, 0xe2, 0x82, 0x0d, 0x0a, 0xf0, 0x9f])],
];

describe('NDJSON byte line splitter', () => {
  it.each(samples)('%s: same lines as the text splitter on the decoded text, at every chunk size', (_label, bytes) => {
    const expected = textLines(decodeAll(bytes), 1 << 20);
    for (const size of [1, 2, 3, 5, 7, 64, Math.max(1, bytes.length)]) {
      expect(byteLines(bytes, size)).toEqual(expected);
      expect(byteLines(bytes, size, nodeDecode)).toEqual(expected);
    }
  });

  it('decodes a line split across many chunks once, and throws on push after end', () => {
    const long = `{"text":"${'é'.repeat(5000)}"}`;
    expect(byteLines(utf8(`${long}\n{"a":1}`), 7)).toEqual([
      { line: 1, text: long },
      { line: 2, text: '{"a":1}' },
    ]);
    const splitter = createByteLineSplitter(() => undefined);
    splitter.end();
    expect(() => splitter.push(utf8('x'))).toThrow(/after end/);
  });
});

describe('NDJSON byte feeder', () => {
  function recorder(): { sink: ScanSink; calls: unknown[] } {
    const calls: unknown[] = [];
    return {
      calls,
      sink: {
        add: (resource, location) => calls.push(['add', resource, location]),
        addUnparsable: (message, location) => calls.push(['unparsable', message, location]),
      },
    };
  }

  it('hands the scanner the same documents and findings as the text feeder', () => {
    const text = '{"resourceType":"Patient","id":"a"}\r\n\n{"resourceType":"Patient",\n[1,2]\n"just a string"\n{"resourceType":"Observation","id":"ö"}';
    const bytes = utf8(text);
    for (const source of ['x.ndjson', undefined]) {
      const viaText = recorder();
      const textFeeder = createTextFeeder(viaText.sink, { ...(source ? { source } : {}), format: 'ndjson' });
      textFeeder.push(text);
      textFeeder.end();
      for (const size of [1, 4, bytes.length]) {
        const viaBytes = recorder();
        const byteFeeder = createNdjsonByteFeeder(viaBytes.sink, source ? { source } : {});
        for (let i = 0; i < bytes.length; i += size) byteFeeder.push(bytes.subarray(i, i + size));
        byteFeeder.end();
        expect(viaBytes.calls).toEqual(viaText.calls);
        expect(byteFeeder.documents).toBe(textFeeder.documents);
      }
    }
  });
});
