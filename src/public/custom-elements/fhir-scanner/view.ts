import type { Category, Issue, Severity } from '../../fhir/report/issue';
import type { ScanReport } from '../../fhir/report/scan-report';

/**
 * What the <fhir-scanner> element shows, computed without the DOM: issue filtering and paging,
 * chart rows, score cards and the event detail. Pure functions, unit-tested on their own.
 */

export interface IssueFilter {
  /** '' = any. */
  severity: Severity | '';
  category: Category | '';
  resourceType: string;
  /** Case-insensitive; matched against message, rule, expression, resource id and location. */
  text: string;
}

export const NO_FILTER: IssueFilter = { severity: '', category: '', resourceType: '', text: '' };

/** The text an issue is searched by (lower-cased once per issue by the caller's cache). */
export function searchText(issue: Issue): string {
  const loc = issue.location;
  return [
    issue.message,
    issue.rule,
    issue.code,
    issue.expression.join(' '),
    issue.id !== undefined ? `${issue.resourceType}/${issue.id}` : issue.resourceType,
    loc?.source ?? '',
    loc?.line !== undefined ? `line ${loc.line}` : '',
    loc?.entry !== undefined ? `entry ${loc.entry}` : '',
  ]
    .join('\n')
    .toLowerCase();
}

/**
 * The issues that pass the filter, in report order (worst first). `texts` lets a caller pass
 * precomputed searchText() values (same order as `issues`) so typing in the search box does not
 * rebuild them for every keystroke.
 */
export function filterIssues(issues: readonly Issue[], filter: IssueFilter, texts?: readonly string[]): Issue[] {
  const needle = filter.text.trim().toLowerCase();
  const out: Issue[] = [];
  for (let i = 0; i < issues.length; i++) {
    const issue = issues[i]!;
    if (filter.severity && issue.severity !== filter.severity) continue;
    if (filter.category && issue.category !== filter.category) continue;
    if (filter.resourceType && issue.resourceType !== filter.resourceType) continue;
    if (needle && !(texts?.[i] ?? searchText(issue)).includes(needle)) continue;
    out.push(issue);
  }
  return out;
}

export interface PageSlice<T> {
  items: T[];
  /** 0-based page actually shown (clamped into range). */
  page: number;
  pages: number;
  /** 1-based positions of the first and last item shown; 0 and 0 when there is none. */
  from: number;
  to: number;
  total: number;
}

export function pageOf<T>(items: readonly T[], page: number, size: number): PageSlice<T> {
  const per = Math.max(1, Math.floor(size));
  const pages = Math.max(1, Math.ceil(items.length / per));
  const p = Math.min(Math.max(0, Math.floor(Number.isFinite(page) ? page : 0)), pages - 1);
  const slice = items.slice(p * per, p * per + per);
  return { items: slice, page: p, pages, from: slice.length ? p * per + 1 : 0, to: p * per + slice.length, total: items.length };
}

/** The values the filter dropdowns offer: those present in the kept issues, sorted. */
export function filterOptions(issues: readonly Issue[]): { resourceTypes: string[]; categories: Category[]; severities: Severity[] } {
  const types = new Set<string>();
  const categories = new Set<Category>();
  const severities = new Set<Severity>();
  for (const issue of issues) {
    types.add(issue.resourceType);
    categories.add(issue.category);
    severities.add(issue.severity);
  }
  const order: Severity[] = ['fatal', 'error', 'warning', 'information'];
  return {
    resourceTypes: [...types].sort(),
    categories: [...categories].sort(),
    severities: order.filter((s) => severities.has(s)),
  };
}

/** One bar of a chart: errors include fatal issues. */
export interface ChartRow {
  label: string;
  errors: number;
  warnings: number;
  information: number;
}

export const chartTotal = (row: ChartRow): number => row.errors + row.warnings + row.information;

/** Issues per resource type from the summary (exact counts, not just the kept issues), most first. */
export function issuesByType(report: ScanReport, limit = 12): { rows: ChartRow[]; more: number } {
  const rows = Object.entries(report.summary.byType)
    .map(([label, t]) => ({ label, errors: t.fatal + t.errors, warnings: t.warnings, information: t.information }))
    .filter((row) => chartTotal(row) > 0)
    .sort((a, b) => chartTotal(b) - chartTotal(a) || a.label.localeCompare(b.label));
  return { rows: rows.slice(0, limit), more: Math.max(0, rows.length - limit) };
}

export function issuesByCategory(report: ScanReport): ChartRow[] {
  return Object.entries(report.summary.byCategory)
    .map(([label, c]) => ({ label, errors: c.errors, warnings: c.warnings, information: c.information }))
    .filter((row) => chartTotal(row) > 0)
    .sort((a, b) => chartTotal(b) - chartTotal(a) || a.label.localeCompare(b.label));
}

export type CardTone = 'good' | 'fair' | 'poor' | 'none';

export interface ScoreCard {
  key: 'conformance' | 'completeness' | 'plausibility' | 'overall';
  label: string;
  value: string;
  tone: CardTone;
  /** 0-100, or null when no check applied. */
  score: number | null;
}

const CARD_LABELS: Array<[ScoreCard['key'], string]> = [
  ['conformance', 'Conformance'],
  ['completeness', 'Completeness'],
  ['plausibility', 'Plausibility'],
  ['overall', 'Overall'],
];

export function scoreCards(report: ScanReport): ScoreCard[] {
  return CARD_LABELS.map(([key, label]) => {
    const raw = report.summary.scores[key];
    const score = typeof raw === 'number' && Number.isFinite(raw) ? Math.min(100, Math.max(0, raw)) : null;
    const tone: CardTone = score === null ? 'none' : score >= 95 ? 'good' : score >= 80 ? 'fair' : 'poor';
    return { key, label, value: score === null ? 'n/a' : `${score.toFixed(1)}%`, tone, score };
  });
}

/** The detail of the 'scan-complete' event: small, plain, and the same whatever ran the scan. */
export interface ScanCompleteDetail {
  resources: number;
  /** Error-level issues, fatal ones included. */
  errors: number;
  warnings: number;
  information: number;
  scores: { conformance: number | null; completeness: number | null; plausibility: number | null; overall: number | null };
  profile: string | null;
  elapsedMs: number;
}

export function completeDetail(report: ScanReport, elapsedMs: number): ScanCompleteDetail {
  const s = report.summary;
  return {
    resources: s.resources,
    errors: s.fatal + s.errors,
    warnings: s.warnings,
    information: s.information,
    scores: { conformance: s.scores.conformance, completeness: s.scores.completeness, plausibility: s.scores.plausibility, overall: s.scores.overall },
    profile: s.profile ?? null,
    elapsedMs: Math.round(elapsedMs),
  };
}

/** "12,345 resources · 4,100/s" for the progress line. */
export function progressLabel(resources: number, elapsedMs: number, fraction?: number): string {
  const rate = elapsedMs > 0 ? Math.round((resources / elapsedMs) * 1000) : 0;
  const parts = [`${resources.toLocaleString('en-US')} resource${resources === 1 ? '' : 's'}`, `${rate.toLocaleString('en-US')} resources/s`];
  if (fraction !== undefined && Number.isFinite(fraction)) parts.unshift(`${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`);
  return parts.join(' · ');
}

/** A file name for downloads: the scanned file's base name plus the suffix, safe for every OS. */
export function downloadName(sourceName: string | undefined, extension: 'json' | 'html'): string {
  const base = (sourceName ?? '')
    .replace(/\.(nd)?json[l]?$/i, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${base || 'fhir'}-scan-report.${extension}`;
}
