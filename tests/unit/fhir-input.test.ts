import { addDocument, addJsonText, addNdjsonText, classifyDocument, createTextFeeder, type ScanSink } from '../../src/public/fhir/io/input';
import { findJsonError } from '../../src/public/fhir/io/json-error';
import type { IssueLocation } from '../../src/public/fhir/report/issue';

/** Records what a scanner would be given. */
function recorder() {
  const added: Array<{ resource: unknown; location?: IssueLocation }> = [];
  const unparsable: Array<{ message: string; location?: IssueLocation }> = [];
  const sink: ScanSink = {
    add: (resource, location) => void added.push({ resource, ...(location ? { location } : {}) }),
    addUnparsable: (message, location) => void unparsable.push({ message, ...(location ? { location } : {}) }),
  };
  return { sink, added, unparsable };
}

const patient = { resourceType: 'Patient', id: 'a' };
const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient }] };

describe('classifyDocument', () => {
  it('tells resources, Bundles, { ndjson } and arrays apart', () => {
    expect(classifyDocument(patient)).toEqual({ kind: 'resource', resource: patient });
    expect(classifyDocument(bundle)).toEqual({ kind: 'bundle', resource: bundle });
    expect(classifyDocument({ ndjson: '{}' })).toEqual({ kind: 'ndjson', text: '{}' });
    expect(classifyDocument([patient])).toEqual({ kind: 'array', items: [patient] });
  });

  it('calls everything else invalid, with a reason', () => {
    for (const value of [null, 5, 'x', true, {}, { resourceType: '' }, { resourceType: 5 }, { ndjson: 5 }, { ndjson: 'x', other: 1 }, { resourceType: 7, ndjson: 'x' }]) {
      const doc = classifyDocument(value);
      expect(doc.kind).toBe('invalid');
    }
    expect(classifyDocument(null)).toEqual({ kind: 'invalid', reason: expect.stringContaining('got null') });
  });
});

describe('feeding documents to a scanner', () => {
  it('addDocument hands resources and Bundles over whole, with the source', () => {
    const r = recorder();
    expect(addDocument(r.sink, bundle, 'b.json')).toBe('bundle');
    expect(r.added).toEqual([{ resource: bundle, location: { source: 'b.json' } }]);
  });

  it('addDocument splits { ndjson } into lines with line numbers, and arrays into items', () => {
    const r = recorder();
    addDocument(r.sink, { ndjson: `${JSON.stringify(patient)}\n\n{bad\n[1]` });
    expect(r.added).toEqual([{ resource: patient, location: { line: 1 } }, { resource: [1], location: { line: 4 } }]);
    expect(r.unparsable).toEqual([{ message: expect.stringMatching(/^Line 3, column 2 is not valid JSON: /), location: { line: 3 } }]);
    const a = recorder();
    addDocument(a.sink, [patient, 3]);
    expect(a.added.map((x) => x.resource)).toEqual([patient, 3]);
  });

  it('addDocument passes invalid documents on, so the scanner reports them', () => {
    const r = recorder();
    expect(addDocument(r.sink, { hello: 1 }, 'x.json')).toBe('invalid');
    expect(r.added).toEqual([{ resource: { hello: 1 }, location: { source: 'x.json' } }]);
  });

  it('addJsonText reports bad JSON once, with the line of the error', () => {
    const r = recorder();
    expect(addJsonText(r.sink, '{\n  "resourceType": "Patient",\n  "id": x\n}', 'p.json')).toBe('unparsable');
    expect(r.unparsable).toEqual([{ message: expect.stringMatching(/^Not valid JSON at line 3, column 9: Unexpected token/), location: { source: 'p.json', line: 3 } }]);
    expect(r.unparsable[0]!.message).not.toContain('\n');
    expect(r.added).toEqual([]);
    const ok = recorder();
    expect(addJsonText(ok.sink, `\uFEFF${JSON.stringify(patient)}`, 'p.json')).toBe('resource');
    expect(ok.added).toHaveLength(1);
  });

  it('addNdjsonText returns the number of non-blank lines', () => {
    expect(addNdjsonText(recorder().sink, '{"resourceType":"Patient"}\r\n\r\n{"resourceType":"Patient"}')).toBe(2);
  });
});

