import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The shared Synthea data: every resource of the NDJSON exports and of the transaction Bundles. */
export const SHARED_DATA = path.resolve(__dirname, '../../shared/data');

export interface Corpus {
  /** Each resource on its own (Bundle entries unpacked), as the peers validate them. */
  resources: Array<Record<string, unknown>>;
  /** The same data as NDJSON text, one resource per line, for the CLI. */
  ndjson: string;
}

export function loadSharedCorpus(root = SHARED_DATA): Corpus {
  const resources: Array<Record<string, unknown>> = [];
  for (const dir of ['synthea-10-patients', 'synthea-100-patients']) {
    for (const file of readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.ndjson')).sort()) {
      for (const line of readFileSync(path.join(root, dir, file), 'utf8').split('\n')) {
        if (line.trim()) resources.push(JSON.parse(line));
      }
    }
  }
  for (const file of readdirSync(path.join(root, 'synthea-bundles')).filter((f) => f.endsWith('.json')).sort()) {
    const bundle = JSON.parse(readFileSync(path.join(root, 'synthea-bundles', file), 'utf8'));
    for (const entry of bundle.entry ?? []) if (entry.resource) resources.push(entry.resource);
  }
  return { resources, ndjson: resources.map((r) => JSON.stringify(r)).join('\n') + '\n' };
}

/** The corpus repeated until it reaches `bytes`, each copy with new ids (and references to them). */
export function* repeatedNdjson(corpus: Corpus, bytes: number): Generator<string> {
  let written = 0;
  for (let copy = 0; written < bytes; copy++) {
    const suffix = copy === 0 ? '' : `-c${copy}`;
    // Ids and the references to them change together, so the copy is a dataset of its own.
    const text = copy === 0 ? corpus.ndjson : corpus.ndjson.replace(/("id":"|"reference":"[A-Za-z]+\/|urn:uuid:)([A-Za-z0-9\-.]{1,60})"/g, `$1$2${suffix}"`);
    written += Buffer.byteLength(text);
    yield text;
  }
}
