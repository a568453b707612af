import { items } from '@wix/data';
import { auth } from '@wix/essentials';
import type { WixItemsSdk } from './wix-data';

/**
 * `@wix/data` with elevated permissions. On Wix, SDK calls run with the caller's rights, so a
 * visitor's web method could not write admin-only collections such as Outbox or AuditLog. Our
 * backend decides who may do what (web method Permissions plus service rules), so the store
 * itself is reached with the site's own rights, as Velo's `suppressAuth` used to do.
 */
export function elevatedItems(): WixItemsSdk {
  return {
    insert: auth.elevate(items.insert),
    update: auth.elevate(items.update),
    save: auth.elevate(items.save),
    get: auth.elevate(items.get),
    remove: auth.elevate(items.remove),
    bulkInsert: auth.elevate(items.bulkInsert),
    bulkUpdate: auth.elevate(items.bulkUpdate),
    bulkRemove: auth.elevate(items.bulkRemove),
    query: auth.elevate(items.query),
  } as WixItemsSdk;
}
