import type { WContext } from './context';
import { DomElement } from './element';
import { parseSelector } from './selector';

/** The wrapper of a DOM element (one per element, so state and handlers persist). */
export function wrap(el: HTMLElement, id: string, ctx: WContext): $w.Element {
  let wrapper = ctx.wrappers.get(el);
  if (!wrapper) {
    wrapper = new DomElement(el, id, ctx);
    ctx.wrappers.set(el, wrapper);
  }
  return wrapper;
}

/** `$w('#id')` over the page: elements with that DOM id (items' elements have unique ids, so never match). */
export function pageSelector(ctxOf: () => WContext): $w.Selector {
  return (selector: string) => {
    const id = parseSelector(selector);
    const ctx = ctxOf();
    const el = ctx.doc.getElementById(id);
    if (!el) throw new Error(`$w('#${id}'): there is no element with id "${id}" on this page (check the template and the page code)`);
    return wrap(el, id, ctx);
  };
}

/** `$item('#id')` inside one repeater item; like Velo, ids outside the repeater fall back to the page. */
export function itemSelector(itemRoot: HTMLElement, ctx: WContext): $w.Selector {
  return (selector: string) => {
    const id = parseSelector(selector);
    const el =
      itemRoot.getAttribute('data-item-id') === id
        ? itemRoot
        : itemRoot.querySelector<HTMLElement>(`[data-item-id="${id}"]`);
    if (el) return wrap(el, id, ctx);
    return ctx.pageSelector(selector);
  };
}
