import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { customElementsIn } from '../../local/server/preview-render';
import { fetchJson, startTestSite, type TestSite } from '../helpers/local-site';

// Custom elements in the preview: pages load the elements their template places, and the
// preview server bundles src/public/custom-elements/<name>.ts on request (workers as one script,
// elements as a small module whose on-demand imports are split into chunks).
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

// A message only the engine holds (the scanner's own).
const ENGINE_MARKER = 'This scanner has finished';

describe('custom element bundles', () => {
  it('the scanner page loads its element before the page code, under a CSP that allows the worker', async () => {
    const res = await fetch(`${site.url}/data-quality-scanner`);
    const html = await res.text();
    const element = html.indexOf('<script type="module" src="/_preview/elements/fhir-scanner.js"></script>');
    const pageCode = html.indexOf('<script type="module" src="/_preview/pages/s8d2q.js"></script>');
    expect(element).toBeGreaterThan(-1);
    expect(pageCode).toBeGreaterThan(element);
    expect(html).toContain('<fhir-scanner id="scanner"></fhir-scanner>');
    expect(res.headers.get('content-security-policy')).toContain("worker-src 'self' blob:");
  });

  it('pages whose template places no custom element load only the one in the layout: the assistant', async () => {
    const html = await (await fetch(`${site.url}/contact`)).text();
    const elementScripts = [...html.matchAll(/src="(\/_preview\/elements\/[^"]+)"/g)].map((m) => m[1]);
    expect(elementScripts).toEqual(['/_preview/elements/fhir-assistant.js']);
    expect(html.match(/<fhir-assistant id="assistant">/g)).toHaveLength(1);
  });

  it('loads the assistant from the layout once, before the page code and beside the page elements', async () => {
    const html = await (await fetch(`${site.url}/data-quality-scanner`)).text();
    const scripts = [...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) => m[1]);
    expect(scripts).toEqual(['/_preview/elements/fhir-assistant.js', '/_preview/elements/fhir-scanner.js', '/_preview/pages/s8d2q.js']);
  });

  it('serves the assistant element as a small module', async () => {
    const res = await fetch(`${site.url}/_preview/elements/fhir-assistant.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const js = await res.text();
    expect(js).toContain('fhir-assistant');
    expect(js.length).toBeLessThan(40_000);
  });

  it('serves the element as a small module; the engine comes in a chunk it imports on demand', async () => {
    const res = await fetch(`${site.url}/_preview/elements/fhir-scanner.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const js = await res.text();
    expect(js.length).toBeLessThan(100_000);
    expect(js).not.toContain(ENGINE_MARKER);
    expect(js).toContain('fhir-scanner');
    const chunk = /\.\/(chunks\/runner-[\w-]+\.js)/.exec(js)?.[1];
    expect(chunk).toBeDefined();
    const engine = await fetch(`${site.url}/_preview/elements/${chunk}`);
    expect(engine.status).toBe(200);
    expect(engine.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await engine.text()).toContain(ENGINE_MARKER);
  });

  it('serves the worker as one classic script holding the engine', async () => {
    const res = await fetch(`${site.url}/_preview/elements/fhir-scanner-worker.js`);
    expect(res.status).toBe(200);
    const js = await res.text();
    expect(js).toContain(ENGINE_MARKER);
    expect(js).not.toMatch(/^\s*import\s|\bexport\s*\{/m);
  });

  it('answers unknown elements and chunks with 404 JSON', async () => {
    for (const file of ['no-such-element.js', 'fhir-scanner.ts', 'fhir-scanner%2Fview.js', 'fhir-scanner/view.js', '..%2Fpages%2FHome.js', 'chunks/nope-123.js']) {
      const res = await fetchJson(`${site.url}/_preview/elements/${file}`);
      expect({ file, status: res.status }).toEqual({ file, status: 404 });
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });
});

describe('customElementsIn', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fhiriq-elements-'));
  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    for (const name of ['fhir-scanner', 'fhir-scanner-worker', 'api-tester']) writeFileSync(path.join(dir, `${name}.ts`), '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the placed elements that have a source, once each; never a worker', () => {
    const html = '<div><fhir-scanner id="a"></fhir-scanner><fhir-scanner/><api-tester\n id="t"></api-tester><unknown-thing></unknown-thing><fhir-scanner-worker></fhir-scanner-worker><p>fhir-scanner</p></div>';
    expect(customElementsIn(html, dir)).toEqual(['fhir-scanner', 'api-tester']);
    expect(customElementsIn('<p>no elements</p>', dir)).toEqual([]);
  });
});
