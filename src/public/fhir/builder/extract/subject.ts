import type { Span } from '../text';

/**
 * The patient a clinical request is about, when it names one by id: "patient 123", "Patient/123",
 * "pt #42", "patient id abc-9". The id must look like one (contain a digit, or follow the word
 * "id"), so that "patient Jane" is read as a name and not as an id. FHIR ids are 1-64 characters of
 * [A-Za-z0-9-.].
 */
export interface FoundSubject extends Span {
  id: string;
}

export function findSubjectId(text: string): FoundSubject | undefined {
  const re = /\b(?:patient|pt|subject)(?:'s)?(?:\s*\/\s*|\s+(?:with\s+)?(?:(id|identifier|number|no\.?|#)\s*[:#=]?\s*)?|\s*#\s*|\s*:\s*)([A-Za-z0-9][A-Za-z0-9.-]{0,63})/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const id = m[2]!.replace(/[.-]+$/, '').replace(/'s$/i, '');
    const cued = m[1] !== undefined || /\/\s*$|#\s*$/.test(m[0].slice(0, m[0].length - m[2]!.length));
    if (!/\d/.test(id) && !cued) continue;
    if (/^(?:mrn|npi)$/i.test(id)) continue;
    if (id.length > 64) continue;
    return { start: m.index, end: m.index + m[0].length, id };
  }
  return undefined;
}
