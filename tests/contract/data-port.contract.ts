import type { CollectionDef } from '../../src/backend/collections/types';
import { DataError, WIX_LIMITS, type DataItem, type DataPort, type NewItem } from '../../src/backend/ports/data';

/**
 * The DataPort contract: what every data adapter must do, written once and run against each
 * adapter that can hold the collections below. Semantics follow @wix/data.
 */

export const CONTRACT_COLLECTIONS: readonly CollectionDef[] = [
  {
    id: 'ContractItems',
    displayName: 'Contract Items',
    description: 'One field of every type, for the data port contract tests.',
    permissions: { read: 'ANYONE', insert: 'ADMIN', update: 'ADMIN', remove: 'ADMIN' },
    fields: [
      { key: 'title', displayName: 'Title', type: 'TEXT', required: true, description: 'Required text.' },
      { key: 'code', displayName: 'Code', type: 'TEXT', description: 'Unique when present.' },
      { key: 'body', displayName: 'Body', type: 'RICH_TEXT', description: 'Rich text.' },
      { key: 'link', displayName: 'Link', type: 'URL', description: 'A URL.' },
      { key: 'picture', displayName: 'Picture', type: 'IMAGE', description: 'An image.' },
      { key: 'sound', displayName: 'Sound', type: 'AUDIO', description: 'An audio file.' },
      { key: 'rank', displayName: 'Rank', type: 'NUMBER', description: 'A number.' },
      { key: 'active', displayName: 'Active', type: 'BOOLEAN', description: 'A flag.' },
      { key: 'day', displayName: 'Day', type: 'DATE', description: 'A calendar date.' },
      { key: 'at', displayName: 'At', type: 'DATETIME', description: 'A moment.' },
      { key: 'tags', displayName: 'Tags', type: 'ARRAY_STRING', description: 'Strings.' },
      { key: 'list', displayName: 'List', type: 'ARRAY', description: 'Anything.' },
      { key: 'meta', displayName: 'Meta', type: 'OBJECT', description: 'An object.' },
      { key: 'pair', displayName: 'Pair', type: 'REFERENCE', referencedCollection: 'ContractPairs', description: 'A reference.' },
    ],
    indexes: [{ fields: [{ key: 'code' }], unique: true }, { fields: [{ key: 'rank' }, { key: 'at', order: 'DESC' }] }],
  },
  {
    id: 'ContractPairs',
    displayName: 'Contract Pairs',
    description: 'A compound unique index, for the data port contract tests.',
    permissions: { read: 'ADMIN', insert: 'ADMIN', update: 'ADMIN', remove: 'ADMIN' },
    fields: [
      { key: 'provider', displayName: 'Provider', type: 'TEXT', required: true, description: 'Part one of the key.' },
      { key: 'eventId', displayName: 'Event id', type: 'TEXT', required: true, description: 'Part two of the key.' },
      { key: 'note', displayName: 'Note', type: 'TEXT', description: 'Anything.' },
    ],
    indexes: [{ fields: [{ key: 'provider' }, { key: 'eventId' }], unique: true }],
  },
];

const ITEMS = 'ContractItems';
const PAIRS = 'ContractPairs';

/** Resolves to the DataError a promise (or a synchronous call) failed with. */
async function failure(run: () => unknown): Promise<DataError> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected the call to fail with a DataError');
}

const ids = (items: DataItem[]) => items.map((i) => i.title as string);

