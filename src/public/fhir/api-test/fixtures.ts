/**
 * The resources the suite writes: for each type two fixtures, "a" and "b", that differ in every
 * searchable value, so each search test has a resource that must come back (a) and a negative
 * control that must not (b). Values carry the run's unique suffix where the element allows it, so
 * they do not collide with the server's own data.
 */

import { TAG_SYSTEM } from './constants';

export { TAG_SYSTEM };
const ID_SYSTEM = 'https://fhiriq.com/api-test/id';
const CODE_SYSTEM = 'https://fhiriq.com/api-test/code';
const UCUM = 'http://unitsofmeasure.org';
const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';

export type Which = 'a' | 'b';
type Resource = Record<string, unknown> & { resourceType: string };

export interface FixtureEnv {
  runId: string;
  /** Lower-case letters and digits of the run id: a suffix safe in names and codes. */
  u: string;
  baseUrl: string;
  /** When the run started (ISO instant): fixtures are written after it. */
  startedAt: string;
  /** The id of a fixture written already (dependencies are written first). */
  idOf(type: string, which: Which): string | undefined;
}

export interface ParamFixture {
  /** A value for `name=value` that matches fixture a and not b; undefined when it cannot be built. */
  a(env: FixtureEnv): string | undefined;
  /** For date params: a date between a's and b's (lt matches a only, ge matches b only). */
  split?: string;
  /** For reference params: the type the reference points to (client-search tries id, Type/id, URL). */
  target?: string;
  /** For string params: a lower-case prefix of a's value (string search is case-insensitive "starts with"). */
  prefix?(env: FixtureEnv): string;
  /**
   * When a and b cannot differ in this parameter (e.g. _lastUpdated: both written just now), a value
   * that must NOT match a: the negative control is a second search instead of fixture b.
   */
  exclude?(env: FixtureEnv): string;
}

/** Both fixtures were written after the run started: ge one day before matches, lt 2000 does not. */
const lastUpdated: ParamFixture = {
  a: (env) => `ge${new Date(Date.parse(env.startedAt) - 86_400_000).toISOString().slice(0, 10)}`,
  exclude: () => 'lt2000-01-01',
};

export interface TypeFixture {
  build(which: Which, env: FixtureEnv): Resource;
  /** A resource the server must refuse (400/422): invalid per the base spec. */
  invalid(): Resource;
  /** A change for the update tests: keeps the resource valid and its searched values as they are. */
  change(resource: Resource): Resource;
  /** The identifier search that finds exactly fixture a (conditional operations use it). */
  identifier(which: Which, env: FixtureEnv): string;
  params: Record<string, ParamFixture>;
}

export const tag = (runId: string) => ({ system: TAG_SYSTEM, code: runId });
const ident = (env: FixtureEnv, type: string, which: Which) => ({ system: ID_SYSTEM, value: `${type.toLowerCase()}-${env.u}-${which}` });
const identSearch = (type: string) => (which: Which, env: FixtureEnv) => `${ID_SYSTEM}|${type.toLowerCase()}-${env.u}-${which}`;
const ref = (env: FixtureEnv, type: string, which: Which) => {
  const id = env.idOf(type, which);
  return id ? { reference: `${type}/${id}` } : undefined;
};
const refParam = (target: string): ParamFixture => ({
  a: (env) => {
    const id = env.idOf(target, 'a');
    return id ? `${target}/${id}` : undefined;
  },
  target,
});
const optionalList = <T>(item: T | undefined): T[] | undefined => (item ? [item] : undefined);
const constant = (value: string): ParamFixture => ({ a: () => value });
const idParam = (type: string): ParamFixture => ({ a: (env) => env.idOf(type, 'a') });
const identifierParam = (type: string): ParamFixture => ({ a: (env) => identSearch(type)('a', env) });
const meta = (env: FixtureEnv) => ({ tag: [tag(env.runId)] });
const withoutUndefined = (r: Resource): Resource => JSON.parse(JSON.stringify(r)) as Resource;

const humanName = (type: string, first: string) => ({
  build(which: Which, env: FixtureEnv) {
    return {
      family: `Fhiriq${env.u}${which === 'a' ? 'alpha' : 'beta'}`,
      given: [`${which === 'a' ? first : 'Bob'}${env.u}`],
    };
  },
  params: {
    family: { a: (env: FixtureEnv) => `Fhiriq${env.u}alpha`, prefix: (env: FixtureEnv) => `fhiriq${env.u}al` },
    given: { a: (env: FixtureEnv) => `${first}${env.u}`, prefix: (env: FixtureEnv) => `${first.toLowerCase()}${env.u}` },
    name: { a: (env: FixtureEnv) => `Fhiriq${env.u}alpha`, prefix: (env: FixtureEnv) => `fhiriq${env.u}alp` },
  } as Record<string, ParamFixture>,
  type,
});

