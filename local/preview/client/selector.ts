/** Velo selectors in our subset: '#elementId' only (ids as the Wix editor names them). */
export function parseSelector(selector: unknown): string {
  if (typeof selector !== 'string') throw new TypeError(`$w(): expected a selector such as '#submitButton', got ${typeof selector}`);
  const match = /^#([A-Za-z][A-Za-z0-9_-]*)$/.exec(selector.trim());
  if (!match) {
    throw new Error(`$w('${selector}'): only '#elementId' selectors are supported by the local preview`);
  }
  return match[1]!;
}
