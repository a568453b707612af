import type { Issue } from '../report/issue';
import type { ScanReport, Scores, TypeSummary } from '../report/scan-report';

/** One issue as the JSON report carries it: the issue's documented shape, plus rule and location. */
export type JsonIssue = Issue;

/** The JSON report has the report model's shape exactly. */
export type JsonReport = ScanReport;

/**
 * The JSON rendering: `{ summary, issues }` with a fixed key order, as a fresh plain object (no
 * shared references with the report, so callers may change it). `JSON.stringify` it to send it.
 */
export function toJson(report: ScanReport): JsonReport {
  const s = report.summary;
  const byType: Record<string, TypeSummary> = {};
  for (const type of Object.keys(s.byType).sort()) {
    const t = s.byType[type]!;
    byType[type] = { resources: t.resources, fatal: t.fatal, errors: t.errors, warnings: t.warnings, information: t.information };
  }
  const byCategory: JsonReport['summary']['byCategory'] = {};
  for (const category of Object.keys(s.byCategory).sort()) {
    const c = s.byCategory[category]!;
    byCategory[category] = { errors: c.errors, warnings: c.warnings, information: c.information };
  }
  const scoresByType: Scores['byType'] = {};
  for (const type of Object.keys(s.scores.byType).sort()) scoresByType[type] = { ...s.scores.byType[type]! };

  return {
    summary: {
      resources: s.resources,
      fatal: s.fatal,
      errors: s.errors,
      warnings: s.warnings,
      information: s.information,
      byType,
      byCategory,
      scores: {
        conformance: s.scores.conformance,
        completeness: s.scores.completeness,
        plausibility: s.scores.plausibility,
        overall: s.scores.overall,
        byType: scoresByType,
      },
      checks: s.checks.map((c) => ({
        id: c.id,
        category: c.category,
        description: c.description,
        thresholdPct: c.thresholdPct,
        numerator: c.numerator,
        denominator: c.denominator,
        pctFailed: c.pctFailed,
        passed: c.passed,
      })),
      ...(s.profile !== undefined ? { profile: s.profile } : {}),
      truncated: s.truncated,
      issuesKept: s.issuesKept,
    },
    issues: report.issues.map((i) => ({
      resourceType: i.resourceType,
      ...(i.id !== undefined ? { id: i.id } : {}),
      severity: i.severity,
      code: i.code,
      category: i.category,
      rule: i.rule,
      expression: [...i.expression],
      message: i.message,
      ...(i.location ? { location: { ...i.location } } : {}),
    })),
  };
}

/** The JSON text (pretty by default: reports are read by people as often as by programs). */
export function toJsonText(report: ScanReport, indent = 2): string {
  return `${JSON.stringify(toJson(report), null, indent)}\n`;
}
