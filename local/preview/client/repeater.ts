import type { WContext } from './context';
import { planRender, validateItems, type RepeaterItem } from './items';
import { itemSelector } from './scope';

type ItemHandler = (item$: $w.Selector, itemData: any, index: number) => void;

/**
 * A repeater: `<div id="x" data-repeater><template>item markup</template></div>`. Each item is a
 * clone of the template whose ids become `data-item-id` (DOM ids get a unique form), so `$item('#title')`
 * finds the title of that item only.
 */
export class RepeaterState {
  private items: RepeaterItem[] = [];
  private readonly nodes = new Map<string, HTMLElement>();
  private readyHandlers: ItemHandler[] = [];
  private readonly template: HTMLTemplateElement;

  constructor(
    private readonly el: HTMLElement,
    private readonly id: string,
    private readonly ctx: WContext,
  ) {
    const template = Array.from(el.children).find((c): c is HTMLTemplateElement => c.tagName === 'TEMPLATE');
    if (!template) throw new Error(`$w('#${id}') is marked data-repeater but has no <template> child with the item markup`);
    this.template = template;
  }

  get data(): RepeaterItem[] {
    return this.items.map((item) => ({ ...item }));
  }

  setData(data: unknown): void {
    const next = validateItems(this.id, data).map((item) => ({ ...item }));
    const { steps, removed } = planRender(this.items, next);
    for (const key of removed) {
      this.nodes.get(key)?.remove();
      this.nodes.delete(key);
    }
    this.items = next;
    const fresh: Array<{ node: HTMLElement; item: RepeaterItem; index: number }> = [];
    for (const step of steps) {
      const node = step.fresh ? this.render(step.item._id) : this.nodes.get(step.item._id)!;
      this.nodes.set(step.item._id, node);
      this.el.appendChild(node); // appending an attached node moves it: keeps the DOM in data order
      if (step.fresh) fresh.push({ node, item: step.item, index: step.index });
    }
    for (const { node, item, index } of fresh) this.callHandlers(this.readyHandlers, node, item, index);
  }

  onItemReady(handler: ItemHandler): void {
    if (typeof handler !== 'function') throw new TypeError(`$w('#${this.id}').onItemReady needs a function`);
    this.readyHandlers.push(handler);
  }

  forEachItem(handler: ItemHandler): void {
    if (typeof handler !== 'function') throw new TypeError(`$w('#${this.id}').forEachItem needs a function`);
    this.items.forEach((item, index) => {
      const node = this.nodes.get(item._id);
      if (node) this.callHandlers([handler], node, item, index);
    });
  }

  private callHandlers(handlers: ItemHandler[], node: HTMLElement, item: RepeaterItem, index: number): void {
    const $item = itemSelector(node, this.ctx);
    for (const handler of handlers) {
      try {
        const result = handler($item, { ...item }, index) as unknown;
        if (result && typeof (result as Promise<unknown>).then === 'function') {
          (result as Promise<unknown>).then(undefined, (err: unknown) => this.ctx.reportError(err, `#${this.id} item handler`));
        }
      } catch (err) {
        this.ctx.reportError(err, `#${this.id} item handler`);
      }
    }
  }

  private render(key: string): HTMLElement {
    const content = this.template.content.cloneNode(true) as DocumentFragment;
    const elements = Array.from(content.children) as HTMLElement[];
    let node: HTMLElement;
    if (elements.length === 1 && content.childNodes.length === elements.length + countBlankText(content)) {
      node = elements[0]!;
    } else {
      node = this.ctx.doc.createElement('div');
      node.append(content);
    }
    node.setAttribute('data-repeater-item', key);
    const suffix = `${this.id}-${key}`.replace(/[^A-Za-z0-9_-]/g, '_');
    const renamed = new Map<string, string>();
    for (const child of [node, ...Array.from(node.querySelectorAll<HTMLElement>('[id]'))]) {
      const original = child.getAttribute('id');
      if (!original) continue;
      const unique = `${original}--${suffix}`;
      renamed.set(original, unique);
      child.setAttribute('data-item-id', original);
      child.setAttribute('id', unique);
    }
    // Keep <label for> pointing at this item's own input.
    for (const label of Array.from(node.querySelectorAll('label[for]'))) {
      const target = renamed.get(label.getAttribute('for') ?? '');
      if (target) label.setAttribute('for', target);
    }
    return node;
  }
}

function countBlankText(fragment: DocumentFragment): number {
  return Array.from(fragment.childNodes).filter((n) => n.nodeType === 3 && !(n.textContent ?? '').trim()).length;
}
