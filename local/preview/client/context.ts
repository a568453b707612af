/** What every element wrapper of one page shares. */
export interface WContext {
  doc: Document;
  /** One wrapper per DOM element, so handlers and repeater state live as long as the element. */
  wrappers: WeakMap<Element, $w.Element>;
  /** Shows a fault of page code (a throwing handler) where a developer will see it. */
  reportError(error: unknown, where: string): void;
  /** A selector for page-level elements (item selectors fall back to it, as Velo's do). */
  pageSelector: $w.Selector;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
