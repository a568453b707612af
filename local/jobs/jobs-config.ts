import { Cron } from 'croner';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';

/**
 * Velo's `backend/jobs.config`, read and checked the way Wix reads it, so a config that runs locally
 * also runs on the site. Shape (Velo docs, "Jobs: JSON Object"):
 *   { "jobs": [ { functionLocation, functionName, description?, executionConfig } ] }
 * where executionConfig is either { cronExpression } or { time: "HH:MM", dayOfWeek? | dateInMonth? }.
 * All times are UTC; a site may have at most 20 jobs; if both forms are given Wix uses the cron.
 */

export const MAX_JOBS = 20;
/** Most Wix plans run a job at most once an hour; more frequent crons only warn (higher plans allow them). */
export const MIN_INTERVAL_MS = 60 * 60 * 1000;

export const DAYS_OF_WEEK = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

const executionConfigSchema = z
  .object({
    cronExpression: z.string().trim().min(1, 'cronExpression must not be empty').optional(),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be "HH:MM" (24-hour, UTC), e.g. "08:00"')
      .optional(),
    dayOfWeek: z.enum(DAYS_OF_WEEK, { error: `dayOfWeek must be one of ${DAYS_OF_WEEK.join(', ')}` }).optional(),
    dateInMonth: z
      .int('dateInMonth must be a whole number from 1 to 31')
      .min(1, 'dateInMonth must be from 1 to 31')
      .max(31, 'dateInMonth must be from 1 to 31')
      .optional(),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.cronExpression !== undefined) {
      const problem = cronProblem(cfg.cronExpression);
      if (problem) ctx.addIssue({ code: 'custom', path: ['cronExpression'], message: problem });
      return;
    }
    if (cfg.time === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'executionConfig needs either "cronExpression" or "time"' });
    }
    if (cfg.dayOfWeek !== undefined && cfg.dateInMonth !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'executionConfig may have "dayOfWeek" or "dateInMonth", not both (Wix will not run such a job)',
      });
    }
  });

const jobSchema = z.object({
  functionLocation: z
    .string({ error: 'functionLocation is required (a backend file path such as "/jobs/outbox.js")' })
    .regex(
      /^\/?[^\s]+\.(js|jsw)$/,
      'functionLocation must be a backend file path ending in .js, .web.js or .jsw, e.g. "/jobs/outbox.js"',
    )
    .refine((p) => !p.split('/').includes('..'), 'functionLocation must stay inside the backend folder'),
  functionName: z
    .string({ error: 'functionName is required' })
    .regex(/^[A-Za-z_$][\w$]*$/, 'functionName must be the name of an exported function'),
  description: z.string().optional(),
  executionConfig: executionConfigSchema,
});

const jobsConfigSchema = z.object({
  jobs: z.array(jobSchema, { error: '"jobs" must be an array of job objects' }).max(MAX_JOBS, `Wix allows at most ${MAX_JOBS} jobs`),
});

export type JobDefinition = z.infer<typeof jobSchema>;
export type ExecutionConfig = JobDefinition['executionConfig'];

export interface ParsedJob extends JobDefinition {
  /** The 5-field UTC cron the job runs on (time-based configs converted). */
  schedule: string;
  /** Non-fatal remarks, e.g. a cron more frequent than Wix's usual one-hour minimum. */
  warnings: string[];
}

export class JobsConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'JobsConfigError';
  }
}

