import { withDataHooks } from '../../local/adapters/data-hooks';
import { SITE_PAGES } from '../../local/preview/site-pages';
import { seedIfEmpty } from '../../local/seed';
import * as dataHooks from '../../src/backend/data';
import type { DataPort } from '../../src/backend/ports';
import { toPassages } from '../../src/backend/services/assistant/passages';
import { getSiteIndex, VERSION_CHECK_MS, type SiteIndex } from '../../src/backend/services/assistant/retrieval';
import { loadSiteContent } from '../../src/backend/services/assistant/site-content';
import { RETRIEVAL_QUESTIONS } from '../fixtures/assistant/questions';
import { createTestPorts, type TestPorts } from '../helpers/test-ports';

/**
 * The assistant's retrieval on the site's real content (the local seed), through the same data
 * port and hooks the site uses.
 */

async function seededPorts(): Promise<TestPorts> {
  const ports = createTestPorts();
  await seedIfEmpty(ports.data);
  return ports;
}

const urlsOf = (index: SiteIndex, query: string, limit = 3) => index.search(query, { limit }).map((h) => h.url);

/** A documentation page with words no seeded page uses, so a search finds it or nothing. */
const newDoc = (body: string) => ({
  title: 'Zebrafish registries on FHIR',
  slug: 'zebrafish-registries',
  section: 'FHIR R4 essentials',
  order: 99,
  summary: 'How a zebrafish research registry maps its specimens.',
  body,
});

