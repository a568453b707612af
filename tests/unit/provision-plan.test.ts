import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { collections as wixCollections } from '@wix/data';
import { applyPlan, readSite, type ProvisionClient } from '../../local/provision/apply';
import { buildPlan, collectionRequest, indexRequests, renderPlan, type SiteCollection } from '../../local/provision/plan';
import { COLLECTIONS, findCollection } from '../../src/backend/collections';

const ROOT = join(__dirname, '..', '..');
const orders = findCollection('Orders')!;

/** The site as provisioning would find it after creating everything as declared. */
function siteAsDeclared(): Map<string, SiteCollection> {
  return new Map(
    COLLECTIONS.map((def) => [
      def.id,
      {
        id: def.id,
        fields: def.fields.map((f) => ({ key: f.key, type: f.type })),
        permissions: { ...def.permissions },
        indexes: indexRequests(def).map((i) => ({ ...i, name: `wix-named-${i.name}` })),
      },
    ]),
  );
}

describe('collectionRequest', () => {
  it('maps a declaration onto the createDataCollection request', () => {
    const request = collectionRequest(orders);
    expect(request).toMatchObject({ _id: 'Orders', displayName: 'Orders', permissions: orders.permissions });
    expect(request.fields).toHaveLength(orders.fields.length);
    expect(request.fields![0]).toEqual({
      key: 'orderNumber',
      displayName: 'Order number',
      type: 'TEXT',
      required: true,
      description: orders.fields[0].description,
    });
    expect(request.fields!.find((f) => f.key === 'customerId')).toEqual(
      expect.objectContaining({ type: 'REFERENCE', required: false, typeMetadata: { reference: { referencedCollectionId: 'Customers' } } }),
    );
  });

  it('uses only field types and roles that the Wix collections API knows', () => {
    const types = new Set<string>(Object.values(wixCollections.Type));
    const roles = new Set<string>(Object.values(wixCollections.Role));
    for (const def of COLLECTIONS) {
      const request = collectionRequest(def);
      for (const field of request.fields!) expect(types).toContain(field.type);
      for (const role of Object.values(request.permissions!)) expect(roles).toContain(role);
    }
  });
});

