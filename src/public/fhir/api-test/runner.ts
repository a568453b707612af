import { summarizeCapability } from './capability';
import {
  BudgetExhausted,
  createCtx,
  describeResponse,
  encodeQuery,
  expectSearchset,
  idsOf,
  RequestFailed,
  remember,
  tagParam,
  TestFailure,
  TestSkip,
  writtenId,
  type CtxDeps,
  type Exchange,
  type Outcome,
} from './context';
import { DEFAULT_RESOURCES, fixtureFor, fixtureOrder } from './fixtures';
import { recordRequest, recordResponse } from './record';
import { specForParamType } from './tests/search';
import { ALL_TESTS, testDef } from './tests';
import { GROUP_IDS, type AdvanceOptions, type GroupId, type HttpClient, type PlannedTest, type Progress, type RunOptions, type RunState, type TestResult } from './types';

export class ApiTestOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiTestOptionsError';
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_BUDGET_MS = 8_000;
/** Attempts at a step cut short by the hard limit before it is recorded as failed. */
const MAX_ABANDONED = 2;
const TYPE_NAME = /^[A-Z][A-Za-z]{1,63}$/;

/** Checks the options and makes the initial state. Throws ApiTestOptionsError on bad options. */
export function createRun(options: RunOptions, now: () => number = Date.now): RunState {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const groups = options.groups?.length ? options.groups : undefined;
  for (const g of groups ?? []) if (!GROUP_IDS.includes(g)) throw new ApiTestOptionsError(`Unknown group "${g}" (groups: ${GROUP_IDS.join(', ')})`);
  const resources = options.resources?.length ? [...new Set(options.resources.map((r) => r.trim()).filter(Boolean))] : undefined;
  for (const r of resources ?? []) if (!TYPE_NAME.test(r)) throw new ApiTestOptionsError(`"${r}" is not a FHIR resource type name`);
  const runId = options.runId ?? newRunId(now);
  if (!/^[A-Za-z0-9-]{1,64}$/.test(runId)) throw new ApiTestOptionsError('runId: 1 to 64 letters, digits or "-"');
  const timeoutMs = Math.min(Math.max(Math.floor(options.timeoutMs ?? DEFAULT_TIMEOUT_MS), 100), 300_000);
  return {
    version: 1,
    runId,
    options: {
      baseUrl,
      allowWrites: options.allowWrites === true,
      timeoutMs,
      maxBodyChars: Math.max(256, Math.floor(options.maxBodyChars ?? 4096)),
      headerNames: Object.keys(options.headers ?? {}),
      ...(resources ? { resources } : {}),
      ...(groups ? { groups } : {}),
    },
    startedAt: new Date(now()).toISOString(),
    phase: 'setup',
    cursor: 0,
    abandoned: 0,
    setupSteps: ['metadata'],
    plan: [],
    resources: [],
    data: {},
    written: [],
    facts: {},
    setup: [],
    results: [],
    teardown: [],
    elapsedMs: 0,
  };
}

