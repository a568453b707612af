/**
 * Narrative.div: XHTML in a <div xmlns="http://www.w3.org/1999/xhtml"> with no active content (R4
 * Narrative: no scripts, forms, frames, objects, event handler attributes or javascript: URLs). A
 * small tokenizer over tags and attributes, not a full XML parser: enough to find these safely.
 */
import type { Context } from './context';

const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const FORBIDDEN = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button', 'select', 'textarea', 'base', 'link', 'meta', 'style', 'head', 'body', 'html']);
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster']);

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 58 || c === 95 || c === 46;
}

export function checkNarrativeDiv(div: string, ctx: Context): void {
  const problems: string[] = [];
  let first = true;
  let i = 0;
  const n = div.length;
  const start = div.search(/\S/);
  if (start < 0 || !div.startsWith('<div', start)) {
    ctx.report('error', 'invalid', 'narrative.xhtml', 'The narrative must be an XHTML <div> element (<div xmlns="http://www.w3.org/1999/xhtml">…</div>)');
    return;
  }
  while (i < n) {
    const lt = div.indexOf('<', i);
    if (lt < 0) break;
    if (div.startsWith('<!--', lt)) {
      const end = div.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (div.startsWith('<![CDATA[', lt)) {
      const end = div.indexOf(']]>', lt);
      i = end < 0 ? n : end + 3;
      continue;
    }
    let j = lt + 1;
    if (div.charCodeAt(j) === 47 /* / */ || div.charCodeAt(j) === 33 /* ! */ || div.charCodeAt(j) === 63 /* ? */) {
      const gt = div.indexOf('>', j);
      i = gt < 0 ? n : gt + 1;
      continue;
    }
    const nameStart = j;
    while (j < n && isNameChar(div.charCodeAt(j))) j++;
    const tag = div.slice(nameStart, j).toLowerCase();
    if (tag === '') {
      i = lt + 1;
      continue;
    }
    const local = tag.includes(':') ? tag.slice(tag.indexOf(':') + 1) : tag;
    if (FORBIDDEN.has(local)) problems.push(`<${tag}> element`);
    let xmlns: string | undefined;
    // Attributes up to the end of the tag, honoring quotes.
    while (j < n) {
      const c = div.charCodeAt(j);
      if (c === 62 /* > */) {
        j++;
        break;
      }
      if (!isNameChar(c)) {
        j++;
        continue;
      }
      const aStart = j;
      while (j < n && isNameChar(div.charCodeAt(j))) j++;
      const attr = div.slice(aStart, j).toLowerCase();
      while (j < n && div.charCodeAt(j) <= 32) j++;
      let value = '';
      if (div.charCodeAt(j) === 61 /* = */) {
        j++;
        while (j < n && div.charCodeAt(j) <= 32) j++;
        const q = div.charCodeAt(j);
        if (q === 34 || q === 39) {
          const end = div.indexOf(q === 34 ? '"' : "'", j + 1);
          value = div.slice(j + 1, end < 0 ? n : end);
          j = end < 0 ? n : end + 1;
        } else {
          const vStart = j;
          while (j < n && div.charCodeAt(j) > 32 && div.charCodeAt(j) !== 62) j++;
          value = div.slice(vStart, j);
        }
      }
      if (attr.startsWith('on')) problems.push(`${attr} attribute on <${tag}>`);
      else if (URL_ATTRS.has(attr)) {
        const v = value.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
        if (v.startsWith('javascript:') || v.startsWith('vbscript:') || v.startsWith('data:text/html')) problems.push(`${attr}="${value.slice(0, 30)}" on <${tag}>`);
      }
      if (attr === 'xmlns') xmlns = value;
    }
    if (first) {
      first = false;
      if (tag !== 'div' || xmlns !== XHTML_NS) {
        ctx.report('error', 'invalid', 'narrative.xhtml', `The narrative <div> must declare the XHTML namespace: <div xmlns="${XHTML_NS}">`);
      }
    }
    i = j;
  }
  if (!/<\/div\s*>\s*$/.test(div)) {
    ctx.report('error', 'invalid', 'narrative.xhtml', 'The narrative <div> is not closed with </div> at its end');
  }
  // txt-2: the narrative has some non-whitespace content (text, or an image).
  if (!/<img[\s/>]/i.test(div) && div.replace(/<!--[\s\S]*?-->|<[^>]*>/g, '').trim() === '') {
    ctx.report('error', 'invalid', 'narrative.empty', 'The narrative <div> has no content: it must say something (txt-2)');
  }
  if (problems.length) {
    ctx.report('error', 'invalid', 'narrative.active-content', `The narrative contains active content, which FHIR forbids: ${problems.slice(0, 5).join(', ')}`);
  }
}
