import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { declarationProblems } from '../../local/collections/declaration-problems';
import { COLLECTIONS_DOC_PATH, renderCollectionsDoc } from '../../local/collections/render-doc';
import { COLLECTIONS } from '../../src/backend/collections';
import type { CollectionDef } from '../../src/backend/collections/types';

const ROOT = join(__dirname, '..', '..');

describe('docs/collections.md', () => {
  it('is up to date with the declarations (run `npm run docs:collections`)', () => {
    const committed = readFileSync(join(ROOT, COLLECTIONS_DOC_PATH), 'utf8');
    expect(committed).toBe(renderCollectionsDoc(COLLECTIONS));
  });

  it('documents every collection with its permissions, fields and indexes', () => {
    const doc = renderCollectionsDoc(COLLECTIONS);
    for (const def of COLLECTIONS) {
      const section = doc.split(`\n## ${def.id}\n`)[1]?.split('\n## ')[0];
      expect(section).toBeDefined();
      expect(section).toContain('### Permissions');
      for (const field of def.fields) expect(section).toContain(`| \`${field.key}\` |`);
      expect(section).toContain('### Indexes');
    }
    expect(doc).toContain('| `customerId` | Customer | Reference to [Customers](#customers) | no |');
    expect(doc).toContain('| `slug` | Slug | Text | yes |');
    expect(doc).toContain('`sku` (ascending) | yes');
  });

  it('escapes Markdown in cells', () => {
    const def: CollectionDef = {
      id: 'Odd',
      displayName: 'Odd | One',
      description: 'Line one\nline <two>',
      permissions: { read: 'ANYONE', insert: 'ADMIN', update: 'ADMIN', remove: 'ADMIN' },
      fields: [{ key: 'a', displayName: 'A', type: 'TEXT', description: 'x | y' }],
      indexes: [],
    };
    const doc = renderCollectionsDoc([def]);
    expect(doc).toContain('Odd \\| One');
    expect(doc).toContain('Line one line &lt;two&gt;');
    expect(doc).toContain('| x \\| y |');
    expect(doc).toContain('None.');
  });
});

describe('collection declarations', () => {
  it('have no problems', () => {
    expect(declarationProblems(COLLECTIONS)).toEqual([]);
  });

  it('declare the collections of the site, each once', () => {
    expect(COLLECTIONS.map((c) => c.id).sort()).toEqual(
      [
        'AuditLog',
        'BlogPosts',
        'CaseStudies',
        'ContactSubmissions',
        'Conversations',
        'ConversionEvents',
        'Customers',
        'Documentation',
        'Orders',
        'Outbox',
        'PerformanceMetrics',
        'PodcastEpisodes',
        'Products',
        'RateLimits',
        'Sessions',
        'Subscriptions',
        'TestRuns',
        'Tools',
        'WebhookEvents',
      ].sort(),
    );
  });

  const base = (): CollectionDef => ({
    id: 'Things',
    displayName: 'Things',
    description: 'Things.',
    permissions: { read: 'ANYONE', insert: 'ADMIN', update: 'ADMIN', remove: 'ADMIN' },
    fields: [{ key: 'name', displayName: 'Name', type: 'TEXT', description: 'The name.' }],
    indexes: [{ fields: [{ key: 'name' }], unique: true }],
  });

  it('accepts a sound declaration', () => {
    expect(declarationProblems([base()])).toEqual([]);
  });

  it.each<[string, (defs: CollectionDef[]) => void, RegExp]>([
    ['duplicate collection ids', (d) => d.push(base()), /declared twice/],
    ['a field key with a capital first letter', (d) => d[0].fields.push({ key: 'Name2', displayName: 'N', type: 'TEXT', description: 'd' }), /field key must match/],
    ['a field key with a dash', (d) => d[0].fields.push({ key: 'first-name', displayName: 'N', type: 'TEXT', description: 'd' }), /field key must match/],
    ['a field key declared twice', (d) => d[0].fields.push({ ...d[0].fields[0] }), /Things\.name is declared twice/],
    [
      'a reference to an undeclared collection',
      (d) => d[0].fields.push({ key: 'owner', displayName: 'O', type: 'REFERENCE', referencedCollection: 'Nobody', description: 'd' }),
      /references "Nobody"/,
    ],
    ['a reference without a target', (d) => d[0].fields.push({ key: 'owner', displayName: 'O', type: 'REFERENCE', description: 'd' }), /without referencedCollection/],
    ['an index on an undeclared field', (d) => d[0].indexes.push({ fields: [{ key: 'missing' }] }), /index on "missing"/],
    ['an index declared twice', (d) => d[0].indexes.push({ fields: [{ key: 'name' }] }), /twice/],
    ['a field without a description', (d) => (d[0].fields[0].description = ' '), /no description/],
    ['a bad collection id', (d) => (d[0].id = 'my things'), /Collection id/],
  ])('finds %s', (_name, spoil, problem) => {
    const defs = [base()];
    spoil(defs);
    const problems = declarationProblems(defs);
    expect(problems.join('\n')).toMatch(problem);
  });
});
