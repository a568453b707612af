import path from 'node:path';
import * as esbuild from 'esbuild';
import { veloResolvePlugin } from '../../local/preview/bundler/plugin';
import { SITE_PAGES } from '../../local/preview/site-pages';
import { fetchJson, startTestSite, type TestSite } from '../helpers/local-site';

// The preview pages: every site page at its URL with its page code bundle.
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

const urlOf = (route: string) => route.replace(':slug', 'what-is-fhir');

describe('preview pages', () => {
  it.each(SITE_PAGES.map((p) => [p.route, p] as const))('%s answers 200 HTML with its page script', async (route, page) => {
    const res = await fetch(`${site.url}${urlOf(route)}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain(`<script type="module" src="/_preview/pages/${page.pageId}.js"></script>`);
    expect(html).not.toMatch(/\{\{(title|nav|content|scripts)\}\}/);
    if (page.nav) expect(html).toMatch(new RegExp(`href="${page.route}" class="nav-link is-current" aria-current="page"`));
  });

  it('marks the Blog section as current on a blog post', async () => {
    const html = await (await fetch(`${site.url}/blog/any-post`)).text();
    expect(html).toContain('href="/blog" class="nav-link is-current" aria-current="page"');
  });

  it.each(SITE_PAGES.map((p) => [p.name, p.pageId] as const))('builds the page code bundle of %s', async (_name, pageId) => {
    const res = await fetch(`${site.url}/_preview/pages/${pageId}.js`);
    const js = await res.text();
    expect({ status: res.status, js: res.status === 200 ? 'ok' : js }).toEqual({ status: 200, js: 'ok' });
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js).toContain('onReady');
    expect(js).not.toMatch(/from\s+["']backend\//);
  });

  it('serves the same bundle from memory the second time', async () => {
    const page = SITE_PAGES.find((p) => p.name === 'Contact')!;
    const first = await (await fetch(`${site.url}/_preview/pages/${page.pageId}.js`)).text();
    const started = Date.now();
    const second = await (await fetch(`${site.url}/_preview/pages/${page.pageId}.js`)).text();
    expect(second).toBe(first);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('turns web module imports into RPC stubs', async () => {
    const page = SITE_PAGES.find((p) => p.name === 'Contact')!;
    const js = await (await fetch(`${site.url}/_preview/pages/${page.pageId}.js`)).text();
    expect(js).toContain('/_webmethods/');
    expect(js).toContain('"contact.web"');
    expect(js).toContain('"submitContact"');
  });

  it('answers an unknown bundle with 404 JSON', async () => {
    const res = await fetchJson(`${site.url}/_preview/pages/zzzzz.js`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('answers an unknown page with a styled 404 page for browsers and JSON for programs', async () => {
    const page = await fetch(`${site.url}/no-such-page`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('Page not found');

    const api = await fetchJson(`${site.url}/no-such-page`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('NOT_FOUND');
  });

  it('escapes request text echoed in the 404 page', async () => {
    const res = await fetch(`${site.url}/%3Cscript%3Ealert(1)%3C/script%3E`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('<script>alert(1)');
  });

  it('serves the preview assets', async () => {
    const res = await fetch(`${site.url}/_preview/assets/site.css`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
  });
});

describe('page code bundling rules', () => {
  const root = path.resolve(__dirname, '../..');
  const build = (contents: string) =>
    esbuild.build({
      stdin: { contents, resolveDir: root, loader: 'ts' },
      bundle: true,
      write: false,
      logLevel: 'silent',
      plugins: [
        veloResolvePlugin(
          { srcDir: path.join(root, 'src'), veloDir: path.join(root, 'local', 'velo'), rpcModule: path.join(root, 'local/preview/client/rpc.ts') },
          () => undefined,
        ),
      ],
    });

  it('refuses a backend import that is not a web module, and says why', async () => {
    await expect(build("import { ports } from 'backend/platform'; console.log(ports);")).rejects.toMatchObject({
      errors: [expect.objectContaining({ text: expect.stringContaining('Page code may only import web modules') })],
    });
  });

  it('refuses a web module that does not exist', async () => {
    await expect(build("import { x } from 'backend/nothing.web'; console.log(x);")).rejects.toMatchObject({
      errors: [expect.objectContaining({ text: expect.stringContaining('There is no web module') })],
    });
  });

  it('resolves wix-location-frontend to the local stand-in and refuses backend-only Velo modules', async () => {
    const ok = await build("import wixLocation from 'wix-location-frontend'; console.log(wixLocation.path);");
    expect(ok.outputFiles[0]!.text).toContain('window.location');
    await expect(build("import { ok } from 'wix-http-functions'; console.log(ok);")).rejects.toMatchObject({
      errors: [expect.objectContaining({ text: expect.stringContaining('not available to page code') })],
    });
  });
});
