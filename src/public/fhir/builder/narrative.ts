import escapeHtml from 'escape-html';
import type { Narrative } from 'fhir/r4';

/**
 * A generated narrative (Resource.text, status "generated"): what the resource says, in a few
 * lines, so that a person reading the JSON in any viewer sees it and the resource meets dom-6.
 * Every value, user-given or ours, goes through escape-html; the markup is only <div> and <p>.
 */
export function narrative(lines: ReadonlyArray<string | undefined>): Narrative {
  const body = lines
    .filter((l): l is string => typeof l === 'string' && l.trim() !== '')
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('');
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${body}</div>` };
}
