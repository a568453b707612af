import { INVARIANT_MODEL } from '../../src/public/fhir/generated/invariant-model';
import { NATIVE_INVARIANTS } from '../../src/public/fhir/invariants';
import { compileInvariant, verdict, type InvariantEnv } from '../../src/public/fhir/invariants/fhirpath-engine';

/**
 * Every native invariant against fhirpath.js on the same inputs: where the native decides (true or
 * false), fhirpath.js must agree; each native must decide both ways on these inputs (except the
 * ones that only short-cut the common passing case). The data test cross-checks them on
 * ../shared/data too.
 */

type Node = Record<string, unknown>;
const container: Node = { resourceType: 'Patient', contained: [{ resourceType: 'Practitioner', id: 'p1' }, { resourceType: 'Organization', id: 'o1' }] };
const env: InvariantEnv = { resource: container, rootResource: container };

const T = '2020-01-01T10:00:00Z';
const cc = (system: string, code: string) => ({ coding: [{ system, code }] });
const CLIN = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VER = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const AVER = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
const entry = (fullUrl: string, extra: Node = {}) => ({ fullUrl, resource: { resourceType: 'Basic' }, ...extra });
const req = { request: { method: 'POST', url: 'Basic' } };
const res = { response: { status: '201' } };

const CASES: Record<string, Node[]> = {
  'dom-6': [{}, { text: { status: 'generated', div: '<div/>' } }, { text: { status: 'empty' } }, { text: { _div: { extension: [] } } }, { text: [] }, { _text: {} }],
  'ref-1': [
    {},
    { display: 'x' },
    { reference: 'Patient/1' },
    { reference: '#p1' },
    { reference: '#o1' },
    { reference: '#nope' },
    { reference: '#' },
    { reference: 'urn:uuid:1' },
    { reference: 5 },
    { _reference: { extension: [] } },
    { reference: '#p1', _reference: { id: 'a' } },
  ],
  'per-1': [
    {},
    { start: T },
    { end: T },
    { start: T, end: T },
    { start: '2020-01-01T10:00:00.500Z', end: T },
    { start: '2020-01-01T11:00:00+01:00', end: T },
    { start: '2020-01-01T11:00:01+01:00', end: T },
    { start: '2020-01-02', end: '2020-01-01' },
    { start: '2020-01-01', end: '2020-01-02' },
    { start: '2020', end: '2021' },
    { start: '2021', end: '2020' },
    { start: '2020-01', end: '2020-01-01' },
    { start: '2020-01-01T10:00:00', end: T },
    { start: '2020-01-01T10:00Z', end: T },
    { _start: { extension: [] }, end: T },
    { start: 5, end: T },
    { start: null, end: T },
  ],
  'qty-3': [{}, { value: 1 }, { code: 'mg' }, { code: 'mg', system: 'http://unitsofmeasure.org' }, { code: 'mg', _system: { extension: [] } }, { _code: {} }, { code: [] }],
  'sqty-1': [{}, { comparator: '<' }, { value: 1 }, { _comparator: { extension: [] } }],
  'cpt-2': [{}, { value: '1' }, { value: '1', system: 'phone' }, { system: 'phone' }, { value: [null] }, { _value: { extension: [] } }],
  'att-1': [{}, { data: 'AA==' }, { data: 'AA==', contentType: 'text/plain' }, { contentType: 'text/plain' }],
  'prr-1': [{}, { orderDetail: [{ text: 'x' }] }, { orderDetail: [{ text: 'x' }], code: { text: 'y' } }, { orderDetail: [] }],
  'cpl-3': [{}, { detail: { status: 'x' } }, { reference: { reference: 'x' } }, { detail: { status: 'x' }, reference: { reference: 'x' } }],
  'bdl-1': [{ type: 'searchset', total: 1 }, { type: 'transaction', total: 1 }, { type: 'history', total: 0 }, { type: 'transaction' }, { total: 1 }],
  'bdl-2': [
    { type: 'searchset', entry: [{ search: { mode: 'match' } }] },
    { type: 'collection', entry: [{ search: { mode: 'match' } }] },
    { type: 'collection', entry: [{ fullUrl: 'x' }] },
    { entry: [{ search: { mode: 'match' } }] },
    { type: 'collection' },
  ],
  'bdl-4': [
    { resourceType: 'Bundle', type: 'transaction-response', entry: [entry('a', res)] },
    { resourceType: 'Bundle', type: 'transaction-response', entry: [entry('a')] },
    { resourceType: 'Bundle', type: 'batch', entry: [entry('a', { ...req, ...res })] },
    { resourceType: 'Bundle', type: 'searchset', entry: [entry('a')] },
  ],
  'bdl-9': [{ type: 'collection' }, { type: 'document' }, { type: 'document', identifier: { system: 's', value: 'v' } }, {}],
  'bdl-10': [{ type: 'collection' }, { type: 'document' }, { type: 'document', timestamp: T }],
  'bdl-11': [{ type: 'collection' }, { type: 'document', entry: [entry('a')] }],
  'bdl-12': [{ type: 'collection' }, { type: 'message', entry: [entry('a')] }],
  'bdl-5': [{}, { fullUrl: 'a' }, { resource: { resourceType: 'Basic' } }, { request: { method: 'GET', url: 'x' } }, { response: { status: '200' } }],
  'bdl-8': [{}, { fullUrl: 'http://x/Patient/1' }, { fullUrl: 'http://x/Patient/1/_history/1' }, { _fullUrl: { extension: [] } }],
  'obs-6': [{}, { valueString: 'x' }, { dataAbsentReason: { text: 'x' } }, { valueQuantity: { value: 1 }, dataAbsentReason: { text: 'x' } }, { _valueString: { extension: [] }, dataAbsentReason: { text: 'x' } }],
  'obs-7': [
    { code: cc('http://loinc.org', '1') },
    { valueString: 'x', code: cc('http://loinc.org', '1') },
    { code: cc('http://loinc.org', '1'), component: [{ code: cc('http://loinc.org', '1') }] },
    { valueString: 'x', code: cc('http://loinc.org', '1'), component: [{ code: cc('http://loinc.org', '2') }] },
  ],
  'con-3': [{ clinicalStatus: cc(CLIN, 'active') }, { category: [cc('x', 'problem-list-item')] }, {}],
  'con-4': [
    {},
    { abatementDateTime: T },
    { abatementDateTime: T, clinicalStatus: cc(CLIN, 'resolved') },
    { abatementString: 'x', clinicalStatus: cc(CLIN, 'active') },
    { abatementAge: { value: 1 }, clinicalStatus: cc('http://example.org', 'inactive') },
    { abatementDateTime: T, clinicalStatus: { coding: [{ system: CLIN, _code: { extension: [] } }] } },
  ],
  'con-5': [
    { clinicalStatus: cc(CLIN, 'active') },
    { clinicalStatus: cc(CLIN, 'active'), verificationStatus: cc(VER, 'entered-in-error') },
    { verificationStatus: cc(VER, 'entered-in-error') },
    { clinicalStatus: cc(CLIN, 'active'), verificationStatus: cc(VER, 'confirmed') },
    { clinicalStatus: cc(CLIN, 'active'), verificationStatus: { text: 'x' } },
  ],
  'ait-1': [{}, { clinicalStatus: cc('x', 'active') }, { verificationStatus: cc(AVER, 'entered-in-error') }, { verificationStatus: cc(AVER, 'confirmed') }],
  'ait-2': [
    {},
    { clinicalStatus: cc('x', 'active') },
    { clinicalStatus: cc('x', 'active'), verificationStatus: cc(AVER, 'entered-in-error') },
    { clinicalStatus: cc('x', 'active'), verificationStatus: cc(AVER, 'unconfirmed') },
  ],
  'org-1': [{}, { name: 'x' }, { identifier: [{ value: '1' }] }, { identifier: [] }, { _name: { extension: [] } }],
  'org-2': [{}, { use: 'work' }, { use: 'home' }, { _use: { extension: [] } }],
  'org-3': [{}, { use: 'work' }, { use: 'home' }, { use: 5 }],
  'pat-1': [{}, { relationship: [{ text: 'x' }] }, { name: { family: 'x' } }, { telecom: [{ value: '1' }] }, { address: { city: 'x' } }, { organization: { reference: 'x' } }],
  'tim-1': [{}, { duration: 1 }, { duration: 1, durationUnit: 'h' }],
  'tim-2': [{}, { period: 1 }, { period: 1, periodUnit: 'h' }],
  'tim-4': [{}, { duration: 1 }, { duration: 0 }, { duration: -1 }, { duration: 'x' }],
  'tim-5': [{}, { period: 1 }, { period: -0.5 }],
  'tim-6': [{}, { periodMax: 2 }, { periodMax: 2, period: 1 }],
  'tim-7': [{}, { durationMax: 2 }, { durationMax: 2, duration: 1 }],
  'tim-8': [{}, { countMax: 2 }, { countMax: 2, count: 1 }],
  'tim-9': [{}, { offset: 10 }, { offset: 10, when: ['MORN'] }, { offset: 10, when: ['C'] }],
  'tim-10': [{}, { timeOfDay: ['10:00:00'] }, { timeOfDay: ['10:00:00'], when: ['MORN'] }, { when: ['MORN'] }],
};

