import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteDataPort, type SqliteDataPort } from '../../local/adapters/sqlite-data';
import { selectSql } from '../../local/adapters/sqlite/query-sql';
import { COLLECTIONS } from '../../src/backend/collections';
import type { CollectionDef } from '../../src/backend/collections/types';
import { DataError } from '../../src/backend/ports/data';
import { CONTRACT_COLLECTIONS, describeDataPortContract } from '../contract/data-port.contract';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fhiriq-sqlite-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeDataPortContract('SQLite adapter (temp file)', async () => {
  const dir = tempDir();
  const port = createSqliteDataPort({ file: join(dir, 'data.db'), collections: CONTRACT_COLLECTIONS });
  return {
    port,
    async cleanup() {
      port.close();
    },
  };
});

describeDataPortContract('SQLite adapter (:memory:)', async () => {
  const port = createSqliteDataPort({ file: ':memory:', collections: CONTRACT_COLLECTIONS });
  return {
    port,
    async cleanup() {
      port.close();
    },
  };
});

describe('SQLite adapter specifics', () => {
  const open = (file: string, collections: readonly CollectionDef[] = CONTRACT_COLLECTIONS, extra = {}) =>
    createSqliteDataPort({ file, collections, ...extra });

  it('keeps data across close and reopen of the same file', async () => {
    const file = join(tempDir(), 'nested', 'deeper', 'site.db');
    const first = open(file);
    const at = new Date('2024-06-01T12:00:00.000Z');
    const item = await first.insert('ContractItems', { title: 'persisted', at, tags: ['a'], code: 'P' });
    first.close();
    expect(existsSync(file)).toBe(true);

    const second = open(file);
    const again = await second.get('ContractItems', item._id);
    expect(again).toEqual(item);
    expect((again!.at as Date).toISOString()).toBe(at.toISOString());
    // The unique index still holds after reopening.
    const err = await second.insert('ContractItems', { title: 'dup', code: 'P' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DUPLICATE_KEY' });
    second.close();
  });

  it('uses WAL journaling on files', async () => {
    const file = join(tempDir(), 'wal.db');
    const port = open(file);
    await port.insert('ContractItems', { title: 'w' });
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    port.close();
  });

  it('creates every declared collection of the site, and opening twice is harmless', async () => {
    const file = join(tempDir(), 'site.db');
    open(file, COLLECTIONS).close();
    const port = open(file, COLLECTIONS);
    for (const def of COLLECTIONS) expect(await port.query(def.id).count()).toBe(0);
    const raw = new Database(file, { readonly: true });
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables.sort()).toEqual(COLLECTIONS.map((c) => c.id).sort());
    raw.close();
    port.close();
  });

  it('drops indexes a changed declaration no longer has', async () => {
    const file = join(tempDir(), 'changed.db');
    const first = open(file);
    await first.insert('ContractItems', { title: 'a', code: 'SAME' });
    first.close();
    const relaxed = CONTRACT_COLLECTIONS.map((def) => (def.id === 'ContractItems' ? { ...def, indexes: [] } : def));
    const second = open(file, relaxed);
    await expect(second.insert('ContractItems', { title: 'b', code: 'SAME' })).resolves.toMatchObject({ code: 'SAME' });
    second.close();
  });

  it('uses the declared expression indexes for equality filters', () => {
    const file = join(tempDir(), 'plan.db');
    open(file).close();
    const raw = new Database(file, { readonly: true });
    const { sql, params } = selectSql({ collection: 'ContractItems', filters: [{ op: 'eq', field: 'code', value: 'X' }], sort: [] });
    const plan = raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toContain('ux_ContractItems_code');
    raw.close();
  });

  it('stamps dates from the injected clock and the owner from the caller', async () => {
    let now = new Date('2025-01-01T00:00:00.000Z');
    let owner: string | undefined = 'member-1';
    const port = open(':memory:', CONTRACT_COLLECTIONS, { clock: { now: () => now }, owner: async () => owner });
    const item = await port.insert('ContractItems', { title: 't' });
    expect(item._createdDate).toEqual(new Date('2025-01-01T00:00:00.000Z'));
    expect(item._owner).toBe('member-1');

    now = new Date('2025-02-01T00:00:00.000Z');
    owner = 'someone-else';
    const updated = await port.update('ContractItems', { _id: item._id, title: 't2', _owner: 'forged' });
    expect(updated._createdDate).toEqual(new Date('2025-01-01T00:00:00.000Z'));
    expect(updated._updatedDate).toEqual(new Date('2025-02-01T00:00:00.000Z'));
    expect(updated._owner).toBe('member-1');

    owner = undefined;
    const anonymous = await port.insert('ContractItems', { title: 'anon' });
    expect(anonymous).not.toHaveProperty('_owner');
    const explicit = await port.insert('ContractItems', { title: 'for a member', _owner: 'member-9' });
    expect(explicit._owner).toBe('member-9');
    expect(await port.query('ContractItems').eq('_owner', 'member-1').count()).toBe(1);
    port.close();
  });

  it('treats SQL in values and field names as data, never as SQL', async () => {
    const file = join(tempDir(), 'inject.db');
    const port = open(file);
    const payloads = [
      "x'); DROP TABLE ContractItems; --",
      "' OR '1'='1",
      '"); DELETE FROM ContractItems; --',
      "$.title') IS NOT NULL OR ('",
    ];
    for (const p of payloads) {
      const item = await port.insert('ContractItems', { title: p, [`note`]: p, tags: [p] });
      expect(await port.get('ContractItems', item._id)).toMatchObject({ title: p, tags: [p] });
      expect(await port.query('ContractItems').eq('title', p).count()).toBe(1);
      expect(await port.query('ContractItems').hasSome('tags', [p]).count()).toBe(1);
      expect(await port.get('ContractItems', p)).toBeNull();
      expect(await port.remove('ContractItems', p)).toBeNull();
    }
    const hostileFields = [
      "title') = 'x' OR 1=1 --",
      'title"; DROP TABLE ContractItems; --',
      "title' || (SELECT 1) || '",
      'title)) OR ((1',
    ];
    for (const field of hostileFields) {
      for (const run of [
        () => port.query('ContractItems').eq(field, 'x').find(),
        () => port.query('ContractItems').descending(field).find(),
        () => port.query('ContractItems').hasSome(field, ['x']).count(),
      ]) {
        const err = await run().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DataError);
        expect((err as DataError).code).toBe('VALIDATION');
      }
    }
    // A collection name is never trusted either.
    const err = await port.query('ContractItems; DROP TABLE ContractItems').find().catch((e: unknown) => e);
    expect((err as DataError).code).toBe('UNKNOWN_COLLECTION');
    expect(await port.query('ContractItems').count()).toBe(payloads.length);
    port.close();
    const raw = new Database(file, { readonly: true });
    expect((raw.prepare('SELECT COUNT(*) AS n FROM ContractItems').get() as { n: number }).n).toBe(payloads.length);
    raw.close();
  });

  it('reports STORE_UNAVAILABLE once the store is closed', async () => {
    const port: SqliteDataPort = open(':memory:');
    port.close();
    const err = await port.get('ContractItems', 'x').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const bulkErr = await port.bulkInsert('ContractItems', [{ title: 'x' }]).catch((e: unknown) => e);
    expect(bulkErr).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('reports STORE_UNAVAILABLE when the file cannot be opened', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a-file'), '');
    let err: unknown;
    try {
      open(join(dir, 'a-file', 'x.db'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('a-file') });
  });

  it('enforces the site declarations: required fields and unique slugs', async () => {
    const port = open(':memory:', COLLECTIONS);
    const post = {
      title: 'Hello FHIR',
      slug: 'hello-fhir',
      excerpt: 'x',
      body: '<p>x</p>',
      author: 'A',
      publishedDate: new Date('2024-01-01T00:00:00Z'),
      published: true,
    };
    await port.insert('BlogPosts', post);
    await expect(port.insert('BlogPosts', post)).rejects.toMatchObject({ code: 'DUPLICATE_KEY' });
    await expect(port.insert('BlogPosts', { ...post, slug: 'other', published: undefined })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('published'),
    });
    port.close();
  });
});
