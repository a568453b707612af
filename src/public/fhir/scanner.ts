import { createConformanceValidator } from './conformance';
import { createInvariantChecker } from './invariants';
import { createDatasetIndex, createQualityChecker } from './quality';
import { CheckTally } from './report/checks';
import { SEVERITY_ORDER, type Category, type FindingSink, type Issue, type IssueLocation, type Severity } from './report/issue';
import type { ScanReport, Scores, TypeSummary } from './report/scan-report';

export interface ScanOptions {
  /** Also check against a profile set: "us-core" = US Core 5.0.1. */
  profile?: 'us-core';
  /** Issues kept in the report (counts stay exact beyond it). Default 100,000. */
  maxIssues?: number;
}

export interface Scanner {
  /** Scans one resource (a Bundle's entries are scanned as resources of their own). */
  add(resource: unknown, location?: IssueLocation): void;
  /** Input that could not be parsed as JSON at all (e.g. a bad NDJSON line). */
  addUnparsable(message: string, location?: IssueLocation): void;
  /** Runs the dataset checks and returns the report. The scanner cannot be used after. */
  finish(): ScanReport;
}

const DEFAULT_MAX_ISSUES = 100_000;

/**
 * The scanner: every resource goes through conformance (structure, types, bindings, references),
 * the FHIRPath invariants and the per-resource data-quality checks as it arrives, so NDJSON can be
 * streamed in constant memory; the dataset checks (dangling references, duplicates) run at the end.
 */
export function createScanner(options: ScanOptions = {}): Scanner {
  const maxIssues = options.maxIssues ?? DEFAULT_MAX_ISSUES;
  const conformance = createConformanceValidator({ profile: options.profile });
  const invariants = createInvariantChecker();
  const quality = createQualityChecker();
  const tally = new CheckTally();

  const kept = new SeverityBoundedList(maxIssues);
  // The dataset checks hold their findings until finish(); those the report would drop are only counted.
  const dataset = createDatasetIndex({
    dropping: {
      wouldDrop: (severity) => kept.wouldDrop(SEVERITY_ORDER[severity]),
      count(resourceType, severity, category) {
        count(typeSummary(resourceType), severity, category);
        kept.dropped++;
      },
    },
  });
  const byType: Record<string, TypeSummary & { withConformanceError: number }> = {};
  const byCategory: ScanReport['summary']['byCategory'] = {};
  const totals = { resources: 0, fatal: 0, errors: 0, warnings: 0, information: 0 };
  let finished = false;

  function typeSummary(resourceType: string) {
    return (byType[resourceType] ??= { resources: 0, fatal: 0, errors: 0, warnings: 0, information: 0, withConformanceError: 0 });
  }

  /** Counts one finding (kept or not) in the totals. */
  function count(t: TypeSummary, severity: Severity, category: Category): void {
    const c = (byCategory[category] ??= { errors: 0, warnings: 0, information: 0 });
    switch (severity) {
      case 'fatal':
        totals.fatal++;
        t.fatal++;
        c.errors++;
        break;
      case 'error':
        totals.errors++;
        t.errors++;
        c.errors++;
        break;
      case 'warning':
        totals.warnings++;
        t.warnings++;
        c.warnings++;
        break;
      default:
        totals.information++;
        t.information++;
        c.information++;
    }
  }

  function record(issue: Issue): void {
    count(typeSummary(issue.resourceType), issue.severity, issue.category);
    kept.add(issue);
  }

  // The resource being scanned. Checks are synchronous, so one sink serves every resource: no
  // closure per resource, and findings the report would drop are counted without being built.
  let current: TypeSummary = { resources: 0, fatal: 0, errors: 0, warnings: 0, information: 0 };
  let currentType = '';
  let currentId: string | undefined;
  let currentLocation: IssueLocation | undefined;
  let conformanceError = false;

  const sink: FindingSink = (finding) => {
    const severity = finding.severity;
    if (finding.category === 'conformance' && (severity === 'error' || severity === 'fatal')) conformanceError = true;
    count(current, severity, finding.category);
    if (kept.wouldDrop(SEVERITY_ORDER[severity])) {
      kept.dropped++;
      return;
    }
    // The issue's key order: resourceType, id, the finding's keys, location.
    const issue: Issue =
      currentId !== undefined
        ? { resourceType: currentType, id: currentId, severity, code: finding.code, category: finding.category, rule: finding.rule, expression: finding.expression, message: finding.message }
        : { resourceType: currentType, severity, code: finding.code, category: finding.category, rule: finding.rule, expression: finding.expression, message: finding.message };
    if (currentLocation) issue.location = currentLocation;
    kept.add(issue);
  };
  sink.countDropped = (severity, category) => {
    if (!kept.wouldDrop(SEVERITY_ORDER[severity])) return false;
    if (category === 'conformance' && (severity === 'error' || severity === 'fatal')) conformanceError = true;
    count(current, severity, category);
    kept.dropped++;
    return true;
  };

  function scanOne(resource: Record<string, unknown>, location: IssueLocation | undefined): void {
    const resourceType = resource.resourceType as string;
    const t = typeSummary(resourceType);
    t.resources++;
    totals.resources++;
    current = t;
    currentType = resourceType;
    currentId = typeof resource.id === 'string' ? resource.id : undefined;
    currentLocation = location;
    conformanceError = false;
    conformance.validate(resource, sink);
    invariants.check(resource, sink);
    if (resourceType === 'Bundle' && !Array.isArray(resource.entry)) {
      // (the two walks skip entry resources by different tests when Bundle.entry is not an array)
      quality.check(resource, sink, tally);
      dataset.add(resource, location);
    } else {
      // The dataset index takes the references from the quality walk: one walk instead of two.
      dataset.begin(resource, location);
      quality.check(resource, sink, tally, dataset.reference);
      dataset.end();
    }
    if (conformanceError) t.withConformanceError++;
  }

  function fatal(resourceType: string, message: string, location: IssueLocation | undefined, rule: string): void {
    typeSummary(resourceType).resources++;
    totals.resources++;
    typeSummary(resourceType).withConformanceError++;
    record({
      resourceType,
      severity: 'fatal',
      code: 'structure',
      category: 'conformance',
      rule,
      expression: [],
      message,
      ...(location ? { location } : {}),
    });
  }

  function add(resource: unknown, location?: IssueLocation): void {
    if (finished) throw new Error('This scanner has finished; create a new one');
    if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) {
      const got = Array.isArray(resource) ? 'an array' : resource === null ? 'null' : typeof resource;
      fatal('Unknown', `Expected a FHIR resource (a JSON object), got ${got}`, location, 'input.not-an-object');
      return;
    }
    const obj = resource as Record<string, unknown>;
    if (typeof obj.resourceType !== 'string' || obj.resourceType === '') {
      fatal('Unknown', 'The JSON object has no resourceType, so it is not a FHIR resource', location, 'input.no-resource-type');
      return;
    }
    scanOne(obj, location);
    if (obj.resourceType === 'Bundle' && Array.isArray(obj.entry)) {
      obj.entry.forEach((entry: unknown, index: number) => {
        const inner = entry && typeof entry === 'object' ? (entry as Record<string, unknown>).resource : undefined;
        if (inner !== undefined) add(inner, { ...location, entry: index });
      });
    }
  }

  return {
    add,
    addUnparsable(message, location) {
      fatal('Unknown', message, location, 'input.unparsable');
    },
    finish() {
      if (finished) throw new Error('This scanner has finished already');
      finished = true;
      dataset.finish((issue) => record(issue), tally);
      const summaryByType: Record<string, TypeSummary> = {};
      for (const [type, { withConformanceError: _unused, ...counts }] of Object.entries(byType)) summaryByType[type] = counts;
      return {
        summary: {
          ...totals,
          byType: summaryByType,
          byCategory,
          scores: scores(),
          checks: tally.results(),
          ...(options.profile ? { profile: options.profile } : {}),
          truncated: kept.dropped > 0,
          issuesKept: kept.size,
        },
        issues: kept.toArray(),
      };
    },
  };

  function scores(): Scores {
    const pct = (ok: number, all: number) => (all === 0 ? null : Math.round((ok / all) * 1000) / 10);
    let clean = 0;
    const conformanceByType: Record<string, number | null> = {};
    for (const [type, t] of Object.entries(byType)) {
      clean += t.resources - t.withConformanceError;
      conformanceByType[type] = pct(t.resources - t.withConformanceError, t.resources);
    }
    const completeness = tally.scores('completeness');
    const plausibility = tally.scores('plausibility');
    const conformance = pct(clean, totals.resources);
    const parts = [conformance, completeness.overall, plausibility.overall].filter((s): s is number => s !== null);
    const result: Scores = {
      conformance,
      completeness: completeness.overall,
      plausibility: plausibility.overall,
      overall: parts.length ? Math.round((parts.reduce((a, b) => a + b, 0) / parts.length) * 10) / 10 : null,
      byType: {},
    };
    for (const type of Object.keys(byType)) {
      result.byType[type] = {
        conformance: conformanceByType[type] ?? null,
        completeness: completeness.byType[type] ?? null,
        plausibility: plausibility.byType[type] ?? null,
      };
    }
    return result;
  }
}

