/** The API Testing Suite: R4 RESTful API conformance tests against a FHIR server (issue 5). */
export * from './types';
export { createFetchClient, HttpClientError, classifyError, type FetchClientOptions } from './http-client';
export { createRun, advanceRun, runSuite, cancelRun, isDone, getProgress, ApiTestOptionsError } from './runner';
export { buildReport, summarize } from './report';
export { toJunit, escapeXml } from './render/junit';
export { toTestReport, type FhirTestReport } from './render/test-report';
export { toText, type ApiTestTextOptions } from './render/text';
export { listTests, GROUPS } from './tests';
export { TAG_SYSTEM, DEFAULT_RESOURCES, FIXTURE_TYPES } from './fixtures';
export { summarizeCapability } from './capability';
export { SPEC } from './spec';
