import type { CheckResult } from './checks';
import type { Issue } from './issue';

export interface TypeSummary {
  resources: number;
  fatal: number;
  errors: number;
  warnings: number;
  information: number;
}

export interface Scores {
  /** % of resources with no conformance error. */
  conformance: number | null;
  /** % of passed completeness checks over all applicable (resource, check) pairs. */
  completeness: number | null;
  /** % of passed plausibility checks. */
  plausibility: number | null;
  /** Mean of the scores that apply. */
  overall: number | null;
  byType: Record<string, { conformance: number | null; completeness: number | null; plausibility: number | null }>;
}

/** The one report model; JSON, OperationOutcome, text and HTML are renderings of it. */
export interface ScanReport {
  summary: {
    resources: number;
    fatal: number;
    errors: number;
    warnings: number;
    information: number;
    byType: Record<string, TypeSummary>;
    byCategory: Record<string, { errors: number; warnings: number; information: number }>;
    scores: Scores;
    checks: CheckResult[];
    /** Profile the data was checked against, e.g. "us-core" (US Core 5.0.1). */
    profile?: string;
    /** True when more issues were found than the report keeps (counts stay exact). */
    truncated: boolean;
    issuesKept: number;
  };
  issues: Issue[];
}
