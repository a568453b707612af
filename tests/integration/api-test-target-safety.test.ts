import { startFhirServer, type TestFhirServer } from '../helpers/fhir-server';
import { fetchJson, startTestSite, type TestSite } from '../helpers/local-site';

/**
 * POST /_functions/apiTest on a site that refuses private targets, as on Wix: loopback, private,
 * link-local and metadata targets (literal or by name) are refused with 403 before anything is
 * stored or sent. (One site per test file: the local runtime's ports are process-wide.)
 */
let strictSite: TestSite;
let fhir: TestFhirServer;

beforeAll(async () => {
  [strictSite, fhir] = await Promise.all([startTestSite({ allowPrivateTargets: false }), startFhirServer()]);
}, 30_000);

afterAll(async () => {
  await Promise.all([strictSite?.close(), fhir?.close()]);
});

const post = (json: unknown) => fetchJson(`${strictSite.url}/_functions/apiTest`, { method: 'POST', json });

describe('target safety on a site that refuses private targets (as on Wix)', () => {
  it.each([
    ['loopback', () => fhir.baseUrl, /loopback/],
    ['localhost by name', () => fhir.baseUrl.replace('127.0.0.1', 'localhost'), /loopback/],
    ['IPv6 loopback', () => 'http://[::1]:8080/fhir', /loopback/],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data', /cloud metadata/],
    ['a private range', () => 'http://10.0.0.8:8080/fhir', /private/],
    ['a link-local address', () => 'http://169.254.1.1/fhir', /link-local/],
  ])('refuses %s with 403 and stores no run', async (_label, target, message) => {
    const before = await strictSite.ports.data.query('TestRuns').count();
    const res = await post({ baseUrl: target() });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'TARGET_ADDRESS', message: expect.stringMatching(message) });
    expect(await strictSite.ports.data.query('TestRuns').count()).toBe(before);
  });
});
