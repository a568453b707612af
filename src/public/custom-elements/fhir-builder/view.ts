import { MAX_PROMPT_CHARS, type BuildIssue, type BuildResult } from './api';

/**
 * What the <fhir-builder> element shows, computed without the DOM: the code tabs, the validity
 * badge, the prompt counter, keyboard moves between tabs, names and event details. Pure functions,
 * unit-tested on their own.
 */

/** The code tabs, in the order shown; a language the answer lacks gets no tab. */
export const CODE_TABS: ReadonlyArray<{ language: string; label: string }> = [
  { language: 'typescript', label: 'TypeScript' },
  { language: 'python', label: 'Python' },
  { language: 'curl', label: 'curl' },
  { language: 'java', label: 'Java' },
  { language: 'csharp', label: 'C#' },
];

/** Requests the example buttons put in the prompt box: each one a kind of resource the engine knows. */
export const EXAMPLE_PROMPTS: readonly string[] = [
  'blood pressure 120/80 for patient 42 taken this morning',
  'a patient Jane Roe, female, born 1980-02-03',
  'type 2 diabetes for patient 123',
  'lisinopril 10 mg daily for patient 7',
  'a patient Jane Roe with asthma and an albuterol prescription',
];

export interface Counter {
  text: string;
  over: boolean;
}

export function promptCounter(length: number): Counter {
  return { text: `${length.toLocaleString('en-US')} / ${MAX_PROMPT_CHARS.toLocaleString('en-US')}`, over: length > MAX_PROMPT_CHARS };
}

export type BadgeTone = 'valid' | 'warning' | 'invalid';

export interface Badge {
  tone: BadgeTone;
  text: string;
}

const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : `${one}s`}`;

/**
 * "Valid FHIR R4" (with the count of warnings and notes when there are some), or the issue counts
 * when the scanner found errors. The badge follows `valid` as the server says it; the counts are
 * what the issue list holds.
 */
export function validityBadge(validation: BuildResult['validation']): Badge {
  const errors = validation.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').length;
  const warnings = validation.issues.filter((i) => i.severity === 'warning').length;
  const information = validation.issues.length - errors - warnings;
  const rest = [warnings ? plural(warnings, 'warning') : '', information ? `${information.toLocaleString('en-US')} information` : ''].filter(Boolean);
  if (validation.valid) return { tone: rest.length ? 'warning' : 'valid', text: rest.length ? `Valid FHIR R4 · ${rest.join(', ')}` : 'Valid FHIR R4' };
  const counts = [errors ? plural(errors, 'error') : '', ...rest].filter(Boolean);
  return { tone: 'invalid', text: counts.length ? `Not valid: ${counts.join(', ')}` : 'Not valid FHIR R4' };
}

/**
 * Where an issue is, as the list shows it: the FHIRPath expression (else the resource), and in a
 * Bundle the entry, counted from 0 as the scanner's reports count it.
 */
export function issueWhere(issue: BuildIssue): string {
  const where = issue.expression.length ? issue.expression.join(', ') : issue.id !== undefined ? `${issue.resourceType}/${issue.id}` : issue.resourceType;
  return issue.entry !== undefined ? `${where} (entry ${issue.entry})` : where;
}

/** The tabs shown for an answer: the known languages it has code for, in CODE_TABS order. */
export function tabsFor(code: Record<string, string>): Array<{ language: string; label: string }> {
  return CODE_TABS.filter((tab) => typeof code[tab.language] === 'string' && code[tab.language] !== '');
}

/**
 * The tab a key moves to (WAI-ARIA tabs pattern, automatic activation): arrows wrap around, Home
 * and End go to the ends; null for any other key.
 */
export function tabAfterKey(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** "observation-bp-1.json": the resource type and id, safe as a file name on every system. */
export function resourceFileName(resource: { resourceType?: unknown; id?: unknown }): string {
  const part = (v: unknown) =>
    typeof v === 'string'
      ? v
          .replace(/[^\w.-]+/g, '-')
          .replace(/^[-.]+|[-.]+$/g, '')
          .slice(0, 64)
      : '';
  const name = [part(resource.resourceType).toLowerCase(), part(resource.id)].filter(Boolean).join('-');
  return `${name || 'fhir-resource'}.json`;
}

/** The resource as it is shown, downloaded and handed to the scanner. */
export function resourceText(resource: unknown): string {
  return JSON.stringify(resource, null, 2);
}

/** How the answer was made, for people. */
export function engineLabel(engine: string): string {
  if (engine === 'openai') return 'Built with OpenAI, then checked by our scanner';
  if (engine === 'offline') return 'Built by the offline engine, then checked by our scanner';
  return `Built by the ${engine} engine`;
}

/** The one-line status after a build, e.g. "Built an Observation: Valid FHIR R4." */
export function builtStatus(result: BuildResult): string {
  const type = result.resource.resourceType;
  const article = /^[AEIOU]/.test(type) ? 'an' : 'a';
  const what = type === 'Bundle' ? `a Bundle of ${plural(bundleSize(result.resource), 'resource')}` : `${article} ${type}`;
  return `Built ${what}: ${validityBadge(result.validation).text}.`;
}

function bundleSize(resource: Record<string, unknown>): number {
  return Array.isArray(resource.entry) ? resource.entry.length : 0;
}

/** The detail of the 'build-complete' event: small and plain. */
export interface BuildCompleteDetail {
  resourceType: string;
  valid: boolean;
  engine: string;
  errors: number;
  warnings: number;
  languages: string[];
}

export function completeDetail(result: BuildResult): BuildCompleteDetail {
  return {
    resourceType: result.resource.resourceType,
    valid: result.validation.valid,
    engine: result.engine,
    errors: result.validation.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').length,
    warnings: result.validation.issues.filter((i) => i.severity === 'warning').length,
    languages: tabsFor(result.code).map((t) => t.language),
  };
}
