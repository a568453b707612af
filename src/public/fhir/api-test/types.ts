/**
 * The API Testing Suite's public types. Everything here is plain JSON (no classes, no Dates), so a
 * run can be stored between backend calls (Wix ends a call after ~14 s) and resumed anywhere.
 */

/** One HTTP request the suite makes. Header names are as sent; bodies are strings. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** One HTTP response. Header names are lower-cased; repeated headers joined with ", ". */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
}

/**
 * How the suite talks HTTP. The default is createFetchClient(); the backend wraps its own
 * SSRF-guarded client. A client throws on network errors and timeouts (see HttpClientError); it
 * must NOT follow redirects on its own unless each hop is re-checked (the backend's concern).
 */
export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

export type HttpErrorKind = 'timeout' | 'network' | 'too-large' | 'refused';

export type GroupId = 'capability' | 'read' | 'write' | 'search' | 'client-search' | 'history' | 'format';

export const GROUP_IDS: readonly GroupId[] = ['capability', 'read', 'write', 'search', 'client-search', 'history', 'format'];

export interface RunOptions {
  /** The server's base URL, e.g. https://hapi.fhir.org/baseR4 (a trailing slash is dropped). */
  baseUrl: string;
  /** Create, update and delete resources (tagged and removed at the end). Default false. */
  allowWrites?: boolean;
  /** Resource types to test, e.g. ['Patient','Observation']. Default: those of DEFAULT_RESOURCES the server declares (Patient first). */
  resources?: string[];
  /** Only these groups (default: all). */
  groups?: GroupId[];
  /** Extra headers sent with every request (e.g. Authorization). Never recorded in results. */
  headers?: Record<string, string>;
  /** Per-request timeout in ms. Default 10,000. */
  timeoutMs?: number;
  /** The run id (also the meta.tag code of written resources). Default: generated. [A-Za-z0-9-], <= 64 chars. */
  runId?: string;
  /** Recorded request/response bodies are cut to this many characters in failed tests (default 4096; passed tests keep 1024). */
  maxBodyChars?: number;
}

export type TestStatus = 'passed' | 'failed' | 'skipped';

/** A request as recorded in a result (extra headers given in RunOptions.headers are left out). */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** Cut to maxBodyChars; `truncated` says so. */
  body: string;
  truncated?: boolean;
  durationMs: number;
}

export interface TestResult {
  id: string;
  group: GroupId;
  title: string;
  status: TestStatus;
  /** Why it failed (naming the rule broken) or was skipped, or what was checked when it passed. */
  message: string;
  /** The spec section, e.g. https://hl7.org/fhir/R4/http.html#read */
  specRef: string;
  /** The exchange the verdict is about (null when no request was made, e.g. skipped). */
  request: RecordedRequest | null;
  response: RecordedResponse | null;
  /** True when the test failed because a request could not be made (network error, timeout): "error" in TestReport. */
  error?: boolean;
  durationMs: number;
}

/** A setup or teardown action (creating fixtures, reading metadata, deleting what was written). */
export interface StepRecord {
  id: string;
  title: string;
  result: 'pass' | 'fail' | 'skip';
  message: string;
}

export interface SearchParamSummary {
  name: string;
  type: string;
  definition?: string;
}

export interface TypeCapability {
  interactions: string[];
  searchParams: SearchParamSummary[];
  searchInclude: string[];
  searchRevInclude: string[];
  versioning?: string;
  conditionalCreate: boolean;
  conditionalUpdate: boolean;
  /** not-supported | single | multiple */
  conditionalDelete?: string;
}

/** What the suite keeps of the server's CapabilityStatement. */
export interface CapabilitySummary {
  fhirVersion?: string;
  formats: string[];
  software?: string;
  /** Search parameters declared for all types (rest.searchParam). */
  commonSearchParams: SearchParamSummary[];
  types: Record<string, TypeCapability>;
}

/** A planned test: one test definition, possibly for one type and one search parameter. */
export interface PlannedTest {
  id: string;
  def: string;
  type?: string;
  param?: string;
}

export type Phase = 'setup' | 'tests' | 'cleanup' | 'done';

/** The resumable run: plain JSON, well under 512 KB. Treat as opaque outside this module. */
export interface RunState {
  version: 1;
  runId: string;
  options: Required<Omit<RunOptions, 'headers' | 'runId' | 'resources' | 'groups'>> & {
    resources?: string[];
    groups?: GroupId[];
    /** Header names only: values (credentials) are never stored; pass them to advanceRun again. */
    headerNames: string[];
  };
  startedAt: string;
  finishedAt?: string;
  phase: Phase;
  /** Index of the next step in the current phase. */
  cursor: number;
  /** Attempts at the current step abandoned because the step budget ran out. */
  abandoned: number;
  setupSteps: string[];
  plan: PlannedTest[];
  capability?: CapabilitySummary;
  /** Why the CapabilityStatement could not be used (tests needing it skip with this). */
  capabilityError?: string;
  resources: string[];
  /** Resources to use per type: the suite's fixtures (a must-match, b must-not-match) or one found. */
  data: Record<string, { a?: string; b?: string; found?: string; note?: string }>;
  /** Resources written by this run, to delete at the end ("Type/id"). */
  written: string[];
  /** Small facts tests share (e.g. the version ids seen by the update test). */
  facts: Record<string, string | number | boolean>;
  setup: StepRecord[];
  results: TestResult[];
  teardown: StepRecord[];
  cancelled?: boolean;
  elapsedMs: number;
}

export interface AdvanceOptions {
  /** Start no new step after this many ms (default 8,000). At least one step always runs. */
  budgetMs?: number;
  /**
   * A hard limit in ms from the call: requests are cut to fit it and a step that cannot finish is
   * abandoned (its writes are still remembered for cleanup) and retried at the next call, at most
   * twice. Default: none (steps run to their end).
   */
  hardLimitMs?: number;
  /** Header values for RunOptions.headers (not stored in the state). */
  headers?: Record<string, string>;
  /** Clock (tests). Default Date.now. */
  now?: () => number;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  phase: Phase;
  /** Steps done / total steps (setup + tests + teardown) as known now. */
  done: number;
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** The step just finished (e.g. "read-03-Patient", "setup:data:Patient", "cleanup"). */
  current?: string;
  last?: TestResult;
}

/** The public JSON report (issue 5): summary and groups of tests. */
export interface ApiTestReport {
  summary: { passed: number; failed: number; skipped: number; durationMs: number };
  groups: Array<{
    id: GroupId;
    title: string;
    tests: Array<{
      id: string;
      title: string;
      status: TestStatus;
      message: string;
      specRef: string;
      request: RecordedRequest | null;
      response: RecordedResponse | null;
    }>;
  }>;
}
