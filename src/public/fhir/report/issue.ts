/**
 * One finding about FHIR data, shaped so it maps 1:1 onto an OperationOutcome.issue.
 * Every check of the scanner (conformance, invariants, data quality, dataset) reports these.
 */

export type Severity = 'fatal' | 'error' | 'warning' | 'information';

/** Kahn's data-quality categories, as OHDSI's Data Quality Dashboard uses them. */
export type Category = 'conformance' | 'completeness' | 'plausibility';

/** OperationOutcome.issue.code (R4 IssueType) values our checks use. */
export type IssueCode =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'invariant'
  | 'code-invalid'
  | 'extension'
  | 'business-rule'
  | 'not-found'
  | 'duplicate'
  | 'incomplete'
  | 'processing'
  | 'informational';

/** Where in the input the resource was: file, NDJSON line, Bundle entry. */
export interface IssueLocation {
  source?: string;
  /** 1-based NDJSON line. */
  line?: number;
  /** 0-based index of the Bundle entry holding the resource. */
  entry?: number;
}

export interface Issue {
  resourceType: string;
  id?: string;
  severity: Severity;
  code: IssueCode;
  category: Category;
  /** Stable id of the rule that fired, e.g. "struct.unknown-element", "inv.obs-6", "dq.patient.birthDate". */
  rule: string;
  /** FHIRPath of the element(s), relative to the resource, e.g. ["Patient.name[0].given[0]"]. */
  expression: string[];
  message: string;
  location?: IssueLocation;
}

/** What a check reports; the scanner adds resourceType, id and location. */
export type Finding = Omit<Issue, 'resourceType' | 'id' | 'location'>;

/**
 * Where checks send findings about the resource being checked. A sink may also offer
 * `countDropped`: a check that is about to report may call it first; when it returns true the
 * report would not keep a finding of that severity anyway (its issue cap is reached), the finding
 * has been counted (counts stay exact), and the check skips building the finding, its message and
 * its FHIRPath. When it returns false nothing was counted: report the finding as usual.
 */
export interface FindingSink {
  (finding: Finding): void;
  countDropped?: (severity: Severity, category: Category) => boolean;
}

export const SEVERITY_ORDER: Record<Severity, number> = { fatal: 0, error: 1, warning: 2, information: 3 };
