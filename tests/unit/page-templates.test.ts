import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SITE_PAGES, pageFile } from '../../local/preview/site-pages';

/**
 * Page code and preview templates must agree on element ids, as page code and the Wix editor's
 * layout must: every `#id` a page selects (itself or through the public helpers it imports)
 * exists in its template or in the layout.
 */
const root = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

function selectedIds(source: string): string[] {
  return [...source.matchAll(/['"`]#([A-Za-z][\w-]*)['"`]/g)].map((m) => m[1]!);
}

function idsIn(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
}

function publicImports(source: string): string[] {
  return [...source.matchAll(/from '(public\/[\w/-]+)'/g)].map((m) => `src/${m[1]}.ts`);
}

/** A page's own source plus the public modules it imports (and theirs), for the ids they select. */
function sourceWithHelpers(file: string, seen = new Set<string>()): string {
  if (seen.has(file)) return '';
  seen.add(file);
  const source = read(file);
  return [source, ...publicImports(source).map((f) => sourceWithHelpers(f, seen))].join('\n');
}

const layoutIds = idsIn(read('local/preview/templates/_layout.html'));

describe('page code and templates', () => {
  it('the layout has the master page elements', () => {
    for (const id of selectedIds(sourceWithHelpers('src/pages/masterPage.ts'))) expect(layoutIds).toContain(id);
  });

  for (const page of SITE_PAGES) {
    it(`${page.name}: every selected element exists in ${page.template}.html`, () => {
      const codeFile = `src/pages/${pageFile(page)}`;
      const templateFile = `local/preview/templates/${page.template}.html`;
      expect(existsSync(path.join(root, codeFile))).toBe(true);
      expect(existsSync(path.join(root, templateFile))).toBe(true);
      const ids = new Set([...idsIn(read(templateFile)), ...layoutIds]);
      const missing = [...new Set(selectedIds(sourceWithHelpers(codeFile)))].filter((id) => !ids.has(id));
      expect(missing).toEqual([]);
    });

    it(`${page.name}: repeaters hold their item markup in a <template>`, () => {
      const html = read(`local/preview/templates/${page.template}.html`);
      for (const m of html.matchAll(/<div id="(\w+)"[^>]*data-repeater[^>]*>\s*(<\w+)/g)) {
        expect(`${m[1]}: ${m[2]}`).toBe(`${m[1]}: <template`);
      }
    });
  }
});
