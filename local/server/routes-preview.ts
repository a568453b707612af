import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createBundleCache } from '../preview/bundler/cache';
import { elementSource, elementsDir } from '../preview/bundler/elements';
import { SITE_PAGES } from '../preview/site-pages';
import { sendError } from './errors';
import { renderPreviewPage } from './preview-render';
import { staticAssets } from './static-assets';

/**
 * The site's pages at their own URLs, their page-code bundles, the custom elements they place
 * (src/public/custom-elements, bundled on request) and the preview's static assets.
 */
export async function previewRoutes(app: FastifyInstance, options: { root: string }): Promise<void> {
  const previewDir = path.join(options.root, 'local', 'preview');
  const templatesDir = path.join(previewDir, 'templates');
  const bundles = createBundleCache(options.root);

  for (const page of SITE_PAGES) {
    app.get(page.route, async (_request, reply) => {
      const { status, html } = renderPreviewPage(page, templatesDir, { elementsDir: elementsDir(options.root) });
      return reply.code(status).type('text/html; charset=utf-8').send(html);
    });
  }

  app.get<{ Params: { file: string } }>('/_preview/pages/:file', async (request, reply) => {
    const match = /^([a-z0-9]+)\.js$/.exec(request.params.file);
    const page = match && SITE_PAGES.find((p) => p.pageId === match[1]);
    if (!page) return sendError(reply, 404, 'NOT_FOUND', `There is no preview page bundle ${request.params.file}`);
    const result = await bundles.get(page);
    reply.header('cache-control', 'no-cache');
    if (result.ok) return reply.type('text/javascript; charset=utf-8').send(result.code);
    request.log.error({ page: page.name, errors: result.errors }, 'page bundle failed to build');
    // The page code does not build: a developer's fault, shown in the console of the page that loads it.
    const message = `Page code for ${page.name} does not build:\n${result.errors.join('\n')}`;
    return reply.code(500).type('text/javascript; charset=utf-8').send(`console.error(${JSON.stringify(message)});\n`);
  });

  app.get<{ Params: { file: string } }>('/_preview/elements/:file', async (request, reply) => {
    const name = /^(.+)\.js$/.exec(request.params.file)?.[1];
    if (!name || !elementSource(options.root, name)) {
      return sendError(reply, 404, 'NOT_FOUND', `There is no custom element bundle ${request.params.file}`);
    }
    const result = await bundles.element(name);
    reply.header('cache-control', 'no-cache');
    if (result.ok) return reply.type('text/javascript; charset=utf-8').send(result.entry);
    request.log.error({ element: name, errors: result.errors }, 'custom element bundle failed to build');
    const message = `Custom element ${name} does not build:\n${result.errors.join('\n')}`;
    return reply.code(500).type('text/javascript; charset=utf-8').send(`console.error(${JSON.stringify(message)});\n`);
  });

  // Chunks split off element bundles (code they import on demand); names carry a content hash.
  app.get<{ Params: { file: string } }>('/_preview/elements/chunks/:file', async (request, reply) => {
    const code = /^[\w.-]+\.js$/.test(request.params.file) ? await bundles.chunk(`chunks/${request.params.file}`) : undefined;
    if (code === undefined) return sendError(reply, 404, 'NOT_FOUND', `There is no custom element chunk ${request.params.file}`);
    reply.header('cache-control', 'no-cache');
    return reply.type('text/javascript; charset=utf-8').send(code);
  });

  await staticAssets(app, { prefix: '/_preview/assets/', root: path.join(previewDir, 'assets') });

  // Browsers ask for /favicon.ico on their own; answer it quietly rather than with a logged 404.
  app.get('/favicon.ico', async (_request, reply) => {
    const icon = path.join(previewDir, 'assets', 'favicon.ico');
    if (existsSync(icon)) return reply.type('image/x-icon').send(readFileSync(icon));
    return reply.code(204).send();
  });
}
