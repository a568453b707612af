import type { IssueLocation } from '../report/issue';
import { findJsonError } from './json-error';
import { createByteLineSplitter, createLineSplitter, splitLines, type NdjsonLine, type Utf8Decode } from './ndjson';

/** What a scanner must offer to be fed (createScanner's Scanner has it). */
export interface ScanSink {
  add(resource: unknown, location?: IssueLocation): void;
  addUnparsable(message: string, location?: IssueLocation): void;
}

/** A parsed JSON document, by what it holds. */
export type InputDocument =
  | { kind: 'resource'; resource: Record<string, unknown> }
  | { kind: 'bundle'; resource: Record<string, unknown> }
  | { kind: 'ndjson'; text: string }
  | { kind: 'array'; items: unknown[] }
  | { kind: 'invalid'; reason: string };

/**
 * Classifies a parsed JSON document: a FHIR resource (an object with a resourceType), a Bundle
 * (whose entries the scanner scans as resources of their own), `{ "ndjson": "..." }` (NDJSON
 * text wrapped for transports that carry one JSON body), or a plain array of resources.
 */
export function classifyDocument(value: unknown): InputDocument {
  if (Array.isArray(value)) return { kind: 'array', items: value };
  if (value === null || typeof value !== 'object') {
    return { kind: 'invalid', reason: `Expected a FHIR resource (a JSON object), got ${value === null ? 'null' : typeof value}` };
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.resourceType === 'string' && obj.resourceType !== '') {
    return obj.resourceType === 'Bundle' ? { kind: 'bundle', resource: obj } : { kind: 'resource', resource: obj };
  }
  if (!('resourceType' in obj) && typeof obj.ndjson === 'string' && Object.keys(obj).length === 1) {
    return { kind: 'ndjson', text: obj.ndjson };
  }
  return { kind: 'invalid', reason: 'The JSON object has no resourceType, so it is not a FHIR resource (nor { "ndjson": "..." })' };
}

const at = (source: string | undefined, extra: IssueLocation = {}): IssueLocation | undefined => {
  const location: IssueLocation = { ...(source !== undefined ? { source } : {}), ...extra };
  return Object.keys(location).length ? location : undefined;
};

/**
 * Feeds one parsed document to the scanner. Anything that is not a resource still goes to the
 * scanner, which reports it as a fatal finding, so every input shows up in the report.
 */
export function addDocument(sink: ScanSink, value: unknown, source?: string): InputDocument['kind'] {
  const doc = classifyDocument(value);
  switch (doc.kind) {
    case 'resource':
    case 'bundle':
      sink.add(doc.resource, at(source));
      break;
    case 'ndjson':
      addNdjsonText(sink, doc.text, source);
      break;
    case 'array':
      for (const item of doc.items) sink.add(item, at(source));
      break;
    default:
      sink.add(value, at(source));
  }
  return doc.kind;
}

/** One NDJSON line: a resource, or a fatal "not valid JSON" finding with the line number. */
export function addNdjsonLine(sink: ScanSink, line: NdjsonLine, source?: string): void {
  addLine(sink, line.line, line.text, source);
}

/** `{ source, line }` (as `at(source, { line })` gives it), built directly: this runs once per line. */
function lineLocation(source: string | undefined, line: number): IssueLocation {
  return source !== undefined ? { source, line } : { line };
}

function addLine(sink: ScanSink, lineNo: number, text: string, source: string | undefined): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const said = String((error as Error)?.message ?? error).replace(/\s+/g, ' ').trim();
    const column = findJsonError(text)?.column;
    sink.addUnparsable(`Line ${lineNo}${column !== undefined ? `, column ${column}` : ''} is not valid JSON: ${said}`, lineLocation(source, lineNo));
    return;
  }
  sink.add(value, lineLocation(source, lineNo));
}

export interface ByteFeeder {
  push(chunk: Uint8Array): void;
  end(): void;
  /** NDJSON lines handed to the scanner so far. */
  readonly documents: number;
}

/**
 * Feeds an NDJSON file read as UTF-8 bytes to the scanner, line by line as the bytes arrive
 * (constant memory): the same lines, line numbers and findings as createTextFeeder with format
 * 'ndjson' on the decoded text, faster (see createByteLineSplitter).
 */