/**
 * Keeps at most `max` issues, preferring the most severe: when full, a new issue displaces the
 * newest issue of the least severe kind present, so errors found late (dataset checks run at the
 * end) are never crowded out by early warnings. Within a severity, the first found are kept.
 */
class SeverityBoundedList {
  private readonly buckets: Issue[][] = [[], [], [], []];
  size = 0;
  dropped = 0;

  constructor(private readonly max: number) {}

  /**
   * Whether an issue of this rank would be dropped now. Once true it stays true (the list stays
   * full and only ever trades less severe issues for more severe ones), so a finding for which it
   * holds need not be built at all: counting it is enough.
   */
  wouldDrop(rank: number): boolean {
    if (this.size < this.max) return false;
    for (let worst = 3; worst > rank; worst--) if (this.buckets[worst]!.length > 0) return false;
    return true;
  }

  add(issue: Issue): void {
    const rank = SEVERITY_ORDER[issue.severity];
    if (this.size < this.max) {
      this.buckets[rank]!.push(issue);
      this.size++;
      return;
    }
    this.dropped++;
    for (let worst = 3; worst > rank; worst--) {
      const bucket = this.buckets[worst]!;
      if (bucket.length > 0) {
        bucket.pop();
        this.buckets[rank]!.push(issue);
        return;
      }
    }
  }

  /** Most severe first; in the order found within a severity. */
  toArray(): Issue[] {
    return this.buckets.flat();
  }
}

/** Convenience for in-memory input: scans everything and returns the report. */
export function scanAll(resources: Iterable<unknown>, options?: ScanOptions): ScanReport {
  const scanner = createScanner(options);
  for (const resource of resources) scanner.add(resource);
  return scanner.finish();
}