const patientName = humanName('Patient', 'Ada');
const practitionerName = humanName('Practitioner', 'Grace');

const FIXTURES: Record<string, TypeFixture> = {
  Patient: {
    build: (which, env) =>
      withoutUndefined({
        resourceType: 'Patient',
        meta: meta(env),
        identifier: [ident(env, 'Patient', which)],
        active: which === 'a',
        name: [patientName.build(which, env)],
        telecom: [
          { system: 'phone', value: which === 'a' ? `+1-555-0100-${env.u}` : `+1-555-0199-${env.u}` },
          { system: 'email', value: `${which}-${env.u}@example.org` },
        ],
        gender: which === 'a' ? 'female' : 'male',
        birthDate: which === 'a' ? '1950-01-01' : '1990-06-15',
        // Written after Practitioner and Organization (DEPENDENCY_ORDER) when those are tested too.
        generalPractitioner: optionalList(ref(env, 'Practitioner', which)),
        managingOrganization: ref(env, 'Organization', which),
        address: [
          which === 'a'
            ? { line: ['1 Alpha Street'], city: `Alphaville${env.u}`, state: 'AK', postalCode: '99501', country: 'AQ' }
            : { line: ['2 Beta Road'], city: `Betatown${env.u}`, state: 'TX', postalCode: '73301', country: 'BV' },
        ],
      }),
    invalid: () => ({ resourceType: 'Patient', gender: 'not-a-gender', birthDate: 'the first of May' }),
    change: (r) => ({ ...r, name: [{ ...((r.name as object[] | undefined)?.[0] ?? {}), text: 'updated by the FHIR IQ API test' }] }),
    identifier: identSearch('Patient'),
    params: {
      _id: idParam('Patient'),
      _lastUpdated: lastUpdated,
      identifier: identifierParam('Patient'),
      ...patientName.params,
      gender: constant('female'),
      birthdate: { a: () => '1950-01-01', split: '1970-01-01' },
      active: constant('true'),
      email: { a: (env) => `a-${env.u}@example.org` },
      phone: { a: (env) => `+1-555-0100-${env.u}` },
      telecom: { a: (env) => `phone|+1-555-0100-${env.u}` },
      address: { a: (env) => `Alphaville${env.u}`, prefix: (env) => `alphaville${env.u}` },
      'address-city': { a: (env) => `Alphaville${env.u}`, prefix: (env) => `alphaville${env.u}` },
      'address-state': constant('AK'),
      'address-postalcode': constant('99501'),
      'address-country': constant('AQ'),
      'general-practitioner': refParam('Practitioner'),
      organization: refParam('Organization'),
    },
  },
  Practitioner: {
    build: (which, env) => ({
      resourceType: 'Practitioner',
      meta: meta(env),
      identifier: [ident(env, 'Practitioner', which)],
      active: which === 'a',
      name: [practitionerName.build(which, env)],
      gender: which === 'a' ? 'female' : 'male',
    }),
    invalid: () => ({ resourceType: 'Practitioner', gender: 'not-a-gender', active: 'yes' }),
    change: (r) => ({ ...r, birthDate: '1970-01-01' }),
    identifier: identSearch('Practitioner'),
    params: {
      _id: idParam('Practitioner'),
      _lastUpdated: lastUpdated,
      identifier: identifierParam('Practitioner'),
      ...practitionerName.params,
      gender: constant('female'),
      active: constant('true'),
    },
  },
  Organization: {
    build: (which, env) => ({
      resourceType: 'Organization',
      meta: meta(env),
      identifier: [ident(env, 'Organization', which)],
      active: which === 'a',
      name: `Fhiriq${env.u}${which === 'a' ? 'alpha' : 'beta'} Clinic`,
    }),
    invalid: () => ({ resourceType: 'Organization', active: 'yes', name: 42 }),
    change: (r) => ({ ...r, alias: ['updated by the FHIR IQ API test'] }),
    identifier: identSearch('Organization'),
    params: {
      _id: idParam('Organization'),
      _lastUpdated: lastUpdated,
      identifier: identifierParam('Organization'),
      name: { a: (env) => `Fhiriq${env.u}alpha`, prefix: (env) => `fhiriq${env.u}alp` },
      active: constant('true'),
    },
  },
  Observation: {
    build: (which, env) =>
      withoutUndefined({
        resourceType: 'Observation',
        meta: meta(env),
        identifier: [ident(env, 'Observation', which)],
        status: which === 'a' ? 'final' : 'preliminary',
        category: [{ coding: [{ system: OBS_CATEGORY, code: which === 'a' ? 'vital-signs' : 'laboratory' }] }],
        code: { coding: [{ system: CODE_SYSTEM, code: `${env.u}-${which}`, display: `FHIR IQ test code ${which}` }] },
        subject: ref(env, 'Patient', which),
        effectiveDateTime: which === 'a' ? '2001-01-01' : '2011-06-15',
        valueQuantity: { value: which === 'a' ? 5.4 : 120, unit: 'mg', system: UCUM, code: 'mg' },
      }),
    invalid: () => ({ resourceType: 'Observation', status: 'not-a-status', valueQuantity: { value: 'five' } }),
    change: (r) => ({ ...r, note: [{ text: 'updated by the FHIR IQ API test' }] }),
    identifier: identSearch('Observation'),
    params: {
      _id: idParam('Observation'),
      _lastUpdated: lastUpdated,
      identifier: identifierParam('Observation'),
      status: constant('final'),
      category: constant(`${OBS_CATEGORY}|vital-signs`),
      code: { a: (env) => `${CODE_SYSTEM}|${env.u}-a` },
      date: { a: () => '2001-01-01', split: '2005-01-01' },
      'value-quantity': constant(`5.4|${UCUM}|mg`),
      subject: refParam('Patient'),
      patient: refParam('Patient'),
    },
  },
  Encounter: {
    build: (which, env) =>
      withoutUndefined({
        resourceType: 'Encounter',
        meta: meta(env),
        identifier: [ident(env, 'Encounter', which)],
        status: which === 'a' ? 'finished' : 'planned',
        class: { system: ACT_CODE, code: which === 'a' ? 'AMB' : 'IMP' },
        subject: ref(env, 'Patient', which),
        period: which === 'a' ? { start: '2001-01-01', end: '2001-01-01' } : { start: '2011-06-15', end: '2011-06-15' },
      }),
    invalid: () => ({ resourceType: 'Encounter', status: 'not-a-status' }),
    change: (r) => ({ ...r, serviceType: { text: 'updated by the FHIR IQ API test' } }),
    identifier: identSearch('Encounter'),
    params: {
      _id: idParam('Encounter'),
      _lastUpdated: lastUpdated,
      identifier: identifierParam('Encounter'),
      status: constant('finished'),
      class: constant(`${ACT_CODE}|AMB`),
      date: { a: () => '2001-01-01', split: '2005-01-01' },
      subject: refParam('Patient'),
      patient: refParam('Patient'),
    },
  },
  Condition: {
    build: (which, env) =>
      withoutUndefined({
        resourceType: 'Condition',
        meta: meta(env),
        identifier: [ident(env, 'Condition', which)],
        clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: which === 'a' ? 'active' : 'resolved' }] },
        code: { coding: [{ system: CODE_SYSTEM, code: `${env.u}-${which}` }] },
        subject: ref(env, 'Patient', which) ?? { display: 'FHIR IQ test subject' },
        onsetDateTime: which === 'a' ? '2001-01-01' : '2011-06-15',
      }),
    invalid: () => ({ resourceType: 'Condition', onsetDateTime: 'yesterday', clinicalStatus: 'active' }),
    change: (r) => ({ ...r, note: [{ text: 'updated by the FHIR IQ API test' }] }),
    identifier: identSearch('Condition'),
    params: {
      _id: idParam('Condition'),
      _lastUpdated: lastUpdated,
      identifier: identifierParam('Condition'),
      'clinical-status': constant(`${CONDITION_CLINICAL}|active`),
      code: { a: (env) => `${CODE_SYSTEM}|${env.u}-a` },
      'onset-date': { a: () => '2001-01-01', split: '2005-01-01' },
      subject: refParam('Patient'),
      patient: refParam('Patient'),
    },
  },
};

/** Types written first, in this order, because others refer to them (Patient to Practitioner and Organization). */
const DEPENDENCY_ORDER = ['Practitioner', 'Organization', 'Patient'];

export function fixtureFor(type: string): TypeFixture | undefined {
  return Object.prototype.hasOwnProperty.call(FIXTURES, type) ? FIXTURES[type] : undefined;
}

export function fixtureOrder(types: string[]): string[] {
  const rank = (t: string) => (DEPENDENCY_ORDER.includes(t) ? DEPENDENCY_ORDER.indexOf(t) : DEPENDENCY_ORDER.length);
  return [...types].sort((x, y) => rank(x) - rank(y));
}

/** The default types, in this order, kept when the server declares them. */
export const DEFAULT_RESOURCES = ['Patient', 'Observation', 'Encounter'];

export const FIXTURE_TYPES = Object.keys(FIXTURES);

/** A suffix from the run id: lower-case letters and digits only, so it fits names, codes and ids. */
export function runSuffix(runId: string): string {
  return runId.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 24) || 'run';
}
