import type { ApiTestReport, Progress, TestStatus } from '../../fhir/api-test/types';
import type { CallFailure, RunStatus, RunView } from './api';

/**
 * What the <fhir-api-tester> element shows, computed without the DOM: group titles, counts,
 * filtering, the progress line, pretty bodies, error texts and the event details. Pure functions,
 * unit-tested on their own.
 */


export type StatusFilter = TestStatus | '';

export type ReportTest = ApiTestReport['groups'][number]['tests'][number];

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** The icon (hidden from assistive technology) and the words that stand for it. */
export function statusBadge(status: TestStatus): { icon: string; label: string } {
  switch (status) {
    case 'passed':
      return { icon: '✓', label: 'Passed' };
    case 'failed':
      return { icon: '✗', label: 'Failed' };
    case 'skipped':
      return { icon: '–', label: 'Skipped' };
  }
}

export function countTests(tests: readonly ReportTest[]): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const t of tests) counts[t.status]++;
  return counts;
}

/** "3 passed, 1 failed, 2 skipped" (zeros kept: a reader scans for "0 failed"). */
export function countsText(c: Counts): string {
  return `${c.passed.toLocaleString('en-US')} passed, ${c.failed.toLocaleString('en-US')} failed, ${c.skipped.toLocaleString('en-US')} skipped`;
}

export function matchesFilter(test: Pick<ReportTest, 'status'>, filter: StatusFilter): boolean {
  return filter === '' || test.status === filter;
}

const PHASE_LABELS: Record<Progress['phase'], string> = {
  setup: 'Reading the capability statement and preparing test data',
  tests: 'Running tests',
  cleanup: 'Removing the test resources',
  done: 'Finished',
};

/** The test that finished last: the last one in the report (groups and tests are in run order). */
export function lastTest(report: ApiTestReport): ReportTest | undefined {
  for (let g = report.groups.length - 1; g >= 0; g--) {
    const tests = report.groups[g]!.tests;
    if (tests.length) return tests[tests.length - 1];
  }
  return undefined;
}

/** "Running tests: 12 of 87 steps · 10 passed, 1 failed, 1 skipped · last: Read returns the resource". */
export function progressLabel(progress: Progress, report: ApiTestReport | null): string {
  const parts = [`${PHASE_LABELS[progress.phase]}: ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} steps`];
  parts.push(countsText(progress));
  const last = report ? lastTest(report) : undefined;
  if (last && progress.phase !== 'done') parts.push(`last: ${last.title}`);
  return parts.join(' · ');
}

/** 0..1 for the progress bar, or undefined while the total is not known. */
export function progressFraction(progress: Progress): number | undefined {
  if (progress.total <= 0) return undefined;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}

/** A body as it is best read: JSON re-indented, anything else as it came. */
export function prettyBody(body: string): { text: string; json: boolean } {
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { text: JSON.stringify(JSON.parse(trimmed), null, 2), json: true };
    } catch {
      // a truncated or broken JSON body: shown as it came
    }
  }
  return { text: body, json: false };
}

/** Header name/value pairs, sorted by name for reading. */
export function headerRows(headers: Record<string, string>): Array<[string, string]> {
  return Object.entries(headers).sort(([a], [b]) => a.localeCompare(b));
}

/** The spec link only when it is a web address: nothing else becomes an href. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** The line above the results: how the run ended and what it found. */
export function summaryLine(view: Pick<RunView, 'status' | 'report'>, stopped: boolean): { text: string; tone: 'good' | 'bad' | 'neutral' } {
  const s = view.report.summary;
  const counts = countsText(s);
  if (view.status === 'running') return { text: `${stopped ? 'Stopped' : 'So far'}: ${counts}.`, tone: s.failed ? 'bad' : 'neutral' };
  if (view.status === 'failed') return { text: `The run stopped early: ${counts}.`, tone: 'bad' };
  const verdict = s.failed === 0 ? 'No test failed' : `${s.failed.toLocaleString('en-US')} test${s.failed === 1 ? '' : 's'} failed`;
  return { text: `${verdict}: ${counts} in ${durationText(s.durationMs)}.`, tone: s.failed === 0 ? 'good' : 'bad' };
}

/** The detail of 'run-complete': the summary plus what page code needs to say something about it. */
export interface RunCompleteDetail {
  runId: string;
  status: RunStatus;
  baseUrl: string;
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
}

export function completeDetail(view: RunView, baseUrl: string): RunCompleteDetail {
  const s = view.report.summary;
  return { runId: view.runId, status: view.status, baseUrl: view.baseUrl ?? baseUrl, passed: s.passed, failed: s.failed, skipped: s.skipped, durationMs: s.durationMs };
}

const TARGET_HELP =
  'For safety the site only tests servers on the public internet: loopback, private-network, link-local and cloud metadata addresses are refused. ' +
  'To test a server on your own machine or network, run `npx fhiriq test <base URL>` there.';

/** The words shown in the alert for a failed call: a title line, the server's reason, and what to do. */
export function failureText(failure: CallFailure): { title: string; lines: string[] } {
  const { status, code, message } = failure;
  const wait = failure.retryAfterSeconds;
  const inSeconds = wait === undefined ? 'in a minute' : `in ${wait.toLocaleString('en-US')} second${wait === 1 ? '' : 's'}`;
  if (status === 0) {
    if (code === 'TIMEOUT') return { title: 'The site took too long to answer.', lines: ['Please try again.'] };
    return { title: 'Could not reach the site.', lines: ['Check your connection and try again.'] };
  }
  if (status === 403 && code.startsWith('TARGET_')) return { title: 'This server was refused as a target.', lines: [message, TARGET_HELP] };
  if (status === 403) return { title: 'The site refused to run the tests.', lines: [message] };
  if (status === 400) {
    const title = code.startsWith('TARGET_') ? 'This address cannot be tested.' : 'The site could not accept these options.';
    return { title, lines: [message, ...failure.details] };
  }
  if (status === 404) return { title: 'This test run was not found.', lines: [message, 'Start a new run.'] };
  if (status === 409) return { title: 'A step of this run is still running.', lines: [message, `Trying again ${inSeconds}.`] };
  if (status === 429) return { title: 'Too many requests just now.', lines: [`Please try again ${inSeconds}.`] };
  if (code === 'BAD_ANSWER') return { title: 'The site gave an answer this page cannot read.', lines: ['Please try again.'] };
  return { title: `The test service is not available right now (HTTP ${status}).`, lines: ['Please try again in a minute.'] };
}

/** A file name for a download link (the server's Content-Disposition names the file too). */
export function downloadName(runId: string, format: 'json' | 'junit' | 'testreport'): string {
  const base = `fhiriq-api-test-${runId.replace(/[^\w-]+/g, '').slice(0, 8) || 'run'}`;
  return format === 'json' ? `${base}.json` : format === 'junit' ? `${base}.junit.xml` : `${base}.testreport.json`;
}
