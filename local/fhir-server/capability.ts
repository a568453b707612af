import { globalSchema } from '@medplum/core';
import type { CapabilityStatement, CapabilityStatementRestResource, ResourceType } from '@medplum/fhirtypes';

/**
 * What the reference server supports, per resource type. The CapabilityStatement is built from this
 * table and the HTTP layer and search engine enforce it, so the statement declares only what the
 * server really does (every parameter here is covered by tests/integration/fhir-server.test.ts).
 */
export interface TypeSupport {
  /** Search parameters (R4 codes), in addition to COMMON_PARAMS. */
  params: string[];
  /** _include values, "Type:param". */
  include: string[];
  /** _revinclude values, "Source:param". */
  revinclude: string[];
}

/** Parameters every supported type answers. */
export const COMMON_PARAMS = ['_id', '_lastUpdated', '_tag'];

const SUBJECT_INCLUDES = (type: string) => [`${type}:subject`, `${type}:patient`];

export const SUPPORTED_TYPES: Record<string, TypeSupport> = {
  Patient: {
    params: ['identifier', 'family', 'given', 'name', 'gender', 'birthdate', 'active', 'email', 'phone', 'telecom', 'address', 'address-city', 'address-state', 'address-postalcode', 'address-country', 'general-practitioner', 'organization'],
    include: ['Patient:general-practitioner', 'Patient:organization'],
    revinclude: [...SUBJECT_INCLUDES('Observation'), ...SUBJECT_INCLUDES('Encounter'), ...SUBJECT_INCLUDES('Condition')],
  },
  Practitioner: { params: ['identifier', 'family', 'given', 'name', 'gender', 'active'], include: [], revinclude: ['Patient:general-practitioner'] },
  Organization: { params: ['identifier', 'name', 'active'], include: [], revinclude: ['Patient:organization'] },
  Observation: {
    params: ['identifier', 'status', 'category', 'code', 'date', 'value-quantity', 'subject', 'patient'],
    include: SUBJECT_INCLUDES('Observation'),
    revinclude: [],
  },
  Encounter: { params: ['identifier', 'status', 'class', 'date', 'subject', 'patient'], include: SUBJECT_INCLUDES('Encounter'), revinclude: [] },
  Condition: { params: ['identifier', 'clinical-status', 'code', 'onset-date', 'subject', 'patient'], include: SUBJECT_INCLUDES('Condition'), revinclude: [] },
};

export const isSupportedType = (type: string): boolean => Object.prototype.hasOwnProperty.call(SUPPORTED_TYPES, type);

export type ParamType = 'string' | 'token' | 'date' | 'reference' | 'quantity';

export interface SupportedParam {
  code: string;
  type: ParamType;
  expression: string;
  /** Reference targets (reference parameters). */
  target: string[];
  url?: string;
}

/** A search parameter the server supports for the type, with Medplum's R4 definition of it. */
export function supportedParam(type: string, code: string): SupportedParam | undefined {
  const support = SUPPORTED_TYPES[type];
  if (!support || !(COMMON_PARAMS.includes(code) || support.params.includes(code))) return undefined;
  const definition = globalSchema.types[type]?.searchParams?.[code];
  if (!definition?.expression) return undefined;
  return { code, type: definition.type as ParamType, expression: definition.expression, target: (definition.target as string[] | undefined) ?? [], url: definition.url };
}

/** Modifiers the engine implements, per parameter type (a reference also takes a target type). */
export const MODIFIERS: Record<ParamType, string[]> = {
  string: ['', 'exact', 'contains', 'missing'],
  token: ['', 'not', 'missing'],
  date: ['', 'missing'],
  reference: ['', 'missing'],
  quantity: ['', 'missing'],
};

export const INTERACTIONS = ['read', 'vread', 'update', 'delete', 'history-instance', 'history-type', 'create', 'search-type'] as const;

export const SOFTWARE = { name: 'FHIR IQ reference server (Medplum fhir-router 4.5.2, memory repository)', version: '1.0.0' };

export function buildCapabilityStatement(baseUrl: string, date: string): CapabilityStatement {
  const resource: CapabilityStatementRestResource[] = Object.entries(SUPPORTED_TYPES).map(([type, support]) => ({
    type: type as ResourceType,
    interaction: INTERACTIONS.map((code) => ({ code })),
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalRead: 'not-supported',
    conditionalUpdate: true,
    conditionalDelete: 'single',
    searchInclude: support.include,
    searchRevInclude: support.revinclude,
    searchParam: [...COMMON_PARAMS, ...support.params].map((code) => {
      const param = supportedParam(type, code);
      if (!param) throw new Error(`No R4 search parameter ${type}.${code}`);
      return { name: code, type: param.type, ...(param.url ? { definition: param.url } : {}) };
    }),
  }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'FHIR IQ',
    kind: 'instance',
    software: SOFTWARE,
    implementation: { description: 'Reference server for the FHIR IQ API Testing Suite', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json', 'application/json'],
    rest: [{ mode: 'server', resource }],
  };
}
