import type { Issue, IssueLocation, Severity } from '../report/issue';
import { SEVERITY_ORDER } from '../report/issue';
import type { ScanReport } from '../report/scan-report';

/** Helpers the renderers share: labels, ordering and counts, all free of any output syntax. */

export const SEVERITIES: readonly Severity[] = ['fatal', 'error', 'warning', 'information'];

export const SEVERITY_LABEL: Record<Severity, { one: string; many: string }> = {
  fatal: { one: 'fatal', many: 'fatal' },
  error: { one: 'error', many: 'errors' },
  warning: { one: 'warning', many: 'warnings' },
  information: { one: 'information', many: 'information' },
};

/** Exact count per severity from the summary (the issue list may be truncated, the counts never are). */
export function severityCount(report: ScanReport, severity: Severity): number {
  const s = report.summary;
  return severity === 'fatal' ? s.fatal : severity === 'error' ? s.errors : severity === 'warning' ? s.warnings : s.information;
}

/** Issues by severity, keeping scan order inside a severity (a stable sort). */
export function groupBySeverity(issues: readonly Issue[]): Record<Severity, Issue[]> {
  const groups: Record<Severity, Issue[]> = { fatal: [], error: [], warning: [], information: [] };
  for (const issue of issues) (groups[issue.severity] ?? groups.information).push(issue);
  return groups;
}

export function sortedBySeverity(issues: readonly Issue[]): Issue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => (SEVERITY_ORDER[a.issue.severity] ?? 9) - (SEVERITY_ORDER[b.issue.severity] ?? 9) || a.index - b.index)
    .map((x) => x.issue);
}

/** "Patient/123", or the bare type when the resource has no id. */
export function resourceLabel(issue: Pick<Issue, 'resourceType' | 'id'>): string {
  return issue.id !== undefined && issue.id !== '' ? `${issue.resourceType}/${issue.id}` : issue.resourceType;
}

/** "data/Patient.ndjson:12", "bundle.json entry 3", "line 4", or "" when nothing is known. */
export function locationLabel(location: IssueLocation | undefined): string {
  if (!location) return '';
  const parts: string[] = [];
  if (location.source !== undefined && location.source !== '') {
    parts.push(location.line !== undefined ? `${location.source}:${location.line}` : location.source);
  } else if (location.line !== undefined) {
    parts.push(`line ${location.line}`);
  }
  if (location.entry !== undefined) parts.push(`entry ${location.entry}`);
  return parts.join(' ');
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined || !Number.isFinite(score) ? 'n/a' : `${score.toFixed(1)}%`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The one-line verdict every rendering starts with. */
export function summaryLine(report: ScanReport): string {
  const s = report.summary;
  const parts = [
    plural(s.resources, 'resource', 'resources'),
    ...(s.fatal ? [plural(s.fatal, 'fatal', 'fatal')] : []),
    plural(s.errors, 'error', 'errors'),
    plural(s.warnings, 'warning', 'warnings'),
    plural(s.information, 'information', 'information'),
  ];
  return `Scanned ${parts.join(', ')}${s.profile ? ` (profile: ${s.profile})` : ''}`;
}

export function hasErrors(report: ScanReport): boolean {
  return report.summary.fatal + report.summary.errors > 0;
}

export interface RuleCount {
  rule: string;
  severity: Severity;
  count: number;
  example: Issue;
}

/** The most frequent rules among the kept issues, worst severity first on ties. */
export function topRules(issues: readonly Issue[], limit: number): RuleCount[] {
  const byRule = new Map<string, RuleCount>();
  for (const issue of issues) {
    const key = `${issue.severity}\u0000${issue.rule}`;
    const entry = byRule.get(key);
    if (entry) entry.count++;
    else byRule.set(key, { rule: issue.rule, severity: issue.severity, count: 1, example: issue });
  }
  return [...byRule.values()]
    .sort((a, b) => b.count - a.count || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.rule.localeCompare(b.rule))
    .slice(0, limit);
}

/** Resource types ordered by how many issues they have, then by name. */
export function typesByIssues(report: ScanReport): string[] {
  const t = report.summary.byType;
  const total = (k: string) => t[k]!.fatal + t[k]!.errors + t[k]!.warnings + t[k]!.information;
  return Object.keys(t).sort((a, b) => total(b) - total(a) || a.localeCompare(b));
}
