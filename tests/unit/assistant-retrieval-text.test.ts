import { documentation } from '../../local/seed/content/documentation';
import * as dataHooks from '../../src/backend/data';
import { CONTENT_COLLECTIONS, contentGeneration, markContentChanged } from '../../src/backend/services/assistant/content-changes';
import { decodeEntities, htmlToBlocks, htmlToText } from '../../src/backend/services/assistant/html-text';
import { countWords, sectionsFromHtml, toPassages, type PageContent } from '../../src/backend/services/assistant/passages';
import { STATIC_PAGES } from '../../src/backend/services/assistant/site-pages';
import { processTerm, queryTerms, termsOf } from '../../src/backend/services/assistant/terms';

/** The pieces under the site index: rich text to text, pages to passages, text to terms, the hooks. */

describe('rich text to plain text', () => {
  it('keeps headings, paragraphs, list items and code apart, and drops the markup', () => {
    const html = `<h2>Kinds of <em>reference</em></h2>
<p>Resources point at each other with the <code>Reference</code> type.</p>
<ul><li><strong>Relative</strong>: <code>Patient/123</code></li><li>Absolute</li></ul>
<pre><code>npx fhiriq scan data/
npx fhiriq test https://fhir.example.org/r4</code></pre>`;
    expect(htmlToBlocks(html)).toEqual([
      { kind: 'heading', text: 'Kinds of reference' },
      { kind: 'paragraph', text: 'Resources point at each other with the Reference type.' },
      { kind: 'item', text: 'Relative: Patient/123' },
      { kind: 'item', text: 'Absolute' },
      { kind: 'code', text: 'npx fhiriq scan data/\nnpx fhiriq test https://fhir.example.org/r4' },
    ]);
  });

  it('decodes character references, named and numeric', () => {
    expect(htmlToText('<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x2019; &mdash; caf&eacute;&nbsp;x</p>')).toBe(
      'a & b <c> "d" \'e\' \u2019 \u2014 caf\u00e9 x',
    );
    expect(decodeEntities('&unknownentity; &#0; &#x110000; AT&T')).toBe('&unknownentity; \ufffd \ufffd AT&T');
    // Decoded text is not parsed again: an escaped tag stays text.
    expect(htmlToText('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')).toBe('<script>alert(1)</script>');
  });

  it('drops scripts, styles and comments, and copes with ">" in attributes and a bare "<"', () => {
    const html = `<!-- note --><style>p { color: red }</style><p title="a > b">x < y and a <3 b</p><script>alert("<p>no</p>")</script><p>end<br>line</p>`;
    expect(htmlToBlocks(html)).toEqual([
      { kind: 'paragraph', text: 'x < y and a <3 b' },
      { kind: 'paragraph', text: 'end line' },
    ]);
    expect(htmlToText('<p>A chart <img src="c.png" alt="heart rate over time"> follows.</p>')).toBe('A chart heart rate over time follows.');
    expect(htmlToText('plain text, no tags')).toBe('plain text, no tags');
    expect(htmlToText('')).toBe('');
  });

  it('turns every seeded documentation body into text without tags or references', () => {
    for (const doc of documentation) {
      const text = htmlToText(String(doc.body));
      expect(text).not.toMatch(/<\/?(p|h\d|ul|li|code|pre|strong|em|a)\b/);
      expect(text).not.toMatch(/&(amp|lt|gt|quot);/);
    }
    const search = htmlToText(String(documentation.find((d) => d.slug === 'fhir-search')?.body));
    expect(search).toContain('GET [base]/Observation?patient=123&code=http://loinc.org|8867-4');
  });
});

