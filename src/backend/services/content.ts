import type { DataItem, DataPort, DataQuery } from '../ports';
// View types are type aliases, not interfaces: repeaters take items as Record<string, unknown>,
// which object type aliases satisfy and interfaces do not.

/**
 * Read side of the site's editorial content (Tools, Products, BlogPosts, PodcastEpisodes,
 * CaseStudies, Documentation). Every function returns plain, JSON-safe objects (dates as ISO
 * strings) because the results cross to the browser through web methods.
 */

export type ToolView = {
  _id: string;
  slug: string;
  name: string;
  tagline: string;
  /** Rich text (safe HTML). */
  description: string;
  features: string[];
  order: number;
  icon: string | null;
};

export type ProductView = {
  _id: string;
  sku: string;
  name: string;
  toolSlug: string;
  tier: string;
  description: string;
  features: string[];
  priceCents: number;
  currency: string;
  interval: string;
  order: number;
};

export type BlogPostSummary = {
  _id: string;
  slug: string;
  title: string;
  excerpt: string;
  author: string;
  tags: string[];
  coverImage: string | null;
  publishedDate: string;
};

export type BlogPostView = BlogPostSummary & {
  /** Rich text (safe HTML). */
  body: string;
};

export type BlogPostPage = {
  items: BlogPostSummary[];
  totalCount: number;
  hasNext: boolean;
};

export type EpisodeView = {
  _id: string;
  slug: string;
  title: string;
  episodeNumber: number;
  season: number | null;
  summary: string;
  showNotes: string;
  guests: string[];
  audioUrl: string;
  audioBytes: number;
  durationSeconds: number;
  publishedDate: string;
  explicit: boolean;
};

export type CaseStudyView = {
  _id: string;
  slug: string;
  title: string;
  client: string;
  industry: string;
  challenge: string;
  solution: string;
  results: string;
  metrics: string[];
  toolsUsed: string[];
  publishedDate: string;
};

export type DocSummary = {
  _id: string;
  slug: string;
  title: string;
  section: string;
  order: number;
  summary: string;
  tool: string | null;
};

export type DocSection = {
  section: string;
  pages: DocSummary[];
};

export type DocPage = DocSummary & {
  body: string;
  updatedAt: string | null;
};

/** Sections of the docs navigation in reading order; sections editors add later follow alphabetically. */
export const DOC_SECTION_ORDER = [
  'Getting started',
  'FHIR R4 essentials',
  'Data Quality Scanner',
  'FHIR Builder AI',
  'API Testing Suite',
] as const;

export const BLOG_PAGE_MAX = 50;

export async function listTools(data: DataPort): Promise<ToolView[]> {
  const items = await findAll(data.query('Tools').ascending('order'));
  return items.map(toTool);
}

export async function getTool(data: DataPort, slug: string): Promise<ToolView | null> {
  const { items } = await data.query('Tools').eq('slug', slug).limit(1).find();
  return items[0] ? toTool(items[0]) : null;
}

/** Products on sale, in catalog order; optionally only one tool's plans. */
export async function listProducts(data: DataPort, options: { toolSlug?: string } = {}): Promise<ProductView[]> {
  let query = data.query('Products').eq('active', true);
  if (options.toolSlug) query = query.eq('toolSlug', options.toolSlug);
  const items = await findAll(query.ascending('order'));
  return items.map(toProduct);
}

/** Published posts, newest first, one page at a time. */
export async function listBlogPosts(
  data: DataPort,
  options: { limit?: number; skip?: number; tag?: string } = {},
): Promise<BlogPostPage> {
  const limit = Math.min(Math.max(options.limit ?? 10, 1), BLOG_PAGE_MAX);
  const skip = Math.max(options.skip ?? 0, 0);
  let query = data.query('BlogPosts').eq('published', true);
  if (options.tag) query = query.hasSome('tags', [options.tag]);
  const result = await query.descending('publishedDate').limit(limit).skip(skip).find();
  return { items: result.items.map(toPostSummary), totalCount: result.totalCount, hasNext: result.hasNext() };
}

/** A published post by slug; null when there is none (drafts are not found either). */
export async function getBlogPost(data: DataPort, slug: string): Promise<BlogPostView | null> {
  const { items } = await data.query('BlogPosts').eq('slug', slug).eq('published', true).limit(1).find();
  const item = items[0];
  return item ? { ...toPostSummary(item), body: str(item, 'body') } : null;
}

/** Every distinct tag of the published posts, alphabetically (for the blog's tag filter). */
export async function listBlogTags(data: DataPort): Promise<string[]> {
  const items = await findAll(data.query('BlogPosts').eq('published', true));
  const tags = new Set(items.flatMap((item) => strArr(item, 'tags')));
  return [...tags].sort((a, b) => a.localeCompare(b));
}

/** Podcast episodes, newest first. */
export async function listEpisodes(data: DataPort): Promise<EpisodeView[]> {
  const items = await findAll(data.query('PodcastEpisodes').descending('episodeNumber'));
  return items.map(toEpisode);
}

