import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createConformanceValidator, type ConformanceValidator } from 'public/fhir/conformance';
import type { Finding } from 'public/fhir/report/issue';

/**
 * Bundle rules. As the scanner does, the Bundle is validated first and then each entry resource on
 * its own: findings about an entry's references land on that entry resource.
 */
const fixture = path.resolve(__dirname, '../fixtures/fhir/conformance/transaction-bundle.json');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const load = (): Json => JSON.parse(readFileSync(fixture, 'utf8'));

function scan(bundle: Json, validator: ConformanceValidator = createConformanceValidator()): string[] {
  const out: string[] = [];
  validator.validate(bundle, (f: Finding) => out.push(`bundle ${f.severity} ${f.rule} ${f.expression.join(',')}`));
  (bundle.entry ?? []).forEach((e: Json, i: number) => {
    if (e && typeof e.resource === 'object') validator.validate(e.resource, (f: Finding) => out.push(`entry${i} ${f.severity} ${f.rule} ${f.expression.join(',')}`));
  });
  return out;
}

const entries = (b: Json) => b.entry as Json[];

describe('Bundle rules', () => {
  it('bdl-7 (bundle.fullurl-duplicate): different versions of one resource may share a fullUrl', () => {
    const b = load();
    const first = entries(b)[0];
    const version = (v: string): Json => ({ ...first, resource: { ...first.resource, meta: { versionId: v } } });
    expect(scan({ ...b, type: 'collection', entry: [version('1'), version('2')].map(({ request: _r, ...e }) => e) }).filter((r) => r.startsWith('bundle'))).toEqual([]);
    expect(scan({ ...b, type: 'collection', entry: [version('1'), version('1')].map(({ request: _r, ...e }) => e) }).filter((r) => r.startsWith('bundle'))).toEqual([
      'bundle error bundle.fullurl-duplicate Bundle.entry[1].fullUrl',
    ]);
  });

  it('bdl-3 (bundle.request-unexpected): entries of other Bundle types must not have a request', () => {
    const b = load();
    expect(scan({ ...b, type: 'collection' }).filter((r) => r.startsWith('bundle'))).toEqual(
      entries(b).map((_e, i) => `bundle error bundle.request-unexpected Bundle.entry[${i}].request`),
    );
    expect(scan({ ...b, type: 'history' }).filter((r) => r.includes('bundle.request'))).toEqual([]);
  });

  it('accepts a Synthea transaction as it is (references between entries resolve by fullUrl)', () => {
    expect(scan(load())).toEqual([]);
  });

  it('does not descend into entry resources when validating the Bundle itself', () => {
    const b = load();
    entries(b)[0].resource.gendr = 'x';
    const out: string[] = [];
    createConformanceValidator().validate(b, (f) => out.push(f.rule));
    expect(out).toEqual([]);
    expect(scan(b)).toEqual(['entry0 error struct.unknown-element Patient.gendr']);
  });

  it('bundle.reference-unresolved: a urn:uuid reference matching no fullUrl', () => {
    const b = load();
    entries(b)[3].resource.subject.reference = 'urn:uuid:00000000-0000-0000-0000-000000000000';
    expect(scan(b)).toEqual(['entry3 error bundle.reference-unresolved Encounter.subject.reference']);
  });

  it('ref.target-type: the type of a urn:uuid reference comes from the entry it resolves to', () => {
    const b = load();
    entries(b)[3].resource.subject.reference = entries(b)[1].fullUrl; // the Organization
    expect(scan(b)).toEqual(['entry3 error ref.target-type Encounter.subject.reference']);
  });

  it('bundle.fullurl-missing (warning) and bundle.fullurl-format (error)', () => {
    const b = load();
    delete entries(b)[2].fullUrl;
    entries(b)[1].fullUrl = 'Organization/1';
    expect(scan(b)).toEqual([
      'bundle error bundle.fullurl-format Bundle.entry[1].fullUrl',
      'bundle warning bundle.fullurl-missing Bundle.entry[2].fullUrl',
      // the entries that referenced them now point to nothing
      'entry3 error bundle.reference-unresolved Encounter.participant[0].individual.reference',
      'entry3 error bundle.reference-unresolved Encounter.serviceProvider.reference',
    ]);
  });

  it('bundle.fullurl-duplicate and bundle.fullurl-mismatch', () => {
    const b = load();
    entries(b)[2].fullUrl = entries(b)[1].fullUrl;
    expect(scan(b)).toContain('bundle error bundle.fullurl-duplicate Bundle.entry[2].fullUrl');
    const c = load();
    c.type = 'collection';
    c.entry = [{ fullUrl: 'http://example.org/fhir/Patient/other', resource: { resourceType: 'Patient', id: 'p1' } }];
    expect(scan(c)).toEqual(['bundle error bundle.fullurl-mismatch Bundle.entry[0].fullUrl']);
    c.entry[0].fullUrl = 'http://example.org/fhir/Patient/p1';
    expect(scan(c)).toEqual([]);
  });

  it('bundle.request-missing: transaction and batch entries need a request; collections do not', () => {
    const b = load();
    delete entries(b)[0].request;
    expect(scan(b)).toEqual(['bundle error bundle.request-missing Bundle.entry[0].request']);
    entries(b)[0].request = { method: 'POST' };
    expect(scan(b)).toEqual(['bundle error struct.cardinality Bundle.entry[0].request.url']);
    b.type = 'collection';
    b.entry = entries(b).map(({ request: _r, ...rest }: Json) => rest);
    expect(scan(b)).toEqual([]);
  });

  it('bundle.request-url: a POST goes to the type of its resource', () => {
    const b = load();
    entries(b)[0].request.url = 'Practitioner';
    expect(scan(b)).toEqual(['bundle error bundle.request-url Bundle.entry[0].request.url']);
  });

  describe('conditional references', () => {
    const npi = 'Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999999999';
    const withConditional = (type = 'transaction') => {
      const b = load();
      b.type = type;
      entries(b)[3].resource.participant[0].individual.reference = npi;
      return b;
    };

    it('in a transaction, a conditional reference matching an ifNoneExist create is resolved', () => {
      const b = withConditional();
      entries(b)[2].request.ifNoneExist = 'identifier=http://hl7.org/fhir/sid/us-npi|9999999999';
      expect(scan(b)).toEqual([]);
    });

    it('in a transaction, a conditional reference matching a conditional update is resolved', () => {
      const b = withConditional();
      entries(b)[2].request = { method: 'PUT', url: npi };
      expect(scan(b)).toEqual([]);
    });

    it('bundle.conditional-reference: otherwise a warning that the server must resolve it', () => {
      const findings: Finding[] = [];
      const v = createConformanceValidator();
      const b = withConditional();
      v.validate(b, () => undefined);
      v.validate(entries(b)[3].resource, (f) => findings.push(f));
      expect(findings).toEqual([
        expect.objectContaining({ severity: 'warning', rule: 'bundle.conditional-reference', expression: ['Encounter.participant[0].individual.reference'] }),
      ]);
    });

    it('ref.conditional: outside a transaction (batch, or the resource on its own) it is an error', () => {
      expect(scan(withConditional('batch'))).toEqual(['entry3 error ref.conditional Encounter.participant[0].individual.reference']);
      const b = withConditional();
      const alone: string[] = [];
      createConformanceValidator().validate(entries(b)[3].resource, (f) => alone.push(f.rule));
      expect(alone).toEqual(['ref.conditional']);
    });
  });
});
