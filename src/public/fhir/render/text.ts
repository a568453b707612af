import type { Issue, Severity } from '../report/issue';
import type { ScanReport } from '../report/scan-report';
import {
  SEVERITIES,
  SEVERITY_LABEL,
  formatCount,
  formatScore,
  groupBySeverity,
  locationLabel,
  resourceLabel,
  severityCount,
  summaryLine,
  topRules,
  typesByIssues,
} from './format';

export interface TextOptions {
  /** ANSI colors (the CLI turns them on for a terminal). Default false. */
  color?: boolean;
  /** Line width to fit; longer cells are cut with "…". Default 100, at least 40. */
  width?: number;
  /** Issues listed in all (worst severity first); the rest is counted as "… and N more". Default 100. */
  maxIssues?: number;
  /** Rows of the per-type table. Default 30. */
  maxTypes?: number;
}

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  magenta: '\u001b[35m',
} as const;

const SEVERITY_STYLE: Record<Severity, { tag: string; color: keyof typeof ANSI }> = {
  fatal: { tag: 'FATAL', color: 'magenta' },
  error: { tag: 'ERROR', color: 'red' },
  warning: { tag: 'WARN ', color: 'yellow' },
  information: { tag: 'INFO ', color: 'cyan' },
};

/**
 * The terminal rendering: a verdict line, the scores, counts by resource type and by category,
 * the data-quality checks, the most frequent problems, then the issues grouped by severity. Every
 * value from the data is cleaned of control characters, so a hostile message cannot drive the
 * terminal, and cut to the width.
 */
export function toText(report: ScanReport, options: TextOptions = {}): string {
  const color = options.color ?? false;
  const width = Math.max(40, Math.floor(options.width ?? 100));
  const maxIssues = Math.max(0, Math.floor(options.maxIssues ?? 100));
  const maxTypes = Math.max(1, Math.floor(options.maxTypes ?? 30));
  const paint = (style: keyof typeof ANSI, text: string) => (color && text ? `${ANSI[style]}${text}${ANSI.reset}` : text);
  const out: string[] = [];
  const s = report.summary;

  const verdictColor = s.fatal + s.errors > 0 ? 'red' : s.warnings > 0 ? 'yellow' : 'green';
  out.push(paint('bold', fit(summaryLine(report), width)));
  const sc = s.scores;
  // Wrapped rather than cut: the scores are the point of the report.
  const scoreParts = [
    { plain: `overall ${formatScore(sc.overall)}`, painted: `overall ${paint(verdictColor, formatScore(sc.overall))}` },
    ...(['conformance', 'completeness', 'plausibility'] as const).map((k) => ({ plain: `${k} ${formatScore(sc[k])}`, painted: `${k} ${formatScore(sc[k])}` })),
  ];
  let scoreLine = { plain: 'Scores', painted: paint('bold', 'Scores') };
  for (const part of scoreParts) {
    if (scoreLine.plain.length + 2 + part.plain.length > width) {
      out.push(scoreLine.painted);
      scoreLine = { plain: `        ${part.plain}`, painted: `        ${part.painted}` };
    } else {
      scoreLine = { plain: `${scoreLine.plain}  ${part.plain}`, painted: `${scoreLine.painted}  ${part.painted}` };
    }
  }
  out.push(scoreLine.painted);

  const types = typesByIssues(report);
  if (types.length) {
    out.push('', paint('bold', 'By resource type'));
    const rows = types.slice(0, maxTypes).map((type) => {
      const t = s.byType[type]!;
      const ts = sc.byType[type];
      return [clean(type), formatCount(t.resources), formatCount(t.fatal), formatCount(t.errors), formatCount(t.warnings), formatCount(t.information),
        formatScore(ts?.conformance), formatScore(ts?.completeness), formatScore(ts?.plausibility)];
    });
    out.push(...table(['Type', 'Resources', 'Fatal', 'Errors', 'Warnings', 'Info', 'Conf.', 'Compl.', 'Plaus.'], rows, width, [1, 2, 3, 4, 5, 6, 7, 8]));
    if (types.length > maxTypes) out.push(paint('dim', `… and ${formatCount(types.length - maxTypes)} more resource types`));
  }

  const categories = Object.keys(s.byCategory).sort();
  if (categories.length) {
    out.push('', paint('bold', 'By category'));
    const rows = categories.map((c) => {
      const v = s.byCategory[c]!;
      return [clean(c), formatCount(v.errors), formatCount(v.warnings), formatCount(v.information)];
    });
    out.push(...table(['Category', 'Errors', 'Warnings', 'Info'], rows, width, [1, 2, 3]));
  }

  if (s.checks.length) {
    out.push('', paint('bold', 'Data-quality checks'));
    const checks = [...s.checks].sort((a, b) => Number(a.passed) - Number(b.passed) || b.pctFailed - a.pctFailed || a.id.localeCompare(b.id));
    const rows = checks.map((c) => [
      clean(c.id),
      clean(c.category),
      `${formatCount(c.numerator)}/${formatCount(c.denominator)}`,
      `${c.pctFailed.toFixed(1)}%`,
      `${c.thresholdPct}%`,
      c.passed ? 'pass' : 'FAIL',
    ]);
    const lines = table(['Check', 'Category', 'Failed', '% failed', 'Threshold', 'Result'], rows, width, [2, 3, 4]);
    out.push(...lines.map((line, i) => (i > 0 && rows[i - 1]?.[5] === 'FAIL' ? paint('red', line) : line)));
  }

  const total = s.fatal + s.errors + s.warnings + s.information;
  if (total > maxIssues && report.issues.length > 0) {
    out.push('', paint('bold', 'Most frequent problems'));
    const rows = topRules(report.issues, 10).map((r) => [SEVERITY_STYLE[r.severity].tag.trim(), formatCount(r.count), clean(r.rule), clean(r.example.message)]);
    out.push(...table(['Severity', 'Count', 'Rule', 'Example'], rows, width, [1]));
  }

  const groups = groupBySeverity(report.issues);
  let budget = maxIssues;
  for (const severity of SEVERITIES) {
    const count = severityCount(report, severity);
    if (count === 0) continue;
    const label = SEVERITY_LABEL[severity];
    out.push('', paint('bold', `${capitalize(count === 1 ? label.one : label.many)} (${formatCount(count)})`));
    const shown = groups[severity].slice(0, budget);
    budget -= shown.length;
    for (const issue of shown) out.push(...issueLines(issue, width, paint));
    const more = count - shown.length;
    if (more > 0) out.push(paint('dim', `  … and ${formatCount(more)} more ${count - shown.length === 1 ? label.one : label.many}`));
  }
  if (total === 0) out.push('', paint('green', 'All OK: no issues found.'));
  if (s.truncated) {
    out.push('', paint('dim', fit(`The report kept ${formatCount(s.issuesKept)} of ${formatCount(total)} issues; the counts above are exact.`, width)));
  }
  return `${out.join('\n')}\n`;
}