/** Natives that only short-cut the common passing case and leave the rest to fhirpath.js. */
const PASS_ONLY = new Set(['obs-7', 'con-3', 'tim-9', 'bdl-9', 'bdl-10', 'bdl-11', 'bdl-12']);

describe('native invariants agree with fhirpath.js', () => {
  const natives = Object.entries(NATIVE_INVARIANTS).flatMap(([key, byExpr]) => Object.entries(byExpr).map(([expr, fn]) => ({ key, expr, fn })));

  it('every native implements an expression of the current model', () => {
    for (const { key, expr } of natives) {
      expect(INVARIANT_MODEL.invariants.some(([k, , , e]) => k === key && e === expr)).toBe(true);
    }
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(NATIVE_INVARIANTS).sort());
  });

  it.each(natives.map((n) => [n.key, n] as const))('%s', (key, { expr, fn }) => {
    const defs = INVARIANT_MODEL.invariants.filter(([k, , , e]) => k === key && e === expr);
    const decided = new Set<boolean>();
    for (const [, , , , base] of defs) {
      const compiled = compileInvariant(base, expr);
      for (const node of CASES[key]) {
        const e = node.resourceType === 'Bundle' ? { resource: node, rootResource: node } : env;
        const native = fn(node, e);
        let reference: boolean | 'error';
        try {
          reference = verdict(compiled(node, e));
        } catch {
          reference = 'error';
        }
        if (native !== undefined) {
          decided.add(native);
          expect({ node, native }).toEqual({ node, native: reference });
        }
      }
    }
    expect(decided.has(true)).toBe(true);
    expect(decided.has(false)).toBe(!PASS_ONLY.has(key));
  });
});
