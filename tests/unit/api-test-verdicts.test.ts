import { runSuite, type HttpClient, type RunState } from 'public/fhir/api-test';
import { createFakeServer, type FakeServerOptions } from '../helpers/api-test-fake-server';

async function run(client: HttpClient & { base: string }, resources = ['Patient', 'Observation']): Promise<RunState> {
  return runSuite({ baseUrl: client.base, allowWrites: true, resources, runId: 'verdicts' }, client);
}

const failed = (state: RunState) => state.results.filter((r) => r.status === 'failed');

/** Rewrites the fake server's responses to break one rule. */
function breaking(options: FakeServerOptions, change: (req: Parameters<HttpClient>[0], res: Awaited<ReturnType<HttpClient>>) => Awaited<ReturnType<HttpClient>>) {
  const server = createFakeServer(options);
  const client = (async (req) => change(req, await server(req))) as HttpClient & { base: string };
  client.base = server.base;
  return client;
}

describe('each broken rule fails the test that names it, and only that', () => {
  it.each<[string, FakeServerOptions['faults'], string, RegExp]>([
    ['no ETag on reads', ['no-etag'], 'read-03-Patient', /ETag/],
    ['gender ignored', ['ignore-gender'], 'search-10-Patient-gender', /"gender" .*SHALL filter.*negative control/],
    ['fullUrl missing', ['no-fullurl'], 'search-02-Patient', /SHALL have a fullUrl/],
    ['no Location on create', ['no-location'], 'write-01-Patient', /Location header/],
  ])('%s', async (_name, faults, id, message) => {
    const state = await run(createFakeServer({ faults }));
    const result = state.results.find((r) => r.id === id)!;
    expect(result).toMatchObject({ status: 'failed', message: expect.stringMatching(message) });
    expect(result.request).not.toBeNull();
    expect(result.response).not.toBeNull();
  });

  it('a strong ETag is named as such', async () => {
    const client = breaking({}, (_req, res) => (res.headers.etag ? { ...res, headers: { ...res.headers, etag: res.headers.etag.replace(/^W\//, '') } } : res));
    const state = await run(client, ['Patient']);
    expect(state.results.find((r) => r.id === 'read-03-Patient')?.message).toMatch(/SHALL be a weak ETag of the form W\/"<versionId>", but it is "v/);
  });

  it('a 200 for an unknown id fails read-05 quoting the rule', async () => {
    const client = breaking({}, (req, res) => (res.status === 404 && /fhiriq-unknown/.test(req.url) ? { ...res, status: 200 } : res));
    const state = await run(client, ['Patient']);
    expect(failed(state).map((r) => r.id)).toEqual(['read-05-Patient']);
    expect(state.results.find((r) => r.id === 'read-05-Patient')?.message).toMatch(/^"a GET for an unknown resource returns 404 Not Found", but GET Patient\/fhiriq-unknown-\w+ answered 200/);
    expect(state.results.find((r) => r.id === 'read-06-Patient')?.status).toBe('skipped');
  });

  it('a delete that does not take effect fails write-10', async () => {
    const server = createFakeServer();
    const client = (async (req) => (req.method === 'DELETE' && /Patient\/patient3$/.test(req.url) ? { status: 204, headers: {}, body: '', durationMs: 1 } : server(req))) as HttpClient & { base: string };
    client.base = server.base;
    const state = await run(client, ['Patient']);
    expect(state.results.find((r) => r.id === 'write-10-Patient')).toMatchObject({ status: 'failed', message: expect.stringMatching(/410 .*answered 200/) });
  });

  it('a server that ignores a date prefix fails the prefix test', async () => {
    const server = createFakeServer();
    const ignoring = (async (req) => server({ ...req, url: req.url.replace(/birthdate=(lt|ge)/, 'birthdate=') })) as HttpClient & { base: string };
    ignoring.base = server.base;
    const state = await run(ignoring, ['Patient']);
    expect(state.results.find((r) => r.id === 'csearch-03-Patient')).toMatchObject({ status: 'failed', message: expect.stringMatching(/prefix "lt"/) });
  });
});
