import type { DataPort, NewItem } from '../../src/backend/ports';
import { blogPosts } from './content/blog-posts';
import { caseStudies } from './content/case-studies';
import { documentation } from './content/documentation';
import { podcastEpisodes } from './content/podcast-episodes';
import { products } from './content/products';
import { tools } from './content/tools';

/**
 * First-start content for the local runtime: the tools and their plans, blog posts, podcast
 * episodes, case studies and documentation. A collection is seeded only while it is empty, so
 * running this on every start is safe and never overwrites what an editor changed or added.
 */
export const SEED_CONTENT: ReadonlyArray<{ collection: string; items: readonly NewItem[] }> = [
  { collection: 'Tools', items: tools },
  { collection: 'Products', items: products },
  { collection: 'BlogPosts', items: blogPosts },
  { collection: 'PodcastEpisodes', items: podcastEpisodes },
  { collection: 'CaseStudies', items: caseStudies },
  { collection: 'Documentation', items: documentation },
];

export async function seedIfEmpty(data: DataPort): Promise<{ seeded: string[] }> {
  const seeded: string[] = [];
  for (const { collection, items } of SEED_CONTENT) {
    if ((await data.query(collection).count()) > 0) continue;
    const result = await data.bulkInsert(collection, items.map(copyItem));
    if (result.errors.length > 0) {
      const first = result.errors[0];
      throw new Error(`Seeding ${collection} failed for ${result.errors.length} item(s); first: #${first?.index} ${first?.message}`);
    }
    seeded.push(collection);
  }
  return { seeded };
}

/** A copy, so a store can never change the module-level seed objects. */
function copyItem(item: NewItem): NewItem {
  // Not structuredClone: its Dates come from another realm under jest's VM, failing `instanceof Date`.
  return Object.fromEntries(
    Object.entries(item).map(([key, value]) => [
      key,
      value instanceof Date ? new Date(value.getTime()) : Array.isArray(value) ? [...value] : value,
    ]),
  );
}
