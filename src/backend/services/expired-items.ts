import type { DataPort } from '../ports';

/** Wix Data's most items per query and per bulk operation. */
const BATCH = 1000;

/**
 * Deletes the items of `collection` whose `field` (a date) is before `now`, a batch of 1,000 at a
 * time (Wix's limit per query and per bulk operation), at most `maxBatches` batches per call so a
 * scheduled job stays inside its time; what is left goes at the next run. Returns how many it deleted.
 */
export async function removeExpired(data: DataPort, collection: string, field: string, now: Date, maxBatches = 20): Promise<number> {
  let removed = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const page = await data.query(collection).lt(field, now).limit(BATCH).find();
    if (page.items.length === 0) break;
    removed += (await data.bulkRemove(collection, page.items.map((item) => item._id))).removed;
    if (page.items.length < BATCH) break;
  }
  return removed;
}
