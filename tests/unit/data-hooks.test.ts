import { withDataHooks, type HookContext } from '../../local/adapters/data-hooks';
import { createSqliteDataPort, type SqliteDataPort } from '../../local/adapters/sqlite-data';
import { DataError, type DataItem, type DataPort } from '../../src/backend/ports/data';
import { CONTRACT_COLLECTIONS, describeDataPortContract } from '../contract/data-port.contract';

const C = 'ContractItems';

// With hooks that hand items straight back, the wrapped port must still honour the whole contract.
describeDataPortContract('SQLite behind withDataHooks', async () => {
  const base = createSqliteDataPort({ file: ':memory:', collections: CONTRACT_COLLECTIONS });
  const same = (value: unknown) => value;
  const hooks = Object.fromEntries(
    ['beforeInsert', 'afterInsert', 'beforeUpdate', 'afterUpdate', 'beforeRemove', 'afterRemove', 'afterGet', 'afterQuery'].map((h) => [
      `ContractItems_${h}`,
      same,
    ]),
  );
  const port = withDataHooks(base, hooks, async () => ({ userRole: 'admin' }));
  return { port, cleanup: async () => base.close() };
});

describe('withDataHooks', () => {
  let base: SqliteDataPort;
  let calls: Array<[string, unknown, HookContext]>;
  let hooks: Record<string, unknown>;
  let who: { userId?: string; userRole: 'visitor' | 'member' | 'admin' };
  let port: DataPort;

  const record = (name: string) => (value: unknown, ctx: HookContext) => {
    calls.push([name, value, ctx]);
    return value;
  };

  beforeEach(() => {
    base = createSqliteDataPort({ file: ':memory:', collections: CONTRACT_COLLECTIONS });
    calls = [];
    hooks = {};
    who = { userId: 'm-1', userRole: 'member' };
    port = withDataHooks(base, hooks, async () => who);
  });
  afterEach(() => base.close());

  it('passes items through beforeInsert (sync or async) and afterInsert, with the Velo context', async () => {
    hooks.ContractItems_beforeInsert = async (item: DataItem, ctx: HookContext) => {
      calls.push(['beforeInsert', { ...item }, ctx]);
      return { ...item, title: String(item.title).trim().toUpperCase() };
    };
    hooks.ContractItems_afterInsert = (item: DataItem, ctx: HookContext) => {
      calls.push(['afterInsert', item, ctx]);
      return { ...item, decorated: true };
    };
    const result = await port.insert(C, { title: '  hello ' });
    expect(result).toMatchObject({ title: 'HELLO', decorated: true });
    expect((await base.get(C, result._id))!.title).toBe('HELLO');
    expect(await base.get(C, result._id)).not.toHaveProperty('decorated');
    expect(calls.map((c) => c[0])).toEqual(['beforeInsert', 'afterInsert']);
    expect(calls[0][2]).toEqual({ collectionName: C, userId: 'm-1', userRole: 'member' });
    expect((calls[1][1] as DataItem)._id).toBe(result._id);
  });

  it('aborts the insert with the error a beforeInsert hook rejects with', async () => {
    hooks.ContractItems_beforeInsert = async () => {
      throw new Error('not allowed');
    };
    await expect(port.insert(C, { title: 'x' })).rejects.toThrow('not allowed');
    expect(await base.query(C).count()).toBe(0);
  });

  it('refuses a before hook that forgets to return the item', async () => {
    hooks.ContractItems_beforeInsert = () => undefined;
    await expect(port.insert(C, { title: 'x' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('ContractItems_beforeInsert') });
  });

  it('runs update hooks', async () => {
    const item = await base.insert(C, { title: 'a' });
    hooks.ContractItems_beforeUpdate = (i: DataItem, ctx: HookContext) => {
      calls.push(['beforeUpdate', i, ctx]);
      return { ...i, rank: 7 };
    };
    hooks.ContractItems_afterUpdate = record('afterUpdate');
    const updated = await port.update(C, { _id: item._id, title: 'b' });
    expect(updated).toMatchObject({ title: 'b', rank: 7 });
    expect(calls.map((c) => c[0])).toEqual(['beforeUpdate', 'afterUpdate']);
  });

  it('save runs insert hooks for a new item and update hooks for an existing one', async () => {
    for (const name of ['beforeInsert', 'afterInsert', 'beforeUpdate', 'afterUpdate']) hooks[`ContractItems_${name}`] = record(name);
    await port.save(C, { _id: 'one', title: 'new' });
    await port.save(C, { _id: 'one', title: 'again' });
    await port.save(C, { title: 'no id' });
    expect(calls.map((c) => c[0])).toEqual(['beforeInsert', 'afterInsert', 'beforeUpdate', 'afterUpdate', 'beforeInsert', 'afterInsert']);
  });

  it('runs beforeRemove with the id (it may redirect it) and afterRemove with the removed item', async () => {
    const a = await base.insert(C, { title: 'a' });
    const b = await base.insert(C, { title: 'b' });
    hooks.ContractItems_beforeRemove = (id: string, ctx: HookContext) => {
      calls.push(['beforeRemove', id, ctx]);
      return id === a._id ? b._id : id;
    };
    hooks.ContractItems_afterRemove = record('afterRemove');
    const removed = await port.remove(C, a._id);
    expect(removed!._id).toBe(b._id);
    expect(await base.get(C, a._id)).not.toBeNull();
    expect(await base.get(C, b._id)).toBeNull();
    expect(calls.map((c) => [c[0], typeof c[1] === 'string' ? c[1] : (c[1] as DataItem)._id])).toEqual([
      ['beforeRemove', a._id],
      ['afterRemove', b._id],
    ]);
  });

  it('does not run afterRemove when nothing was removed', async () => {
    hooks.ContractItems_afterRemove = record('afterRemove');
    expect(await port.remove(C, 'missing')).toBeNull();
    expect(calls).toEqual([]);
  });

  it('runs afterGet on found items only, and afterQuery on each queried item', async () => {
    const item = await base.insert(C, { title: 'a' });
    await base.insert(C, { title: 'b' });
    hooks.ContractItems_afterGet = (i: DataItem) => ({ ...i, seen: 'get' });
    hooks.ContractItems_afterQuery = (i: DataItem) => ({ ...i, seen: 'query' });
    expect(await port.get(C, item._id)).toMatchObject({ seen: 'get' });
    expect(await port.get(C, 'missing')).toBeNull();
    const page = await port.query(C).ascending('title').limit(1).find();
    expect(page.items).toEqual([expect.objectContaining({ title: 'a', seen: 'query' })]);
    expect(page.totalCount).toBe(2);
    expect((await page.next()).items).toEqual([expect.objectContaining({ title: 'b', seen: 'query' })]);
    expect(await port.query(C).eq('title', 'b').count()).toBe(1);
  });

  it('looks hooks up by name at call time', async () => {
    await port.insert(C, { title: 'before' });
    hooks.ContractItems_beforeInsert = (i: DataItem) => ({ ...i, title: 'hooked' });
    expect((await port.insert(C, { title: 'after' })).title).toBe('hooked');
    delete hooks.ContractItems_beforeInsert;
    expect((await port.insert(C, { title: 'plain' })).title).toBe('plain');
  });

  it('only runs hooks of the collection being written', async () => {
    hooks.ContractPairs_beforeInsert = record('pairs');
    await port.insert(C, { title: 'x' });
    expect(calls).toEqual([]);
  });

  it('gives hooks the current caller', async () => {
    hooks.ContractItems_beforeInsert = record('beforeInsert');
    who = { userRole: 'visitor' };
    await port.insert(C, { title: 'x' });
    who = { userId: 'admin-1', userRole: 'admin' };
    await port.insert(C, { title: 'y' });
    expect(calls.map((c) => c[2])).toEqual([
      { collectionName: C, userId: undefined, userRole: 'visitor' },
      { collectionName: C, userId: 'admin-1', userRole: 'admin' },
    ]);
  });

  it('runs hooks per item in bulk calls; a failing hook fails only its item', async () => {
    hooks.ContractItems_beforeInsert = (i: DataItem) => {
      if (i.title === 'reject') throw new DataError('VALIDATION', 'rejected by hook');
      return { ...i, title: String(i.title).toUpperCase() };
    };
    hooks.ContractItems_afterInsert = record('afterInsert');
    const result = await port.bulkInsert(C, [{ title: 'a' }, { title: 'reject' }, { rank: 1, title: '' }, { title: 'b' }]);
    expect(result.inserted).toBe(2);
    expect(result.errors.map((e) => [e.index, e.code])).toEqual([
      [1, 'VALIDATION'],
      [2, 'VALIDATION'],
    ]);
    expect(result.errors[0].message).toBe('rejected by hook');
    expect((await base.query(C).ascending('title').find()).items.map((i) => i.title)).toEqual(['A', 'B']);
    expect(calls.map((c) => (c[1] as DataItem).title).sort()).toEqual(['A', 'B']);
  });

  it('runs update and remove hooks in bulk calls', async () => {
    const a = await base.insert(C, { title: 'a' });
    const b = await base.insert(C, { title: 'b' });
    hooks.ContractItems_beforeUpdate = (i: DataItem) => ({ ...i, rank: 1 });
    hooks.ContractItems_afterUpdate = record('afterUpdate');
    const updated = await port.bulkUpdate(C, [{ _id: a._id, title: 'a2' }, { _id: 'missing', title: 'm' }]);
    expect(updated.updated).toBe(1);
    expect(updated.errors).toEqual([expect.objectContaining({ index: 1, code: 'ITEM_NOT_FOUND' })]);
    expect(await base.get(C, a._id)).toMatchObject({ title: 'a2', rank: 1 });

    hooks.ContractItems_beforeRemove = (id: string) => {
      if (id === a._id) throw new Error('keep a');
      return id;
    };
    hooks.ContractItems_afterRemove = record('afterRemove');
    const removed = await port.bulkRemove(C, [a._id, b._id]);
    expect(removed.removedItemIds).toEqual([b._id]);
    expect(removed.errors).toEqual([expect.objectContaining({ index: 0, itemId: a._id, message: 'keep a' })]);
    expect(calls.map((c) => [c[0], (c[1] as DataItem).title])).toEqual([
      ['afterUpdate', 'a2'],
      ['afterRemove', 'b'],
    ]);
  });

  it('refuses oversized bulk calls before running any hook', async () => {
    hooks.ContractItems_beforeInsert = record('beforeInsert');
    const many = Array.from({ length: 1001 }, (_, i) => ({ title: `t${i}` }));
    await expect(port.bulkInsert(C, many)).rejects.toMatchObject({ code: 'BULK_LIMIT_EXCEEDED' });
    expect(calls).toEqual([]);
  });
});
