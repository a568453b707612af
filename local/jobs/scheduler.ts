import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Cron } from 'croner';
import { parseJobsConfig, type ParsedJob } from './jobs-config';

/**
 * Runs Velo scheduled jobs locally: reads `<backendDir>/jobs.config`, loads each job's backend
 * module from its TypeScript source and schedules it in UTC with croner, as Wix would run it.
 * A job that throws is recorded in `lastRun` and logged; it never takes the process down.
 */

export interface JobRun {
  /** ISO time the run started. */
  at: string;
  ok: boolean;
  error?: string;
  ms: number;
}

export interface JobInfo {
  /** The functionName, or `functionLocation:functionName` when two jobs share a function name. */
  name: string;
  functionLocation: string;
  functionName: string;
  description: string;
  /** The 5-field UTC cron the job runs on. */
  schedule: string;
  /** ISO time of the next scheduled run, or null when stopped or not started. */
  nextRun: string | null;
  lastRun?: JobRun;
}

export interface JobsHandle {
  list(): JobInfo[];
  /** Runs a job now (by name or `functionLocation:functionName`); resolves to what it returns. */
  runNow(name: string): Promise<unknown>;
  stop(): void;
}

export interface StartJobsOptions {
  backendDir: string;
  log?: (msg: string) => void;
  /** Start the timers (default true). With false, jobs only run through runNow. */
  autoStart?: boolean;
}

type JobFunction = () => unknown;

interface LoadedJob {
  def: ParsedJob;
  name: string;
  fn: JobFunction;
  cron: Cron;
  running: boolean;
  lastRun?: JobRun;
}

export function startJobs(options: StartJobsOptions): JobsHandle {
  const log = options.log ?? ((msg: string) => console.log(msg));
  const autoStart = options.autoStart ?? true;
  const configFile = path.join(options.backendDir, 'jobs.config');
  if (!existsSync(configFile)) {
    log(`[jobs] no ${configFile}; no scheduled jobs`);
    return { list: () => [], runNow: (name) => Promise.reject(new Error(`Unknown job "${name}": no jobs.config`)), stop() {} };
  }

  const defs = parseJobsConfig(readFileSync(configFile, 'utf8'), configFile);
  for (const def of defs) for (const warning of def.warnings) log(`[jobs] warning: ${warning}`);

  const nameCounts = new Map<string, number>();
  for (const def of defs) nameCounts.set(def.functionName, (nameCounts.get(def.functionName) ?? 0) + 1);

  const jobs: LoadedJob[] = defs.map((def) => {
    const name = nameCounts.get(def.functionName)! > 1 ? qualifiedName(def) : def.functionName;
    const fn = loadJobFunction(options.backendDir, def);
    const job: LoadedJob = {
      def,
      name,
      fn,
      running: false,
      // Paused until every job has loaded, so a bad job later in the file leaves no timer running.
      cron: new Cron(def.schedule, { timezone: 'UTC', mode: '5-part', paused: true, unref: true }, () => {
        if (job.running) {
          log(`[jobs] ${job.name}: previous run still going; skipped this one`);
          return;
        }
        void execute(job).catch(() => undefined);
      }),
    };
    return job;
  });

  async function execute(job: LoadedJob): Promise<unknown> {
    const started = Date.now();
    job.running = true;
    try {
      const result = await job.fn();
      job.lastRun = { at: new Date(started).toISOString(), ok: true, ms: Date.now() - started };
      log(`[jobs] ${job.name}: ok in ${job.lastRun.ms} ms`);
      return result;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      job.lastRun = { at: new Date(started).toISOString(), ok: false, error, ms: Date.now() - started };
      log(`[jobs] ${job.name}: failed after ${job.lastRun.ms} ms: ${error}`);
      throw err;
    } finally {
      job.running = false;
    }
  }

  let stopped = false;
  if (autoStart) for (const job of jobs) job.cron.resume();
  log(
    `[jobs] ${jobs.length} job(s) ${autoStart ? 'scheduled (UTC)' : 'loaded (not started)'}: ` +
      jobs.map((j) => `${j.name} "${j.def.schedule}"`).join(', '),
  );

  return {
    list: () =>
      jobs.map((job) => ({
        name: job.name,
        functionLocation: job.def.functionLocation,
        functionName: job.def.functionName,
        description: job.def.description ?? '',
        schedule: job.def.schedule,
        nextRun: stopped || !autoStart ? null : (job.cron.nextRun()?.toISOString() ?? null),
        ...(job.lastRun ? { lastRun: { ...job.lastRun } } : {}),
      })),
    runNow(name: string): Promise<unknown> {
      const matches = jobs.filter((j) => j.name === name || qualifiedName(j.def) === name);
      if (matches.length !== 1) {
        const known = jobs.map((j) => j.name).join(', ') || '(none)';
        return Promise.reject(new Error(`Unknown job "${name}". Jobs: ${known}`));
      }
      return execute(matches[0]!);
    },
    stop() {
      stopped = true;
      for (const job of jobs) job.cron.stop();
    },
  };
}

function qualifiedName(def: ParsedJob): string {
  return `${def.functionLocation}:${def.functionName}`;
}

/**
 * functionLocation names the deployed JavaScript ("/jobs/outbox.js", "/x.web.js", "/y.jsw");
 * locally the module is its TypeScript source next to it. tsx (npm start) and ts-jest load .ts
 * through require.
 */
function loadJobFunction(backendDir: string, def: ParsedJob): JobFunction {
  const relative = def.functionLocation.replace(/^\//, '');
  const base = relative.replace(/\.(js|jsw)$/, '');
  const candidates = [`${base}.ts`, relative].map((p) => path.join(backendDir, p));
  const file = candidates.find((c) => existsSync(c));
  if (!file) {
    throw new Error(
      `jobs.config job "${def.functionName}": functionLocation "${def.functionLocation}" not found ` +
        `(looked for ${candidates.map((c) => path.relative(process.cwd(), c)).join(' and ')})`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  let mod: Record<string, unknown>;
  try {
    mod = require(file) as Record<string, unknown>;
  } catch (err) {
    throw new Error(
      `jobs.config job "${def.functionName}": loading ${path.relative(process.cwd(), file)} failed: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const fn = mod[def.functionName];
  if (typeof fn !== 'function') {
    throw new Error(
      `jobs.config job "${def.functionName}": ${path.relative(process.cwd(), file)} does not export a function ` +
        `named "${def.functionName}"`,
    );
  }
  return fn as JobFunction;
}
