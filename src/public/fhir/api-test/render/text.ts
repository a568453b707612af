import { GROUPS } from '../tests';
import type { RunState, TestResult } from '../types';

export interface ApiTestTextOptions {
  /** ANSI colors (for a terminal). Default false. */
  color?: boolean;
  /** Line width; longer lines are cut with "…". Default 100, at least 40. */
  width?: number;
  /** Also list passed tests' messages and skipped tests' reasons. Default false (ids and titles only). */
  verbose?: boolean;
}

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', green: '\u001b[32m', yellow: '\u001b[33m' } as const;

/** Server-sent text must not drive the terminal: control characters become spaces. */
// eslint-disable-next-line no-control-regex
const sanitize = (text: string) => text.replace(/[\u0000-\u001F\u007F-\u009F]/g, ' ');

/** The terminal rendering: groups, one line per test, failures with the rule, the exchange and the spec link. */
export function toText(state: RunState, options: ApiTestTextOptions = {}): string {
  const width = Math.max(40, Math.floor(options.width ?? 100));
  const paint = (style: keyof typeof ANSI, text: string) => (options.color && text ? `${ANSI[style]}${text}${ANSI.reset}` : text);
  const fit = (text: string, indent = '') => {
    const t = sanitize(text);
    const room = width - indent.length;
    return indent + (t.length > room ? `${t.slice(0, room - 1)}…` : t);
  };
  /** Wraps long messages instead of cutting them: the message is the point of a failure. */
  const wrap = (text: string, indent: string) => {
    const room = Math.max(20, width - indent.length);
    const words = sanitize(text).split(/ +/);
    const lines: string[] = [];
    let line = '';
    for (const word of words) {
      if (line && line.length + 1 + word.length > room) {
        lines.push(indent + line);
        line = '';
      }
      line = line ? `${line} ${word}` : word;
      while (line.length > room) {
        lines.push(indent + line.slice(0, room));
        line = line.slice(room);
      }
    }
    if (line) lines.push(indent + line);
    return lines;
  };

  const out: string[] = [];
  out.push(paint('bold', fit(`FHIR IQ API tests: ${state.options.baseUrl}`)));
  out.push(fit(`${state.options.allowWrites ? 'writes allowed' : 'read-only (writes not allowed)'} · run ${state.runId}${state.resources.length ? ` · types ${state.resources.join(', ')}` : ''}`));
  for (const s of state.setup.filter((x) => x.result !== 'pass')) out.push(...wrap(`setup: ${s.message}`, '  ').map((l) => paint('yellow', l)));

  for (const group of GROUPS) {
    const results = state.results.filter((r) => r.group === group.id);
    if (results.length === 0) continue;
    out.push('', paint('bold', fit(group.title)));
    for (const r of results) out.push(...testLines(r));
  }

  const failedCleanups = state.teardown.filter((t) => t.result === 'fail');
  if (failedCleanups.length) {
    out.push('', paint('yellow', fit(`Cleanup: ${failedCleanups.length} resource(s) could not be deleted`)));
    for (const t of failedCleanups) out.push(...wrap(t.message, '  '));
  }

  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const r of state.results) counts[r.status]++;
  const verdict = counts.failed > 0 ? paint('red', `${counts.failed} failed`) : paint('green', 'no failures');
  out.push('', `${paint('bold', 'Result:')} ${verdict} · ${counts.passed} passed · ${counts.skipped} skipped · ${(state.elapsedMs / 1000).toFixed(1)} s${state.phase === 'done' ? '' : ' (run not finished)'}`);
  return out.join('\n') + '\n';

  function testLines(r: TestResult): string[] {
    const mark = r.status === 'passed' ? paint('green', 'PASS') : r.status === 'failed' ? paint('red', 'FAIL') : paint('dim', 'SKIP');
    const lines = [`  ${mark} ${fit(`${r.id}  ${r.title}`, '').slice(0, width - 7)}`];
    if (r.status === 'failed') {
      lines.push(...wrap(r.message, '       '));
      if (r.request) lines.push(fit(`${r.request.method} ${r.request.url}${r.response ? ` -> ${r.response.status} (${r.response.durationMs} ms)` : ''}`, '       '));
      lines.push(paint('dim', fit(`Spec: ${r.specRef}`, '       ')));
    } else if (options.verbose) {
      lines.push(...wrap(r.message, '       ').map((l) => paint('dim', l)));
    }
    return lines;
  }
}
