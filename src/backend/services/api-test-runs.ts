import { z } from 'zod';
import {
  ApiTestOptionsError,
  advanceRun,
  cancelRun,
  buildReport,
  createRun,
  getProgress,
  isDone,
  toJunit,
  toTestReport,
  GROUP_IDS,
  type ApiTestReport,
  type GroupId,
  type Progress,
  type RunState,
} from 'public/fhir/api-test';
import type { DataItem, Ports } from '../ports';
import { DataError } from '../ports';
import type { TargetHttpPort } from '../ports/target-http';
import { audit } from './audit';

/**
 * API Testing Suite runs on the backend. A Wix backend call ends after about 14 s, so a run is
 * stored in TestRuns and advances in steps: `start` creates it and runs the first step; each
 * `continue` loads it, runs tests for STEP_BUDGET_MS and stores it again, until it is done. One
 * step at a time per run (a lease in `lockedUntil`), so two tabs cannot run the same tests twice.
 */
export const STEP_BUDGET_MS = 8_000;
/** Requests are cut to end by then, leaving time to store the state inside Wix's ~14 s. */
export const STEP_HARD_LIMIT_MS = 11_000;
/** Per-request timeout on the site (the CLI's default is longer). */
export const SITE_REQUEST_TIMEOUT_MS = 5_000;
/** A step that died without releasing its lease (process killed) blocks the run no longer than this. */
export const LEASE_MS = 20_000;

const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;

export const ApiTestStartSchema = z
  .object({
    baseUrl: z.string().trim().min(1, 'Give the FHIR server base URL').max(2048, 'The URL is longer than 2,048 characters'),
    allowWrites: z.boolean().optional(),
    groups: z.array(z.enum(GROUP_IDS as [GroupId, ...GroupId[]])).min(1).optional(),
    resources: z.array(z.string().regex(RESOURCE_TYPE, 'A FHIR resource type name, e.g. Patient')).min(1).max(10).optional(),
  })
  .strict();

export const ApiTestContinueSchema = z
  .object({
    runId: z.uuid('Not a run id'),
    /** Stop the run: the tests not run yet are skipped, and the cleanup still deletes what it wrote. */
    cancel: z.boolean().optional(),
  })
  .strict();

export type ApiTestStart = z.infer<typeof ApiTestStartSchema>;

/** One body for POST /_functions/apiTest: `{ runId }` continues a run, anything else starts one. */
export const ApiTestBodySchema = z.unknown().transform((value, ctx): ApiTestStart | z.infer<typeof ApiTestContinueSchema> => {
  const continuing = typeof value === 'object' && value !== null && 'runId' in value;
  const result = (continuing ? ApiTestContinueSchema : ApiTestStartSchema).safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});

