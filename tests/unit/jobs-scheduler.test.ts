import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JobsConfigError, parseJobsConfig } from '../../local/jobs/jobs-config';
import { startJobs, type JobsHandle } from '../../local/jobs/scheduler';

const ROOT = path.resolve(__dirname, '../..');

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A backend folder with a jobs.config (comments included) and the job modules it names. */
function fixtureBackend(config: string, modules: Record<string, string> = JOB_MODULES): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fhiriq-jobs-'));
  tempDirs.push(dir);
  writeFileSync(path.join(dir, 'jobs.config'), config);
  for (const [rel, text] of Object.entries(modules)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const JOB_MODULES = {
  'jobs/work.ts': `let count = 0;
export async function tidy(): Promise<{ count: number }> {
  count += 1;
  return { count };
}
export async function explode(): Promise<never> {
  throw new Error('outbox unreachable');
}
export const notAFunction = 42;
`,
  'reports.web.ts': `export function weeklyReport(): string { return 'sent'; }\n`,
};

const CONFIG = `// Scheduled jobs: times are UTC.
{
  "jobs": [
    {
      // hourly clean-up
      "functionLocation": "/jobs/work.js",
      "functionName": "tidy",
      "description": "Tidy things up",
      "executionConfig": { "cronExpression": "0 * * * *" }
    },
    {
      "functionLocation": "/jobs/work.js",
      "functionName": "explode",
      "executionConfig": { "time": "08:00" }
    },
    /* Monday mornings */
    {
      "functionLocation": "/reports.web.js",
      "functionName": "weeklyReport",
      "executionConfig": { "time": "08:30", "dayOfWeek": "Monday" }
    }
  ]
}
`;

function jobsConfig(jobs: unknown[]): string {
  return JSON.stringify({ jobs }, null, 2);
}

function problemsOf(text: string): string[] {
  try {
    parseJobsConfig(text);
  } catch (err) {
    expect(err).toBeInstanceOf(JobsConfigError);
    return (err as JobsConfigError).problems;
  }
  throw new Error('expected parseJobsConfig to fail');
}

const handles: JobsHandle[] = [];
afterEach(() => {
  while (handles.length) handles.pop()!.stop();
  jest.useRealTimers();
});
function start(backendDir: string, autoStart = true, logs: string[] = []): JobsHandle {
  const handle = startJobs({ backendDir, autoStart, log: (m) => logs.push(m) });
  handles.push(handle);
  return handle;
}

describe('parseJobsConfig', () => {
  test('reads JSON with comments and turns time-based configs into UTC crons', () => {
    const jobs = parseJobsConfig(CONFIG);
    expect(jobs.map((j) => [j.functionLocation, j.functionName, j.schedule])).toEqual([
      ['/jobs/work.js', 'tidy', '0 * * * *'],
      ['/jobs/work.js', 'explode', '0 8 * * *'],
      ['/reports.web.js', 'weeklyReport', '30 8 * * 1'],
    ]);
    expect(jobs[0]!.description).toBe('Tidy things up');
    expect(jobs.every((j) => j.warnings.length === 0)).toBe(true);
  });

  test('a monthly time config runs on its date; functionLocation gets its leading slash', () => {
    const [job] = parseJobsConfig(
      jobsConfig([{ functionLocation: 'a.js', functionName: 'f', executionConfig: { time: '23:05', dateInMonth: 1 } }]),
    );
    expect(job!.schedule).toBe('5 23 1 * *');
    expect(job!.functionLocation).toBe('/a.js');
  });

  test('names the bad job and the bad field', () => {
    const problems = problemsOf(
      jobsConfig([
        { functionLocation: '/ok.js', functionName: 'fine', executionConfig: { time: '01:00' } },
        { functionLocation: '/a.js', functionName: 'late', executionConfig: { time: '25:00' } },
        { functionLocation: '/a.js', executionConfig: { time: '01:00' } },
        { functionLocation: '/a.ts', functionName: 'wrongExt', executionConfig: { time: '01:00' } },
        { functionLocation: '/a.js', functionName: 'both', executionConfig: { time: '01:00', dayOfWeek: 'Monday', dateInMonth: 3 } },
        { functionLocation: '/a.js', functionName: 'badCron', executionConfig: { cronExpression: '61 * * * *' } },
        { functionLocation: '/a.js', functionName: 'sixFields', executionConfig: { cronExpression: '0 0 * * * *' } },
        { functionLocation: '/a.js', functionName: 'noWhen', executionConfig: {} },
        { functionLocation: '/a.js', functionName: 'badDay', executionConfig: { time: '01:00', dayOfWeek: 'Funday' } },
      ]),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^job #2 \("late"\): executionConfig\.time: time must be "HH:MM"/),
      expect.stringMatching(/^job #3: functionName: functionName is required/),
      expect.stringMatching(/^job #4 \("wrongExt"\): functionLocation: .*ending in \.js/),
      expect.stringMatching(/^job #5 \("both"\): executionConfig: .*"dayOfWeek" or "dateInMonth", not both/),
      expect.stringMatching(/^job #6 \("badCron"\): executionConfig\.cronExpression: cronExpression "61 \* \* \* \*" is not a valid cron/),
      expect.stringMatching(/^job #7 \("sixFields"\): executionConfig\.cronExpression: .*must have 5 fields/),
      expect.stringMatching(/^job #8 \("noWhen"\): executionConfig: .*needs either "cronExpression" or "time"/),
      expect.stringMatching(/^job #9 \("badDay"\): executionConfig\.dayOfWeek: dayOfWeek must be one of Sunday/),
    ]);
  });

  test('reports JSON syntax errors with their line, and a wrong top-level shape', () => {
    expect(problemsOf('{\n  "jobs": [\n    { "functionName": "x", }\n  ]\n}')).toEqual([
      expect.stringMatching(/^line 3, column \d+: \w+ \(not valid JSON\)$/),
    ]);
    expect(problemsOf('[]')).toEqual(['the file must hold a JSON object: { "jobs": [ ... ] }']);
    expect(problemsOf('{ "jobs": {} }')).toEqual([expect.stringContaining('"jobs" must be an array')]);
  });

  test('refuses more than 20 jobs and the same function scheduled twice', () => {
    const job = (i: number) => ({ functionLocation: '/a.js', functionName: `f${i}`, executionConfig: { time: '01:00' } });
    expect(problemsOf(jobsConfig(Array.from({ length: 21 }, (_, i) => job(i))))).toEqual([
      expect.stringContaining('at most 20 jobs'),
    ]);
    expect(problemsOf(jobsConfig([job(1), job(1)]))).toEqual([
      expect.stringContaining('job #2 ("f1"): the same function is scheduled twice (/a.js:f1)'),
    ]);
  });

  test('warns about crons more frequent than hourly', () => {
    const [frequent, hourly] = parseJobsConfig(
      jobsConfig([
        { functionLocation: '/a.js', functionName: 'often', executionConfig: { cronExpression: '*/15 * * * *' } },
        { functionLocation: '/a.js', functionName: 'hourly', executionConfig: { cronExpression: '30 */1 * * *' } },
      ]),
    );
    expect(frequent!.warnings).toEqual([expect.stringMatching(/"often".*every 15 min; .*at most once an hour/)]);
    expect(hourly!.warnings).toEqual([]);
  });
});

describe('startJobs', () => {
  test('lists the jobs with their schedule and the next UTC run', () => {
    // A Wednesday, 10:15 UTC.
    jest.useFakeTimers({ now: new Date('2030-01-02T10:15:00.000Z') });
    const logs: string[] = [];
    const jobs = start(fixtureBackend(CONFIG), true, logs);
    const list = jobs.list();
    expect(list.map((j) => [j.name, j.functionLocation, j.functionName, j.description, j.schedule, j.nextRun])).toEqual([
      ['tidy', '/jobs/work.js', 'tidy', 'Tidy things up', '0 * * * *', '2030-01-02T11:00:00.000Z'],
      ['explode', '/jobs/work.js', 'explode', '', '0 8 * * *', '2030-01-03T08:00:00.000Z'],
      ['weeklyReport', '/reports.web.js', 'weeklyReport', '', '30 8 * * 1', '2030-01-07T08:30:00.000Z'],
    ]);
    expect(list.every((j) => j.lastRun === undefined)).toBe(true);
    expect(logs.join('\n')).toContain('3 job(s) scheduled (UTC)');

    jobs.stop();
    expect(jobs.list().every((j) => j.nextRun === null)).toBe(true);
  });

  test('runNow runs a job by name or file:function and records the run', async () => {
    const jobs = start(fixtureBackend(CONFIG), false);
    expect(jobs.list().every((j) => j.nextRun === null)).toBe(true); // not started
    await expect(jobs.runNow('tidy')).resolves.toEqual({ count: 1 });
    await expect(jobs.runNow('/jobs/work.js:tidy')).resolves.toEqual({ count: 2 });
    await expect(jobs.runNow('/reports.web.js:weeklyReport')).resolves.toBe('sent');
    const tidy = jobs.list().find((j) => j.name === 'tidy')!;
    expect(tidy.lastRun).toEqual({ at: expect.any(String), ok: true, ms: expect.any(Number) });
    expect(Date.now() - Date.parse(tidy.lastRun!.at)).toBeLessThan(10_000);
    await expect(jobs.runNow('nope')).rejects.toThrow('Unknown job "nope". Jobs: tidy, explode, weeklyReport');
  });

  test('a failing job is recorded and logged, and the scheduler keeps going', async () => {
    const logs: string[] = [];
    const jobs = start(fixtureBackend(CONFIG), false, logs);
    await expect(jobs.runNow('explode')).rejects.toThrow('outbox unreachable');
    const failed = jobs.list().find((j) => j.name === 'explode')!;
    expect(failed.lastRun).toEqual({ at: expect.any(String), ok: false, error: 'outbox unreachable', ms: expect.any(Number) });
    expect(logs).toContainEqual(expect.stringMatching(/explode: failed after \d+ ms: outbox unreachable/));
    await expect(jobs.runNow('tidy')).resolves.toEqual({ count: 1 });
  });

  test('a scheduled run that throws is caught when its time comes', async () => {
    jest.useFakeTimers({ now: new Date('2030-01-07T07:59:59.000Z') });
    const logs: string[] = [];
    const jobs = start(fixtureBackend(CONFIG), true, logs);
    expect(jobs.list().find((j) => j.name === 'explode')!.nextRun).toBe('2030-01-07T08:00:00.000Z');
    await jest.advanceTimersByTimeAsync(2_000);
    const failed = jobs.list().find((j) => j.name === 'explode')!;
    expect(failed.lastRun).toMatchObject({ at: '2030-01-07T08:00:00.000Z', ok: false, error: 'outbox unreachable' });
    expect(failed.nextRun).toBe('2030-01-08T08:00:00.000Z');
    expect(jobs.list().find((j) => j.name === 'tidy')!.lastRun).toMatchObject({ ok: true });
  });

  test('jobs sharing a function name are named file:function', () => {
    const jobs = start(
      fixtureBackend(
        jsonStringifyJobs([
          { functionLocation: '/jobs/work.js', functionName: 'tidy', executionConfig: { time: '01:00' } },
          { functionLocation: '/jobs/other.js', functionName: 'tidy', executionConfig: { time: '02:00' } },
        ]),
        { ...JOB_MODULES, 'jobs/other.ts': 'export function tidy(): string { return "other"; }\n' },
      ),
      false,
    );
    expect(jobs.list().map((j) => j.name)).toEqual(['/jobs/work.js:tidy', '/jobs/other.js:tidy']);
    return expect(jobs.runNow('/jobs/other.js:tidy')).resolves.toBe('other');
  });

  test('a missing file or export is a clear error at start', () => {
    const missingFile = fixtureBackend(
      jsonStringifyJobs([{ functionLocation: '/jobs/gone.js', functionName: 'x', executionConfig: { time: '01:00' } }]),
    );
    expect(() => start(missingFile)).toThrow(/job "x": functionLocation "\/jobs\/gone.js" not found/);
    const notExported = fixtureBackend(
      jsonStringifyJobs([{ functionLocation: '/jobs/work.js', functionName: 'notAFunction', executionConfig: { time: '01:00' } }]),
    );
    expect(() => start(notExported)).toThrow(/does not export a function named "notAFunction"/);
    const invalid = fixtureBackend(jsonStringifyJobs([{ functionLocation: '/jobs/work.js', functionName: 'tidy', executionConfig: {} }]));
    expect(() => start(invalid)).toThrow(JobsConfigError);
  });

  test('no jobs.config means no jobs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fhiriq-nojobs-'));
    tempDirs.push(dir);
    const jobs = start(dir);
    expect(jobs.list()).toEqual([]);
    await expect(jobs.runNow('x')).rejects.toThrow(/no jobs.config/);
  });
});

function jsonStringifyJobs(jobs: unknown[]): string {
  return `// generated\n${jobsConfig(jobs)}`;
}

describe('the site jobs.config (src/backend/jobs.config)', () => {
  const backendDir = path.join(ROOT, 'src', 'backend');
  const present = existsSync(path.join(backendDir, 'jobs.config'));

  (present ? test : test.skip)('is valid, hourly at most, and every job resolves to an exported function', () => {
    const logs: string[] = [];
    const jobs = start(backendDir, false, logs);
    expect(jobs.list().length).toBeGreaterThan(0);
    expect(logs.filter((l) => l.includes('warning'))).toEqual([]);
  });
});
