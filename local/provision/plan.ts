import type { collections, indexes } from '@wix/data';
import type { CollectionDef, FieldDef } from '../../src/backend/collections/types';
import { indexName } from '../adapters/sqlite/schema';

/**
 * What `npm run provision` would do: the declared collections mapped onto the Wix Data
 * collections API (`createDataCollection`, `createDataCollectionField`, `createIndex`), compared
 * with what the site already has when that is known. Pure, so it is unit-tested without a site.
 */

export type WixCollection = collections.DataCollection;
export type WixField = NonNullable<WixCollection['fields']>[number];
export type WixPermissions = NonNullable<WixCollection['permissions']>;
export type WixIndex = indexes.Index;

/** What the site already has, as far as provisioning cares. */
export interface SiteCollection {
  id: string;
  fields: Array<{ key: string; type?: string | null }>;
  permissions?: Partial<Record<keyof CollectionDef['permissions'], string | null>>;
  indexes: Array<{ name?: string | null; unique?: boolean | null; fields?: Array<{ path?: string | null; order?: string | null }> }>;
}

export type PlanStep =
  | { kind: 'createCollection'; collectionId: string; request: WixCollection }
  | { kind: 'createField'; collectionId: string; field: WixField }
  | { kind: 'updatePermissions'; collectionId: string; from: SiteCollection['permissions']; to: WixPermissions }
  | { kind: 'createIndex'; collectionId: string; index: WixIndex }
  | { kind: 'warning'; collectionId: string; message: string }
  | { kind: 'unchanged'; collectionId: string };

export interface ProvisionPlan {
  /** False when the site was not read (dry run): every collection is planned as new. */
  comparedWithSite: boolean;
  steps: PlanStep[];
}

export function wixField(field: FieldDef): WixField {
  return {
    key: field.key,
    displayName: field.displayName,
    type: field.type,
    required: field.required === true,
    description: field.description,
    ...(field.type === 'REFERENCE' && field.referencedCollection
      ? { typeMetadata: { reference: { referencedCollectionId: field.referencedCollection } } }
      : {}),
  };
}

/** The `createDataCollection` request for a declaration. */
export function collectionRequest(def: CollectionDef): WixCollection {
  return {
    _id: def.id,
    displayName: def.displayName,
    fields: def.fields.map(wixField),
    permissions: { ...def.permissions },
  };
}

/** The `createIndex` requests for a declaration's indexes. */
export function indexRequests(def: CollectionDef): WixIndex[] {
  return def.indexes.map((index) => ({
    name: indexName(def, index),
    fields: index.fields.map((f) => ({ path: f.key, order: f.order ?? 'ASC' })),
    unique: index.unique === true,
  }));
}

export function buildPlan(defs: readonly CollectionDef[], site?: ReadonlyMap<string, SiteCollection>): ProvisionPlan {
  const steps: PlanStep[] = [];
  for (const def of defs) {
    const existing = site?.get(def.id);
    if (!existing) {
      steps.push({ kind: 'createCollection', collectionId: def.id, request: collectionRequest(def) });
      for (const index of indexRequests(def)) steps.push({ kind: 'createIndex', collectionId: def.id, index });
      continue;
    }
    const before = steps.length;
    const siteFields = new Map(existing.fields.map((f) => [f.key, f]));
    for (const field of def.fields) {
      const found = siteFields.get(field.key);
      if (!found) steps.push({ kind: 'createField', collectionId: def.id, field: wixField(field) });
      else if (found.type && found.type !== field.type) {
        // Changing a field's type can lose data on a live site, so it is reported, never done.
        steps.push({
          kind: 'warning',
          collectionId: def.id,
          message: `field "${field.key}" is ${found.type} on the site but declared ${field.type}; change it in the CMS by hand if intended`,
        });
      }
    }
    const roles = ['read', 'insert', 'update', 'remove'] as const;
    if (roles.some((r) => (existing.permissions?.[r] ?? undefined) !== def.permissions[r])) {
      steps.push({ kind: 'updatePermissions', collectionId: def.id, from: existing.permissions, to: { ...def.permissions } });
    }
    for (const index of indexRequests(def)) {
      if (!existing.indexes.some((have) => sameIndex(have, index))) steps.push({ kind: 'createIndex', collectionId: def.id, index });
    }
    if (steps.length === before) steps.push({ kind: 'unchanged', collectionId: def.id });
  }
  return { comparedWithSite: site !== undefined, steps };
}

/** Indexes match by their fields, order and uniqueness; names may differ on the site. */
function sameIndex(have: SiteCollection['indexes'][number], want: WixIndex): boolean {
  const a = (have.fields ?? []).map((f) => `${f.path}:${f.order ?? 'ASC'}`).join(',');
  const b = (want.fields ?? []).map((f) => `${f.path}:${f.order ?? 'ASC'}`).join(',');
  return a === b && (have.unique === true) === (want.unique === true);
}

export function isChange(step: PlanStep): boolean {
  return step.kind !== 'unchanged' && step.kind !== 'warning';
}

/** The plan as text for a terminal. */
export function renderPlan(plan: ProvisionPlan): string {
  const lines: string[] = [];
  const byCollection = new Map<string, PlanStep[]>();
  for (const step of plan.steps) byCollection.set(step.collectionId, [...(byCollection.get(step.collectionId) ?? []), step]);
  lines.push(
    plan.comparedWithSite
      ? 'Provisioning plan (compared with the site):'
      : 'Provisioning plan (dry run: the site was not read, so every collection is shown as it would be created if missing):',
    '',
  );
  for (const [id, steps] of byCollection) {
    lines.push(`${id}`);
    for (const step of steps) lines.push(`  ${describeStep(step)}`);
  }
  const changes = plan.steps.filter(isChange);
  const count = (kind: PlanStep['kind']) => plan.steps.filter((s) => s.kind === kind).length;
  lines.push(
    '',
    `${changes.length} change(s): ${count('createCollection')} collection(s) to create, ${count('createField')} field(s) to add, ` +
      `${count('updatePermissions')} permission update(s), ${count('createIndex')} index(es) to create; ${count('warning')} warning(s).`,
  );
  return lines.join('\n');
}

export function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case 'createCollection': {
      const fields = step.request.fields ?? [];
      const p = step.request.permissions ?? {};
      return (
        `+ create collection "${step.request.displayName}" with ${fields.length} fields ` +
        `(${fields.map((f) => `${f.key}:${f.type}${f.required ? '*' : ''}`).join(', ')}); ` +
        `permissions read=${p.read} insert=${p.insert} update=${p.update} remove=${p.remove}`
      );
    }
    case 'createField':
      return `+ add field ${step.field.key}:${step.field.type}${step.field.required ? ' (required)' : ''}`;
    case 'updatePermissions':
      return `~ set permissions read=${step.to.read} insert=${step.to.insert} update=${step.to.update} remove=${step.to.remove} (site has ${JSON.stringify(step.from ?? {})})`;
    case 'createIndex':
      return `+ create ${step.index.unique ? 'unique ' : ''}index ${step.index.name} on ${(step.index.fields ?? []).map((f) => `${f.path} ${f.order}`).join(', ')}`;
    case 'warning':
      return `! ${step.message}`;
    case 'unchanged':
      return '= up to date';
  }
}
