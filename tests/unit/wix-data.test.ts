import { createWixDataPort, type WixBulkResultLike, type WixItemsSdk, type WixQueryBuilder } from '../../src/backend/adapters/wix-data';
import { DataError, WIX_LIMITS } from '../../src/backend/ports/data';

type Call = [string, ...unknown[]];

/** A stand-in for `items` from @wix/data that records every call and answers from a script. */
function recordingSdk() {
  const calls: Call[] = [];
  const answers: Record<string, unknown> = {};
  const failures: Record<string, unknown> = {};
  const respond = async (name: string, args: unknown[]) => {
    calls.push([name, ...args]);
    if (name in failures) throw failures[name];
    return answers[name];
  };
  const builder = (collection: string): WixQueryBuilder => {
    const chain: Call[] = [];
    const link = (name: string) => (...args: unknown[]) => {
      chain.push([name, ...args]);
      return q;
    };
    const q: WixQueryBuilder = {
      eq: link('eq'),
      ne: link('ne'),
      gt: link('gt'),
      lt: link('lt'),
      ge: link('ge'),
      le: link('le'),
      contains: link('contains'),
      startsWith: link('startsWith'),
      hasSome: link('hasSome'),
      hasAll: link('hasAll'),
      between: link('between'),
      isEmpty: link('isEmpty'),
      isNotEmpty: link('isNotEmpty'),
      ascending: link('ascending'),
      descending: link('descending'),
      limit: link('limit'),
      skip: link('skip'),
      find: (options) => respond('query.find', [collection, chain, options]) as ReturnType<WixQueryBuilder['find']>,
      count: () => respond('query.count', [collection, chain]) as Promise<number>,
    };
    return q;
  };
  const sdk: WixItemsSdk = {
    insert: (c, item) => respond('insert', [c, item]) as Promise<Record<string, unknown>>,
    update: (c, item) => respond('update', [c, item]) as Promise<Record<string, unknown>>,
    save: (c, item) => respond('save', [c, item]) as Promise<Record<string, unknown>>,
    get: (c, id) => respond('get', [c, id]) as Promise<Record<string, unknown> | null>,
    remove: (c, id) => respond('remove', [c, id]) as Promise<Record<string, unknown> | null>,
    bulkInsert: (c, items) => respond('bulkInsert', [c, items]) as Promise<WixBulkResultLike>,
    bulkUpdate: (c, items) => respond('bulkUpdate', [c, items]) as Promise<WixBulkResultLike>,
    bulkRemove: (c, ids) => respond('bulkRemove', [c, ids]) as Promise<WixBulkResultLike>,
    query: builder,
  };
  return { sdk, calls, answers, failures };
}

function wixError(message: string, applicationCode?: string, code?: string): Error {
  const err = new Error(message) as Error & { code?: string; details?: unknown };
  if (applicationCode) err.details = { applicationError: { code: applicationCode, description: message } };
  if (code) err.code = code;
  return err;
}

const bulkOk = (over: Partial<WixBulkResultLike> = {}): WixBulkResultLike => ({
  inserted: 0,
  updated: 0,
  removed: 0,
  skipped: 0,
  insertedItemIds: [],
  updatedItemIds: [],
  removedItemIds: [],
  errors: [],
  ...over,
});

async function failure(run: () => unknown): Promise<DataError> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError');
}

