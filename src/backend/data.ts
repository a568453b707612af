/**
 * Wix Data hooks (Velo calls `<Collection>_<hook>(item, context)` around every data operation).
 * They keep stored data canonical whichever path wrote it: page code, web methods or the CMS.
 */
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
