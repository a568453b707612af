import type { CollectionDef } from '../../src/backend/collections/types';

/**
 * Sanity checks of the collection declarations, so a typo fails a test instead of reaching the
 * SQLite tables, the CMS docs or a real site. Returns one sentence per problem.
 */

const COLLECTION_ID = /^[A-Z][A-Za-z0-9]*$/;
const FIELD_KEY = /^[a-z][A-Za-z0-9]*$/;

export function declarationProblems(collections: readonly CollectionDef[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const def of collections) {
    if (!COLLECTION_ID.test(def.id)) problems.push(`Collection id "${def.id}" must match ${COLLECTION_ID}`);
    if (ids.has(def.id)) problems.push(`Collection id "${def.id}" is declared twice`);
    ids.add(def.id);
    if (!def.displayName.trim()) problems.push(`${def.id} has no displayName`);
    if (!def.description.trim()) problems.push(`${def.id} has no description`);
  }
  for (const def of collections) {
    const keys = new Set<string>();
    for (const field of def.fields) {
      if (!FIELD_KEY.test(field.key)) problems.push(`${def.id}.${field.key}: field key must match ${FIELD_KEY}`);
      if (keys.has(field.key)) problems.push(`${def.id}.${field.key} is declared twice`);
      keys.add(field.key);
      if (!field.displayName.trim()) problems.push(`${def.id}.${field.key} has no displayName`);
      if (!field.description.trim()) problems.push(`${def.id}.${field.key} has no description`);
      if (field.type === 'REFERENCE') {
        if (!field.referencedCollection) problems.push(`${def.id}.${field.key} is a REFERENCE without referencedCollection`);
        else if (!ids.has(field.referencedCollection)) {
          problems.push(`${def.id}.${field.key} references "${field.referencedCollection}", which is not a declared collection`);
        }
      } else if (field.referencedCollection) {
        problems.push(`${def.id}.${field.key} names referencedCollection but is not a REFERENCE`);
      }
    }
    const indexSignatures = new Set<string>();
    for (const index of def.indexes) {
      if (index.fields.length === 0) problems.push(`${def.id} has an index without fields`);
      for (const f of index.fields) {
        if (!keys.has(f.key)) problems.push(`${def.id} has an index on "${f.key}", which is not a declared field`);
      }
      const signature = index.fields.map((f) => `${f.key}:${f.order ?? 'ASC'}`).join(',');
      if (indexSignatures.has(signature)) problems.push(`${def.id} declares the index (${signature}) twice`);
      indexSignatures.add(signature);
    }
  }
  return problems;
}
