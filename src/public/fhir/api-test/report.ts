import { GROUPS } from './tests';
import type { ApiTestReport, RunState } from './types';

/**
 * The public JSON report (issue 5's shape). There is no "error" status: a test whose request could
 * not be made is "failed" and its message starts with "Request failed:".
 */
export function buildReport(state: RunState): ApiTestReport {
  const summary = { passed: 0, failed: 0, skipped: 0, durationMs: Math.round(state.elapsedMs) };
  const groups: ApiTestReport['groups'] = [];
  for (const group of GROUPS) {
    const results = state.results.filter((r) => r.group === group.id);
    if (results.length === 0) continue;
    groups.push({
      id: group.id,
      title: group.title,
      tests: results.map((r) => {
        summary[r.status]++;
        return { id: r.id, title: r.title, status: r.status, message: r.message, specRef: r.specRef, request: r.request, response: r.response };
      }),
    });
  }
  return { summary, groups };
}

/** Alias: the summary and groups of a run. */
export const summarize = buildReport;