export async function listCaseStudies(data: DataPort): Promise<CaseStudyView[]> {
  const items = await findAll(data.query('CaseStudies').descending('publishedDate'));
  return items.map(toCaseStudy);
}

/** The docs navigation: sections in reading order, pages by their order within a section. */
export async function listDocs(data: DataPort): Promise<DocSection[]> {
  const items = await findAll(data.query('Documentation').ascending('section', 'order'));
  const bySection = new Map<string, DocSummary[]>();
  for (const item of items) {
    const doc = toDocSummary(item);
    const pages = bySection.get(doc.section) ?? [];
    pages.push(doc);
    bySection.set(doc.section, pages);
  }
  return [...bySection]
    .sort(([a], [b]) => sectionRank(a) - sectionRank(b) || a.localeCompare(b))
    .map(([section, pages]) => ({ section, pages: pages.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title)) }));
}

export async function getDoc(data: DataPort, slug: string): Promise<DocPage | null> {
  const { items } = await data.query('Documentation').eq('slug', slug).limit(1).find();
  const item = items[0];
  return item ? { ...toDocSummary(item), body: str(item, 'body'), updatedAt: iso(item, 'updatedAt') } : null;
}

// --- mapping -------------------------------------------------------------------------------

function sectionRank(section: string): number {
  const i = (DOC_SECTION_ORDER as readonly string[]).indexOf(section);
  return i === -1 ? DOC_SECTION_ORDER.length : i;
}

/** Every match of a query, page by page (Wix pages queries at 1000 items at most). */
export async function findAll(query: DataQuery): Promise<DataItem[]> {
  let page = await query.limit(1000).find();
  const items = [...page.items];
  while (page.hasNext()) {
    page = await page.next();
    items.push(...page.items);
  }
  return items;
}

function toTool(item: DataItem): ToolView {
  return {
    _id: item._id,
    slug: str(item, 'slug'),
    name: str(item, 'name'),
    tagline: str(item, 'tagline'),
    description: str(item, 'description'),
    features: strArr(item, 'features'),
    order: num(item, 'order'),
    icon: optStr(item, 'icon'),
  };
}

export function toProduct(item: DataItem): ProductView {
  return {
    _id: item._id,
    sku: str(item, 'sku'),
    name: str(item, 'name'),
    toolSlug: str(item, 'toolSlug'),
    tier: str(item, 'tier'),
    description: str(item, 'description'),
    features: strArr(item, 'features'),
    priceCents: num(item, 'priceCents'),
    currency: str(item, 'currency') || 'USD',
    interval: str(item, 'interval'),
    order: num(item, 'order'),
  };
}

function toPostSummary(item: DataItem): BlogPostSummary {
  return {
    _id: item._id,
    slug: str(item, 'slug'),
    title: str(item, 'title'),
    excerpt: str(item, 'excerpt'),
    author: str(item, 'author'),
    tags: strArr(item, 'tags'),
    coverImage: optStr(item, 'coverImage'),
    publishedDate: iso(item, 'publishedDate') ?? '',
  };
}

function toEpisode(item: DataItem): EpisodeView {
  return {
    _id: item._id,
    slug: str(item, 'slug'),
    title: str(item, 'title'),
    episodeNumber: num(item, 'episodeNumber'),
    season: typeof item.season === 'number' ? item.season : null,
    summary: str(item, 'summary'),
    showNotes: str(item, 'showNotes'),
    guests: strArr(item, 'guests'),
    audioUrl: str(item, 'audioUrl'),
    audioBytes: num(item, 'audioBytes'),
    durationSeconds: num(item, 'durationSeconds'),
    publishedDate: iso(item, 'publishedDate') ?? '',
    explicit: item.explicit === true,
  };
}

function toCaseStudy(item: DataItem): CaseStudyView {
  return {
    _id: item._id,
    slug: str(item, 'slug'),
    title: str(item, 'title'),
    client: str(item, 'client'),
    industry: str(item, 'industry'),
    challenge: str(item, 'challenge'),
    solution: str(item, 'solution'),
    results: str(item, 'results'),
    metrics: strArr(item, 'metrics'),
    toolsUsed: strArr(item, 'toolsUsed'),
    publishedDate: iso(item, 'publishedDate') ?? '',
  };
}

function toDocSummary(item: DataItem): DocSummary {
  return {
    _id: item._id,
    slug: str(item, 'slug'),
    title: str(item, 'title'),
    section: str(item, 'section'),
    order: num(item, 'order'),
    summary: str(item, 'summary'),
    tool: optStr(item, 'tool'),
  };
}

// CMS items are loosely typed (editors can leave optional fields empty), so read defensively.
function str(item: DataItem, key: string): string {
  const value = item[key];
  return typeof value === 'string' ? value : '';
}

function optStr(item: DataItem, key: string): string | null {
  const value = item[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function num(item: DataItem, key: string): number {
  const value = item[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function strArr(item: DataItem, key: string): string[] {
  const value = item[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A DATETIME field as an ISO string (the store gives Dates; JSON round-trips may give strings). */
function iso(item: DataItem, key: string): string | null {
  const value = item[key];
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return null;
}
