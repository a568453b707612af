import {
  getBlogPost,
  getDoc,
  getTool,
  listBlogPosts,
  listBlogTags,
  listCaseStudies,
  listDocs,
  listEpisodes,
  listProducts,
  listTools,
} from '../../src/backend/services/content';
import { seedIfEmpty } from '../../local/seed';
import { createTestPorts, type TestPorts } from '../helpers/test-ports';

// The web methods' composition root would build the Wix adapters when no ports were set; these
// tests always set ports first, so the Wix side is replaced to keep @wix/* out of a unit test.
jest.mock('../../src/backend/adapters/wix-ports', () => ({
  createWixPorts: () => {
    throw new Error('unit tests set ports with usePorts');
  },
}));

let ports: TestPorts;

beforeEach(async () => {
  ports = createTestPorts();
  await seedIfEmpty(ports.data);
});

/** Results cross to the browser as JSON: they must survive a round trip unchanged. */
function expectJsonSafe(value: unknown): void {
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
}

function post(slug: string, publishedDate: string, extra: Record<string, unknown> = {}) {
  return {
    title: `Post ${slug}`,
    slug,
    excerpt: 'Excerpt.',
    body: '<p>Body.</p>',
    author: 'Test Author',
    tags: ['testing'],
    publishedDate: new Date(publishedDate),
    published: true,
    ...extra,
  };
}

describe('tools', () => {
  it('lists the tools in order, as plain objects', async () => {
    const tools = await listTools(ports.data);
    expect(tools.map((t) => t.slug)).toEqual(['fhir-builder', 'data-quality-scanner', 'api-testing-suite']);
    expect(tools[0]!.features.length).toBeGreaterThan(0);
    expectJsonSafe(tools);
  });

  it('finds a tool by slug, and null for an unknown one', async () => {
    expect((await getTool(ports.data, 'data-quality-scanner'))?.name).toBe('Data Quality Scanner');
    expect(await getTool(ports.data, 'no-such-tool')).toBeNull();
  });
});

describe('products', () => {
  it('lists active products in catalog order, optionally for one tool', async () => {
    const all = await listProducts(ports.data);
    expect(all.map((p) => p.order)).toEqual([...all.map((p) => p.order)].sort((a, b) => a - b));
    const scanner = await listProducts(ports.data, { toolSlug: 'data-quality-scanner' });
    expect(scanner.map((p) => p.tier)).toEqual(['free', 'pro', 'enterprise']);
    expect(scanner.find((p) => p.tier === 'pro')).toMatchObject({ sku: 'scanner-pro-monthly', priceCents: 4900, currency: 'USD' });
    expectJsonSafe(all);
  });

  it('leaves out products that are not on sale', async () => {
    const { items } = await ports.data.query('Products').eq('sku', 'tester-enterprise-monthly').find();
    await ports.data.update('Products', { ...items[0]!, active: false });
    const tester = await listProducts(ports.data, { toolSlug: 'api-testing-suite' });
    expect(tester.map((p) => p.sku)).toEqual(['tester-free', 'tester-pro-monthly']);
  });
});

describe('blog', () => {
  it('lists published posts newest first, with ISO dates and no bodies', async () => {
    const page = await listBlogPosts(ports.data, { limit: 50 });
    const dates = page.items.map((p) => p.publishedDate);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates.every((d) => /^\d{4}-\d{2}-\d{2}T.*Z$/.test(d))).toBe(true);
    expect(page.items[0]).not.toHaveProperty('body');
    expectJsonSafe(page);
  });

  it('pages with limit and skip', async () => {
    const total = (await listBlogPosts(ports.data, { limit: 50 })).totalCount;
    const first = await listBlogPosts(ports.data, { limit: 2 });
    const second = await listBlogPosts(ports.data, { limit: 2, skip: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.totalCount).toBe(total);
    expect(first.hasNext).toBe(true);
    expect(second.items[0]!.slug).not.toBe(first.items[0]!.slug);
    const last = await listBlogPosts(ports.data, { limit: 2, skip: total - 1 });
    expect(last.items).toHaveLength(1);
    expect(last.hasNext).toBe(false);
  });

  it('filters by tag', async () => {
    const page = await listBlogPosts(ports.data, { tag: 'US Core' });
    expect(page.items.map((p) => p.slug)).toEqual(['us-core-must-support']);
    expect((await listBlogPosts(ports.data, { tag: 'nothing-tagged-this' })).items).toEqual([]);
  });

  it('hides drafts from the list, the tags and the post page', async () => {
    await ports.data.insert('BlogPosts', post('draft-post', '2099-01-01T00:00:00Z', { published: false, tags: ['secret'] }));
    const page = await listBlogPosts(ports.data, { limit: 50 });
    expect(page.items.map((p) => p.slug)).not.toContain('draft-post');
    expect(await getBlogPost(ports.data, 'draft-post')).toBeNull();
    expect(await listBlogTags(ports.data)).not.toContain('secret');
  });

  it('returns a post with its body, and null for a missing slug', async () => {
    const found = await getBlogPost(ports.data, 'reading-an-operationoutcome');
    expect(found?.title).toBe('Reading an OperationOutcome');
    expect(found?.body).toContain('OperationOutcome');
    expectJsonSafe(found);
    expect(await getBlogPost(ports.data, 'no-such-post')).toBeNull();
  });

  it('lists distinct tags alphabetically', async () => {
    const tags = await listBlogTags(ports.data);
    expect(tags).toEqual([...new Set(tags)].sort((a, b) => a.localeCompare(b)));
    expect(tags).toContain('validation');
  });
});

