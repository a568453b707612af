import { createTextFeeder, type ScanSink } from '../../fhir/io/input';
import type { ScanReport } from '../../fhir/report/scan-report';
import { createScanner } from '../../fhir/scanner';
import type { ScanJob, ScanProgress } from './protocol';

/**
 * Runs one scan job with the whole engine: in the web worker, or (dynamically imported, so the
 * element's own bundle stays small) on the main thread when no worker is available. A file is
 * streamed (Blob.stream() -> TextDecoderStream -> the line splitter), so NDJSON is scanned line by
 * line in constant memory; pasted text is fed in slices.
 */
export interface RunOptions {
  /** Called every `progressEvery` resources, and at least every `progressMs` while bytes are read. */
  onProgress?: (progress: ScanProgress) => void;
  progressEvery?: number;
  progressMs?: number;
  /**
   * Main thread only: gives the event loop a turn (input, painting). Called between chunks once
   * `sliceMs` of work has passed since the last pause.
   */
  pause?: () => Promise<void>;
  sliceMs?: number;
  /** Checked between chunks; a true answer stops the scan with a ScanCancelled error. */
  isCancelled?: () => boolean;
  now?: () => number;
}

export class ScanCancelled extends Error {
  constructor() {
    super('The scan was cancelled');
    this.name = 'ScanCancelled';
  }
}

/** Pasted text is fed in slices of this many characters (the line splitter rejoins split lines). */
const TEXT_SLICE = 64 * 1024;

export async function runScan(job: ScanJob, options: RunOptions = {}): Promise<{ report: ScanReport; elapsedMs: number }> {
  const now = options.now ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()));
  const every = Math.max(1, options.progressEvery ?? 1000);
  const progressMs = options.progressMs ?? 250;
  const sliceMs = options.sliceMs ?? 12;
  const started = now();
  let lastPause = started;
  let lastProgress = started;
  let resources = 0;
  let nextProgress = every;
  let bytes: number | undefined;
  const totalBytes = typeof job.input === 'string' ? undefined : job.input.size;

  const progress = () => {
    lastProgress = now();
    options.onProgress?.({
      resources,
      ...(bytes !== undefined ? { bytes } : {}),
      ...(totalBytes !== undefined ? { totalBytes } : {}),
      elapsedMs: lastProgress - started,
    });
  };
  const counted = () => {
    resources++;
    if (resources >= nextProgress) {
      nextProgress += every;
      progress();
    }
  };

  const scanner = createScanner(job.profile ? { profile: job.profile } : {});
  const sink: ScanSink = {
    add(resource, location) {
      scanner.add(resource, location);
      counted();
    },
    addUnparsable(message, location) {
      scanner.addUnparsable(message, location);
      counted();
    },
  };
  const feeder = createTextFeeder(sink, { ...(job.sourceName ? { source: job.sourceName } : {}), format: job.format });

  const between = async () => {
    if (options.isCancelled?.()) throw new ScanCancelled();
    const t = now();
    if (t - lastProgress >= progressMs) progress();
    if (options.pause && t - lastPause >= sliceMs) {
      await options.pause();
      lastPause = now();
      if (options.isCancelled?.()) throw new ScanCancelled();
    }
  };

  if (typeof job.input === 'string') {
    const text = job.input;
    for (let i = 0; i < text.length; i += TEXT_SLICE) {
      feeder.push(text.slice(i, i + TEXT_SLICE));
      await between();
    }
  } else {
    bytes = 0;
    const countBytes = new TransformStream<Uint8Array, Uint8Array<ArrayBuffer>>({
      transform(chunk, controller) {
        bytes! += chunk.byteLength;
        controller.enqueue(chunk as Uint8Array<ArrayBuffer>); // Blob.stream() never yields shared memory
      },
    });
    const reader = job.input.stream().pipeThrough(countBytes).pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        feeder.push(value);
        await between();
      }
    } finally {
      reader.releaseLock();
    }
  }
  feeder.end();
  const report = scanner.finish();
  progress();
  return { report, elapsedMs: now() - started };
}
