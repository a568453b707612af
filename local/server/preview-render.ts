import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import escapeHtml from 'escape-html';
import { SITE_PAGES, type SitePage } from '../preview/site-pages';

/**
 * A preview page: the site layout around the page's template, plus the page's bundle. Templates
 * are read on every request so edits show on reload.
 */
export interface RenderedPage {
  status: number;
  html: string;
}

const FALLBACK_LAYOUT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title><link rel="stylesheet" href="/_preview/assets/site.css"></head>
<body><header><nav>{{nav}}</nav></header><main>{{content}}</main>{{scripts}}</body></html>`;

export interface RenderOptions {
  /**
   * Where custom element sources are (src/public/custom-elements). A template (or the layout,
   * the master page) that places `<name ...>` for which `<name>.ts` exists there gets that
   * element's script, as a Wix page loads the custom elements placed on it.
   */
  elementsDir?: string;
}

export function renderPreviewPage(page: SitePage, templatesDir: string, options: RenderOptions = {}): RenderedPage {
  const layoutFile = path.join(templatesDir, '_layout.html');
  const layout = existsSync(layoutFile) ? readFileSync(layoutFile, 'utf8') : FALLBACK_LAYOUT;
  const templateFile = path.join(templatesDir, `${page.template}.html`);
  const title = `${page.nav ?? page.name.replace(/\s*\(Item\)$/, '')} · FHIR IQ`;

  if (!existsSync(templateFile)) {
    // A developer's fault, not the visitor's: say exactly what is missing, and run no page code.
    const content = `<section class="section template-missing"><h1>Template missing</h1>
<p>The preview of <strong>${escapeHtml(page.name)}</strong> (${escapeHtml(page.route)}) needs
<code>local/preview/templates/${escapeHtml(page.template)}.html</code>, which does not exist yet.</p></section>`;
    return { status: 500, html: fill(layout, { title, nav: navHtml(page), content, scripts: '' }) };
  }
  const content = readFileSync(templateFile, 'utf8');
  // Element scripts come first: the page code finds its custom elements already defined. The
  // layout stands for the master page, whose elements (the assistant) are on every page.
  const elementScripts = options.elementsDir ? customElementsIn(`${layout}\n${content}`, options.elementsDir) : [];
  const scripts = [
    ...elementScripts.map((name) => `<script type="module" src="/_preview/elements/${encodeURIComponent(name)}.js"></script>`),
    `<script type="module" src="/_preview/pages/${encodeURIComponent(page.pageId)}.js"></script>`,
  ].join('\n');
  return { status: 200, html: fill(layout, { title: escapeHtml(title), nav: navHtml(page), content, scripts }) };
}

/**
 * The custom elements a template places: tags with a dash (custom element names) that have a
 * source file. Worker scripts (`*-worker`) are started by their element, never placed.
 */
export function customElementsIn(html: string, elementsDir: string): string[] {
  const names = new Set<string>();
  for (const m of html.matchAll(/<([a-z][a-z0-9]*(?:-[a-z0-9]+)+)[\s/>]/g)) names.add(m[1]!);
  return [...names].filter((name) => !name.endsWith('-worker') && existsSync(path.join(elementsDir, `${name}.ts`)));
}

/** One pass over the layout, so text inside the content that looks like a placeholder stays as it is. */
function fill(layout: string, values: Record<'title' | 'nav' | 'content' | 'scripts', string>): string {
  return layout.replace(/\{\{(title|nav|content|scripts)\}\}/g, (_, key: keyof typeof values) => values[key]);
}

/** The navigation bar: pages with a `nav` label; the current page (or its section) is marked. */
export function navHtml(current: SitePage): string {
  const items = SITE_PAGES.filter((p) => p.nav).map((p) => {
    const active = p === current || (p.route !== '/' && current.route.startsWith(p.route + '/'));
    const attrs = active ? ' class="nav-link is-current" aria-current="page"' : ' class="nav-link"';
    return `<li><a href="${escapeHtml(p.route)}"${attrs}>${escapeHtml(p.nav!)}</a></li>`;
  });
  return `<ul class="nav-links">${items.join('')}</ul>`;
}