function issueLines(issue: Issue, width: number, paint: (style: keyof typeof ANSI, text: string) => string): string[] {
  const style = SEVERITY_STYLE[issue.severity] ?? SEVERITY_STYLE.information;
  const where = clean(locationLabel(issue.location));
  const expression = clean(issue.expression.join(', '));
  const head = [clean(resourceLabel(issue)), expression].filter(Boolean).join('  ');
  const indent = '         ';
  const lines: string[] = [];
  // The location shares the first line when both fit; otherwise it gets a line of its own, cut
  // from the left so the file name and line number stay visible.
  if (where && 9 + head.length + 2 + where.length <= width) {
    lines.push(`  ${paint(style.color, style.tag)}  ${head}  ${paint('dim', where)}`);
  } else {
    lines.push(`  ${paint(style.color, style.tag)}  ${fit(head, width - 9)}`);
    if (where) lines.push(`${indent}${paint('dim', fitLeft(`at ${where}`, width - 9))}`);
  }
  lines.push(...wrap(`${clean(issue.message)} [${clean(issue.rule)}]`, width - 9, 3).map((l) => `${indent}${l}`));
  return lines;
}

/** A plain column table; columns listed in `right` are right-aligned; the last column absorbs the cut. */
function table(head: string[], rows: string[][], width: number, right: number[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
  widths[widths.length - 1] = Math.max(head[head.length - 1]!.length, Math.min(widths[widths.length - 1]!, width - fixed));
  const first = widths[0]!;
  const over = fixed + widths[widths.length - 1]! - width;
  if (over > 0) widths[0] = Math.max(8, first - over);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const w = widths[i]!;
        const text = fit(cell, w);
        return right.includes(i) ? text.padStart(w) : i === cells.length - 1 ? text : text.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  // Too narrow for all columns even after cutting the first: cut the line (rare: under ~70 columns).
  return [line(head), ...rows.map(line)].map((l) => fit(l, width));
}

/** Control characters (ESC included) become visible escapes, so data cannot drive the terminal. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;
function clean(text: string): string {
  return String(text).replace(CONTROL, (c) => (c === '\n' || c === '\r' || c === '\t' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Cuts from the left ("…/folder/file.ndjson:12"): the end of a path says the most. */
function fitLeft(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `…${text.slice(text.length - Math.max(0, width - 1))}`;
}

function fit(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Word-wraps to `maxLines` lines of `width`, cutting the last one with "…" if text is left. */
function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width && lines.length < maxLines - 1) {
    const space = rest.lastIndexOf(' ', width);
    const cut = space > width / 2 ? space : width;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  lines.push(fit(rest, width));
  return lines;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
