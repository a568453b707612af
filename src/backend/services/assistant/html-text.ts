/**
 * Plain text out of the CMS's rich text, for the assistant's index. Wix rich text is a small, safe
 * subset of HTML (paragraphs, headings, lists, links, emphasis, code), so a tokenizer that knows
 * block from inline elements is enough; no DOM is needed (and none exists in the Velo backend).
 *
 * The result keeps the structure retrieval needs: headings apart from the text under them, one block
 * per paragraph, list item or code sample, with whitespace collapsed (except inside <pre>) and
 * character references decoded. Markup that is not text (script, style, comments) is dropped.
 */

export interface TextBlock {
  kind: 'heading' | 'paragraph' | 'item' | 'code';
  text: string;
}

/** Elements that end the current block of text. */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
/** Elements whose content is never text a visitor reads. */
const SKIPPED_TAGS = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'svg']);
const HEADING = /^h[1-6]$/;

/**
 * A tag (with quoted attribute values that may hold `>`), a comment, a doctype/CDATA, or a run of
 * text. A `<` that starts none of these (as in "a < b") stays text.
 */
const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>?|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|[^<]+|</y;

/** The text of each block of an HTML fragment, in document order. */
export function htmlToBlocks(html: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let current = '';
  let kind: TextBlock['kind'] = 'paragraph';
  let pre = 0;
  let skipping: string | null = null;

  const flush = () => {
    const text = kind === 'code' ? trimLines(current) : collapse(current);
    if (text) blocks.push({ kind, text });
    current = '';
  };

  const tokens = new RegExp(TOKEN.source, 'y');
  while (tokens.lastIndex < html.length) {
    const at = tokens.lastIndex;
    const match = tokens.exec(html);
    if (!match || match[0].length === 0) {
      // Cannot happen (the last alternative takes any single '<'), but never loop forever.
      current += decodeEntities(html.slice(at));
      break;
    }
    const token = match[0];
    const closing = match[1] === '/';
    const tag = match[2]?.toLowerCase();

    if (skipping) {
      if (tag === skipping && closing) skipping = null;
      continue;
    }
    if (tag === undefined) {
      if (token.startsWith('<!')) continue; // comment, doctype, CDATA
      current += decodeEntities(token);
      continue;
    }
    if (SKIPPED_TAGS.has(tag)) {
      if (!closing && !/\/\s*$/.test(match[3] ?? '')) skipping = tag;
      continue;
    }
    if (tag === 'br') {
      current += '\n';
      continue;
    }
    if (tag === 'img') {
      // Alt text is what a screen reader says for the image: part of the page's words.
      const alt = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(match[3] ?? '');
      const text = alt ? (alt[1] ?? alt[2] ?? alt[3] ?? '') : '';
      if (text.trim()) current += ` ${decodeEntities(text)} `;
      continue;
    }
    if (!BLOCK_TAGS.has(tag)) {
      // Inline element (a, strong, em, code, span...): its text runs on.
      continue;
    }
    flush();
    if (tag === 'pre') {
      pre = closing ? Math.max(0, pre - 1) : pre + 1;
    }
    if (closing) {
      kind = pre > 0 ? 'code' : 'paragraph';
    } else if (HEADING.test(tag)) {
      kind = 'heading';
    } else if (tag === 'li' || tag === 'dt' || tag === 'dd') {
      kind = 'item';
    } else if (pre > 0) {
      kind = 'code';
    } else {
      kind = 'paragraph';
    }
  }
  flush();
  return blocks;
}

/** The text of an HTML fragment: one line per block. */
export function htmlToText(html: string): string {
  return htmlToBlocks(html)
    .map((block) => block.text)
    .join('\n');
}

function collapse(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

function trimLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+$/g, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

// --- Character references ---------------------------------------------------------------------

/**
 * Named references that rich text editors write. The HTML list has two thousand; these are the
 * ones an editor or a paste from a word processor produces. Others are left as written.
 */
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  ndash: '\u2013', mdash: '\u2014', hellip: '\u2026', lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201a',
  ldquo: '\u201c', rdquo: '\u201d', bdquo: '\u201e', laquo: '\u00ab', raquo: '\u00bb', lsaquo: '\u2039', rsaquo: '\u203a',
  bull: '\u2022', middot: '\u00b7', prime: '\u2032', Prime: '\u2033',
  copy: '\u00a9', reg: '\u00ae', trade: '\u2122', deg: '\u00b0', plusmn: '\u00b1', times: '\u00d7', divide: '\u00f7',
  micro: '\u00b5', para: '\u00b6', sect: '\u00a7', cent: '\u00a2', pound: '\u00a3', euro: '\u20ac', yen: '\u00a5',
  le: '\u2264', ge: '\u2265', ne: '\u2260', asymp: '\u2248', minus: '\u2212', larr: '\u2190', rarr: '\u2192',
  uarr: '\u2191', darr: '\u2193', harr: '\u2194', check: '\u2713', frac12: '\u00bd', frac14: '\u00bc', frac34: '\u00be',
  sup2: '\u00b2', sup3: '\u00b3', shy: '', zwj: '\u200d', zwnj: '\u200c', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  eacute: '\u00e9', egrave: '\u00e8', ecirc: '\u00ea', euml: '\u00eb', aacute: '\u00e1', agrave: '\u00e0',
  acirc: '\u00e2', auml: '\u00e4', aring: '\u00e5', ccedil: '\u00e7', iacute: '\u00ed', iuml: '\u00ef',
  ntilde: '\u00f1', oacute: '\u00f3', ocirc: '\u00f4', ouml: '\u00f6', oslash: '\u00f8', uacute: '\u00fa',
  uuml: '\u00fc', szlig: '\u00df', Eacute: '\u00c9', Auml: '\u00c4', Ouml: '\u00d6', Uuml: '\u00dc', Aring: '\u00c5',
};

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));?/g;

/** Decodes numeric and common named character references; unknown names stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec !== undefined || hex !== undefined) {
      const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
      // As browsers do: NUL, surrogates and out-of-range code points become U+FFFD.
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    if (name === undefined) return whole;
    const value = NAMED[name];
    if (value === undefined) return whole;
    // A name without its ';' is decoded only for the legacy few browsers accept so ("&amp", "&lt"...).
    if (!whole.endsWith(';') && !['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg'].includes(name)) return whole;
    return value;
  });
}
