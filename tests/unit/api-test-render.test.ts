import { buildReport, escapeXml, runSuite, toJunit, toTestReport, toText, type HttpClient, type RunState } from 'public/fhir/api-test';
import { scanAll } from 'public/fhir/scanner';
import { createFakeServer } from '../helpers/api-test-fake-server';

// xmldoc (a strict XML parser already in node_modules, via @lhncbc/ucum-lhc) checks that the JUnit
// output is well-formed; it ships no types, so the little we use is declared here.
interface XmlElement {
  name: string;
  attr: Record<string, string>;
  val: string;
  childNamed(name: string): XmlElement | undefined;
  childrenNamed(name: string): XmlElement[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { XmlDocument } = require('xmldoc') as { XmlDocument: new (xml: string) => XmlElement };

let passing: RunState;
let failing: RunState;

beforeAll(async () => {
  const good = createFakeServer();
  passing = await runSuite({ baseUrl: good.base, allowWrites: true, resources: ['Patient', 'Observation'], runId: 'render-ok' }, good);
  // A server that breaks rules, with hostile text in its answers (markup, quotes, control characters).
  const bad = createFakeServer({ faults: ['no-etag', 'ignore-gender', 'no-fullurl'] });
  const hostile: HttpClient = async (req) => {
    const res = await bad(req);
    if (/\/Nope|FhiriqNotAResourceType/.test(req.url)) return { ...res, status: 500, body: '<b>&"\'\u0007\u001b[31m]]></b>' };
    return res;
  };
  failing = await runSuite({ baseUrl: bad.base, allowWrites: true, resources: ['Patient'], runId: 'render-bad' }, hostile);
});

describe('buildReport', () => {
  it('has exactly the shape of issue 5', () => {
    const report = buildReport(failing);
    expect(Object.keys(report)).toEqual(['summary', 'groups']);
    expect(Object.keys(report.summary)).toEqual(['passed', 'failed', 'skipped', 'durationMs']);
    for (const group of report.groups) {
      expect(Object.keys(group)).toEqual(['id', 'title', 'tests']);
      for (const test of group.tests) {
        expect(Object.keys(test)).toEqual(['id', 'title', 'status', 'message', 'specRef', 'request', 'response']);
        expect(['passed', 'failed', 'skipped']).toContain(test.status);
      }
    }
    const all = report.groups.flatMap((g) => g.tests);
    expect(report.summary.passed + report.summary.failed + report.summary.skipped).toBe(all.length);
    expect(report.summary.failed).toBe(all.filter((t) => t.status === 'failed').length);
    expect(report.groups.map((g) => g.id)).toEqual(['capability', 'read', 'write', 'search', 'client-search', 'history', 'format']);
  });

  it('records the request and response of a failure', () => {
    const etag = buildReport(failing).groups.flatMap((g) => g.tests).find((t) => t.id === 'read-03-Patient')!;
    expect(etag.status).toBe('failed');
    expect(etag.message).toContain('ETag');
    expect(etag.request).toMatchObject({ method: 'GET', url: expect.stringMatching(/\/Patient\/patient\d+$/), headers: { accept: 'application/fhir+json' } });
    expect(etag.response).toMatchObject({ status: 200, headers: { 'content-type': expect.stringContaining('fhir+json') } });
    expect(JSON.parse(etag.response!.body).resourceType).toBe('Patient');
  });
});

describe('toJunit', () => {
  it('is well-formed XML with a testcase per test and failures carrying the message', () => {
    const xml = toJunit(failing);
    const doc = new XmlDocument(xml);
    expect(doc.name).toBe('testsuites');
    const cases = doc.childrenNamed('testsuite').flatMap((s) => s.childrenNamed('testcase'));
    expect(cases.length).toBe(failing.results.length);
    const failures = cases.filter((c) => c.childNamed('failure') || c.childNamed('error'));
    expect(failures.length).toBe(failing.results.filter((r) => r.status === 'failed').length);
    expect(Number(doc.attr.failures) + Number(doc.attr.errors)).toBe(failures.length);
    const gender = cases.find((c) => c.attr.name.startsWith('search-10-Patient-gender'))!;
    expect(gender.childNamed('failure')!.attr.message).toContain('negative control');
    expect(cases.filter((c) => c.childNamed('skipped')).length).toBe(failing.results.filter((r) => r.status === 'skipped').length);
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    const xml = toJunit(failing);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    const err = new XmlDocument(xml).childrenNamed('testsuite').flatMap((s) => s.childrenNamed('testcase')).find((c) => c.attr.name.startsWith('err-01'))!;
    expect(err.childNamed('system-out')!.val).toContain('<b>&"\'\uFFFD\uFFFD[31m]]></b>');
    expect(escapeXml('a<b>&"\'')).toBe('a&lt;b&gt;&amp;&quot;&apos;');
  });
});

describe('toTestReport', () => {
  it.each([
    ['passing', () => passing],
    ['failing', () => failing],
  ])('is a valid R4 TestReport (%s run)', (_name, get) => {
    const report = toTestReport(get());
    const scan = scanAll([report]);
    const problems = scan.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
    expect(problems).toEqual([]);
    expect(scan.issues.filter((i) => i.severity === 'warning')).toEqual([]);
    expect(report.status).toBe('completed');
    expect(report.participant.map((p) => p.type)).toEqual(['test-engine', 'server']);
    expect(report.test!.length).toBe(get().results.length);
  });

  it('maps verdicts to TestReport results', () => {
    expect(toTestReport(passing).result).toBe('pass');
    const report = toTestReport(failing);
    expect(report.result).toBe('fail');
    const etag = report.test!.find((t) => t.name === 'read-03-Patient')!;
    expect(etag.action).toEqual([
      { operation: expect.objectContaining({ result: 'pass', message: expect.stringMatching(/^GET .*\/Patient\/patient\d+ -> 200/) }) },
      { assert: expect.objectContaining({ result: 'fail', detail: 'https://hl7.org/fhir/R4/http.html#versioning' }) },
    ]);
    const skipped = report.test!.find((t) => t.name === 'write-07-Patient' || t.action.some((a) => 'assert' in a && a.assert.result === 'skip'));
    expect(skipped).toBeDefined();
    expect(report.setup!.action[0].operation.result).toBe('pass');
    expect(report.teardown!.action.length).toBe(failing.teardown.length);
  });
});

describe('toText', () => {
  it('lists each test, explains failures and sums up', () => {
    const text = toText(failing, { width: 100 });
    expect(text).toContain('FHIR IQ API tests: http://fake.test/fhir');
    expect(text).toMatch(/FAIL read-03-Patient/);
    expect(text).toMatch(/Spec: https:\/\/hl7\.org\/fhir\/R4\/http\.html#versioning/);
    expect(text).toMatch(/Result: \d+ failed · \d+ passed · \d+ skipped/);
    expect(text).not.toMatch(/\u001b/);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('colors only when asked', () => {
    expect(toText(passing, { color: true })).toContain('\u001b[32m');
    expect(toText(passing)).toContain('Result: no failures');
  });
});