describe('retrieval quality on the site content', () => {
  let ports: TestPorts;
  let index: SiteIndex;

  beforeAll(async () => {
    ports = await seededPorts();
    index = await getSiteIndex(ports);
  });

  it('finds the page that answers each question among the top three hits (at least 90%)', () => {
    expect(RETRIEVAL_QUESTIONS.length).toBeGreaterThanOrEqual(25);
    const misses: string[] = [];
    for (const { question, url } of RETRIEVAL_QUESTIONS) {
      const top = urlsOf(index, question);
      if (!top.includes(url)) misses.push(`  "${question}" wants ${url}, got ${top.join(', ') || 'nothing'}`);
    }
    const hitRate = (RETRIEVAL_QUESTIONS.length - misses.length) / RETRIEVAL_QUESTIONS.length;
    console.log(
      `Retrieval hit rate (answering page in the top 3): ${(hitRate * 100).toFixed(1)}% ` +
        `(${RETRIEVAL_QUESTIONS.length - misses.length}/${RETRIEVAL_QUESTIONS.length}) over ${index.passages} passages` +
        (misses.length > 0 ? `\nMisses:\n${misses.join('\n')}` : '\nMisses: none'),
    );
    expect(hitRate).toBeGreaterThanOrEqual(0.9);
  });

  it('expects only pages the index really has (a question cannot pass by pointing nowhere)', async () => {
    const urls = new Set((await loadSiteContent(ports.data)).map((page) => page.url));
    for (const { url } of RETRIEVAL_QUESTIONS) expect(urls).toContain(url);
  });

  it('gives passages with a title, a site path that opens, and short plain text', async () => {
    const hits = (await loadSiteContent(ports.data)).flatMap((page) => toPassages(page));
    expect(hits).toHaveLength(index.passages);
    expect(new Set(hits.map((h) => h.id)).size).toBe(hits.length);

    const published = (await ports.data.query('BlogPosts').eq('published', true).find()).items.map((p) => p.slug);
    const docs = (await ports.data.query('Documentation').find()).items.map((d) => d.slug);
    const staticRoutes = new Set(SITE_PAGES.filter((p) => !p.route.includes(':')).map((p) => p.route));
    for (const hit of hits) {
      expect(hit.title.trim()).not.toBe('');
      const docSlug = /^\/docs\?page=([a-z0-9-]+)$/.exec(hit.url)?.[1];
      const postSlug = /^\/blog\/([a-z0-9-]+)$/.exec(hit.url)?.[1];
      if (docSlug) expect(docs).toContain(docSlug);
      else if (postSlug) expect(published).toContain(postSlug);
      else expect(staticRoutes).toContain(hit.url);
      // (Decoded text may show a "<versionId>" placeholder; markup tags must be gone.)
      expect(hit.text).not.toMatch(/<\/?(p|h[1-6]|ul|ol|li|code|pre|strong|em|a|br|div|span)\b[^>]*>/i);
      expect(hit.text).not.toMatch(/&(amp|lt|gt|quot|#\d+);/);
      expect(hit.text.split(/\s+/).length).toBeLessThanOrEqual(200);
    }
    expect(new Set(hits.map((h) => h.source))).toEqual(new Set(['page', 'tool', 'product', 'doc', 'blog', 'case-study', 'podcast']));
  });

  it('answers "how much does the scanner cost" with the scanner\'s plans and their prices', () => {
    const [best] = index.search('how much does the scanner cost');
    expect(best).toMatchObject({ source: 'product', url: '/pricing', title: 'Pricing' });
    expect(best?.text).toContain('Data Quality Scanner Pro costs $49 a month');
  });

  it('matches misspelt and partial words', () => {
    expect(urlsOf(index, 'operationoutcom')).toContain('/blog/reading-an-operationoutcome');
    expect(urlsOf(index, 'How do I read an OperationOutcom?')).toContain('/blog/reading-an-operationoutcome');
    expect(urlsOf(index, 'terminolgy binding strenghts')).toContain('/docs?page=fhir-terminology');
  });

  it('returns nothing for a question with no content words, and respects the limit', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('what is it and how do you do that?')).toEqual([]);
    expect(index.search('FHIR', { limit: 2 })).toHaveLength(2);
    expect(index.search('FHIR').length).toBeLessThanOrEqual(5);
  });

  it('leaves out what the site does not show: draft posts and products off sale', async () => {
    const local = await seededPorts();
    await local.data.insert('BlogPosts', {
      title: 'Draft: quokka telemetry',
      slug: 'quokka-draft',
      excerpt: 'Not yet.',
      body: '<p>Quokka telemetry over FHIR.</p>',
      author: 'Editor',
      publishedDate: new Date('2026-04-01T00:00:00Z'),
      published: false,
    });
    const { items } = await local.data.query('Products').eq('sku', 'scanner-enterprise-monthly').find();
    await local.data.update('Products', { ...items[0]!, active: false });
    const siteIndex = await getSiteIndex(local);
    expect(siteIndex.search('quokka telemetry')).toEqual([]);
    const scannerPlans = siteIndex.search('Data Quality Scanner plans and prices', { limit: 1 })[0];
    expect(scannerPlans?.text).toContain('Data Quality Scanner Pro');
    expect(scannerPlans?.text).not.toContain('Data Quality Scanner Enterprise');
  });
});