function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(String(value ?? '').trim());
  } catch {
    throw new ApiTestOptionsError(`The base URL "${String(value)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiTestOptionsError(`The base URL must be http(s), not ${url.protocol}`);
  if (url.username || url.password) throw new ApiTestOptionsError('Give credentials as a header (e.g. Authorization), not in the URL');
  if (url.search || url.hash) throw new ApiTestOptionsError('The base URL cannot have a query or a fragment');
  return url.toString().replace(/\/+$/, '');
}

function newRunId(now: () => number): string {
  const bytes = new Uint8Array(6);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  const rand = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${now().toString(36)}-${rand}`;
}

export const isDone = (state: RunState) => state.phase === 'done';

/**
 * Runs whole steps (a setup action, one test, or one cleanup delete) until the budget is spent,
 * and returns the new state; the input state is not changed. At least one step runs per call.
 */
export async function advanceRun(state: RunState, client: HttpClient, options: AdvanceOptions = {}): Promise<RunState> {
  const s = JSON.parse(JSON.stringify(state)) as RunState;
  const now = options.now ?? Date.now;
  const start = now();
  const deadline = start + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const deps: CtxDeps = {
    client,
    headers: options.headers ?? {},
    now,
    hardDeadline: options.hardLimitMs !== undefined ? start + options.hardLimitMs : undefined,
  };
  let steps = 0;
  while (s.phase !== 'done') {
    if (steps > 0 && now() >= deadline) break;
    const t0 = now();
    let current: string;
    try {
      current = await runStep(s, deps);
      s.abandoned = 0;
    } catch (error) {
      if (!(error instanceof BudgetExhausted)) {
        // A bug must not wedge a stored run on the same step forever: record it and move on.
        current = giveUp(s, `The suite hit an unexpected error (please report it): ${error instanceof Error ? error.message : String(error)}`);
        s.abandoned = 0;
      } else {
        s.elapsedMs += now() - t0;
        s.abandoned++;
        if (s.abandoned <= MAX_ABANDONED) break;
        current = giveUp(s, `Request failed: ${TOO_SLOW}`);
        s.abandoned = 0;
      }
    }
    s.elapsedMs += now() - t0;
    steps++;
    options.onProgress?.({ ...getProgress(s), current, ...(s.phase === 'tests' || s.phase === 'cleanup' ? lastOf(s) : {}) });
  }
  return s;
}

const lastOf = (s: RunState) => (s.results.length ? { last: s.results[s.results.length - 1] } : {});

/** Runs the whole suite (CLI): setup, every test, cleanup. */
export async function runSuite(options: RunOptions, client: HttpClient, onProgress?: (progress: Progress) => void): Promise<RunState> {
  let state = createRun(options);
  while (!isDone(state)) {
    state = await advanceRun(state, client, { budgetMs: 60_000, headers: options.headers ?? {}, onProgress });
  }
  return state;
}

/** Stops a run: the tests not run yet are skipped; the cleanup still runs. */
export function cancelRun(state: RunState): RunState {
  const s = JSON.parse(JSON.stringify(state)) as RunState;
  if (s.phase === 'done' || s.phase === 'cleanup') return s;
  s.cancelled = true;
  const from = s.phase === 'tests' ? s.cursor : 0;
  for (const planned of s.plan.slice(from)) s.results.push(skippedResult(s, planned, 'The run was cancelled before this test'));
  s.phase = 'cleanup';
  s.cursor = 0;
  return s;
}

export function getProgress(state: RunState): Progress {
  const count = (status: TestResult['status']) => state.results.filter((r) => r.status === status).length;
  const setupTotal = state.setupSteps.length;
  const cleanupTotal = state.written.length;
  const total = setupTotal + state.plan.length + cleanupTotal;
  const done =
    state.phase === 'setup'
      ? state.cursor
      : state.phase === 'tests'
        ? setupTotal + state.cursor
        : state.phase === 'cleanup'
          ? setupTotal + state.plan.length + state.cursor
          : total;
  return { phase: state.phase, done, total, passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

// ---------------------------------------------------------------- steps

async function runStep(s: RunState, deps: CtxDeps): Promise<string> {
  switch (s.phase) {
    case 'setup': {
      const step = s.setupSteps[s.cursor];
      if (step === undefined) return nextPhase(s, 'tests');
      if (step === 'metadata') await setupMetadata(s, deps);
      else await setupData(s, deps, step.slice('data:'.length));
      s.cursor++;
      if (s.cursor >= s.setupSteps.length) nextPhase(s, 'tests');
      return `setup:${step}`;
    }
    case 'tests': {
      const planned = s.plan[s.cursor];
      if (!planned) return nextPhase(s, 'cleanup');
      s.results.push(await runTest(s, deps, planned));
      s.cursor++;
      if (s.cursor >= s.plan.length) nextPhase(s, 'cleanup');
      return planned.id;
    }
    case 'cleanup': {
      // Newest first: resources that refer to others go before what they refer to.
      const key = s.written[s.written.length - 1 - s.cursor];
      if (key === undefined) return finish(s);
      await cleanupOne(s, deps, key);
      s.cursor++;
      if (s.cursor >= s.written.length) finish(s);
      return `cleanup:${key}`;
    }
    default:
      return 'done';
  }
}

function nextPhase(s: RunState, phase: 'tests' | 'cleanup'): string {
  s.phase = phase;
  s.cursor = 0;
  if (phase === 'cleanup' && s.written.length === 0) finish(s);
  return phase;
}

function finish(s: RunState): string {
  s.phase = 'done';
  s.cursor = 0;
  s.finishedAt = new Date().toISOString();
  return 'done';
}

const TOO_SLOW = 'The step did not finish within the time of one backend call (the server is too slow for the request timeout)';

/** The current step cannot complete (too slow, or a bug): record it as failed and move on. */
function giveUp(s: RunState, message: string): string {
  if (s.phase === 'setup') {
    const step = s.setupSteps[s.cursor];
    s.setup.push({ id: `setup:${step}`, title: step, result: 'fail', message });
    s.cursor++;
    if (s.cursor >= s.setupSteps.length) nextPhase(s, 'tests');
    return `setup:${step}`;
  }
  if (s.phase === 'tests') {
    const planned = s.plan[s.cursor];
    s.results.push({ ...skippedResult(s, planned, ''), status: 'failed', message, error: true });
    s.cursor++;
    if (s.cursor >= s.plan.length) nextPhase(s, 'cleanup');
    return planned.id;
  }
  const key = s.written[s.written.length - 1 - s.cursor];
  s.teardown.push({ id: `cleanup:${key}`, title: `Delete ${key}`, result: 'fail', message });
  s.cursor++;
  if (s.cursor >= s.written.length) finish(s);
  return `cleanup:${key}`;
}

async function setupMetadata(s: RunState, deps: CtxDeps): Promise<void> {
  const ctx = createCtx(s, deps);
  let message: string;
  try {
    const ex = await ctx.send('GET', 'metadata');
    if (ex.response.status === 200 && ex.json?.resourceType === 'CapabilityStatement') {
      s.capability = summarizeCapability(ex.json);
      message = `CapabilityStatement read: ${Object.keys(s.capability.types).length} resource types`;
    } else {
      s.capabilityError = `GET [base]/metadata answered ${describeResponse(ex)}${ex.json ? '' : `; ${ex.jsonError}`}`;
      message = s.capabilityError;
    }
  } catch (error) {
    if (!(error instanceof RequestFailed)) throw error;
    s.capabilityError = error.message;
    message = error.message;
  }
  s.setup.push({ id: 'setup:metadata', title: 'Read the CapabilityStatement', result: s.capability ? 'pass' : 'fail', message });
  s.resources = chooseResources(s);
  s.plan = planTests(s);
  s.setupSteps.push(...fixtureOrder(s.resources).map((t) => `data:${t}`));
}

function chooseResources(s: RunState): string[] {
  if (s.options.resources) return s.options.resources;
  const declared = s.capability ? Object.keys(s.capability.types) : [];
  if (!s.capability) return ['Patient'];
  const defaults = DEFAULT_RESOURCES.filter((t) => declared.includes(t));
  return defaults.length ? defaults : declared.slice(0, 2);
}

/** The plan: group by group, type by type, the tests that apply (param tests per declared parameter). */
function planTests(s: RunState): PlannedTest[] {
  const groups = s.options.groups ?? GROUP_IDS;
  const plan: PlannedTest[] = [];
  for (const group of GROUP_IDS) {
    if (!groups.includes(group)) continue;
    const defs = ALL_TESTS.filter((d) => d.group === group);
    for (const def of defs.filter((d) => d.scope === 'server')) plan.push({ id: def.id, def: def.id });
    for (const type of s.resources) {
      for (const def of defs.filter((d) => d.scope !== 'server')) {
        if (def.scope === 'type') {
          plan.push({ id: `${def.id}-${type}`, def: def.id, type });
          continue;
        }
        const params = s.capability?.types[type]?.searchParams.map((p) => p.name).filter(paramWorthTesting) ?? [];
        if (params.length === 0) plan.push({ id: `${def.id}-${type}`, def: def.id, type });
        for (const param of params) plan.push({ id: `${def.id}-${type}-${param}`, def: def.id, type, param });
      }
    }
  }
  return plan;
}

/** Result parameters are not filters, and _tag is how the suite narrows its own searches. */
const paramWorthTesting = (name: string) => !['_count', '_sort', '_include', '_revinclude', '_summary', '_elements', '_contained', '_containedType', '_total', '_format', '_tag'].includes(name);

async function setupData(s: RunState, deps: CtxDeps, type: string): Promise<void> {
  const ctx = createCtx(s, deps, type);
  const data = (s.data[type] ??= {});
  const id = `setup:data:${type}`;
  try {
    const fixture = fixtureFor(type);
    const canCreate = !s.capability || s.capability.types[type]?.interactions.includes('create');
    if (s.options.allowWrites && fixture && canCreate) {
      for (const which of ['a', 'b'] as const) {
        if (data[which]) continue;
        const ex = await ctx.send('POST', type, { json: fixture.build(which, ctx.env) });
        const written = writtenId(ex, type);
        if (ex.response.status >= 300 || !written.id) {
          data.note = `The suite could not write its ${type} test data: POST ${type} answered ${describeResponse(ex)}`;
          s.setup.push({ id, title: `Write the ${type} test data`, result: 'fail', message: data.note });
          return;
        }
        remember(ctx, type, written.id);
        data[which] = written.id;
      }
      s.facts[`tagSearch:${type}`] = await tagSearchWorks(ctx, type, [data.a!, data.b!]);
      s.setup.push({ id, title: `Write the ${type} test data`, result: 'pass', message: `Wrote ${type}/${data.a} (matches the search tests) and ${type}/${data.b} (the negative control)` });
      return;
    }
    const why = !s.options.allowWrites ? 'writes are not allowed' : !fixture ? `the suite has no ${type} test data to write` : `the server does not declare create for ${type}`;
    const ex = await ctx.send('GET', `${type}?_count=1`);
    const found = ex.response.status === 200 && ex.json?.resourceType === 'Bundle' ? idsOf(ex.json, type)[0] : undefined;
    if (found) {
      data.found = found;
      s.setup.push({ id, title: `Find a ${type} to test with`, result: 'pass', message: `Using ${type}/${found} (found with GET ${type}?_count=1; ${why})` });
    } else {
      data.note = `No ${type} to test with: GET ${type}?_count=1 found none (${describeResponse(ex)}) and ${why}`;
      s.setup.push({ id, title: `Find a ${type} to test with`, result: 'skip', message: data.note });
    }
  } catch (error) {
    if (!(error instanceof RequestFailed)) throw error;
    data.note = `The ${type} test data could not be prepared: ${error.message}`;
    s.setup.push({ id, title: `Prepare the ${type} test data`, result: 'fail', message: data.note });
  }
}

/** Whether GET [type]?_tag=<the run's tag> returns exactly the run's resources: then searches can be narrowed to them. */
async function tagSearchWorks(ctx: ReturnType<typeof createCtx>, type: string, ids: string[]): Promise<boolean> {
  try {
    const ex = await ctx.send('GET', `${type}?${encodeQuery([['_tag', tagParam(ctx.state)], ['_count', '50']])}`);
    if (ex.response.status !== 200) return false;
    const got = idsOf(expectSearchset(ex, 'tag search'), type);
    return got.length === ids.length && ids.every((id) => got.includes(id));
  } catch (error) {
    // Narrowing is an optimization: any trouble here just means "search without it".
    if (error instanceof TestFailure || error instanceof RequestFailed) return false;
    throw error;
  }
}

async function cleanupOne(s: RunState, deps: CtxDeps, key: string): Promise<void> {
  const [type, id] = key.split('/');
  const ctx = createCtx(s, deps, type);
  try {
    const ex = await ctx.send('DELETE', `${type}/${id}`);
    const ok = [200, 202, 204, 404, 410].includes(ex.response.status);
    s.teardown.push({ id: `cleanup:${key}`, title: `Delete ${key}`, result: ok ? 'pass' : 'fail', message: ok ? `DELETE ${key}: ${ex.response.status}` : `DELETE ${key} answered ${describeResponse(ex)}: the resource may remain on the server (tag ${tagParam(s)})` });
  } catch (error) {
    if (!(error instanceof RequestFailed)) throw error;
    s.teardown.push({ id: `cleanup:${key}`, title: `Delete ${key}`, result: 'fail', message: `${error.message}: the resource may remain on the server (tag ${tagParam(s)})` });
  }
}

// ---------------------------------------------------------------- tests

function titleOf(title: string, planned: PlannedTest): string {
  return title.replace(/\{type\}/g, planned.type ?? '').replace(/\{param\}/g, planned.param ?? 'each declared parameter');
}

function specRefOf(s: RunState, planned: PlannedTest): string {
  const def = testDef(planned.def)!;
  if (def.scope !== 'param' || !planned.param || !planned.type) return def.specRef;
  const declared = s.capability?.types[planned.type]?.searchParams.find((p) => p.name === planned.param);
  return declared ? specForParamType(declared.type) : def.specRef;
}

function skippedResult(s: RunState, planned: PlannedTest, message: string): TestResult {
  const def = testDef(planned.def)!;
  return { id: planned.id, group: def.group, title: titleOf(def.title, planned), status: 'skipped', message, specRef: specRefOf(s, planned), request: null, response: null, durationMs: 0 };
}

async function runTest(s: RunState, deps: CtxDeps, planned: PlannedTest): Promise<TestResult> {
  const def = testDef(planned.def);
  if (!def) throw new Error(`Unknown test ${planned.def}`);
  const base = skippedResult(s, planned, '');
  if (def.needsWrites && !s.options.allowWrites) return { ...base, message: 'Writes are not allowed (run with allowWrites / --allow-writes to test this)' };
  const ctx = createCtx(s, deps, planned.type ?? '', planned.param ?? '');
  const t0 = deps.now();
  let outcome: Outcome & { error?: boolean; request?: Exchange['request'] };
  try {
    outcome = await def.run(ctx);
  } catch (error) {
    if (error instanceof BudgetExhausted) throw error;
    if (error instanceof TestSkip) outcome = { status: 'skipped', message: error.message };
    else if (error instanceof TestFailure) outcome = { status: 'failed', message: error.message, exchange: error.exchange ?? ctx.last };
    else if (error instanceof RequestFailed) outcome = { status: 'failed', message: error.message, error: true, request: error.request };
    else outcome = { status: 'failed', message: `The suite hit an unexpected error (please report it): ${error instanceof Error ? error.message : String(error)}`, exchange: ctx.last };
  }
  const durationMs = deps.now() - t0;
  const exchange = outcome.status === 'skipped' ? undefined : (outcome.exchange ?? ctx.last);
  const bodyLimit = outcome.status === 'failed' ? s.options.maxBodyChars : Math.min(1024, s.options.maxBodyChars);
  const request = exchange ? exchange.request : outcome.request;
  return {
    ...base,
    status: outcome.status,
    message: outcome.message,
    request: request ? recordRequest(request, bodyLimit) : null,
    response: exchange ? recordResponse(exchange.response, bodyLimit) : null,
    ...(outcome.error ? { error: true } : {}),
    durationMs,
  };
}

export type { GroupId };
