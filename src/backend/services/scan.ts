import { z } from 'zod';
import { addDocument, classifyDocument } from 'public/fhir/io/input';
import { splitLines } from 'public/fhir/io/ndjson';
import { toJson, type JsonReport } from 'public/fhir/render/json';
import { createScanner } from 'public/fhir/scanner';

/** Profile sets a scan can add (us-core = US Core 5.0.1). */
export const SCAN_PROFILES = ['us-core'] as const;

/** Issues an HTTP answer keeps (the counts stay exact): bounds the answer for a 512 KB body. */
export const HTTP_MAX_ISSUES = 10_000;

const EXPECTED = 'Send a FHIR resource (a JSON object with a resourceType), a Bundle, or { "ndjson": "<NDJSON text>" }';

/**
 * A scan request body: a resource, a Bundle or `{ "ndjson": "..." }`. Anything else (an array,
 * an object without resourceType, NDJSON with no line) is the caller's mistake, not data to
 * report on.
 */
export const ScanBodySchema = z.unknown().superRefine((value, ctx) => {
  const doc = classifyDocument(value);
  if (doc.kind === 'resource' || doc.kind === 'bundle') return;
  if (doc.kind === 'ndjson') {
    if (splitLines(doc.text).length === 0) ctx.addIssue({ code: 'custom', path: ['ndjson'], message: 'The NDJSON text has no lines to scan' });
    return;
  }
  ctx.addIssue({ code: 'custom', message: doc.kind === 'array' ? `${EXPECTED}; a JSON array is not accepted` : `${EXPECTED}. ${doc.reason}` });
});

export const ScanQuerySchema = z.object({ profile: z.enum(SCAN_PROFILES).optional() });

export interface ScanRequestOptions {
  profile?: (typeof SCAN_PROFILES)[number];
}

/** Scans one request body (already validated by ScanBodySchema) and returns the JSON report. */
export function scanDocument(body: unknown, options: ScanRequestOptions = {}): JsonReport {
  const scanner = createScanner({ ...(options.profile ? { profile: options.profile } : {}), maxIssues: HTTP_MAX_ISSUES });
  addDocument(scanner, body);
  return toJson(scanner.finish());
}
