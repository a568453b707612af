import { PERMISSIONS, type CollectionDef } from './types';

/** Editorial content: written by editors in the CMS, read by everyone. */

export const BlogPosts: CollectionDef = {
  id: 'BlogPosts',
  displayName: 'Blog Posts',
  description: 'Articles shown on /blog and at /blog/<slug> (the Blog Post dynamic item page).',
  permissions: PERMISSIONS.publicContent,
  fields: [
    { key: 'title', displayName: 'Title', type: 'TEXT', required: true, description: 'Headline of the post.' },
    { key: 'slug', displayName: 'Slug', type: 'TEXT', required: true, description: 'URL segment: /blog/<slug>. Lower-case, hyphenated, unique.' },
    { key: 'excerpt', displayName: 'Excerpt', type: 'TEXT', required: true, description: 'One or two sentences for lists and previews.' },
    { key: 'body', displayName: 'Body', type: 'RICH_TEXT', required: true, description: 'The article, as Wix rich text (a safe subset of HTML).' },
    { key: 'author', displayName: 'Author', type: 'TEXT', required: true, description: 'Name of the author.' },
    { key: 'tags', displayName: 'Tags', type: 'ARRAY_STRING', description: 'Topics, e.g. "validation", "US Core".' },
    { key: 'coverImage', displayName: 'Cover image', type: 'IMAGE', description: 'Optional image shown above the post.' },
    { key: 'publishedDate', displayName: 'Published', type: 'DATETIME', required: true, description: 'When the post was published; newest first on /blog.' },
    { key: 'published', displayName: 'Is published', type: 'BOOLEAN', required: true, description: 'Only published posts are shown on the site.' },
  ],
  indexes: [{ fields: [{ key: 'slug' }], unique: true }, { fields: [{ key: 'publishedDate', order: 'DESC' }] }],
};

export const PodcastEpisodes: CollectionDef = {
  id: 'PodcastEpisodes',
  displayName: 'Podcast Episodes',
  description: 'Episodes of the FHIR IQ podcast: the /podcast page and the RSS feed at /_functions/podcastFeed.',
  permissions: PERMISSIONS.publicContent,
  fields: [
    { key: 'title', displayName: 'Title', type: 'TEXT', required: true, description: 'Episode title.' },
    { key: 'slug', displayName: 'Slug', type: 'TEXT', required: true, description: 'Unique URL segment for the episode.' },
    { key: 'episodeNumber', displayName: 'Episode number', type: 'NUMBER', required: true, description: 'Sequential episode number (itunes:episode).' },
    { key: 'season', displayName: 'Season', type: 'NUMBER', description: 'Season number (itunes:season).' },
    { key: 'summary', displayName: 'Summary', type: 'TEXT', required: true, description: 'Short description for the feed and the list.' },
    { key: 'showNotes', displayName: 'Show notes', type: 'RICH_TEXT', required: true, description: 'Full notes with links.' },
    { key: 'guests', displayName: 'Guests', type: 'ARRAY_STRING', description: 'Guest names.' },
    { key: 'audioUrl', displayName: 'Audio URL', type: 'URL', required: true, description: 'The MP3 enclosure URL.' },
    { key: 'audioBytes', displayName: 'Audio size (bytes)', type: 'NUMBER', required: true, description: 'Enclosure length in bytes, required by RSS.' },
    { key: 'durationSeconds', displayName: 'Duration (s)', type: 'NUMBER', required: true, description: 'Length of the episode (itunes:duration).' },
    { key: 'publishedDate', displayName: 'Published', type: 'DATETIME', required: true, description: 'Publication date (pubDate).' },
    { key: 'explicit', displayName: 'Explicit', type: 'BOOLEAN', description: 'itunes:explicit.' },
  ],
  indexes: [{ fields: [{ key: 'slug' }], unique: true }, { fields: [{ key: 'episodeNumber', order: 'DESC' }] }],
};

