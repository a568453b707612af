import { findCollection, type FieldDef } from '../../src/backend/collections';
import { SEED_CONTENT, seedIfEmpty } from '../../local/seed';
import { createTestPorts } from '../helpers/test-ports';

/** Checks a value against a declared field type, independently of any adapter. */
function typeProblem(field: FieldDef, value: unknown): string | null {
  switch (field.type) {
    case 'TEXT':
    case 'RICH_TEXT':
    case 'URL':
    case 'IMAGE':
    case 'AUDIO':
    case 'REFERENCE':
      return typeof value === 'string' ? null : 'expected a string';
    case 'NUMBER':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'expected a finite number';
    case 'BOOLEAN':
      return typeof value === 'boolean' ? null : 'expected a boolean';
    case 'DATETIME':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? null : 'expected a valid Date';
    case 'DATE':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : 'expected YYYY-MM-DD';
    case 'ARRAY_STRING':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : 'expected an array of strings';
    case 'ARRAY':
      return Array.isArray(value) ? null : 'expected an array';
    case 'OBJECT':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? null : 'expected an object';
  }
}

const ALLOWED_TAGS = new Set(['p', 'h2', 'h3', 'ul', 'li', 'code', 'pre', 'strong', 'em', 'a']);

describe('seed content', () => {
  it('covers every content collection', () => {
    expect(SEED_CONTENT.map((s) => s.collection).sort()).toEqual(
      ['BlogPosts', 'CaseStudies', 'Documentation', 'PodcastEpisodes', 'Products', 'Tools'].sort(),
    );
  });

  for (const { collection, items } of SEED_CONTENT) {
    describe(collection, () => {
      const def = findCollection(collection);

      it('is a declared collection with items', () => {
        expect(def).toBeDefined();
        expect(items.length).toBeGreaterThan(0);
      });

      it('every item has its required fields, every field has its declared type, and no field is undeclared', () => {
        const problems: string[] = [];
        items.forEach((item, index) => {
          for (const field of def!.fields) {
            const value = item[field.key];
            if (value === undefined || value === null || value === '') {
              if (field.required) problems.push(`#${index}.${field.key}: required`);
              continue;
            }
            const problem = typeProblem(field, value);
            if (problem) problems.push(`#${index}.${field.key}: ${problem}`);
          }
          for (const key of Object.keys(item)) {
            if (!def!.fields.some((f) => f.key === key)) problems.push(`#${index}.${key}: not declared`);
          }
        });
        expect(problems).toEqual([]);
      });

      it('keeps values unique where the collection has a unique index', () => {
        for (const index of def!.indexes.filter((i) => i.unique)) {
          const keys = items.map((item) => index.fields.map((f) => String(item[f.key])).join('|'));
          expect(new Set(keys).size).toBe(keys.length);
        }
      });

      it('writes rich text as small, safe HTML', () => {
        const richKeys = def!.fields.filter((f) => f.type === 'RICH_TEXT').map((f) => f.key);
        for (const item of items) {
          for (const key of richKeys) {
            const html = String(item[key]);
            const tags = [...html.matchAll(/<\/?([a-zA-Z0-9]+)/g)].map((m) => m[1]!.toLowerCase());
            expect(tags.filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
            expect(html).not.toMatch(/\son\w+=|javascript:|<script/i);
            expect(html).not.toMatch(/lorem ipsum/i);
          }
        }
      });
    });
  }

  it('has the content the site promises', () => {
    const byName = Object.fromEntries(SEED_CONTENT.map((s) => [s.collection, s.items]));
    expect(byName.Tools!.map((t) => t.slug).sort()).toEqual(['api-testing-suite', 'data-quality-scanner', 'fhir-builder']);
    expect(byName.BlogPosts!.length).toBeGreaterThanOrEqual(4);
    expect(byName.PodcastEpisodes!.length).toBeGreaterThanOrEqual(3);
    expect(byName.CaseStudies!.length).toBeGreaterThanOrEqual(3);
    expect(byName.Documentation!.length).toBeGreaterThanOrEqual(6);
    expect(new Set(byName.Documentation!.map((d) => d.section)).size).toBeGreaterThanOrEqual(4);
  });

  it('prices a free, pro and enterprise plan for every tool, plus a bundle, in USD cents', () => {
    const products = SEED_CONTENT.find((s) => s.collection === 'Products')!.items;
    for (const tool of ['fhir-builder', 'data-quality-scanner', 'api-testing-suite']) {
      const tiers = products.filter((p) => p.toolSlug === tool).map((p) => p.tier).sort();
      expect(tiers).toEqual(['enterprise', 'free', 'pro']);
    }
    expect(products.some((p) => p.toolSlug === 'bundle')).toBe(true);
    for (const p of products) {
      expect(p.currency).toBe('USD');
      expect(Number.isInteger(p.priceCents)).toBe(true);
      expect((p.priceCents as number) === 0).toBe(p.tier === 'free');
    }
    expect(products.find((p) => p.sku === 'scanner-pro-monthly')?.priceCents).toBe(4900);
  });

  it('gives every episode an https MP3 enclosure with a plausible size for its length', () => {
    const episodes = SEED_CONTENT.find((s) => s.collection === 'PodcastEpisodes')!.items;
    for (const e of episodes) {
      expect(e.audioUrl).toMatch(/^https:\/\/media\.fhiriq\.com\/podcast\/ep\d+\.mp3$/);
      // 128 kbit/s is 16,000 bytes a second; allow for ID3 tags and cover art.
      const bytesPerSecond = (e.audioBytes as number) / (e.durationSeconds as number);
      expect(bytesPerSecond).toBeGreaterThan(15_000);
      expect(bytesPerSecond).toBeLessThan(17_000);
    }
  });

  it('quotes only LOINC codes whose check digit is right, except where a wrong one is the point', () => {
    const text = SEED_CONTENT.flatMap((s) => s.items.flatMap((i) => Object.values(i).filter((v): v is string => typeof v === 'string')));
    const codes = new Set(text.flatMap((t) => [...t.matchAll(/<code>(\d{3,5})-(\d)<\/code>/g)].map((m) => `${m[1]}-${m[2]}`)));
    const wrong = [...codes].filter((code) => {
      const [body, check] = code.split('-') as [string, string];
      return loincCheckDigit(body) !== Number(check);
    });
    // The blog post about validators quotes 8867-5 as an example of an impossible code.
    expect(wrong).toEqual(['8867-5']);
    expect(codes.size).toBeGreaterThanOrEqual(5);
  });
});

describe('seedIfEmpty', () => {
  it('seeds each empty collection once, and leaves them alone the second time', async () => {
    const ports = createTestPorts();
    const first = await seedIfEmpty(ports.data);
    expect(first.seeded.sort()).toEqual(SEED_CONTENT.map((s) => s.collection).sort());
    for (const { collection, items } of SEED_CONTENT) {
      expect(await ports.data.query(collection).count()).toBe(items.length);
    }

    const second = await seedIfEmpty(ports.data);
    expect(second.seeded).toEqual([]);
    for (const { collection, items } of SEED_CONTENT) {
      expect(await ports.data.query(collection).count()).toBe(items.length);
    }
  });

  it('does not touch a collection that already has content', async () => {
    const ports = createTestPorts();
    await ports.data.insert('Tools', {
      name: 'Editor tool',
      slug: 'editor-tool',
      tagline: 'Added in the CMS',
      description: '<p>Kept.</p>',
      features: ['one'],
      order: 1,
    });
    const { seeded } = await seedIfEmpty(ports.data);
    expect(seeded).not.toContain('Tools');
    expect(seeded).toContain('Products');
    const tools = await ports.data.query('Tools').find();
    expect(tools.items.map((t) => t.slug)).toEqual(['editor-tool']);
  });

  it('stores DATETIME fields as Dates', async () => {
    const ports = createTestPorts();
    await seedIfEmpty(ports.data);
    const { items } = await ports.data.query('BlogPosts').find();
    expect(items.every((i) => i.publishedDate instanceof Date)).toBe(true);
  });
});

/** LOINC's mod-10 check digit (the Luhn scheme, over the code's digits before the hyphen). */
function loincCheckDigit(body: string): number {
  let sum = 0;
  [...body].reverse().forEach((ch, i) => {
    let d = Number(ch);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  });
  return (10 - (sum % 10)) % 10;
}
