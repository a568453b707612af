import { formatPrice } from 'public/format';
import type { DataItem, DataPort } from '../../ports';
import { findAll } from '../content';
import { CONTENT_COLLECTIONS } from './content-changes';
import { sectionsFromHtml, type PageContent, type PageSection } from './passages';
import { STATIC_PAGES } from './site-pages';

/**
 * The site's content as pages for the index: the static pages plus every CMS item a visitor can
 * open, each with the URL that shows it (what the pages' code opens: /docs?page=<slug>,
 * /blog/<slug>, /<tool slug>, /pricing, /case-studies, /podcast). Only what the site shows is
 * indexed: published posts and products on sale.
 */
export async function loadSiteContent(data: DataPort): Promise<PageContent[]> {
  const [tools, products, docs, posts, stories, episodes] = await Promise.all([
    findAll(data.query('Tools').ascending('order')),
    findAll(data.query('Products').eq('active', true).ascending('order')),
    findAll(data.query('Documentation').ascending('section', 'order')),
    findAll(data.query('BlogPosts').eq('published', true).descending('publishedDate')),
    findAll(data.query('CaseStudies').descending('publishedDate')),
    findAll(data.query('PodcastEpisodes').descending('episodeNumber')),
  ]);
  const toolNames = new Map(tools.map((t) => [str(t, 'slug'), str(t, 'name')]));
  return [
    ...STATIC_PAGES,
    // An item without a slug has no page to open, so nothing to cite.
    ...tools.filter(hasSlug).map(toolPage),
    ...productPages(products, toolNames),
    ...docs.filter(hasSlug).map(docPage),
    ...posts.filter(hasSlug).map(blogPage),
    ...stories.map((s) => caseStudyPage(s, toolNames)),
    ...episodes.map(episodePage),
  ].filter((page) => page.sections.length > 0);
}

/**
 * A cheap fingerprint of the content collections: how many items each holds and when the newest
 * change was made. An insert or an update moves the date, a removal the count; one small query per
 * collection, so other backend instances can afford to ask every half minute.
 */
export async function contentVersion(data: DataPort): Promise<string> {
  const parts = await Promise.all(
    CONTENT_COLLECTIONS.map(async (collection) => {
      const page = await data.query(collection).descending('_updatedDate').limit(1).find();
      const newest = page.items[0]?._updatedDate;
      const at = newest instanceof Date ? newest.getTime() : typeof newest === 'string' ? Date.parse(newest) : 0;
      return `${collection}:${page.totalCount}:${at}`;
    }),
  );
  return parts.join('|');
}

// --- one page per item ------------------------------------------------------------------------

function toolPage(item: DataItem): PageContent {
  const slug = str(item, 'slug');
  const features = strArr(item, 'features');
  return {
    key: `tool:${slug}`,
    source: 'tool',
    title: str(item, 'name'),
    url: `/${slug}`,
    sections: [
      ...sectionsFromHtml(str(item, 'description'), [sentence(str(item, 'tagline'))]),
      ...(features.length > 0 ? [{ heading: 'Features', paragraphs: features.map(sentence) }] : []),
    ],
  };
}

/**
 * Plans are grouped by tool: one passage answers "how much is the scanner?" with every tier side by
 * side, which a passage per plan (a few words each) would not. They open on /pricing.
 */
function productPages(products: DataItem[], toolNames: Map<string, string>): PageContent[] {
  const byTool = new Map<string, DataItem[]>();
  for (const product of products) {
    const tool = str(product, 'toolSlug');
    byTool.set(tool, [...(byTool.get(tool) ?? []), product]);
  }
  return [...byTool].map(([tool, plans]) => {
    const name = tool === 'bundle' ? 'All three tools (bundle)' : (toolNames.get(tool) ?? tool);
    return {
      key: `product:${tool}`,
      source: 'product' as const,
      title: 'Pricing',
      url: '/pricing',
      sections: [{ heading: `${name}: plans and prices`, paragraphs: plans.map(planLine) }],
    };
  });
}

