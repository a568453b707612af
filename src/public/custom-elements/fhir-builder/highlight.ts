/**
 * A small JSON syntax highlighter for the <fhir-builder> element. The text is split into tokens
 * (a pure function, unit-tested), and each token becomes a <span> whose content is a text node: the
 * resource came from a model and from the visitor's words, so none of it is ever parsed as markup.
 */

export type JsonTokenKind = 'key' | 'string' | 'number' | 'literal' | 'punct' | 'space' | 'other';

export interface JsonToken {
  kind: JsonTokenKind;
  text: string;
}

const STRING = /"(?:[^"\\\n]|\\.)*"?/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /(?:true|false|null)\b/y;
const SPACE = /\s+/y;
const PUNCT = /[{}[\],:]/y;

/**
 * Tokens of `text`, in order; joined they give `text` back exactly. A string followed (after
 * optional white space) by a colon is a key. Text that is not JSON is kept as 'other' tokens, so a
 * malformed input is still shown in full.
 */
export function tokenizeJson(text: string): JsonToken[] {
  const tokens: JsonToken[] = [];
  let i = 0;
  const take = (re: RegExp): string | null => {
    re.lastIndex = i;
    const m = re.exec(text);
    return m && m[0].length > 0 ? m[0] : null;
  };
  while (i < text.length) {
    let kind: JsonTokenKind;
    let match: string | null;
    if ((match = take(SPACE))) kind = 'space';
    else if ((match = take(STRING))) kind = isKeyAt(text, i + match.length) ? 'key' : 'string';
    else if ((match = take(NUMBER))) kind = 'number';
    else if ((match = take(LITERAL))) kind = 'literal';
    else if ((match = take(PUNCT))) kind = 'punct';
    else {
      kind = 'other';
      match = text[i]!;
    }
    const last = tokens[tokens.length - 1];
    if (kind === 'other' && last?.kind === 'other') last.text += match;
    else tokens.push({ kind, text: match });
    i += match.length;
  }
  return tokens;
}

function isKeyAt(text: string, from: number): boolean {
  SPACE.lastIndex = from;
  const space = SPACE.exec(text);
  const next = from + (space ? space[0].length : 0);
  return text[next] === ':';
}

/**
 * The highlighted JSON as DOM nodes: a <span class="tok-<kind>"> per token (white space and
 * punctuation stay plain text nodes). Text nodes only, so the data can never become markup.
 */
export function highlightJson(doc: Document, text: string): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  for (const token of tokenizeJson(text)) {
    if (token.kind === 'space' || token.kind === 'punct') {
      fragment.append(doc.createTextNode(token.text));
    } else {
      const span = doc.createElement('span');
      span.className = `tok-${token.kind}`;
      span.textContent = token.text;
      fragment.append(span);
    }
  }
  return fragment;
}