export const CaseStudies: CollectionDef = {
  id: 'CaseStudies',
  displayName: 'Case Studies',
  description: 'Customer stories shown on /case-studies.',
  permissions: PERMISSIONS.publicContent,
  fields: [
    { key: 'title', displayName: 'Title', type: 'TEXT', required: true, description: 'Headline of the story.' },
    { key: 'slug', displayName: 'Slug', type: 'TEXT', required: true, description: 'Unique URL segment.' },
    { key: 'client', displayName: 'Client', type: 'TEXT', required: true, description: 'Organisation (or an anonymised description of it).' },
    { key: 'industry', displayName: 'Industry', type: 'TEXT', required: true, description: 'e.g. "Health system", "Payer", "Digital health".' },
    { key: 'challenge', displayName: 'Challenge', type: 'RICH_TEXT', required: true, description: 'The problem they had.' },
    { key: 'solution', displayName: 'Solution', type: 'RICH_TEXT', required: true, description: 'What was done, with which FHIR IQ tools.' },
    { key: 'results', displayName: 'Results', type: 'RICH_TEXT', required: true, description: 'Measured outcome.' },
    { key: 'metrics', displayName: 'Key metrics', type: 'ARRAY_STRING', description: 'Short headline numbers, e.g. "98% of resources valid".' },
    { key: 'toolsUsed', displayName: 'Tools used', type: 'ARRAY_STRING', description: 'Tool slugs from the Tools collection.' },
    { key: 'publishedDate', displayName: 'Published', type: 'DATETIME', required: true, description: 'When the story was published.' },
  ],
  indexes: [{ fields: [{ key: 'slug' }], unique: true }],
};

export const Documentation: CollectionDef = {
  id: 'Documentation',
  displayName: 'Documentation',
  description: 'Documentation pages shown on /docs, grouped by section and ordered.',
  permissions: PERMISSIONS.publicContent,
  fields: [
    { key: 'title', displayName: 'Title', type: 'TEXT', required: true, description: 'Page title.' },
    { key: 'slug', displayName: 'Slug', type: 'TEXT', required: true, description: 'Unique URL segment: /docs?page=<slug>.' },
    { key: 'section', displayName: 'Section', type: 'TEXT', required: true, description: 'Group in the docs navigation, e.g. "Getting started".' },
    { key: 'order', displayName: 'Order', type: 'NUMBER', required: true, description: 'Position within the section.' },
    { key: 'summary', displayName: 'Summary', type: 'TEXT', required: true, description: 'One-line description.' },
    { key: 'body', displayName: 'Body', type: 'RICH_TEXT', required: true, description: 'The page content.' },
    { key: 'tool', displayName: 'Tool', type: 'TEXT', description: 'Slug of the tool this page documents, if any.' },
    { key: 'updatedAt', displayName: 'Last reviewed', type: 'DATETIME', description: 'When the page was last reviewed.' },
  ],
  indexes: [{ fields: [{ key: 'slug' }], unique: true }, { fields: [{ key: 'section' }, { key: 'order' }] }],
};

export const Tools: CollectionDef = {
  id: 'Tools',
  displayName: 'Tools',
  description: 'The three FHIR IQ products, as shown on Home, Services and their product pages.',
  permissions: PERMISSIONS.publicContent,
  fields: [
    { key: 'name', displayName: 'Name', type: 'TEXT', required: true, description: 'Product name.' },
    { key: 'slug', displayName: 'Slug', type: 'TEXT', required: true, description: 'URL of the product page without the slash, e.g. "data-quality-scanner".' },
    { key: 'tagline', displayName: 'Tagline', type: 'TEXT', required: true, description: 'One line under the name.' },
    { key: 'description', displayName: 'Description', type: 'RICH_TEXT', required: true, description: 'What it does and for whom.' },
    { key: 'features', displayName: 'Features', type: 'ARRAY_STRING', required: true, description: 'Bullet points.' },
    { key: 'order', displayName: 'Order', type: 'NUMBER', required: true, description: 'Position in lists.' },
    { key: 'icon', displayName: 'Icon', type: 'TEXT', description: 'Short icon name or emoji for cards.' },
  ],
  indexes: [{ fields: [{ key: 'slug' }], unique: true }, { fields: [{ key: 'order' }] }],
};