export function createNdjsonByteFeeder(sink: ScanSink, options: { source?: string; decode?: Utf8Decode } = {}): ByteFeeder {
  const source = options.source;
  let documents = 0;
  const splitter = createByteLineSplitter((lineNo, text) => {
    documents++;
    addLine(sink, lineNo, text, source);
  }, options.decode);
  return {
    push: (chunk) => splitter.push(chunk),
    end: () => splitter.end(),
    get documents() {
      return documents;
    },
  };
}

export function addNdjsonText(sink: ScanSink, text: string, source?: string): number {
  const lines = splitLines(text);
  for (const line of lines) addNdjsonLine(sink, line, source);
  return lines.length;
}

/** A whole JSON text (a .json file): parsed once; a syntax error is one fatal finding with its line. */
export function addJsonText(sink: ScanSink, text: string, source?: string): InputDocument['kind'] | 'unparsable' {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const { message, line } = jsonSyntaxError(body, error);
    sink.addUnparsable(message, at(source, line !== undefined ? { line } : {}));
    return 'unparsable';
  }
  return addDocument(sink, value, source);
}

/** The finding for a JSON text that does not parse: where (line, column) and what the parser said. */
export function jsonSyntaxError(text: string, error: unknown): { message: string; line?: number } {
  // V8 quotes the text around the error, newlines included: keep the message on one line.
  const said = String((error as Error)?.message ?? error).replace(/\s+/g, ' ').trim();
  const at = findJsonError(text);
  if (!at) return { message: `Not valid JSON: ${said}` };
  return { message: `Not valid JSON at line ${at.line}, column ${at.column}: ${said}`, line: at.line };
}

export type TextFormat = 'auto' | 'ndjson' | 'json';

export interface TextFeeder {
  push(chunk: string): void;
  end(): void;
  /** 'ndjson' or 'json' once known ('auto' decides on the first non-blank line). */
  readonly format: TextFormat;
  /** Top-level documents handed to the scanner so far (NDJSON lines, or 1 for a JSON document). */
  readonly documents: number;
}

/**
 * Feeds streamed text to the scanner. NDJSON is scanned line by line as it arrives (constant
 * memory); JSON is buffered and parsed at the end. In 'auto' mode (stdin, pasted text) a first
 * non-blank line that parses on its own as a JSON object means NDJSON (a one-line JSON document
 * reads the same either way); otherwise the text is one JSON document, and if that does not
 * parse but several of its lines do, it is NDJSON with broken lines.
 */
export function createTextFeeder(sink: ScanSink, options: { source?: string; format?: TextFormat } = {}): TextFeeder {
  const source = options.source;
  let format: TextFormat = options.format ?? 'auto';
  let documents = 0;
  const splitter = createLineSplitter();
  const buffered: string[] = [];
  const ndjsonLine = (line: NdjsonLine) => {
    documents++;
    addNdjsonLine(sink, line, source);
  };

  function onLines(lines: NdjsonLine[]): void {
    for (const line of lines) {
      if (format === 'auto') {
        format = isJsonObject(line.text) ? 'ndjson' : 'json';
        if (format === 'json') return; // the text stays buffered; lines are not needed
      }
      ndjsonLine(line);
    }
  }

  return {
    get format() {
      return format;
    },
    get documents() {
      return documents;
    },
    push(chunk) {
      if (format !== 'ndjson') buffered.push(chunk);
      if (format !== 'json') {
        onLines(splitter.push(chunk));
        if (format === 'ndjson') buffered.length = 0;
      }
    },
    end() {
      if (format !== 'json') onLines(splitter.end());
      if (format === 'ndjson') return;
      const text = buffered.join('');
      buffered.length = 0;
      if (text.trim() === '') return; // nothing at all: no document
      format = 'json';
      const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch (error) {
        const lines = splitLines(body);
        if (options.format !== 'json' && lines.filter((l) => isJsonObject(l.text)).length >= 2) {
          format = 'ndjson';
          lines.forEach(ndjsonLine);
          return;
        }
        documents++;
        const { message, line } = jsonSyntaxError(body, error);
        sink.addUnparsable(message, at(source, line !== undefined ? { line } : {}));
        return;
      }
      documents++;
      addDocument(sink, value, source);
    },
  };
}

function isJsonObject(text: string): boolean {
  const t = text.trimStart();
  if (t.charCodeAt(0) !== 123 /* { */) return false;
  try {
    const v = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}
