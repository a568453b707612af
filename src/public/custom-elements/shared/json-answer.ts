/** Reading our endpoints' JSON answers in the elements: shapes are checked, never assumed. */

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One issue of an `{ error: { issues } }` body as a line: "path: message" (the path a string or segments). */
export function issueText(issue: unknown): string | undefined {
  if (!isObject(issue) || typeof issue.message !== 'string') return undefined;
  const path = Array.isArray(issue.path) ? issue.path.join('.') : issue.path;
  return typeof path === 'string' && path !== '' ? `${path}: ${issue.message}` : issue.message;
}
