import { createW, type WRuntime } from './w';

/**
 * Imported first by every preview bundle: page modules call `$w.onReady` while they load, so
 * the global must exist before them. The entry calls `runReady()` once all page code is loaded.
 */
const runtime: WRuntime = createW(document);
(globalThis as unknown as { $w: WRuntime['$w'] }).$w = runtime.$w;

export const runReady = runtime.runReady;
