import { createOfflineAiPort } from '../../src/backend/adapters/offline-ai';
import { RATE_LIMITS, type RateLimitPolicy } from '../../src/backend/services/rate-limit';
import { rowId } from '../../src/backend/services/rate-limit-store';
import { fetchJsonFrom, roleCookie, startTestSite, type JsonResponse, type TestSite } from '../helpers/local-site';

/**
 * The per-client limits of the public endpoints over HTTP, as a client meets them: each endpoint
 * takes its policy's number of requests from one IP, then answers 429 with Retry-After and a JSON
 * error, while another IP, and a signed-in member on the same IP, still get through. (The chat
 * POST limit is tested with the assistant in chat-endpoint.test.ts.)
 */

let site: TestSite;

beforeAll(async () => {
  site = await startTestSite({ ai: createOfflineAiPort() });
});

afterAll(async () => {
  await site?.close();
});

interface Endpoint {
  name: string;
  policy: RateLimitPolicy;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** The status a request within the limit gets. */
  allowed: number;
}

const PATIENT = { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1980-02-01' };

const ENDPOINTS: Endpoint[] = [
  { name: 'POST /_functions/codegen', policy: RATE_LIMITS.codegen, method: 'POST', path: '/_functions/codegen', body: { prompt: 'heart rate 72 for patient 7', languages: ['curl'] }, allowed: 200 },
  { name: 'POST /_functions/scan', policy: RATE_LIMITS.scan, method: 'POST', path: '/_functions/scan', body: PATIENT, allowed: 200 },
  // A target the site must never call is refused after the run is counted: each start still costs a point.
  { name: 'POST /_functions/apiTest (start)', policy: RATE_LIMITS.apiTestStart, method: 'POST', path: '/_functions/apiTest', body: { baseUrl: 'http://169.254.169.254/fhir' }, allowed: 403 },
  { name: 'GET /_functions/chat', policy: RATE_LIMITS.chatRead, method: 'GET', path: '/_functions/chat?conversationId=6f1c2b9e-8d4a-4b1e-9f3c-2a7d5e8b1c40', allowed: 404 },
];

describe.each(ENDPOINTS.map((endpoint, i) => ({ ...endpoint, ip: `127.0.1.${i + 1}`, otherIp: `127.0.2.${i + 1}` })))('$name', (endpoint) => {
  const call = (ip: string, cookie?: string): Promise<JsonResponse> =>
    fetchJsonFrom(ip, `${site.url}${endpoint.path}`, { method: endpoint.method, json: endpoint.body, cookie });

  it(`takes ${endpoint.policy.points} requests from one IP, then answers 429 with Retry-After; another IP and a member still get through`, async () => {
    for (let i = 1; i <= endpoint.policy.points; i++) {
      const res = await call(endpoint.ip);
      if (res.status !== endpoint.allowed) throw new Error(`request ${i} got ${res.status}: ${res.text.slice(0, 200)}`);
    }
    const refused = await call(endpoint.ip);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(refused.body.error.message).toMatch(/try again in \d+ seconds/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= endpoint.policy.durationSeconds).toBe(true);

    expect((await call(endpoint.otherIp)).status).toBe(endpoint.allowed);
    // A signed-in member counts as the member, not as the IP they share.
    expect((await call(endpoint.ip, roleCookie('member'))).status).toBe(endpoint.allowed);

    const row = await site.ports.data.get(
      'RateLimits',
      rowId(`${endpoint.policy.name}:ip:${endpoint.ip}`),
    );
    expect(row).toMatchObject({ points: endpoint.policy.points + 1 });
  });
});

it('a bad body is refused as bad before it costs a point', async () => {
  const ip = '127.0.3.1';
  const bad = await fetchJsonFrom(ip, `${site.url}/_functions/codegen`, { method: 'POST', json: { prompt: '' } });
  expect(bad.status).toBe(400);
  expect(await site.ports.data.get('RateLimits', rowId(`codegen:ip:${ip}`))).toBeNull();
});
