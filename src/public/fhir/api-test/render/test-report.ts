import { TAG_SYSTEM } from '../fixtures';
import { GROUPS } from '../tests';
import { escapeXml } from './junit';
import type { RunState, StepRecord, TestResult } from '../types';

type ActionResult = 'pass' | 'skip' | 'fail' | 'warning' | 'error';

/** The R4 TestReport elements we fill (a local type: the engine takes no dependency on FHIR typings). */
export interface FhirTestReport {
  resourceType: 'TestReport';
  text: { status: 'generated'; div: string };
  identifier: { system: string; value: string };
  name: string;
  status: 'completed' | 'in-progress' | 'stopped';
  testScript: { display: string };
  result: 'pass' | 'fail' | 'pending';
  score?: number;
  tester: string;
  issued?: string;
  participant: Array<{ type: 'test-engine' | 'server' | 'client'; uri: string; display?: string }>;
  setup?: { action: Array<{ operation: Operation }> };
  test?: Array<{ name: string; description: string; action: Array<{ operation: Operation } | { assert: Assert }> }>;
  teardown?: { action: Array<{ operation: Operation }> };
}
interface Operation {
  result: ActionResult;
  message?: string;
  detail?: string;
}
interface Assert {
  result: ActionResult;
  message?: string;
  detail?: string;
}

const STEP_RESULT: Record<StepRecord['result'], ActionResult> = { pass: 'pass', fail: 'fail', skip: 'skip' };

/** Text safe in a FHIR string: no control characters, no leading/trailing space, not empty. */
function clean(text: string, fallback = '-'): string {
  // eslint-disable-next-line no-control-regex
  const t = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ' ').trim();
  return t || fallback;
}

function validUri(url: string): string | undefined {
  return /^\S+$/.test(url) ? url : undefined;
}

function testEntry(r: TestResult) {
  const action: Array<{ operation: Operation } | { assert: Assert }> = [];
  if (r.request) {
    const op: Operation = {
      result: r.error ? 'error' : 'pass',
      message: clean(`${r.request.method} ${r.request.url}${r.response ? ` -> ${r.response.status} (${r.response.durationMs} ms)` : ''}`),
    };
    const detail = validUri(r.request.url);
    if (detail) op.detail = detail;
    action.push({ operation: op });
  }
  if (!r.error) {
    const result: ActionResult = r.status === 'passed' ? 'pass' : r.status === 'failed' ? 'fail' : 'skip';
    action.push({ assert: { result, message: clean(r.message), detail: r.specRef } });
  } else if (!r.request) {
    action.push({ operation: { result: 'error', message: clean(r.message) } });
  }
  return { name: r.id, description: clean(r.title), action };
}

/**
 * The run as a FHIR R4 TestReport: setup (reading the CapabilityStatement, writing test data),
 * one test per result (the request as an operation, the verdict as an assert), teardown (deletes).
 */
export function toTestReport(state: RunState): FhirTestReport {
  const done = state.phase === 'done';
  const passed = state.results.filter((r) => r.status === 'passed').length;
  const failed = state.results.filter((r) => r.status === 'failed').length;
  const skipped = state.results.length - passed - failed;
  const summary = `FHIR IQ API tests of ${state.options.baseUrl}: ${passed} passed, ${failed} failed, ${skipped} skipped.`;
  const report: FhirTestReport = {
    resourceType: 'TestReport',
    // A human-readable summary (dom-6: resources should have narrative).
    text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escapeXml(summary)}</p></div>` },
    identifier: { system: TAG_SYSTEM, value: state.runId },
    name: clean(`FHIR IQ API tests of ${state.options.baseUrl}`),
    status: state.cancelled ? 'stopped' : done ? 'completed' : 'in-progress',
    testScript: { display: 'FHIR IQ API Testing Suite: the FHIR R4 RESTful API (http.html, search.html)' },
    result: !done && failed === 0 ? 'pending' : failed > 0 ? 'fail' : 'pass',
    tester: 'FHIR IQ API Testing Suite',
    participant: [
      { type: 'test-engine', uri: TAG_SYSTEM, display: 'FHIR IQ API Testing Suite' },
      { type: 'server', uri: state.options.baseUrl },
    ],
  };
  if (passed + failed > 0) report.score = Math.round((passed / (passed + failed)) * 10000) / 100;
  if (state.finishedAt) report.issued = state.finishedAt;
  if (state.setup.length) report.setup = { action: state.setup.map((s) => ({ operation: { result: STEP_RESULT[s.result], message: clean(`${s.title}: ${s.message}`) } })) };
  const order = new Map(GROUPS.map((g, i) => [g.id, i]));
  const results = [...state.results].sort((a, b) => (order.get(a.group) ?? 0) - (order.get(b.group) ?? 0));
  const tests = results.map(testEntry).filter((t) => t.action.length > 0);
  if (tests.length) report.test = tests;
  if (state.teardown.length) report.teardown = { action: state.teardown.map((s) => ({ operation: { result: STEP_RESULT[s.result], message: clean(`${s.title}: ${s.message}`) } })) };
  return report;
}