describe('indexRequests', () => {
  it('maps indexes with path, order and uniqueness, and names them uniquely', () => {
    expect(indexRequests(findCollection('WebhookEvents')!)).toEqual([
      {
        name: 'ux_WebhookEvents_provider_eventId',
        fields: [
          { path: 'provider', order: 'ASC' },
          { path: 'eventId', order: 'ASC' },
        ],
        unique: true,
      },
    ]);
    expect(indexRequests(findCollection('BlogPosts')!)[1]).toEqual({
      name: 'ix_BlogPosts_publishedDate_desc',
      fields: [{ path: 'publishedDate', order: 'DESC' }],
      unique: false,
    });
    const names = COLLECTIONS.flatMap((def) => indexRequests(def).map((i) => i.name));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('buildPlan', () => {
  it('without the site, plans every collection and index as new', () => {
    const plan = buildPlan(COLLECTIONS);
    expect(plan.comparedWithSite).toBe(false);
    expect(plan.steps.filter((s) => s.kind === 'createCollection').map((s) => s.collectionId)).toEqual(COLLECTIONS.map((c) => c.id));
    expect(plan.steps.filter((s) => s.kind === 'createIndex')).toHaveLength(COLLECTIONS.reduce((n, c) => n + c.indexes.length, 0));
  });

  it('finds nothing to do when the site matches (index names may differ)', () => {
    const plan = buildPlan(COLLECTIONS, siteAsDeclared());
    expect(plan.comparedWithSite).toBe(true);
    expect(plan.steps.every((s) => s.kind === 'unchanged')).toBe(true);
  });

  it('plans only the differences', () => {
    const site = siteAsDeclared();
    site.delete('Tools');
    const orderSite = site.get('Orders')!;
    orderSite.fields = orderSite.fields.filter((f) => f.key !== 'paidAt').map((f) => (f.key === 'totalCents' ? { ...f, type: 'TEXT' } : f));
    orderSite.permissions = { ...orderSite.permissions, read: 'ANYONE' };
    orderSite.indexes = orderSite.indexes.filter((i) => !i.unique);
    const plan = buildPlan(COLLECTIONS, site);
    const forOrders = plan.steps.filter((s) => s.collectionId === 'Orders');
    expect(forOrders.map((s) => s.kind)).toEqual(['warning', 'createField', 'updatePermissions', 'createIndex']);
    expect(forOrders[0]).toMatchObject({ message: expect.stringContaining('totalCents') });
    expect(forOrders[1]).toMatchObject({ field: { key: 'paidAt', type: 'DATETIME' } });
    expect(forOrders[2]).toMatchObject({ to: orders.permissions });
    expect(forOrders[3]).toMatchObject({ index: { name: 'ux_Orders_orderNumber', unique: true } });
    expect(plan.steps.filter((s) => s.collectionId === 'Tools').map((s) => s.kind)).toEqual(['createCollection', 'createIndex', 'createIndex']);
    expect(plan.steps.filter((s) => s.kind !== 'unchanged').map((s) => s.collectionId).sort()).toEqual([
      'Orders',
      'Orders',
      'Orders',
      'Orders',
      'Tools',
      'Tools',
      'Tools',
    ]);
  });

  it('renders a readable plan', () => {
    const text = renderPlan(buildPlan(COLLECTIONS));
    expect(text).toContain('dry run');
    for (const def of COLLECTIONS) expect(text).toContain(`\n${def.id}\n`);
    expect(text).toContain('+ create unique index ux_Products_sku on sku ASC');
    expect(text).toContain(`${COLLECTIONS.length} collection(s) to create`);
  });
});

describe('readSite and applyPlan', () => {
  function fakeClient(existing: Array<{ _id: string; fields: Array<{ key: string; type: 'TEXT' }> }>, failOn?: string) {
    const calls: unknown[][] = [];
    const client: ProvisionClient = {
      collections: {
        listDataCollections: async (options) => {
          calls.push(['listDataCollections', options]);
          return { collections: options?.paging?.offset ? [] : existing };
        },
        getDataCollection: async (id) => {
          calls.push(['getDataCollection', id]);
          return { _id: id, revision: '7', fields: [] };
        },
        createDataCollection: async (c) => {
          calls.push(['createDataCollection', c._id]);
          if (c._id === failOn) throw new Error('quota reached');
        },
        createDataCollectionField: async (id, { field }) => {
          calls.push(['createDataCollectionField', id, field.key]);
        },
        updateDataCollection: async (c) => {
          calls.push(['updateDataCollection', c._id, c.revision, c.permissions]);
        },
      },
      indexes: {
        listIndexes: async (id) => {
          calls.push(['listIndexes', id]);
          return { indexes: [] };
        },
        createIndex: async (id, index) => {
          calls.push(['createIndex', id, index.name]);
        },
      },
    };
    return { client, calls };
  }

  it('reads only the declared collections of the site', async () => {
    const { client, calls } = fakeClient([
      { _id: 'Tools', fields: [{ key: 'name', type: 'TEXT' }] },
      { _id: 'SomethingElse', fields: [] },
    ]);
    const site = await readSite(client, COLLECTIONS);
    expect([...site.keys()]).toEqual(['Tools']);
    expect(site.get('Tools')!.fields).toEqual([{ key: 'name', type: 'TEXT' }]);
    expect(calls.filter((c) => c[0] === 'listIndexes')).toEqual([['listIndexes', 'Tools']]);
  });

  it('makes every change in order, keeps going after a failure, and skips the rest of a failed collection', async () => {
    const { client, calls } = fakeClient([], 'BlogPosts');
    const tools = findCollection('Tools')!;
    const blog = findCollection('BlogPosts')!;
    const site = new Map<string, SiteCollection>([
      ['Tools', { id: 'Tools', fields: [{ key: 'name', type: 'TEXT' }], permissions: { read: 'ADMIN' }, indexes: [] }],
    ]);
    const plan = buildPlan([blog, tools], site);
    const log: string[] = [];
    const report = await applyPlan(client, plan, (line) => log.push(line));
    expect(calls).toEqual([
      ['createDataCollection', 'BlogPosts'],
      ...tools.fields.filter((f) => f.key !== 'name').map((f) => ['createDataCollectionField', 'Tools', f.key]),
      ['getDataCollection', 'Tools'],
      ['updateDataCollection', 'Tools', '7', tools.permissions],
      ['createIndex', 'Tools', 'ux_Tools_slug'],
      ['createIndex', 'Tools', 'ix_Tools_order'],
    ]);
    expect(report.failed.map((f) => [f.step.kind, f.error])).toEqual([
      ['createCollection', 'quota reached'],
      ['createIndex', 'skipped: creating the collection failed'],
      ['createIndex', 'skipped: creating the collection failed'],
    ]);
    expect(log.some((l) => l.startsWith('FAILED BlogPosts'))).toBe(true);
  });
});

describe('npm run provision', () => {
  const run = (args: string[]) => {
    const env = { ...process.env };
    delete env.WIX_API_KEY;
    delete env.WIX_SITE_ID;
    return spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'provision.ts'), ...args], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 25_000,
    });
  };

  it('is a dry run by default: prints the plan and exits 0', () => {
    const result = run([]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Provisioning plan');
    expect(result.stdout).toContain('+ create collection "Blog Posts"');
    expect(result.stdout).toContain('Dry run: nothing was sent');
  });

  it('refuses --apply without credentials, saying what is missing', () => {
    const result = run(['--apply']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('WIX_API_KEY and WIX_SITE_ID');
  });
});
