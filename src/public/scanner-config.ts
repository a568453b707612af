/**
 * Where the Data Quality Scanner's web worker script is served: the one place page code takes it
 * from (`$w('#scanner').setAttribute('worker-src', SCANNER_WORKER_URL)`).
 *
 * Locally the preview server builds src/public/custom-elements/fhir-scanner-worker.ts on request at
 * this path. On Wix there is no such route: build the worker bundle once (esbuild, browser, iife,
 * minified, as local/preview/bundler/elements.ts does), upload it as a static file (the site's
 * Media Manager or any CDN that sends `Access-Control-Allow-Origin`), and put its URL here. The
 * element fetches a cross-origin worker script and starts it from a blob: URL, since browsers start
 * workers only from same-origin or blob: URLs. If the worker cannot start (no URL, a 404, a CSP
 * that forbids it), the element scans on the main thread in slices instead: slower, never broken.
 */
export const SCANNER_WORKER_URL = '/_preview/elements/fhir-scanner-worker.js';
