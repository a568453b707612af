/**
 * The one way our custom elements make DOM from data: strings become text nodes, attributes are
 * set with setAttribute. There is no path from a string to markup here.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children); // strings are appended as text nodes
  return node;
}

/** A <ul> of plain-text items. */
export function textList(items: readonly string[], attrs: Record<string, string> = {}): HTMLUListElement {
  return el('ul', attrs, ...items.map((item) => el('li', {}, item)));
}