export function describeDataPortContract(
  name: string,
  makePort: () => Promise<{ port: DataPort; cleanup(): Promise<void> }>,
): void {
  describe(`DataPort contract: ${name}`, () => {
    let port: DataPort;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ port, cleanup } = await makePort());
    });
    afterEach(async () => {
      await cleanup();
    });

    describe('insert and get', () => {
      it('assigns _id and system dates, and get returns the same item', async () => {
        const before = Date.now();
        const item = await port.insert(ITEMS, { title: 'one', rank: 1, tags: ['a'] });
        expect(typeof item._id).toBe('string');
        expect(item._id.length).toBeGreaterThan(0);
        expect(item._createdDate).toBeInstanceOf(Date);
        expect(item._updatedDate).toBeInstanceOf(Date);
        expect(item._createdDate!.getTime()).toBeGreaterThanOrEqual(before - 60_000);
        expect(item).toMatchObject({ title: 'one', rank: 1, tags: ['a'] });
        expect(await port.get(ITEMS, item._id)).toEqual(item);
      });

      it('gives every item its own _id', async () => {
        const a = await port.insert(ITEMS, { title: 'a' });
        const b = await port.insert(ITEMS, { title: 'b' });
        expect(a._id).not.toBe(b._id);
      });

      it('keeps a given _id and refuses a second item with it (DUPLICATE_ID)', async () => {
        const item = await port.insert(ITEMS, { _id: 'fixed-id', title: 'first' });
        expect(item._id).toBe('fixed-id');
        const err = await failure(() => port.insert(ITEMS, { _id: 'fixed-id', title: 'second' }));
        expect(err.code).toBe('DUPLICATE_ID');
        expect((await port.get(ITEMS, 'fixed-id'))?.title).toBe('first');
      });

      it('returns null from get for a missing id', async () => {
        expect(await port.get(ITEMS, 'no-such-id')).toBeNull();
      });

      it('keeps undeclared fields, as Wix does', async () => {
        const item = await port.insert(ITEMS, { title: 'x', extra: { nested: [1, 'two'] }, flag: false });
        expect(await port.get(ITEMS, item._id)).toMatchObject({ extra: { nested: [1, 'two'] }, flag: false });
      });

      it('hands out copies: changing a returned item does not change the store', async () => {
        const item = await port.insert(ITEMS, { title: 'orig', tags: ['a'] });
        item.title = 'changed';
        (item.tags as string[]).push('b');
        const again = await port.get(ITEMS, item._id);
        expect(again).toMatchObject({ title: 'orig', tags: ['a'] });
      });

      it('round-trips Dates as Date objects, declared or not', async () => {
        const at = new Date('2024-03-01T10:20:30.456Z');
        const other = new Date('1999-12-31T23:59:59.000Z');
        const item = await port.insert(ITEMS, { title: 'd', at, whenever: other });
        const got = await port.get(ITEMS, item._id);
        expect(got!.at).toBeInstanceOf(Date);
        expect((got!.at as Date).toISOString()).toBe(at.toISOString());
        expect(got!.whenever).toBeInstanceOf(Date);
        expect((got!.whenever as Date).getTime()).toBe(other.getTime());
      });

      it('accepts an ISO string for a DATETIME field and returns a Date', async () => {
        const item = await port.insert(ITEMS, { title: 'iso', at: '2024-05-06T07:08:09.000Z' });
        expect(item.at).toBeInstanceOf(Date);
        expect((item.at as Date).toISOString()).toBe('2024-05-06T07:08:09.000Z');
        expect((await port.get(ITEMS, item._id))!.at).toBeInstanceOf(Date);
      });

      it('accepts a value of every declared type', async () => {
        const pair = await port.insert(PAIRS, { provider: 'p', eventId: 'e' });
        const full = {
          title: 'all',
          body: '<p>Hello</p>',
          link: 'https://example.org',
          picture: 'wix:image://v1/abc.png/abc.png#originWidth=10&originHeight=10',
          sound: 'https://example.org/a.mp3',
          rank: 2.5,
          active: true,
          day: '2024-02-29',
          at: new Date('2024-01-01T00:00:00.000Z'),
          tags: ['x', 'y'],
          list: [1, 'two', { three: 3 }],
          meta: { a: 1, b: { c: [true] } },
          pair: pair._id,
        };
        const item = await port.insert(ITEMS, full);
        expect(await port.get(ITEMS, item._id)).toMatchObject(full);
      });
    });

    describe('validation', () => {
      const bad: Array<[string, unknown, RegExp]> = [
        ['title', 42, /string/],
        ['body', ['x'], /string/],
        ['link', 1, /string/],
        ['picture', {}, /string/],
        ['sound', false, /string/],
        ['rank', '3', /number/],
        ['rank', Number.NaN, /number/],
        ['rank', Number.POSITIVE_INFINITY, /number/],
        ['active', 'yes', /true or false/],
        ['day', '2024-02-30', /YYYY-MM-DD/],
        ['day', '01/02/2024', /YYYY-MM-DD/],
        ['at', 'next tuesday', /Date/],
        ['at', new Date('invalid'), /Date/],
        ['tags', ['a', 1], /array of strings/],
        ['tags', 'a', /array of strings/],
        ['list', { 0: 'a' }, /array/],
        ['meta', ['not', 'an', 'object'], /object/],
        ['meta', 'text', /object/],
        ['pair', { _id: 1 }, /_id/],
      ];
      it.each(bad)('refuses %s = %p with VALIDATION naming the field', async (field, value, problem) => {
        const err = await failure(() => port.insert(ITEMS, { title: 't', [field]: value }));
        expect(err.code).toBe('VALIDATION');
        expect(err.message).toContain(field);
        expect(err.message).toMatch(problem);
        expect(await port.query(ITEMS).count()).toBe(0);
      });

      it('refuses a missing or empty required field', async () => {
        for (const item of [{}, { title: '' }, { title: null }] as NewItem[]) {
          const err = await failure(() => port.insert(ITEMS, item));
          expect(err.code).toBe('VALIDATION');
          expect(err.message).toMatch(/title/);
          expect(err.message).toMatch(/required/);
        }
      });

      it('lets optional fields be null or absent', async () => {
        const item = await port.insert(ITEMS, { title: 't', rank: null, meta: undefined });
        expect(item.title).toBe('t');
      });

      it('refuses things that are not items', async () => {
        for (const item of [null, 'text', [1, 2], 7] as unknown as NewItem[]) {
          expect((await failure(() => port.insert(ITEMS, item))).code).toBe('VALIDATION');
        }
        expect((await failure(() => port.insert(ITEMS, { _id: 12, title: 't' } as unknown as NewItem))).code).toBe('VALIDATION');
      });

      it('validates updates too', async () => {
        const item = await port.insert(ITEMS, { title: 't' });
        const err = await failure(() => port.update(ITEMS, { _id: item._id, title: 't', rank: 'high' }));
        expect(err.code).toBe('VALIDATION');
        expect(err.message).toContain('rank');
      });
    });

    describe('update, save and remove', () => {
      it('update replaces the whole item and keeps _createdDate', async () => {
        const item = await port.insert(ITEMS, { title: 'v1', rank: 1, tags: ['a'] });
        const updated = await port.update(ITEMS, { _id: item._id, title: 'v2' });
        expect(updated.title).toBe('v2');
        expect(updated).not.toHaveProperty('rank');
        expect(updated).not.toHaveProperty('tags');
        expect(updated._createdDate!.getTime()).toBe(item._createdDate!.getTime());
        expect(updated._updatedDate!.getTime()).toBeGreaterThanOrEqual(item._updatedDate!.getTime());
        expect(await port.get(ITEMS, item._id)).toEqual(updated);
      });

      it('update ignores a _createdDate sent by the caller', async () => {
        const item = await port.insert(ITEMS, { title: 'v1' });
        const updated = await port.update(ITEMS, { ...item, _createdDate: new Date('2000-01-01'), title: 'v2' } as NewItem & { _id: string });
        expect(updated._createdDate!.getTime()).toBe(item._createdDate!.getTime());
      });

      it('update fails with ITEM_NOT_FOUND for a missing item', async () => {
        const err = await failure(() => port.update(ITEMS, { _id: 'missing', title: 'x' }));
        expect(err.code).toBe('ITEM_NOT_FOUND');
        expect(await port.get(ITEMS, 'missing')).toBeNull();
      });

      it('save inserts a new item and replaces an existing one', async () => {
        const created = await port.save(ITEMS, { title: 'new' });
        expect(created._id).toBeTruthy();
        const withId = await port.save(ITEMS, { _id: 'chosen', title: 'chosen v1', rank: 1 });
        expect(withId._id).toBe('chosen');
        const replaced = await port.save(ITEMS, { _id: 'chosen', title: 'chosen v2' });
        expect(replaced).toMatchObject({ _id: 'chosen', title: 'chosen v2' });
        expect(replaced).not.toHaveProperty('rank');
        expect(replaced._createdDate!.getTime()).toBe(withId._createdDate!.getTime());
        expect(await port.query(ITEMS).count()).toBe(2);
      });

      it('remove returns the removed item, then the item is gone', async () => {
        const item = await port.insert(ITEMS, { title: 'bye', at: new Date('2024-01-01T00:00:00Z') });
        const removed = await port.remove(ITEMS, item._id);
        expect(removed).toEqual(item);
        expect(await port.get(ITEMS, item._id)).toBeNull();
      });

      it('remove returns null for a missing item', async () => {
        expect(await port.remove(ITEMS, 'missing')).toBeNull();
      });
    });

    describe('unique indexes', () => {
      it('refuses a second item with the same unique value (DUPLICATE_KEY naming the field)', async () => {
        await port.insert(ITEMS, { title: 'a', code: 'X1' });
        const err = await failure(() => port.insert(ITEMS, { title: 'b', code: 'X1' }));
        expect(err.code).toBe('DUPLICATE_KEY');
        expect(err.message).toContain('code');
        expect(await port.query(ITEMS).count()).toBe(1);
      });

      it('allows many items without the unique field', async () => {
        await port.insert(ITEMS, { title: 'a' });
        await port.insert(ITEMS, { title: 'b' });
        expect(await port.query(ITEMS).count()).toBe(2);
      });

      it('checks updates against the index, and an item may keep its own value', async () => {
        await port.insert(ITEMS, { title: 'a', code: 'A' });
        const b = await port.insert(ITEMS, { title: 'b', code: 'B' });
        expect((await port.update(ITEMS, { _id: b._id, title: 'b2', code: 'B' })).title).toBe('b2');
        const err = await failure(() => port.update(ITEMS, { _id: b._id, title: 'b3', code: 'A' }));
        expect(err.code).toBe('DUPLICATE_KEY');
        expect((await port.get(ITEMS, b._id))!.title).toBe('b2');
      });

      it('enforces compound unique indexes on the combination', async () => {
        await port.insert(PAIRS, { provider: 'stripe', eventId: 'evt_1' });
        await port.insert(PAIRS, { provider: 'stripe', eventId: 'evt_2' });
        await port.insert(PAIRS, { provider: 'calendly', eventId: 'evt_1' });
        const err = await failure(() => port.insert(PAIRS, { provider: 'stripe', eventId: 'evt_1' }));
        expect(err.code).toBe('DUPLICATE_KEY');
        expect(err.message).toContain('provider');
        expect(err.message).toContain('eventId');
      });
    });

    describe('limits', () => {
      it('refuses an item over 512 KB with ITEM_TOO_LARGE and its size', async () => {
        const err = await failure(() => port.insert(ITEMS, { title: 'big', body: 'x'.repeat(WIX_LIMITS.maxItemBytes) }));
        expect(err.code).toBe('ITEM_TOO_LARGE');
        expect(err.message).toMatch(/\d{6,} bytes/);
        expect(err.message).toContain(String(WIX_LIMITS.maxItemBytes));
        expect(await port.query(ITEMS).count()).toBe(0);
      });

      it('counts bytes, not characters', async () => {
        // 200 000 three-byte characters: under the limit in characters, over it in bytes.
        const err = await failure(() => port.insert(ITEMS, { title: 'big', body: '€'.repeat(200_000) }));
        expect(err.code).toBe('ITEM_TOO_LARGE');
      });

      it('accepts an item just under the limit', async () => {
        const item = await port.insert(ITEMS, { title: 'fits', body: 'x'.repeat(WIX_LIMITS.maxItemBytes - 1000) });
        expect(((await port.get(ITEMS, item._id))!.body as string).length).toBe(WIX_LIMITS.maxItemBytes - 1000);
      });

      it('refuses an update that makes the item too large', async () => {
        const item = await port.insert(ITEMS, { title: 'small' });
        const err = await failure(() => port.update(ITEMS, { _id: item._id, title: 'small', body: 'y'.repeat(600_000) }));
        expect(err.code).toBe('ITEM_TOO_LARGE');
        expect((await port.get(ITEMS, item._id))!.body).toBeUndefined();
      });

      it('refuses a query page over 1000 items', async () => {
        const err = await failure(() => port.query(ITEMS).limit(1001));
        expect(err.code).toBe('QUERY_LIMIT_EXCEEDED');
        expect(err.message).toContain('1000');
      });

      it('refuses bulk calls over 1000 items before touching anything', async () => {
        const many = Array.from({ length: WIX_LIMITS.maxBulkItems + 1 }, (_, i) => ({ title: `t${i}` }));
        expect((await failure(() => port.bulkInsert(ITEMS, many))).code).toBe('BULK_LIMIT_EXCEEDED');
        expect(await port.query(ITEMS).count()).toBe(0);
        const existing = await port.insert(ITEMS, { title: 'keep' });
        const updates = many.map((m) => ({ ...m, _id: existing._id }));
        expect((await failure(() => port.bulkUpdate(ITEMS, updates))).code).toBe('BULK_LIMIT_EXCEEDED');
        const removals = Array.from({ length: WIX_LIMITS.maxBulkItems + 1 }, () => existing._id);
        expect((await failure(() => port.bulkRemove(ITEMS, removals))).code).toBe('BULK_LIMIT_EXCEEDED');
        expect(await port.get(ITEMS, existing._id)).toMatchObject({ title: 'keep' });
      });

      it('takes exactly 1000 items in one bulk call', async () => {
        const many = Array.from({ length: WIX_LIMITS.maxBulkItems }, (_, i) => ({ title: `t${i}`, rank: i }));
        const result = await port.bulkInsert(ITEMS, many);
        expect(result.inserted).toBe(1000);
        expect(result.errors).toEqual([]);
        expect(await port.query(ITEMS).count()).toBe(1000);
        const page = await port.query(ITEMS).ascending('rank').limit(1000).find();
        expect(page.items).toHaveLength(1000);
        expect(page.items[999].rank).toBe(999);
      });
    });

    describe('bulk operations', () => {
      it('bulkInsert reports failing items by index and inserts the rest', async () => {
        await port.insert(ITEMS, { title: 'existing', code: 'TAKEN' });
        const result = await port.bulkInsert(ITEMS, [
          { title: 'ok1' },
          { title: 'bad', rank: 'NaN' },
          { title: 'dup', code: 'TAKEN' },
          { title: 'ok2', _id: 'given' },
          { rank: 3 },
        ]);
        expect(result.inserted).toBe(2);
        expect(result.insertedItemIds).toHaveLength(2);
        expect(result.insertedItemIds).toContain('given');
        expect(result.errors.map((e) => [e.index, e.code])).toEqual([
          [1, 'VALIDATION'],
          [2, 'DUPLICATE_KEY'],
          [4, 'VALIDATION'],
        ]);
        expect(result.errors[0].message).toContain('rank');
        expect(ids((await port.query(ITEMS).ascending('title').find()).items)).toEqual(['existing', 'ok1', 'ok2']);
      });

      it('bulkInsert catches duplicates within the same batch', async () => {
        const result = await port.bulkInsert(ITEMS, [
          { title: 'a', code: 'same' },
          { title: 'b', code: 'same' },
        ]);
        expect(result.inserted).toBe(1);
        expect(result.errors).toEqual([expect.objectContaining({ index: 1, code: 'DUPLICATE_KEY' })]);
      });

      it('bulkUpdate replaces existing items and reports missing ones', async () => {
        const a = await port.insert(ITEMS, { title: 'a', rank: 1 });
        const b = await port.insert(ITEMS, { title: 'b', rank: 2 });
        const result = await port.bulkUpdate(ITEMS, [
          { _id: a._id, title: 'a2' },
          { _id: 'missing', title: 'm' },
          { _id: b._id, title: 'b2', rank: 20 },
          { _id: b._id, title: '' },
        ]);
        expect(result.updated).toBe(2);
        expect(result.updatedItemIds).toEqual([a._id, b._id]);
        expect(result.errors.map((e) => [e.index, e.code, e.itemId])).toEqual([
          [1, 'ITEM_NOT_FOUND', 'missing'],
          [3, 'VALIDATION', b._id],
        ]);
        expect(await port.get(ITEMS, a._id)).not.toHaveProperty('rank');
        expect(await port.get(ITEMS, b._id)).toMatchObject({ title: 'b2', rank: 20 });
      });

      it('bulkRemove removes existing items and reports missing ones', async () => {
        const a = await port.insert(ITEMS, { title: 'a' });
        const b = await port.insert(ITEMS, { title: 'b' });
        const c = await port.insert(ITEMS, { title: 'c' });
        const result = await port.bulkRemove(ITEMS, [a._id, 'missing', c._id]);
        expect(result.removed).toBe(2);
        expect(result.removedItemIds).toEqual([a._id, c._id]);
        expect(result.errors).toEqual([expect.objectContaining({ index: 1, itemId: 'missing', code: 'ITEM_NOT_FOUND' })]);
        expect(ids((await port.query(ITEMS).find()).items)).toEqual([b.title]);
      });

      it('bulk calls with no items do nothing', async () => {
        expect(await port.bulkInsert(ITEMS, [])).toMatchObject({ inserted: 0, errors: [] });
        expect(await port.bulkRemove(ITEMS, [])).toMatchObject({ removed: 0, errors: [] });
      });
    });

    describe('unknown collection', () => {
      it('fails every operation with UNKNOWN_COLLECTION', async () => {
        const calls: Array<() => unknown> = [
          () => port.insert('NoSuchCollection', { title: 'x' }),
          () => port.get('NoSuchCollection', 'id'),
          () => port.update('NoSuchCollection', { _id: 'id' }),
          () => port.save('NoSuchCollection', { title: 'x' }),
          () => port.remove('NoSuchCollection', 'id'),
          () => port.query('NoSuchCollection').find(),
          () => port.query('NoSuchCollection').count(),
          () => port.bulkInsert('NoSuchCollection', [{ title: 'x' }]),
          () => port.bulkUpdate('NoSuchCollection', [{ _id: 'x' }]),
          () => port.bulkRemove('NoSuchCollection', ['x']),
        ];
        for (const call of calls) {
          const err = await failure(call);
          expect(err.code).toBe('UNKNOWN_COLLECTION');
          expect(err.message).toContain('NoSuchCollection');
        }
      });
    });

    describe('queries', () => {
      const d = (iso: string) => new Date(iso);
      beforeEach(async () => {
        const result = await port.bulkInsert(ITEMS, [
          { title: 'Alpha', rank: 1, active: true, tags: ['fhir', 'r4'], at: d('2024-01-01T00:00:00Z'), body: 'Patient resources', meta: { k: 1 } },
          { title: 'beta', rank: 2, active: false, tags: ['r4'], at: d('2024-02-01T00:00:00Z'), body: 'Observation VALUES' },
          { title: 'Gamma', rank: 3, active: true, tags: ['US Core', 'fhir'], at: d('2024-03-01T00:00:00Z'), body: '' },
          { title: 'delta', rank: 3, tags: [], at: d('2024-04-01T00:00:00Z'), code: 'D' },
          { title: 'Épsilon', rank: 10, active: false, body: 'Über Encounter' },
          { title: 'zeta' },
        ]);
        expect(result.errors).toEqual([]);
      });
      const titles = async (q: ReturnType<DataPort['query']>) => ids((await q.find()).items).sort();

      it('eq matches strings (case-sensitive), numbers, booleans and Dates', async () => {
        expect(await titles(port.query(ITEMS).eq('title', 'beta'))).toEqual(['beta']);
        expect(await titles(port.query(ITEMS).eq('title', 'Beta'))).toEqual([]);
        expect(await titles(port.query(ITEMS).eq('rank', 3))).toEqual(['Gamma', 'delta']);
        expect(await titles(port.query(ITEMS).eq('active', true))).toEqual(['Alpha', 'Gamma']);
        expect(await titles(port.query(ITEMS).eq('active', false))).toEqual(['beta', 'Épsilon']);
        expect(await titles(port.query(ITEMS).eq('at', d('2024-02-01T00:00:00Z')))).toEqual(['beta']);
      });

      it('eq does not confuse types', async () => {
        expect(await titles(port.query(ITEMS).eq('rank', '3'))).toEqual([]);
        expect(await titles(port.query(ITEMS).eq('active', 1))).toEqual([]);
      });

      it('eq null matches items lacking the field', async () => {
        expect(await titles(port.query(ITEMS).eq('active', null))).toEqual(['delta', 'zeta']);
        expect(await titles(port.query(ITEMS).eq('code', null))).toHaveLength(5);
      });

      it('ne also matches items lacking the field', async () => {
        expect(await titles(port.query(ITEMS).ne('active', true))).toEqual(['beta', 'delta', 'zeta', 'Épsilon']);
        expect(await titles(port.query(ITEMS).ne('rank', 3))).toEqual(['Alpha', 'beta', 'zeta', 'Épsilon']);
        expect(await titles(port.query(ITEMS).ne('code', 'D'))).toEqual(['Alpha', 'Gamma', 'beta', 'zeta', 'Épsilon']);
        expect(await titles(port.query(ITEMS).ne('active', null))).toEqual(['Alpha', 'Gamma', 'beta', 'Épsilon']);
      });

      it('gt, ge, lt and le compare numbers', async () => {
        expect(await titles(port.query(ITEMS).gt('rank', 2))).toEqual(['Gamma', 'delta', 'Épsilon']);
        expect(await titles(port.query(ITEMS).ge('rank', 2))).toEqual(['Gamma', 'beta', 'delta', 'Épsilon']);
        expect(await titles(port.query(ITEMS).lt('rank', 2))).toEqual(['Alpha']);
        expect(await titles(port.query(ITEMS).le('rank', 2))).toEqual(['Alpha', 'beta']);
      });

      it('comparisons work on strings and Dates', async () => {
        expect(await titles(port.query(ITEMS).gt('title', 'beta'))).toEqual(['delta', 'zeta', 'Épsilon']);
        expect(await titles(port.query(ITEMS).lt('title', 'Beta'))).toEqual(['Alpha']);
        expect(await titles(port.query(ITEMS).gt('at', d('2024-02-01T00:00:00Z')))).toEqual(['Gamma', 'delta']);
        expect(await titles(port.query(ITEMS).ge('at', d('2024-02-01T00:00:00Z')))).toEqual(['Gamma', 'beta', 'delta']);
        expect(await titles(port.query(ITEMS).le('at', d('2024-01-01T00:00:00Z')))).toEqual(['Alpha']);
        expect(await titles(port.query(ITEMS).lt('at', d('2030-01-01T00:00:00Z')))).toEqual(['Alpha', 'Gamma', 'beta', 'delta']);
      });

      it('between includes the start and excludes the end', async () => {
        expect(await titles(port.query(ITEMS).between('rank', 2, 10))).toEqual(['Gamma', 'beta', 'delta']);
        expect(await titles(port.query(ITEMS).between('at', d('2024-01-01T00:00:00Z'), d('2024-03-01T00:00:00Z')))).toEqual([
          'Alpha',
          'beta',
        ]);
        expect(await titles(port.query(ITEMS).between('title', 'a', 'e'))).toEqual(['beta', 'delta']);
      });

      it('contains and startsWith ignore case', async () => {
        expect(await titles(port.query(ITEMS).contains('body', 'values'))).toEqual(['beta']);
        expect(await titles(port.query(ITEMS).contains('body', 'RESOURCE'))).toEqual(['Alpha']);
        expect(await titles(port.query(ITEMS).contains('body', 'über'))).toEqual(['Épsilon']);
        expect(await titles(port.query(ITEMS).startsWith('title', 'ALP'))).toEqual(['Alpha']);
        expect(await titles(port.query(ITEMS).startsWith('title', 'é'))).toEqual(['Épsilon']);
        expect(await titles(port.query(ITEMS).startsWith('title', 'lpha'))).toEqual([]);
      });

      it('contains treats its argument literally (no wildcards)', async () => {
        expect(await titles(port.query(ITEMS).contains('body', '%'))).toEqual([]);
        expect(await titles(port.query(ITEMS).contains('body', '_'))).toEqual([]);
        expect(await titles(port.query(ITEMS).startsWith('title', '%'))).toEqual([]);
      });

      it('hasSome matches array elements, and is IN on scalar fields', async () => {
        expect(await titles(port.query(ITEMS).hasSome('tags', ['r4']))).toEqual(['Alpha', 'beta']);
        expect(await titles(port.query(ITEMS).hasSome('tags', ['US Core', 'r4']))).toEqual(['Alpha', 'Gamma', 'beta']);
        expect(await titles(port.query(ITEMS).hasSome('tags', ['nope']))).toEqual([]);
        expect(await titles(port.query(ITEMS).hasSome('rank', [1, 10]))).toEqual(['Alpha', 'Épsilon']);
        expect(await titles(port.query(ITEMS).hasSome('title', ['zeta', 'beta', 'other']))).toEqual(['beta', 'zeta']);
        expect(await titles(port.query(ITEMS).hasSome('tags', []))).toEqual([]);
      });

      it('hasSome works on _id', async () => {
        const all = (await port.query(ITEMS).ascending('title').find()).items;
        const picked = [all[0]._id, all[2]._id];
        expect(await titles(port.query(ITEMS).hasSome('_id', picked))).toEqual([all[0].title, all[2].title].sort());
      });

      it('hasAll needs every value among the array elements', async () => {
        expect(await titles(port.query(ITEMS).hasAll('tags', ['fhir', 'r4']))).toEqual(['Alpha']);
        expect(await titles(port.query(ITEMS).hasAll('tags', ['fhir']))).toEqual(['Alpha', 'Gamma']);
        expect(await titles(port.query(ITEMS).hasAll('tags', ['fhir', 'nope']))).toEqual([]);
      });

      it('isEmpty and isNotEmpty', async () => {
        expect(await titles(port.query(ITEMS).isEmpty('body'))).toEqual(['Gamma', 'delta', 'zeta']);
        expect(await titles(port.query(ITEMS).isNotEmpty('body'))).toEqual(['Alpha', 'beta', 'Épsilon']);
        expect(await titles(port.query(ITEMS).isEmpty('code'))).toHaveLength(5);
        expect(await titles(port.query(ITEMS).isNotEmpty('at'))).toEqual(['Alpha', 'Gamma', 'beta', 'delta']);
      });

      it('filters on nested fields with dotted names', async () => {
        expect(await titles(port.query(ITEMS).eq('meta.k', 1))).toEqual(['Alpha']);
      });

      it('ANDs chained filters', async () => {
        expect(await titles(port.query(ITEMS).eq('active', true).gt('rank', 1))).toEqual(['Gamma']);
        expect(await titles(port.query(ITEMS).hasSome('tags', ['fhir']).lt('at', d('2024-02-01T00:00:00Z')))).toEqual(['Alpha']);
      });

      it('sorts by several fields, ascending and descending', async () => {
        const byRank = await port.query(ITEMS).isNotEmpty('rank').ascending('rank').descending('title').find();
        expect(ids(byRank.items)).toEqual(['Alpha', 'beta', 'delta', 'Gamma', 'Épsilon']);
        const byDate = await port.query(ITEMS).isNotEmpty('at').descending('at').find();
        expect(ids(byDate.items)).toEqual(['delta', 'Gamma', 'beta', 'Alpha']);
        const byRankDesc = await port.query(ITEMS).isNotEmpty('rank').descending('rank').ascending('title').find();
        expect(ids(byRankDesc.items)).toEqual(['Épsilon', 'Gamma', 'delta', 'beta', 'Alpha']);
      });

      it('sorts by system fields', async () => {
        const items = (await port.query(ITEMS).ascending('_createdDate').find()).items;
        for (let i = 1; i < items.length; i++) {
          expect(items[i]._createdDate!.getTime()).toBeGreaterThanOrEqual(items[i - 1]._createdDate!.getTime());
        }
      });

      it('pages with limit and skip, and reports totalCount', async () => {
        const page = await port.query(ITEMS).ascending('title').limit(4).skip(1).find();
        expect(ids(page.items)).toEqual(['Gamma', 'beta', 'delta', 'zeta']);
        expect(page.totalCount).toBe(6);
        expect(page.length).toBe(4);
        expect(page.pageSize).toBe(4);
      });

      it('walks pages with hasNext and next', async () => {
        const first = await port.query(ITEMS).ascending('title').limit(4).find();
        expect(ids(first.items)).toEqual(['Alpha', 'Gamma', 'beta', 'delta']);
        expect(first.hasNext()).toBe(true);
        expect(first.hasPrev()).toBe(false);
        expect(first.totalPages).toBe(2);
        expect(first.currentPage).toBe(0);
        const second = await first.next();
        expect(ids(second.items)).toEqual(['zeta', 'Épsilon']);
        expect(second.currentPage).toBe(1);
        expect(second.hasNext()).toBe(false);
        expect(second.hasPrev()).toBe(true);
        expect(ids((await second.prev()).items)).toEqual(ids(first.items));
        await expect(second.next()).rejects.toBeInstanceOf(DataError);
      });

      it('uses a page of 50 when no limit is set', async () => {
        const page = await port.query(ITEMS).find();
        expect(page.pageSize).toBe(WIX_LIMITS.defaultQueryLimit);
        expect(page.items).toHaveLength(6);
        expect(page.hasNext()).toBe(false);
      });

      it('counts matches ignoring limit and skip', async () => {
        expect(await port.query(ITEMS).count()).toBe(6);
        expect(await port.query(ITEMS).gt('rank', 1).count()).toBe(4);
        expect(await port.query(ITEMS).gt('rank', 1).limit(1).skip(1).count()).toBe(4);
        expect((await port.query(ITEMS).gt('rank', 1).limit(1).find()).totalCount).toBe(4);
      });

      it('builders are immutable: a base query can be reused', async () => {
        const base = port.query(ITEMS).eq('active', true);
        const narrowed = base.gt('rank', 1);
        expect(await titles(base)).toEqual(['Alpha', 'Gamma']);
        expect(await titles(narrowed)).toEqual(['Gamma']);
      });

      it('returns items with Dates as Date objects', async () => {
        const [first] = (await port.query(ITEMS).eq('title', 'Alpha').find()).items;
        expect(first.at).toBeInstanceOf(Date);
        expect(first._createdDate).toBeInstanceOf(Date);
      });

      it('refuses invalid field names with VALIDATION', async () => {
        for (const field of ["title'--", 'a b', 'x) OR 1=1 --', '', '1abc', 'a..b', '$.title']) {
          const err = await failure(() => port.query(ITEMS).eq(field, 'x').find());
          expect(err.code).toBe('VALIDATION');
          const sortErr = await failure(() => port.query(ITEMS).ascending(field).find());
          expect(sortErr.code).toBe('VALIDATION');
        }
      });

      it('treats hostile values as plain values', async () => {
        const hostile = ["' OR 1=1 --", '"); DROP TABLE ContractItems; --', '%', "\\'", '\u0000'];
        for (const value of hostile) {
          expect(await port.query(ITEMS).eq('title', value).count()).toBe(0);
          expect(await port.query(ITEMS).contains('title', value).count()).toBe(0);
          expect(await port.query(ITEMS).hasSome('title', [value]).count()).toBe(0);
        }
        const stored = await port.insert(ITEMS, { title: hostile[1], body: hostile[0] });
        expect(await port.get(ITEMS, stored._id)).toMatchObject({ title: hostile[1], body: hostile[0] });
        expect(await port.query(ITEMS).count()).toBe(7);
      });
    });
  });
}