describe('keeping the index fresh', () => {
  it('sees a documentation page inserted, updated and removed through the data hooks at the next search', async () => {
    const ports = await seededPorts();
    const data = withDataHooks(ports.data, dataHooks, async () => ({ userRole: 'admin' }));
    const site = { data, clock: ports.clock };

    const before = await getSiteIndex(site);
    expect(before.search('zebrafish specimens')).toEqual([]);

    const inserted = await data.insert('Documentation', newDoc('<h2>Specimens</h2><p>Each zebrafish specimen becomes a <code>Specimen</code> resource.</p>'));
    const afterInsert = await getSiteIndex(site);
    expect(afterInsert).not.toBe(before);
    expect(urlsOf(afterInsert, 'zebrafish specimens', 1)).toEqual(['/docs?page=zebrafish-registries']);

    await data.update('Documentation', { ...inserted, body: '<p>Axolotl husbandry records are Observations.</p>' });
    const afterUpdate = await getSiteIndex(site);
    expect(urlsOf(afterUpdate, 'axolotl husbandry', 1)).toEqual(['/docs?page=zebrafish-registries']);
    expect(afterUpdate.search('Specimen resource for each zebrafish specimen', { limit: 1 })[0]?.text ?? '').not.toContain('Specimen resource');

    await data.remove('Documentation', inserted._id);
    const afterRemove = await getSiteIndex(site);
    expect(afterRemove.search('axolotl husbandry')).toEqual([]);
    expect(afterRemove.search('zebrafish')).toEqual([]);
  });

  it('keeps one index between changes, and shares one build between concurrent callers', async () => {
    const ports = await seededPorts();
    const [a, b] = await Promise.all([getSiteIndex(ports), getSiteIndex(ports)]);
    expect(a).toBe(b);
    expect(await getSiteIndex(ports)).toBe(a);
    // Past the throttle the version check runs; nothing changed, so the same index stays.
    ports.clock.advance(VERSION_CHECK_MS + 1);
    expect(await getSiteIndex(ports)).toBe(a);
    expect(a.builtAt).toEqual(new Date('2026-01-15T10:00:00.000Z'));
  });

  it('notices a change made without the hooks (another backend instance) at the next version check', async () => {
    const ports = await seededPorts();
    const first = await getSiteIndex(ports);

    // Inserted straight into the store: no hook ran in this instance.
    ports.clock.advance(1_000);
    const inserted = await ports.data.insert('Documentation', newDoc('<p>Zebrafish specimens.</p>'));
    expect(await getSiteIndex(ports)).toBe(first); // within the throttle: no query, the old index
    ports.clock.advance(VERSION_CHECK_MS);
    const second = await getSiteIndex(ports);
    expect(second).not.toBe(first);
    expect(urlsOf(second, 'zebrafish specimens', 1)).toEqual(['/docs?page=zebrafish-registries']);

    // An update keeps the count; its newer _updatedDate gives it away.
    ports.clock.advance(1_000);
    await ports.data.update('Documentation', { ...inserted, body: '<p>Axolotl husbandry.</p>' });
    ports.clock.advance(VERSION_CHECK_MS);
    const third = await getSiteIndex(ports);
    expect(urlsOf(third, 'axolotl husbandry', 1)).toEqual(['/docs?page=zebrafish-registries']);

    // A removal leaves no date behind; the count gives it away.
    await ports.data.remove('Documentation', inserted._id);
    ports.clock.advance(VERSION_CHECK_MS);
    const fourth = await getSiteIndex(ports);
    expect(fourth.search('axolotl husbandry')).toEqual([]);
  });

  it('keeps answering from the last index when the store fails, and rebuilds once it is back', async () => {
    const ports = await seededPorts();
    let failing = false;
    const flaky: DataPort = {
      ...ports.data,
      query: (collection) => {
        if (failing) throw new Error('store unavailable');
        return ports.data.query(collection);
      },
    };
    const site = { data: flaky, clock: ports.clock };
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const first = await getSiteIndex(site);
      await ports.data.insert('Documentation', newDoc('<p>Zebrafish specimens.</p>'));
      failing = true;
      ports.clock.advance(VERSION_CHECK_MS);
      expect(await getSiteIndex(site)).toBe(first);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not refresh the site index'));

      failing = false;
      ports.clock.advance(VERSION_CHECK_MS);
      expect(urlsOf(await getSiteIndex(site), 'zebrafish specimens', 1)).toEqual(['/docs?page=zebrafish-registries']);
    } finally {
      warn.mockRestore();
    }
  });

  it('fails when there is no index yet and the store fails', async () => {
    const ports = createTestPorts();
    const broken: DataPort = {
      ...ports.data,
      query: () => {
        throw new Error('store unavailable');
      },
    };
    await expect(getSiteIndex({ data: broken, clock: ports.clock })).rejects.toThrow('store unavailable');
  });
});