describe('podcast and case studies', () => {
  it('lists episodes newest first', async () => {
    const episodes = await listEpisodes(ports.data);
    expect(episodes.map((e) => e.episodeNumber)).toEqual([3, 2, 1]);
    expect(episodes[0]!.audioUrl).toMatch(/^https:\/\//);
    expectJsonSafe(episodes);
  });

  it('lists case studies newest first', async () => {
    const stories = await listCaseStudies(ports.data);
    expect(stories.length).toBeGreaterThanOrEqual(3);
    const dates = stories.map((s) => s.publishedDate);
    expect(dates).toEqual([...dates].sort().reverse());
    expectJsonSafe(stories);
  });
});

describe('documentation', () => {
  it('groups pages by section in reading order, pages by their order', async () => {
    const sections = await listDocs(ports.data);
    expect(sections.map((s) => s.section)).toEqual([
      'Getting started',
      'FHIR R4 essentials',
      'Data Quality Scanner',
      'FHIR Builder AI',
      'API Testing Suite',
    ]);
    for (const s of sections) {
      expect(s.pages.map((p) => p.order)).toEqual([...s.pages.map((p) => p.order)].sort((a, b) => a - b));
      expect(s.pages.every((p) => p.section === s.section)).toBe(true);
    }
    expect(sections[0]!.pages[0]!.slug).toBe('getting-started');
    expectJsonSafe(sections);
  });

  it('puts sections editors add after the known ones, alphabetically', async () => {
    const extra = { summary: 's', body: '<p>b</p>', order: 1 };
    await ports.data.insert('Documentation', { ...extra, title: 'Z', slug: 'z-page', section: 'Zeta' });
    await ports.data.insert('Documentation', { ...extra, title: 'A', slug: 'a-page', section: 'Alpha' });
    const names = (await listDocs(ports.data)).map((s) => s.section);
    expect(names.slice(-2)).toEqual(['Alpha', 'Zeta']);
  });

  it('returns a page with its body, and null for a missing slug', async () => {
    const doc = await getDoc(ports.data, 'fhir-invariants');
    expect(doc?.body).toContain('obs-6');
    expect(doc?.updatedAt).toMatch(/Z$/);
    expect(await getDoc(ports.data, 'missing')).toBeNull();
  });
});

describe('web methods', () => {
  // Imported lazily so the composition root gets this test's ports first.
  beforeEach(() => {
    const { usePorts } = require('../../src/backend/platform') as typeof import('../../src/backend/platform');
    usePorts(ports);
  });

  it('declare their permissions', () => {
    const content = require('../../src/backend/content.web') as Record<string, { permission?: string }>;
    const shop = require('../../src/backend/shop.web') as Record<string, { permission?: string }>;
    const account = require('../../src/backend/account.web') as Record<string, { permission?: string }>;
    for (const fn of Object.values(content)) expect(fn.permission).toBe('Anyone');
    expect(shop.priceCart!.permission).toBe('Anyone');
    expect(shop.placeOrder!.permission).toBe('Anyone');
    expect(account.getMyAccount!.permission).toBe('SiteMember');
  });

  it('serve content through the service', async () => {
    const web = await import('../../src/backend/content.web');
    expect((await web.getTool('fhir-builder'))?.name).toBe('FHIR Builder AI');
    expect((await web.listBlogPosts({ limit: 1 })).items).toHaveLength(1);
    expect((await web.listProducts()).length).toBeGreaterThan(0);
  });

  it('reject malformed arguments with a clear message', async () => {
    const web = await import('../../src/backend/content.web');
    await expect(web.getTool('Not A Slug!' as string)).rejects.toThrow(/Invalid arguments for getTool: .*lower-case/);
    await expect(web.getBlogPost(42 as unknown as string)).rejects.toThrow(/Invalid arguments for getBlogPost/);
    await expect(web.listBlogPosts({ limit: 5000 })).rejects.toThrow(/limit/);
    await expect(web.listBlogPosts({ limit: 2, evil: true } as never)).rejects.toThrow(/evil|Unrecognized/i);
    const shop = await import('../../src/backend/shop.web');
    await expect(shop.priceCart('nope' as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('keep visitors out of the account', async () => {
    const account = await import('../../src/backend/account.web');
    await expect(account.getMyAccount()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    ports.signIn({ id: 'm1', loginEmail: 'm1@example.org', nickname: 'M', role: 'member' });
    expect((await account.getMyAccount()).member.id).toBe('m1');
  });
});