function planLine(item: DataItem): string {
  const cents = num(item, 'priceCents');
  const price = formatPrice(cents, str(item, 'currency') || 'USD', str(item, 'interval'));
  const cost = cents === 0 ? 'is free' : `costs ${price.replace(' / ', ' a ')}`;
  const features = strArr(item, 'features');
  const name = str(item, 'name');
  const tier = str(item, 'tier');
  // "Data Quality Scanner Pro" names its tier already; a plan named otherwise gets it said.
  const tierNote = tier && !name.toLowerCase().includes(tier.toLowerCase()) ? ` (${tier} plan)` : '';
  return [
    `${name}${tierNote} ${cost}.`,
    sentence(str(item, 'description')),
    features.length > 0 ? `Includes: ${features.join('; ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function docPage(item: DataItem): PageContent {
  const slug = str(item, 'slug');
  const section = str(item, 'section');
  const summary = str(item, 'summary');
  return {
    key: `doc:${slug}`,
    source: 'doc',
    title: str(item, 'title'),
    url: `/docs?page=${encodeURIComponent(slug)}`,
    sections: sectionsFromHtml(str(item, 'body'), summary ? [`${section ? `${section} documentation: ` : ''}${sentence(summary)}`] : []),
  };
}

function blogPage(item: DataItem): PageContent {
  const slug = str(item, 'slug');
  const author = str(item, 'author');
  const tags = strArr(item, 'tags');
  const byline = [author ? `Blog post by ${author}.` : 'Blog post.', tags.length > 0 ? `Topics: ${tags.join(', ')}.` : ''].filter(Boolean).join(' ');
  return {
    key: `blog:${slug}`,
    source: 'blog',
    title: str(item, 'title'),
    url: `/blog/${encodeURIComponent(slug)}`,
    sections: sectionsFromHtml(str(item, 'body'), [sentence(str(item, 'excerpt')), byline]),
  };
}

/** Case studies are all on one page, with the same three headings the page shows. */
function caseStudyPage(item: DataItem, toolNames: Map<string, string>): PageContent {
  const slug = keyOf(item);
  const metrics = strArr(item, 'metrics');
  const tools = strArr(item, 'toolsUsed').map((t) => toolNames.get(t) ?? t);
  const lead = [
    `Case study: ${str(item, 'client')} (${str(item, 'industry')}).`,
    metrics.length > 0 ? `Key metrics: ${metrics.join('; ')}.` : '',
    tools.length > 0 ? `Tools used: ${tools.join(', ')}.` : '',
  ].filter(Boolean);
  const part = (heading: string, key: string): PageSection[] =>
    sectionsFromHtml(str(item, key)).map((s, i) => (i === 0 && !s.heading ? { heading, paragraphs: s.paragraphs } : s));
  return {
    key: `case-study:${slug}`,
    source: 'case-study',
    title: str(item, 'title'),
    url: '/case-studies',
    sections: [{ paragraphs: lead }, ...part('Challenge', 'challenge'), ...part('Solution', 'solution'), ...part('Results', 'results')],
  };
}

/** Episodes are all on the podcast page; the show notes are their text. */
function episodePage(item: DataItem): PageContent {
  const slug = keyOf(item);
  const guests = strArr(item, 'guests');
  const number = num(item, 'episodeNumber');
  const lead = [
    `FHIR IQ Podcast episode ${number}${guests.length > 0 ? `, with ${guests.join(', ')}` : ''}.`,
    sentence(str(item, 'summary')),
  ];
  return {
    key: `podcast:${slug}`,
    source: 'podcast',
    title: str(item, 'title'),
    url: '/podcast',
    sections: sectionsFromHtml(str(item, 'showNotes'), lead),
  };
}

// --- reading CMS items (editors may leave optional fields empty) --------------------------------

const hasSlug = (item: DataItem) => str(item, 'slug') !== '';

/** The slug, or the item id when an editor left it empty (ids of passages only, never URLs). */
const keyOf = (item: DataItem) => str(item, 'slug') || item._id;

function str(item: DataItem, key: string): string {
  const value = item[key];
  return typeof value === 'string' ? value.trim() : '';
}

function num(item: DataItem, key: string): number {
  const value = item[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function strArr(item: DataItem, key: string): string[] {
  const value = item[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}

/** Ends a phrase with a full stop, so lines read (and split) as sentences. */
function sentence(text: string): string {
  const t = text.trim();
  return t === '' || /[.!?:]$/.test(t) ? t : `${t}.`;
}
