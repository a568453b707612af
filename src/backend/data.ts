/**
 * Wix Data hooks (Velo calls `<Collection>_<hook>(item, context)` around every data operation).
 * They keep stored data canonical whichever path wrote it: page code, web methods or the CMS, and
 * tell the assistant's index when the content it answers from has changed.
 */
import { markContentChanged, type ContentCollection } from './services/assistant/content-changes';
import { normalizeEmail } from './services/email';

type Item = Record<string, unknown>;

const withNormalizedEmail = (item: Item): Item => ({ ...item, email: normalizeEmail(item.email) });

export function ContactSubmissions_beforeInsert(item: Item): Item {
  return withNormalizedEmail(item);
}

export function ContactSubmissions_beforeUpdate(item: Item): Item {
  return withNormalizedEmail(item);
}

export function Customers_beforeInsert(item: Item): Item {
  return withNormalizedEmail(item);
}

export function Customers_beforeUpdate(item: Item): Item {
  return withNormalizedEmail(item);
}

// --- The assistant's index ----------------------------------------------------------------------
// After any change to the content the assistant answers from, the index of this backend instance
// is rebuilt at the next question (other instances notice through a throttled version check).
// After-hooks receive the item (afterRemove: the removed item) and must return it.

export function Tools_afterInsert(item: Item): Item {
  return contentChanged('Tools', item);
}
export function Tools_afterUpdate(item: Item): Item {
  return contentChanged('Tools', item);
}
export function Tools_afterRemove(item: Item): Item {
  return contentChanged('Tools', item);
}

export function Products_afterInsert(item: Item): Item {
  return contentChanged('Products', item);
}
export function Products_afterUpdate(item: Item): Item {
  return contentChanged('Products', item);
}
export function Products_afterRemove(item: Item): Item {
  return contentChanged('Products', item);
}

export function Documentation_afterInsert(item: Item): Item {
  return contentChanged('Documentation', item);
}
export function Documentation_afterUpdate(item: Item): Item {
  return contentChanged('Documentation', item);
}
export function Documentation_afterRemove(item: Item): Item {
  return contentChanged('Documentation', item);
}

export function BlogPosts_afterInsert(item: Item): Item {
  return contentChanged('BlogPosts', item);
}
export function BlogPosts_afterUpdate(item: Item): Item {
  return contentChanged('BlogPosts', item);
}
export function BlogPosts_afterRemove(item: Item): Item {
  return contentChanged('BlogPosts', item);
}

export function CaseStudies_afterInsert(item: Item): Item {
  return contentChanged('CaseStudies', item);
}
export function CaseStudies_afterUpdate(item: Item): Item {
  return contentChanged('CaseStudies', item);
}
export function CaseStudies_afterRemove(item: Item): Item {
  return contentChanged('CaseStudies', item);
}

export function PodcastEpisodes_afterInsert(item: Item): Item {
  return contentChanged('PodcastEpisodes', item);
}
export function PodcastEpisodes_afterUpdate(item: Item): Item {
  return contentChanged('PodcastEpisodes', item);
}
export function PodcastEpisodes_afterRemove(item: Item): Item {
  return contentChanged('PodcastEpisodes', item);
}

function contentChanged(collection: ContentCollection, item: Item): Item {
  markContentChanged(collection);
  return item;
}