describe('createWixDataPort', () => {
  it('passes single-item calls straight to the SDK', async () => {
    const { sdk, calls, answers } = recordingSdk();
    const port = createWixDataPort(sdk);
    const stored = { _id: 'a', title: 'T', _createdDate: new Date('2024-01-01T00:00:00Z') };
    answers.insert = stored;
    answers.get = stored;
    answers.update = { ...stored, title: 'U' };
    answers.save = stored;
    answers.remove = stored;

    expect(await port.insert('BlogPosts', { title: 'T' })).toBe(stored);
    expect(await port.get('BlogPosts', 'a')).toBe(stored);
    expect(await port.update('BlogPosts', { _id: 'a', title: 'U' })).toEqual({ ...stored, title: 'U' });
    expect(await port.save('BlogPosts', { _id: 'a', title: 'T' })).toBe(stored);
    expect(await port.remove('BlogPosts', 'a')).toBe(stored);
    expect(calls).toEqual([
      ['insert', 'BlogPosts', { title: 'T' }],
      ['get', 'BlogPosts', 'a'],
      ['update', 'BlogPosts', { _id: 'a', title: 'U' }],
      ['save', 'BlogPosts', { _id: 'a', title: 'T' }],
      ['remove', 'BlogPosts', 'a'],
    ]);
  });

  it('returns null from get and remove when Wix has no item', async () => {
    const { sdk, answers } = recordingSdk();
    answers.get = null;
    answers.remove = null;
    const port = createWixDataPort(sdk);
    expect(await port.get('BlogPosts', 'missing')).toBeNull();
    expect(await port.remove('BlogPosts', 'missing')).toBeNull();
  });

  it('replays every filter, sort and paging call onto the Wix query builder', async () => {
    const { sdk, calls, answers } = recordingSdk();
    answers['query.find'] = { items: [{ _id: '1' }, { _id: '2' }], totalCount: 7 };
    const port = createWixDataPort(sdk);
    const from = new Date('2024-01-01T00:00:00Z');
    const to = new Date('2025-01-01T00:00:00Z');
    const page = await port
      .query('BlogPosts')
      .eq('slug', 'a')
      .ne('author', 'b')
      .gt('n', 1)
      .lt('n', 9)
      .ge('m', 2)
      .le('m', 8)
      .contains('title', 'fhir')
      .startsWith('title', 'Intro')
      .hasSome('tags', ['r4', 'us-core'])
      .hasAll('tags', ['r4'])
      .between('publishedDate', from, to)
      .isEmpty('coverImage')
      .isNotEmpty('excerpt')
      .eq('gone', null)
      .ne('present', null)
      .descending('publishedDate')
      .ascending('title', 'slug')
      .limit(2)
      .skip(4)
      .find();
    expect(calls).toEqual([
      [
        'query.find',
        'BlogPosts',
        [
          ['eq', 'slug', 'a'],
          ['ne', 'author', 'b'],
          ['gt', 'n', 1],
          ['lt', 'n', 9],
          ['ge', 'm', 2],
          ['le', 'm', 8],
          ['contains', 'title', 'fhir'],
          ['startsWith', 'title', 'Intro'],
          ['hasSome', 'tags', ['r4', 'us-core']],
          ['hasAll', 'tags', ['r4']],
          ['between', 'publishedDate', from, to],
          ['isEmpty', 'coverImage'],
          ['isNotEmpty', 'excerpt'],
          ['isEmpty', 'gone'],
          ['isNotEmpty', 'present'],
          ['descending', 'publishedDate'],
          ['ascending', 'title'],
          ['ascending', 'slug'],
          ['limit', 2],
          ['skip', 4],
        ],
        { returnTotalCount: true },
      ],
    ]);
    expect(page.items.map((i) => i._id)).toEqual(['1', '2']);
    expect(page.totalCount).toBe(7);
    expect(page.currentPage).toBe(2);
    expect(page.hasNext()).toBe(true);
  });

  it('asks for the page size explicitly (Wix default 50) and pages with next()', async () => {
    const { sdk, calls, answers } = recordingSdk();
    answers['query.find'] = { items: Array.from({ length: 50 }, (_, i) => ({ _id: String(i) })), totalCount: 60 };
    const port = createWixDataPort(sdk);
    const first = await port.query('Tools').find();
    answers['query.find'] = { items: Array.from({ length: 10 }, (_, i) => ({ _id: String(50 + i) })), totalCount: 60 };
    const second = await first.next();
    expect(second.items).toHaveLength(10);
    expect(second.hasNext()).toBe(false);
    expect(calls.map((c) => c[2])).toEqual([
      [
        ['limit', 50],
        ['skip', 0],
      ],
      [
        ['limit', 50],
        ['skip', 50],
      ],
    ]);
  });

  it('counts through the builder, and counts separately when a page lacks totalCount', async () => {
    const { sdk, calls, answers } = recordingSdk();
    answers['query.count'] = 3;
    answers['query.find'] = { items: [{ _id: 'x' }], totalCount: undefined };
    const port = createWixDataPort(sdk);
    expect(await port.query('Tools').eq('slug', 'x').count()).toBe(3);
    expect((await port.query('Tools').eq('slug', 'x').find()).totalCount).toBe(3);
    expect(calls.map((c) => [c[0], c[2]])).toEqual([
      ['query.count', [['eq', 'slug', 'x']]],
      [
        'query.find',
        [
          ['eq', 'slug', 'x'],
          ['limit', 50],
          ['skip', 0],
        ],
      ],
      ['query.count', [['eq', 'slug', 'x'], ['limit', 50], ['skip', 0]]],
    ]);
  });

  it('refuses invalid field names before asking Wix', async () => {
    const { sdk, calls } = recordingSdk();
    const port = createWixDataPort(sdk);
    expect((await failure(() => port.query('Tools').eq("x' || 1", 1).find())).code).toBe('VALIDATION');
    expect((await failure(() => port.query('Tools').ascending('a b').count())).code).toBe('VALIDATION');
    expect(calls).toEqual([]);
  });

  it.each([
    ['WDE0073: Item [a] does not exist in collection [BlogPosts].', 'WDE0073', undefined, 'ITEM_NOT_FOUND'],
    ['Item does not exist', undefined, 'WD_ITEM_DOES_NOT_EXIST', 'ITEM_NOT_FOUND'],
    ['WDE0074: An item with _id [a] already exists in collection [BlogPosts].', 'WDE0074', undefined, 'DUPLICATE_ID'],
    ['WDE0123: Unique index violation on field [slug]', 'WDE0123', undefined, 'DUPLICATE_KEY'],
    ['WDE0025: The BlogPostz collection does not exist.', 'WDE0025', undefined, 'UNKNOWN_COLLECTION'],
    ['Collection not found', 'NOT_FOUND', undefined, 'UNKNOWN_COLLECTION'],
    ['WDE0009: Document is too large.', 'WDE0009', undefined, 'ITEM_TOO_LARGE'],
    ['Bad value', undefined, 'WD_VALIDATION_ERROR', 'VALIDATION'],
    ['WDE0004: Failed to save [x] into [BlogPosts]. Items must be JavaScript objects.', 'WDE0004', undefined, 'VALIDATION'],
    ['fetch failed', undefined, undefined, 'STORE_UNAVAILABLE'],
    ['Internal error', 'INTERNAL', undefined, 'STORE_UNAVAILABLE'],
  ])('maps "%s" to a DataError', async (message, applicationCode, code, expected) => {
    const { sdk, failures } = recordingSdk();
    failures.update = wixError(message, applicationCode, code);
    const port = createWixDataPort(sdk);
    const err = await failure(() => port.update('BlogPosts', { _id: 'a', title: 'x' }));
    expect(err.code).toBe(expected);
    expect(err.message).toContain(message);
    expect(err.message).toContain('BlogPosts');
  });

  it('maps failures of queries and bulk calls too', async () => {
    const { sdk, failures } = recordingSdk();
    failures['query.find'] = wixError('WDE0025: The Nope collection does not exist.', 'WDE0025');
    failures.bulkInsert = new Error('socket hang up');
    const port = createWixDataPort(sdk);
    expect((await failure(() => port.query('Nope').find())).code).toBe('UNKNOWN_COLLECTION');
    expect((await failure(() => port.bulkInsert('Tools', [{ name: 'x' }]))).code).toBe('STORE_UNAVAILABLE');
  });

  it('refuses an item over 512 KB before sending it, as the local store does', async () => {
    const { sdk, calls } = recordingSdk();
    const port = createWixDataPort(sdk);
    const big = { title: 'big', body: 'x'.repeat(WIX_LIMITS.maxItemBytes) };
    for (const run of [() => port.insert('BlogPosts', big), () => port.save('BlogPosts', big), () => port.update('BlogPosts', { _id: 'a', ...big })]) {
      const err = await failure(run);
      expect(err.code).toBe('ITEM_TOO_LARGE');
      expect(err.message).toMatch(/BlogPosts is \d{6,} bytes; Wix Data items may be at most 524288 bytes/);
    }
    expect(calls).toEqual([]);
  });

  it('refuses non-items and bad ids before sending', async () => {
    const { sdk, calls } = recordingSdk();
    const port = createWixDataPort(sdk);
    expect((await failure(() => port.insert('Tools', null as never))).code).toBe('VALIDATION');
    expect((await failure(() => port.update('Tools', { title: 'no id' } as never))).code).toBe('VALIDATION');
    expect((await failure(() => port.get('Tools', '' as string))).code).toBe('VALIDATION');
    expect(calls).toEqual([]);
  });

  it('refuses bulk calls over 1000 items without calling Wix', async () => {
    const { sdk, calls } = recordingSdk();
    const port = createWixDataPort(sdk);
    const many = Array.from({ length: 1001 }, (_, i) => ({ _id: String(i), name: 'x' }));
    expect((await failure(() => port.bulkInsert('Tools', many))).code).toBe('BULK_LIMIT_EXCEEDED');
    expect((await failure(() => port.bulkUpdate('Tools', many))).code).toBe('BULK_LIMIT_EXCEEDED');
    expect((await failure(() => port.bulkRemove('Tools', many.map((m) => m._id)))).code).toBe('BULK_LIMIT_EXCEEDED');
    expect(calls).toEqual([]);
  });

  it('sends bulk calls whole and maps per-item errors back to the caller\'s indexes', async () => {
    const { sdk, calls, answers } = recordingSdk();
    const port = createWixDataPort(sdk);
    answers.bulkInsert = bulkOk({
      inserted: 2,
      insertedItemIds: ['a', 'c'],
      errors: [{ message: 'WDE0074: An item with _id [b] already exists', code: 'WDE0074', originalIndex: 1, item: { _id: 'b' } }],
    });
    const big = { _id: 'huge', body: 'x'.repeat(WIX_LIMITS.maxItemBytes) };
    const result = await port.bulkInsert('Tools', [{ _id: 'a' }, big, { _id: 'b' }, { _id: 'c' }]);
    // The oversized item never leaves; Wix sees three items and reports its index 1, which is ours 2.
    expect(calls).toEqual([['bulkInsert', 'Tools', [{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }]]]);
    expect(result.inserted).toBe(2);
    expect(result.insertedItemIds).toEqual(['a', 'c']);
    expect(result.errors.map((e) => [e.index, e.code, e.itemId])).toEqual([
      [1, 'ITEM_TOO_LARGE', 'huge'],
      [2, 'DUPLICATE_ID', 'b'],
    ]);
  });

  it('passes bulk updates and removals through and maps their errors', async () => {
    const { sdk, calls, answers } = recordingSdk();
    const port = createWixDataPort(sdk);
    answers.bulkUpdate = bulkOk({
      updated: 1,
      updatedItemIds: ['a'],
      errors: [{ message: 'WDE0073: Item [m] does not exist in collection [Tools].', code: 'WDE0073', originalIndex: 1, item: { _id: 'm' } }],
    });
    answers.bulkRemove = bulkOk({ removed: 2, removedItemIds: ['a', 'b'] });
    const updated = await port.bulkUpdate('Tools', [
      { _id: 'a', name: 'A' },
      { _id: 'm', name: 'M' },
    ]);
    expect(updated.errors).toEqual([{ index: 1, itemId: 'm', code: 'ITEM_NOT_FOUND', message: expect.stringContaining('does not exist') }]);
    const removed = await port.bulkRemove('Tools', ['a', 'b']);
    expect(removed).toMatchObject({ removed: 2, removedItemIds: ['a', 'b'], errors: [] });
    expect(calls).toEqual([
      [
        'bulkUpdate',
        'Tools',
        [
          { _id: 'a', name: 'A' },
          { _id: 'm', name: 'M' },
        ],
      ],
      ['bulkRemove', 'Tools', ['a', 'b']],
    ]);
  });

  it('uses the real @wix/data items module by default', () => {
    // The real module is typed against WixItemsSdk at compile time; here: it builds without a client.
    expect(() => createWixDataPort()).not.toThrow();
  });
});