describe('pages to passages', () => {
  const words = (n: number, prefix = 'w') => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');
  const page = (sections: PageContent['sections']): PageContent => ({ key: 'doc:test', source: 'doc', title: 'Test page', url: '/docs?page=test', sections });

  it('starts a section at each heading, with the lead first', () => {
    expect(sectionsFromHtml('<p>Intro.</p><h2>One</h2><p>a</p><h3>Two</h3><ul><li>b</li><li>c</li></ul>', ['Summary.'])).toEqual([
      { paragraphs: ['Summary.', 'Intro.'] },
      { heading: 'One', paragraphs: ['a'] },
      { heading: 'Two', paragraphs: ['b', 'c'] },
    ]);
  });

  it('cuts long sections into passages of at most 200 words, losing no word and keeping order', () => {
    const sections = [
      { heading: 'First', paragraphs: Array.from({ length: 6 }, (_, i) => words(70, `a${i}-`)) },
      { heading: 'Second', paragraphs: [words(450, 'b')] }, // one paragraph, no sentence ends
    ];
    const passages = toPassages(page(sections));
    expect(passages.length).toBeGreaterThanOrEqual(5);
    for (const p of passages) {
      expect(countWords(p.text)).toBeLessThanOrEqual(200);
      expect(countWords(p.text)).toBeGreaterThanOrEqual(60);
    }
    const all = passages.map((p) => p.text).join(' ');
    const expected = ['First:', ...sections[0]!.paragraphs, 'Second:', ...sections[1]!.paragraphs].join(' ');
    expect(all.split(/\s+/)).toEqual(expected.split(/\s+/));
    expect(passages.map((p) => p.id)).toEqual(passages.map((_, i) => `doc:test#${i}`));
    expect(passages[0]).toMatchObject({ title: 'Test page', url: '/docs?page=test', source: 'doc', heading: 'First' });
    expect(passages.at(-1)?.heading).toBe('Second');
  });

  it('cuts an over-long paragraph at sentence ends', () => {
    const sentence = (i: number) => `Sentence ${i} ${words(28)}.`;
    const paragraph = Array.from({ length: 12 }, (_, i) => sentence(i)).join(' ');
    const passages = toPassages(page([{ paragraphs: [paragraph] }]));
    expect(passages.length).toBe(2);
    for (const p of passages) expect(p.text).toMatch(/^Sentence \d+ .*\.$/);
  });

  it('joins small sections up to the limit, with every heading named', () => {
    const passages = toPassages(
      page([
        { paragraphs: [words(15)] },
        { heading: 'Exit codes', paragraphs: [words(20)] },
        { heading: 'Inputs', paragraphs: [words(20)] },
        { heading: 'Big', paragraphs: [words(196)] },
        { heading: 'Tail', paragraphs: [words(5)] },
      ]),
    );
    expect(passages.map((p) => p.heading)).toEqual(['Exit codes / Inputs', 'Big', 'Tail']);
    expect(passages[0]?.text).toContain('\nExit codes: w0');
    expect(passages[0]?.text).toContain('\nInputs: w0');
    // "Tail" could join neither neighbour without going over 200 words, so it stays small.
    expect(countWords(passages[2]!.text)).toBe(6);
  });

  it('gives every static page a title, a path and some text', () => {
    for (const p of STATIC_PAGES) {
      expect(p.url).toMatch(/^\//);
      const passages = toPassages(p);
      expect(passages.length).toBeGreaterThan(0);
      for (const passage of passages) expect(countWords(passage.text)).toBeLessThanOrEqual(200);
    }
  });
});

describe('terms', () => {
  const same = (a: string, b: string) => expect(termsOf(a)).toEqual(termsOf(b));

  it('makes one term of names written several ways', () => {
    same('US Core', 'us-core');
    same('CapabilityStatement', 'capability statement');
    same('the $export operation', 'bulk data operation');
    same('validator', 'validation');
    same('validate', 'validates');
    same('scanner', 'scanning');
    same('costs', 'price');
    same('references', 'referenced');
  });

  it('keeps invariant keys and LOINC codes whole and apart', () => {
    expect(termsOf('dom-3')).toEqual(['dom3']);
    expect(termsOf('dom-3')).not.toEqual(termsOf('dom-4'));
    expect(termsOf('LOINC 8867-4')).toEqual(['loinc', '88674']);
  });

  it('drops words that carry no topic', () => {
    expect(termsOf('What is it and how do you do that?')).toEqual([]);
    expect(processTerm('the')).toBeNull();
    expect(termsOf('contact us')).toEqual(['contact']);
  });

  it('widens a question with related terms, and ignores "FHIR" unless it is all there is', () => {
    expect(queryTerms('how much does the scanner cost')).toEqual({ own: ['price', 'scan'], related: ['plan'] });
    expect(queryTerms('FHIR search paging')).toEqual({ own: ['search', 'paging'], related: ['page', 'next'] });
    expect(queryTerms('What is FHIR?')).toEqual({ own: ['fhir'], related: [] });
    expect(queryTerms('Can I book a demo?').related).toContain('contact');
  });
});

describe('data hooks of the content collections', () => {
  it.each(CONTENT_COLLECTIONS.flatMap((c) => ['afterInsert', 'afterUpdate', 'afterRemove'].map((h) => `${c}_${h}`)))(
    '%s returns the item unchanged and marks the content changed',
    (name) => {
      const hook = (dataHooks as Record<string, unknown>)[name];
      expect(typeof hook).toBe('function');
      const item = { _id: 'x', title: 'T' };
      const before = contentGeneration();
      expect((hook as (item: unknown, context: unknown) => unknown)(item, { collectionName: name.split('_')[0] })).toBe(item);
      expect(contentGeneration()).toBe(before + 1);
    },
  );

  it('ignores collections the index does not read', () => {
    const before = contentGeneration();
    markContentChanged('Orders');
    markContentChanged('Conversations');
    expect(contentGeneration()).toBe(before);
  });
});
