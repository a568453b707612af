/**
 * Small helpers page code shares to show and hide messages. They take the page's `$w` as an
 * argument because public code cannot rely on a global `$w` on Wix.
 */

export function showMessage(select: $w.Selector, selector: string, message: string): void {
  const el = select(selector);
  el.text = message;
  void el.show();
}

export function hideAll(select: $w.Selector, ...selectors: string[]): void {
  for (const selector of selectors) void select(selector).hide();
}

/** The message shown when a web method call fails for reasons the visitor cannot fix. */
export const LOAD_FAILED = 'We could not load this content just now. Please refresh the page in a minute.';
