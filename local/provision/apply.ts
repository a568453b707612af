import type { CollectionDef } from '../../src/backend/collections/types';
import { describeStep, type PlanStep, type ProvisionPlan, type SiteCollection, type WixCollection, type WixField, type WixIndex } from './plan';

/**
 * Reading a site's collections and carrying out a provisioning plan, through the parts of the
 * `@wix/data` `collections` and `indexes` modules used here (a test passes a fake).
 */

export interface ProvisionClient {
  collections: {
    listDataCollections(options?: { paging?: { limit?: number; offset?: number } }): Promise<{ collections?: WixCollection[] }>;
    getDataCollection(id: string): Promise<WixCollection>;
    createDataCollection(collection: WixCollection & { _id: string }): Promise<unknown>;
    createDataCollectionField(collectionId: string, options: { field: WixField & { key: string; type: NonNullable<WixField['type']> } }): Promise<unknown>;
    updateDataCollection(collection: WixCollection & { _id: string }): Promise<unknown>;
  };
  indexes: {
    listIndexes(collectionId: string): Promise<{ indexes?: WixIndex[] }>;
    createIndex(collectionId: string, index: WixIndex & { name: string; fields: Array<{ path: string }> }): Promise<unknown>;
  };
}

const PAGE = 100;

/** The site's collections that provisioning compares with (only those declared). */
export async function readSite(client: ProvisionClient, defs: readonly CollectionDef[]): Promise<Map<string, SiteCollection>> {
  const found: WixCollection[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = (await client.collections.listDataCollections({ paging: { limit: PAGE, offset } })).collections ?? [];
    found.push(...page);
    if (page.length < PAGE) break;
  }
  const wanted = new Set(defs.map((d) => d.id));
  const site = new Map<string, SiteCollection>();
  for (const c of found) {
    if (!c._id || !wanted.has(c._id)) continue;
    const { indexes = [] } = await client.indexes.listIndexes(c._id);
    site.set(c._id, {
      id: c._id,
      fields: (c.fields ?? []).filter((f) => f.key).map((f) => ({ key: f.key as string, type: f.type ?? null })),
      permissions: c.permissions ?? {},
      indexes,
    });
  }
  return site;
}

export interface ApplyReport {
  done: PlanStep[];
  failed: Array<{ step: PlanStep; error: string }>;
}

/** Carries out every change of the plan in order; a failed step is reported and the rest go on. */
export async function applyPlan(client: ProvisionClient, plan: ProvisionPlan, log: (line: string) => void): Promise<ApplyReport> {
  const report: ApplyReport = { done: [], failed: [] };
  const failedCollections = new Set<string>();
  for (const step of plan.steps) {
    if (step.kind === 'unchanged' || step.kind === 'warning') continue;
    if (failedCollections.has(step.collectionId)) {
      report.failed.push({ step, error: 'skipped: creating the collection failed' });
      continue;
    }
    try {
      await run(client, step);
      report.done.push(step);
      log(`done   ${step.collectionId}: ${describeStep(step)}`);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      report.failed.push({ step, error });
      if (step.kind === 'createCollection') failedCollections.add(step.collectionId);
      log(`FAILED ${step.collectionId}: ${describeStep(step)}: ${error}`);
    }
  }
  return report;
}

async function run(client: ProvisionClient, step: PlanStep): Promise<void> {
  switch (step.kind) {
    case 'createCollection':
      await client.collections.createDataCollection({ ...step.request, _id: step.collectionId });
      return;
    case 'createField':
      await client.collections.createDataCollectionField(step.collectionId, {
        field: { ...step.field, key: step.field.key as string, type: step.field.type as NonNullable<WixField['type']> },
      });
      return;
    case 'updatePermissions': {
      // An update replaces the collection whole and needs its current revision.
      const current = await client.collections.getDataCollection(step.collectionId);
      await client.collections.updateDataCollection({ ...current, _id: step.collectionId, permissions: step.to });
      return;
    }
    case 'createIndex':
      await client.indexes.createIndex(step.collectionId, {
        ...step.index,
        name: step.index.name as string,
        fields: (step.index.fields ?? []).map((f) => ({ ...f, path: f.path as string })),
      });
      return;
    default:
      return;
  }
}
