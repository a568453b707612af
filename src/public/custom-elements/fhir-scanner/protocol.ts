import type { ScanReport } from '../../fhir/report/scan-report';

/** Messages between <fhir-scanner> and its web worker (structured-cloned; a File/Blob is not copied). */

export type ScanProfile = 'us-core';

export interface ScanJob {
  /** A dropped or picked file (streamed), or pasted text. */
  input: Blob | string;
  /** Shown in issue locations and used for download names, e.g. "patients.ndjson". */
  sourceName?: string;
  /** How to read the text: 'ndjson' for .ndjson files; 'auto' decides from the first line. */
  format: 'auto' | 'ndjson';
  profile?: ScanProfile;
}

export interface ScanProgress {
  /** Resources handed to the scanner so far (a Bundle counts once; its entries are scanned inside). */
  resources: number;
  /** Bytes read so far, and the total, when the input is a file. */
  bytes?: number;
  totalBytes?: number;
  elapsedMs: number;
}

export type WorkerRequest = { type: 'scan'; job: ScanJob };

export type WorkerReply =
  | ({ type: 'progress' } & ScanProgress)
  | { type: 'done'; report: ScanReport; elapsedMs: number }
  | { type: 'error'; message: string };
