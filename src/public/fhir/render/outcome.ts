import escapeHtml from 'escape-html';
import type { Issue } from '../report/issue';
import type { ScanReport } from '../report/scan-report';
import { locationLabel, resourceLabel, sortedBySeverity, summaryLine } from './format';

/** The R4 OperationOutcome subset we produce (https://hl7.org/fhir/R4/operationoutcome.html). */
export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  text: { status: 'generated'; div: string };
  issue: OperationOutcomeIssue[];
}

export interface OperationOutcomeIssue {
  extension?: Extension[];
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: string;
  details?: { text: string };
  diagnostics?: string;
  expression?: string[];
}

export interface Extension {
  url: string;
  valueString?: string;
  valueInteger?: number;
  valueCode?: string;
  extension?: Extension[];
}

/**
 * Where the resource an issue is about sits in the scanned input. An OperationOutcome describes one
 * resource, a scan many, so each issue names its resource (and file, NDJSON line, Bundle entry)
 * in this complex extension; `diagnostics` says the same in words for people.
 */
export const ISSUE_LOCATION_EXTENSION = 'https://fhiriq.com/fhir/StructureDefinition/issue-location';
/** The core extension the HL7 validator uses for the line of an issue. */
export const ISSUE_LINE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line';

/**
 * The scan as one R4 OperationOutcome: one issue per finding, worst first. An empty scan still
 * has one issue (the resource requires at least one): information, "All OK".
 */
export function toOperationOutcome(report: ScanReport): OperationOutcome {
  const issues = sortedBySeverity(report.issues).map(toIssue);
  const s = report.summary;
  const total = s.fatal + s.errors + s.warnings + s.information;
  if (s.truncated || total > report.issues.length) {
    const left = Math.max(0, total - report.issues.length);
    issues.push({
      severity: 'information',
      code: 'informational',
      details: { text: `${left} more issues were found but not kept in this report (the counts in the summary are exact)` },
    });
  }
  if (issues.length === 0) {
    issues.push({
      severity: 'information',
      code: 'informational',
      details: { text: 'All OK' },
      diagnostics: `${summaryLine(report)}; no issues found`,
    });
  }
  return {
    resourceType: 'OperationOutcome',
    text: { status: 'generated', div: narrative(report) },
    issue: issues,
  };
}

function toIssue(issue: Issue): OperationOutcomeIssue {
  const where = locationLabel(issue.location);
  const resource = resourceLabel(issue);
  const ext: Extension[] = [{ url: 'resourceType', valueString: fhirString(issue.resourceType) }];
  if (issue.id !== undefined && issue.id !== '') ext.push({ url: 'id', valueString: fhirString(issue.id) });
  if (issue.location?.source) ext.push({ url: 'source', valueString: fhirString(issue.location.source) });
  if (issue.location?.line !== undefined) ext.push({ url: 'line', valueInteger: issue.location.line });
  if (issue.location?.entry !== undefined) ext.push({ url: 'entry', valueInteger: issue.location.entry });
  ext.push({ url: 'rule', valueString: fhirString(issue.rule) });
  ext.push({ url: 'category', valueCode: issue.category });

  const extension: Extension[] = [{ url: ISSUE_LOCATION_EXTENSION, extension: ext }];
  if (issue.location?.line !== undefined) extension.push({ url: ISSUE_LINE_EXTENSION, valueInteger: issue.location.line });

  const expression = issue.expression.map(fhirString).filter((e) => e !== '');
  return {
    extension,
    severity: issue.severity,
    code: issue.code,
    details: { text: fhirString(issue.message) || issue.rule },
    diagnostics: fhirString(`${resource}${where ? ` (${where})` : ''} [${issue.rule}]`),
    ...(expression.length ? { expression } : {}),
  };
}

/**
 * FHIR strings may not be empty nor carry control characters other than tab, CR and LF, and
 * should not have outer whitespace; findings quote input data, so we clean them here.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
function fhirString(value: string): string {
  return String(value).replace(CONTROL, '\uFFFD').trim();
}

function narrative(report: ScanReport): string {
  const s = report.summary;
  const scores = s.scores;
  const score = (n: number | null) => (n === null ? 'n/a' : `${n}%`);
  return (
    '<div xmlns="http://www.w3.org/1999/xhtml">' +
    `<p>${escapeHtml(summaryLine(report))}.</p>` +
    `<p>Scores: overall ${score(scores.overall)}, conformance ${score(scores.conformance)}, ` +
    `completeness ${score(scores.completeness)}, plausibility ${score(scores.plausibility)}.</p>` +
    '</div>'
  );
}
