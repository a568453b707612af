import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { addJsonText, createNdjsonByteFeeder, createTextFeeder, type ScanSink } from '../src/public/fhir/io/input';
import { hasErrors, summaryLine, toHtml, toJsonText, toOperationOutcome, toText } from '../src/public/fhir/render';
import type { ScanReport } from '../src/public/fhir/report/scan-report';
import type { Scanner, ScanOptions } from '../src/public/fhir/scanner';
import { EXIT, UsageError } from './errors';
import { resolveInputs, type Input } from './inputs';
import { createProgress } from './progress';

export const FORMATS = ['text', 'json', 'outcome', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface ScanCommandOptions {
  format: Format;
  out?: string;
  profile?: 'us-core';
  maxIssues?: number;
  color: boolean;
  progress: boolean;
}

/** What the command touches of the process, so the command stays testable and explicit. */
export interface CliIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** `fhiriq scan`: returns the exit code (0 no errors, 1 errors found); throws UsageError for 2. */
export async function scanCommand(paths: string[], options: ScanCommandOptions, io: CliIo): Promise<number> {
  const inputs = await resolveInputs(paths, { stdinIsTTY: Boolean(io.stdin.isTTY) });
  const scanner = loadEngine().createScanner({
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.maxIssues !== undefined ? { maxIssues: options.maxIssues } : {}),
  });

  const total = inputs.every((i) => i.size !== undefined) ? inputs.reduce((a, i) => a + (i.size ?? 0), 0) : undefined;
  const progress = createProgress(io.stderr, total, options.progress && Boolean(io.stderr.isTTY));
  let resources = 0;
  let bytesBefore = 0;
  // Counts top-level documents for the progress bar; everything else passes straight through.
  const sink: ScanSink = {
    add(resource, location) {
      resources++;
      scanner.add(resource, location);
    },
    addUnparsable(message, location) {
      resources++;
      scanner.addUnparsable(message, location);
    },
  };

  let stdinBytes = 0;
  try {
    for (const input of inputs) {
      const read = await scanInput(input, sink, io, (bytes) => progress.update(bytesBefore + bytes, resources, input.source));
      if (input.path === '-') stdinBytes += read;
      bytesBefore += read;
      progress.update(bytesBefore, resources, input.source);
    }
  } finally {
    progress.done();
  }
  if (inputs.length === 1 && inputs[0]!.path === '-' && stdinBytes === 0) {
    throw new UsageError('Nothing to scan: stdin was empty');
  }

  const report = scanner.finish();
  const output = render(report, options, io);
  if (options.out) {
    try {
      await writeFile(options.out, output);
    } catch (error) {
      throw new UsageError(`Cannot write ${options.out}: ${(error as Error).message}`);
    }
    io.stderr.write(`Wrote the ${options.format} report to ${options.out}: ${summaryLine(report)}\n`);
  } else {
    await write(io.stdout, output);
  }
  return hasErrors(report) ? EXIT.findings : EXIT.ok;
}

/** Reads one input into the scanner; returns the bytes read. NDJSON streams (constant memory). */
async function scanInput(input: Input, sink: ScanSink, io: CliIo, onBytes: (bytes: number) => void): Promise<number> {
  if (input.kind === 'json') {
    let text: string;
    try {
      text = await readFile(input.path, 'utf8');
    } catch (error) {
      throw new UsageError(`Cannot read ${input.path}: ${(error as Error).message}`);
    }
    addJsonText(sink, text, input.source);
    return input.size ?? Buffer.byteLength(text);
  }
  if (input.kind === 'ndjson' && input.path !== '-') return scanNdjsonFile(input, sink, onBytes);
  const feeder = createTextFeeder(sink, { source: input.source, format: input.kind });
  let bytes = 0;
  if (input.path === '-') {
    io.stdin.setEncoding('utf8');
    for await (const chunk of io.stdin as AsyncIterable<string>) {
      bytes += Buffer.byteLength(chunk);
      feeder.push(chunk);
      onBytes(bytes);
    }
  } else {
    const stream = createReadStream(input.path, { encoding: 'utf8', highWaterMark: 1 << 18 });
    try {
      for await (const chunk of stream as AsyncIterable<string>) {
        feeder.push(chunk);
        bytes = stream.bytesRead;
        onBytes(bytes);
      }
    } catch (error) {
      throw new UsageError(`Cannot read ${input.path}: ${(error as Error).message}`);
    }
  }
  feeder.end();
  return bytes;
}

/**
 * An NDJSON file, streamed as bytes in 1 MB reads and split into lines before decoding (each line
 * decoded on its own: see createByteLineSplitter), in constant memory.
 */
async function scanNdjsonFile(input: Input, sink: ScanSink, onBytes: (bytes: number) => void): Promise<number> {
  const feeder = createNdjsonByteFeeder(sink, { source: input.source, decode: decodeUtf8 });
  const stream = createReadStream(input.path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      feeder.push(chunk);
      bytes = stream.bytesRead;
      onBytes(bytes);
    }
  } catch (error) {
    throw new UsageError(`Cannot read ${input.path}: ${(error as Error).message}`);
  }
  feeder.end();
  return bytes;
}

/** Node's UTF-8 decoder (what a utf8 read stream uses), on a Buffer or a plain Uint8Array. */
function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString('utf8', start, end);
}

function render(report: ScanReport, options: ScanCommandOptions, io: CliIo): string {
  switch (options.format) {
    case 'json':
      return toJsonText(report);
    case 'outcome':
      return `${JSON.stringify(toOperationOutcome(report), null, 2)}\n`;
    case 'html':
      return toHtml(report, { generatedAt: new Date().toISOString(), ...(options.maxIssues !== undefined ? { maxIssues: options.maxIssues } : {}) });
    default: {
      const toTerminal = !options.out && Boolean(io.stdout.isTTY);
      const color = options.color && toTerminal && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
      return toText(report, {
        color,
        width: toTerminal ? io.stdout.columns || 100 : 100,
        ...(options.maxIssues !== undefined ? { maxIssues: options.maxIssues } : {}),
      });
    }
  }
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    stream.write(text, () => resolve());
  });
}

/**
 * The engine is loaded on first use, so `--help` and usage errors answer at once. The generated
 * definitions it needs come from `npm run build:fhir`; say so when they are missing.
 */
function loadEngine(): { createScanner(options?: ScanOptions): Scanner } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../src/public/fhir/scanner') as typeof import('../src/public/fhir/scanner');
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw new UsageError(`The scan engine could not be loaded (${message}). Run \`npm run build:fhir\` in the fhiriq folder and try again.`);
  }
}