export const EXPORT_FORMATS = ['json', 'junit', 'testreport'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type RunStatus = 'running' | 'done' | 'failed';

export interface ApiTestRunView {
  runId: string;
  status: RunStatus;
  baseUrl: string;
  progress: Progress;
  report: ApiTestReport;
  /** Why the run itself failed (status "failed"): not a test failure. */
  error?: string;
}

export type RunFailure =
  | { ok: false; status: 400; code: 'INVALID_OPTIONS'; message: string }
  | { ok: false; status: 403; code: string; message: string }
  | { ok: false; status: 404; code: 'RUN_NOT_FOUND'; message: string }
  | { ok: false; status: 409; code: 'STEP_RUNNING'; message: string; retryAfterSeconds: number };

export type RunOutcome = { ok: true; view: ApiTestRunView } | RunFailure;

interface TestRunItem extends DataItem {
  baseUrl: string;
  status: RunStatus;
  options: Record<string, unknown>;
  state: RunState;
  summary?: ApiTestReport['summary'];
  memberId?: string;
  ip?: string;
  lockedUntil?: Date | null;
  error?: string;
  startedAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

type RunPorts = Pick<Ports, 'data' | 'clock' | 'members'> & { targetHttp: TargetHttpPort };

export interface StepSettings {
  /** Time for tests in one step (tests pass small budgets to see several steps). */
  budgetMs?: number;
}

/** Starts a run: checks the target is one the site may call, stores the run, runs the first step. */
export async function startApiTest(ports: RunPorts, body: ApiTestStart, context: { ip?: string }, settings: StepSettings = {}): Promise<RunOutcome> {
  const refusal = await ports.targetHttp.check(body.baseUrl);
  if (refusal) {
    const status = refusal.code === 'TARGET_URL' || refusal.code === 'TARGET_SCHEME' ? 400 : 403;
    return { ok: false, status, code: refusal.code, message: refusal.message } as RunFailure;
  }
  const runId = globalThis.crypto.randomUUID();
  let state: RunState;
  try {
    state = createRun({
      baseUrl: body.baseUrl,
      allowWrites: body.allowWrites ?? false,
      ...(body.groups ? { groups: body.groups } : {}),
      ...(body.resources ? { resources: body.resources } : {}),
      timeoutMs: SITE_REQUEST_TIMEOUT_MS,
      runId,
    });
  } catch (error) {
    if (error instanceof ApiTestOptionsError) return { ok: false, status: 400, code: 'INVALID_OPTIONS', message: error.message };
    throw error;
  }
  const member = await ports.members.getCurrentMember();
  const now = ports.clock.now();
  const options = { allowWrites: body.allowWrites ?? false, groups: body.groups ?? null, resources: body.resources ?? null };
  const item = await ports.data.insert<TestRunItem>('TestRuns', {
    _id: runId,
    baseUrl: state.options.baseUrl,
    status: 'running',
    options,
    state,
    summary: buildReport(state).summary,
    ...(member ? { memberId: member.id } : {}),
    ...(context.ip ? { ip: context.ip } : {}),
    lockedUntil: null,
    startedAt: now,
    updatedAt: now,
  });
  await audit(ports, {
    action: 'apiTest.started',
    actorRole: member?.role ?? 'visitor',
    ...(member ? { actorId: member.id } : {}),
    target: `TestRuns/${runId}`,
    ...(context.ip ? { ip: context.ip } : {}),
    details: { baseUrl: state.options.baseUrl, ...options },
  });
  return step(ports, item, settings);
}

/**
 * Runs the next step of a run (or only shows it, when it is finished). With `cancel`, the tests
 * not run yet are skipped first, so the step goes straight to the cleanup.
 */
export async function continueApiTest(ports: RunPorts, runId: string, settings: StepSettings & { cancel?: boolean } = {}): Promise<RunOutcome> {
  const item = await ports.data.get<TestRunItem>('TestRuns', runId);
  if (!item) return notFound(runId);
  if (item.status !== 'running') return { ok: true, view: viewOf(item) };
  return step(ports, settings.cancel ? cancelled(item) : item, settings);
}

function cancelled(item: TestRunItem): TestRunItem {
  return item.state.cancelled ? item : { ...item, state: cancelRun(item.state) };
}

/** The run as it stands, without running anything. */
export async function getApiTestRun(ports: Pick<Ports, 'data'>, runId: string): Promise<RunOutcome> {
  const item = await ports.data.get<TestRunItem>('TestRuns', runId);
  return item ? { ok: true, view: viewOf(item) } : notFound(runId);
}

export interface RunExport {
  contentType: string;
  filename: string;
  body: string;
}

/** The run's report as a file: JSON (the report), JUnit XML or a FHIR TestReport. */
export async function exportApiTestRun(ports: Pick<Ports, 'data'>, runId: string, format: ExportFormat): Promise<RunExport | RunFailure> {
  const item = await ports.data.get<TestRunItem>('TestRuns', runId);
  if (!item) return notFound(runId);
  const base = `fhiriq-api-test-${runId.slice(0, 8)}`;
  switch (format) {
    case 'json':
      return { contentType: 'application/json; charset=utf-8', filename: `${base}.json`, body: JSON.stringify(buildReport(item.state), null, 2) };
    case 'junit':
      return { contentType: 'application/xml; charset=utf-8', filename: `${base}.junit.xml`, body: toJunit(item.state) };
    case 'testreport':
      return { contentType: 'application/fhir+json; charset=utf-8', filename: `${base}.testreport.json`, body: JSON.stringify(toTestReport(item.state), null, 2) };
  }
}

async function step(ports: RunPorts, item: TestRunItem, settings: StepSettings): Promise<RunOutcome> {
  const now = ports.clock.now();
  if (item.lockedUntil && new Date(item.lockedUntil).getTime() > now.getTime()) {
    const wait = Math.ceil((new Date(item.lockedUntil).getTime() - now.getTime()) / 1000);
    return { ok: false, status: 409, code: 'STEP_RUNNING', message: 'A step of this run is running; ask again when it ends', retryAfterSeconds: Math.min(wait, 5) };
  }
  const leased = await ports.data.update<TestRunItem>('TestRuns', { ...item, lockedUntil: new Date(now.getTime() + LEASE_MS) });

  let next: TestRunItem;
  try {
    const state = await advanceRun(leased.state, ports.targetHttp.client, {
      budgetMs: settings.budgetMs ?? STEP_BUDGET_MS,
      hardLimitMs: Math.max(settings.budgetMs ?? STEP_BUDGET_MS, STEP_HARD_LIMIT_MS),
    });
    const done = isDone(state);
    const at = ports.clock.now();
    next = {
      ...leased,
      state,
      status: done ? 'done' : 'running',
      summary: buildReport(state).summary,
      lockedUntil: null,
      updatedAt: at,
      ...(done ? { finishedAt: at } : {}),
    };
  } catch (error) {
    // The runner turns every HTTP trouble into test results: reaching here is a fault of ours.
    const at = ports.clock.now();
    next = { ...leased, status: 'failed', error: `The run stopped: ${(error as Error).message}`, lockedUntil: null, updatedAt: at, finishedAt: at };
  }
  try {
    return { ok: true, view: viewOf(await ports.data.update<TestRunItem>('TestRuns', next)) };
  } catch (error) {
    if (!(error instanceof DataError) || error.code !== 'ITEM_TOO_LARGE') throw error;
    const at = ports.clock.now();
    const failed = { ...leased, status: 'failed' as const, error: 'The run grew larger than a stored item may be (512 KB)', lockedUntil: null, updatedAt: at, finishedAt: at };
    return { ok: true, view: viewOf(await ports.data.update<TestRunItem>('TestRuns', failed)) };
  }
}

/** A run nobody advanced for this long was left (tab closed): the job cancels it and cleans up. */
export const ABANDONED_AFTER_MS = 15 * 60_000;

export interface AbandonedRunsReport {
  finished: number;
  stillRunning: number;
}

/**
 * Scheduled (jobs.config): runs left half-way are cancelled, and their cleanup step deletes the
 * resources they wrote on the target server; the remaining tests are recorded as skipped.
 */
export async function finishAbandonedRuns(ports: RunPorts, settings: StepSettings = {}): Promise<AbandonedRunsReport> {
  const before = new Date(ports.clock.now().getTime() - ABANDONED_AFTER_MS);
  const { items } = await ports.data.query<TestRunItem>('TestRuns').eq('status', 'running').lt('updatedAt', before).limit(50).find();
  let finished = 0;
  for (const item of items) {
    const outcome = await step(ports, cancelled(item), settings);
    if (outcome.ok && outcome.view.status !== 'running') finished++;
  }
  return { finished, stillRunning: items.length - finished };
}

function viewOf(item: TestRunItem): ApiTestRunView {
  return {
    runId: item._id,
    status: item.status,
    baseUrl: item.baseUrl,
    progress: getProgress(item.state),
    report: buildReport(item.state),
    ...(item.error ? { error: item.error } : {}),
  };
}

function notFound(runId: string): RunFailure {
  return { ok: false, status: 404, code: 'RUN_NOT_FOUND', message: `There is no test run ${runId}` };
}