/** Reads jobs.config text (JSON with comments), validates it, and turns every job into a UTC cron. */
export function parseJobsConfig(text: string, file = 'jobs.config'): ParsedJob[] {
  const parseErrors: ParseError[] = [];
  const raw: unknown = parseJsonc(text, parseErrors, { allowTrailingComma: false, disallowComments: false });
  if (parseErrors.length > 0) {
    // Only the first: later ones are mostly the parser recovering from it.
    const first = parseErrors[0]!;
    throw new JobsConfigError(file, [`${lineCol(text, first.offset)}: ${printParseErrorCode(first.error)} (not valid JSON)`]);
  }

  const result = jobsConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new JobsConfigError(file, result.error.issues.map((issue) => describeIssue(raw, issue)));
  }

  const seen = new Set<string>();
  const duplicates: string[] = [];
  const jobs = result.data.jobs.map((job, i): ParsedJob => {
    const key = `${normalizeLocation(job.functionLocation)}:${job.functionName}`;
    if (seen.has(key)) duplicates.push(`${jobLabel(i, job.functionName)}: the same function is scheduled twice (${key})`);
    seen.add(key);
    const schedule = toCron(job.executionConfig);
    const warnings: string[] = [];
    const gap = job.executionConfig.cronExpression ? shortestGapMs(schedule) : null;
    if (gap !== null && gap < MIN_INTERVAL_MS) {
      warnings.push(
        `${jobLabel(i, job.functionName)}: "${schedule}" runs every ${Math.round(gap / 60_000)} min; ` +
          'most Wix plans run a job at most once an hour',
      );
    }
    if (job.executionConfig.cronExpression && job.executionConfig.time) {
      warnings.push(`${jobLabel(i, job.functionName)}: both cronExpression and time given; Wix uses the cron`);
    }
    return { ...job, functionLocation: normalizeLocation(job.functionLocation), schedule, warnings };
  });
  if (duplicates.length > 0) throw new JobsConfigError(file, duplicates);
  return jobs;
}

/** Velo's time-based schedule as a cron: "HH:MM" daily, or weekly on dayOfWeek, or monthly on dateInMonth. */
export function toCron(cfg: ExecutionConfig): string {
  if (cfg.cronExpression) return cfg.cronExpression.trim().split(/\s+/).join(' ');
  const [hh, mm] = (cfg.time ?? '00:00').split(':').map(Number);
  const dom = cfg.dateInMonth ?? '*';
  const dow = cfg.dayOfWeek ? DAYS_OF_WEEK.indexOf(cfg.dayOfWeek) : '*';
  return `${mm} ${hh} ${dom} * ${dow}`;
}

/** "/jobs/outbox.js" and "jobs/outbox.js" name the same file; keep the leading slash, as the docs write it. */
export function normalizeLocation(location: string): string {
  return location.startsWith('/') ? location : `/${location}`;
}

function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `cronExpression "${expression}" must have 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`;
  }
  try {
    new Cron(expression, { paused: true, timezone: 'UTC', mode: '5-part' }).stop();
    return null;
  } catch (err) {
    return `cronExpression "${expression}" is not a valid cron: ${(err as Error).message}`;
  }
}

/** The shortest gap between the next runs, looked at over enough runs to see an hourly pattern's gaps. */
function shortestGapMs(schedule: string): number | null {
  const cron = new Cron(schedule, { paused: true, timezone: 'UTC', mode: '5-part' });
  const runs = cron.nextRuns(100, new Date(Date.UTC(2030, 0, 1)));
  cron.stop();
  let shortest: number | null = null;
  for (let i = 1; i < runs.length; i++) {
    const gap = runs[i]!.getTime() - runs[i - 1]!.getTime();
    if (shortest === null || gap < shortest) shortest = gap;
  }
  return shortest;
}

function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const [first, index, ...rest] = issue.path;
  if (first === 'jobs' && typeof index === 'number') {
    const job = (raw as { jobs: unknown[] }).jobs[index] as { functionName?: unknown } | undefined;
    const name = typeof job?.functionName === 'string' ? job.functionName : undefined;
    const where = rest.length > 0 ? `${rest.join('.')}: ` : '';
    return `${jobLabel(index, name)}: ${where}${issue.message}`;
  }
  if (issue.path.length === 0 && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    return 'the file must hold a JSON object: { "jobs": [ ... ] }';
  }
  return `${issue.path.join('.') || '(root)'}: ${issue.message}`;
}

function jobLabel(index: number, functionName: string | undefined): string {
  return `job #${index + 1}${functionName ? ` ("${functionName}")` : ''}`;
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}
