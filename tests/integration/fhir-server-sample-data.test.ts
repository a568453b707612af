import { loadSampleData } from '../../local/fhir-server/sample-data';
import { createFetchClient, buildReport, runSuite } from '../../src/public/fhir/api-test';
import { startFhirServer, type TestFhirServer } from '../helpers/fhir-server';

/**
 * The sample data `npm start` loads into its reference server: written through the REST API, it
 * gives a read-only run of the suite data to read and search (fewer skips), with no failure.
 */
let server: TestFhirServer;

beforeAll(async () => {
  server = await startFhirServer();
});
afterAll(async () => {
  await server?.close();
});

it('loads linked resources, and a read-only run then reads and searches them without a failure', async () => {
  const client = createFetchClient({ timeoutMs: 5000 });
  const empty = buildReport(await runSuite({ baseUrl: server.baseUrl }, client));

  expect(await loadSampleData(server.baseUrl)).toBe(12);
  const bundle = (await (await fetch(`${server.baseUrl}/Observation?code=http://loinc.org|8867-4&_include=Observation:subject`, { headers: { accept: 'application/fhir+json' } })).json()) as {
    entry?: Array<{ resource: { resourceType: string }; search?: { mode: string } }>;
  };
  expect(bundle.entry?.filter((e) => e.search?.mode === 'match').map((e) => e.resource.resourceType)).toEqual(['Observation', 'Observation']);
  expect(bundle.entry?.some((e) => e.resource.resourceType === 'Patient' && e.search?.mode === 'include')).toBe(true);

  const loaded = buildReport(await runSuite({ baseUrl: server.baseUrl }, client));
  expect(loaded.summary.failed).toBe(0);
  expect(loaded.summary.passed).toBeGreaterThan(empty.summary.passed);
  expect(loaded.summary.skipped).toBeLessThan(empty.summary.skipped);
}, 30_000);