describe('createTextFeeder (streamed text)', () => {
  const ndjson = `${JSON.stringify(patient)}\n${JSON.stringify({ ...patient, id: 'b' })}\n`;
  const pretty = JSON.stringify(bundle, null, 2);

  function run(text: string, size: number, format?: 'auto' | 'ndjson' | 'json') {
    const r = recorder();
    const feeder = createTextFeeder(r.sink, { source: 'in', ...(format ? { format } : {}) });
    for (let i = 0; i < text.length; i += size) feeder.push(text.slice(i, i + size));
    feeder.end();
    return { ...r, format: feeder.format, documents: feeder.documents };
  }

  it('auto-detects NDJSON from the first line and scans it as it streams', () => {
    const r = recorder();
    const feeder = createTextFeeder(r.sink, { source: 'in' });
    feeder.push(ndjson.slice(0, ndjson.indexOf('\n') + 1));
    expect(feeder.format).toBe('ndjson');
    expect(r.added).toHaveLength(1); // before end(): streaming
    feeder.push(ndjson.slice(ndjson.indexOf('\n') + 1));
    feeder.end();
    expect(r.added.map((a) => a.location)).toEqual([{ source: 'in', line: 1 }, { source: 'in', line: 2 }]);
    expect(feeder.documents).toBe(2);
  });

  it('auto-detects a pretty-printed JSON document and parses it whole', () => {
    for (const size of [1, 5, 100, pretty.length]) {
      const r = run(pretty, size);
      expect(r.format).toBe('json');
      expect(r.added).toEqual([{ resource: bundle, location: { source: 'in' } }]);
      expect(r.documents).toBe(1);
    }
  });

  it('auto mode: NDJSON whose first line is broken is still NDJSON (the bad line is reported)', () => {
    const r = run(`{"resourceType":\n${ndjson}`, 3);
    expect(r.format).toBe('ndjson');
    expect(r.unparsable).toEqual([{ message: expect.stringMatching(/^Line 1, column 17 is not valid JSON/), location: { source: 'in', line: 1 } }]);
    expect(r.added.map((a) => a.location?.line)).toEqual([2, 3]);
  });

  it('auto mode: a broken JSON document is one fatal finding with its line', () => {
    const r = run('{\n  "resourceType": "Patient",\n  "id": \n}\n', 4);
    expect(r.unparsable).toEqual([{ message: expect.stringMatching(/^Not valid JSON at line 4, column 1: /), location: { source: 'in', line: 4 } }]);
    expect(r.added).toEqual([]);
  });

  it('forced ndjson never buffers into a document; forced json never splits', () => {
    expect(run(pretty, 10, 'ndjson').unparsable.length).toBeGreaterThan(3);
    const json = run(ndjson, 10, 'json');
    expect(json.unparsable).toHaveLength(1);
  });

  it('empty input gives no document at all', () => {
    const r = run('\n  \n', 2);
    expect(r.added).toEqual([]);
    expect(r.unparsable).toEqual([]);
    expect(r.documents).toBe(0);
  });
});

describe('findJsonError (where a JSON text breaks)', () => {
  it('points at the first bad character, with line and column', () => {
    expect(findJsonError('{"a": 1,\n "b": x}')).toEqual({ offset: 15, line: 2, column: 7 });
    expect(findJsonError('{"a": [1, 2')).toEqual({ offset: 11, line: 1, column: 12 });
    expect(findJsonError('')).toEqual({ offset: 0, line: 1, column: 1 });
    expect(findJsonError('{} {}')).toEqual({ offset: 3, line: 1, column: 4 });
    expect(findJsonError('{"a":"tab\there"}')).toEqual({ offset: 9, line: 1, column: 10 });
    expect(findJsonError('[01]')?.offset).toBe(2);
    expect(findJsonError('{"a":1,}')?.offset).toBe(7);
  });

  it('agrees with JSON.parse on valid JSON and on thousands of one-character corruptions of it', () => {
    const samples = [
      JSON.stringify({ resourceType: 'Patient', id: 'x', name: [{ given: ['A', 'B'], family: 'C\u00e9"\\' }], n: -1.5e-3, b: true, z: null, e: {}, a: [] }, null, 2),
      '[1, [2, [3, {"k": [true, false, null]}]], "\\u0041\\n"]',
    ];
    const noise = ['', ' ', '"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', 'e', '.', 'x', 'n', 't'];
    let checked = 0;
    for (const text of samples) {
      expect(findJsonError(text)).toBeUndefined();
      for (let i = 0; i < text.length; i++) {
        for (const c of noise) {
          const mutated = text.slice(0, i) + c + text.slice(i + 1);
          let parses = true;
          try {
            JSON.parse(mutated);
          } catch {
            parses = false;
          }
          expect([mutated, findJsonError(mutated) === undefined]).toEqual([mutated, parses]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('survives deep nesting without recursion', () => {
    expect(findJsonError('['.repeat(200_000))?.offset).toBe(200_000);
    expect(findJsonError(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBeUndefined();
  });
});
