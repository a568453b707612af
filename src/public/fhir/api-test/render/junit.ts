import { GROUPS } from '../tests';
import type { RunState, TestResult } from '../types';

// XML 1.0 allows only these characters; anything else (e.g. control characters a server sent)
// would make the document ill-formed, so it is replaced.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values also keep their line breaks (a raw newline would be normalized to a space). */
const attr = (text: string) => escapeXml(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

function exchangeText(r: TestResult): string {
  if (!r.request) return '';
  const lines = [`${r.request.method} ${r.request.url}`];
  if (r.request.body) lines.push(r.request.body);
  if (r.response) {
    lines.push('', `HTTP ${r.response.status}`);
    for (const [k, v] of Object.entries(r.response.headers)) lines.push(`${k}: ${v}`);
    if (r.response.body) lines.push('', r.response.body + (r.response.truncated ? '\n[… cut]' : ''));
  }
  return lines.join('\n');
}

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub annotations): one <testsuite> per group,
 * one <testcase> per test; failures carry the message, the spec reference and the exchange.
 */
export function toJunit(state: RunState): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = state.results;
  const failures = all.filter((r) => r.status === 'failed' && !r.error).length;
  const errors = all.filter((r) => r.status === 'failed' && r.error).length;
  const skipped = all.filter((r) => r.status === 'skipped').length;
  out.push(
    `<testsuites name="${attr(`FHIR IQ API tests: ${state.options.baseUrl}`)}" tests="${all.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(state.elapsedMs)}">`,
  );
  for (const group of GROUPS) {
    const results = all.filter((r) => r.group === group.id);
    if (results.length === 0) continue;
    const f = results.filter((r) => r.status === 'failed' && !r.error).length;
    const e = results.filter((r) => r.status === 'failed' && r.error).length;
    const sk = results.filter((r) => r.status === 'skipped').length;
    const time = results.reduce((t, r) => t + r.durationMs, 0);
    out.push(`  <testsuite name="${attr(group.title)}" id="${attr(group.id)}" tests="${results.length}" failures="${f}" errors="${e}" skipped="${sk}" time="${seconds(time)}" timestamp="${attr(state.startedAt.replace(/\.\d+Z$/, ''))}">`);
    for (const r of results) {
      const open = `    <testcase name="${attr(`${r.id}: ${r.title}`)}" classname="${attr(`fhiriq.api-test.${group.id}`)}" time="${seconds(r.durationMs)}"`;
      if (r.status === 'passed') {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      if (r.status === 'skipped') out.push(`      <skipped message="${attr(r.message)}"/>`);
      else {
        const tag = r.error ? 'error' : 'failure';
        out.push(`      <${tag} message="${attr(r.message)}" type="${attr(r.specRef)}">${escapeXml(`${r.message}\nSpec: ${r.specRef}`)}</${tag}>`);
        const exchange = exchangeText(r);
        if (exchange) out.push(`      <system-out>${escapeXml(exchange)}</system-out>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
