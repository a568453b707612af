import { fetchJson, startTestSite } from '../helpers/local-site';

type Site = Awaited<ReturnType<typeof startTestSite>>;

const valid = {
  name: 'Ada Lovelace',
  email: '  Ada@Example.ORG ',
  company: 'Analytical Engines',
  message: 'Please show us the API testing suite against our HAPI server.',
  consent: true,
};

async function post(site: Site, path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetchJson(`${site.url}${path}`, { method: 'POST', headers, body });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', json: res.body, text: res.text };
}

describe('POST /_functions/contact over HTTP', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startTestSite();
  });
  afterAll(async () => site.close());

  it('stores a valid submission with the email normalised by the data hook, and queues the CRM sync', async () => {
    const res = await post(site, '/_functions/contact', JSON.stringify(valid));
    expect(res.status).toBe(201);
    const id = res.json.id as string;
    const stored = await site.ports.data.get('ContactSubmissions', id);
    expect(stored).toMatchObject({ email: 'ada@example.org', name: 'Ada Lovelace', status: 'new' });
    expect(await site.ports.data.query('Outbox').eq('sourceId', id).count()).toBe(1);
  });

  it('answers field errors with 400 and stores nothing', async () => {
    const before = await site.ports.data.query('ContactSubmissions').count();
    const res = await post(site, '/_functions/contact', JSON.stringify({ ...valid, email: 'nope', consent: false }));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('INVALID_BODY');
    expect(res.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['consent', 'email']);
    expect(await site.ports.data.query('ContactSubmissions').count()).toBe(before);
  });

  const malformed: Array<[string, string, number, string]> = [
    ['truncated JSON', '{"name": "x",', 400, 'MALFORMED_JSON'],
    ['not JSON at all', 'hello', 400, 'MALFORMED_JSON'],
    ['an empty body', '', 400, 'EMPTY_BODY'],
    ['an array', '[1,2]', 400, 'INVALID_BODY'],
    ['a __proto__ key', '{"__proto__":{"admin":true},"name":"x"}', 400, 'FORBIDDEN_KEY'],
    ['a nested constructor.prototype', '{"a":{"constructor":{"prototype":{"x":1}}}}', 400, 'FORBIDDEN_KEY'],
    ['a body over 512 KB', JSON.stringify({ message: 'x'.repeat(600 * 1024) }), 413, 'BODY_TOO_LARGE'],
  ];
  it.each(malformed)('refuses %s with a JSON %i', async (_label, body, status, code) => {
    const res = await post(site, '/_functions/contact', body);
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/application\/json/);
    expect(res.json.error.code).toBe(code);
    expect(typeof res.json.error.message).toBe('string');
  });

  it('refuses a form-encoded body with 415', async () => {
    const res = await post(site, '/_functions/contact', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('never answers arbitrary bytes with a 5xx', async () => {
    const samples = ['\u0000\u0001', '{"name":"\\ud800"}', 'null', '1e999', '{"name":{"$gt":""}}', '"\\u0000"', '{'.repeat(5000)];
    for (const body of samples) {
      const res = await post(site, '/_functions/contact', body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.json?.error?.code).toEqual(expect.any(String));
    }
  });
});

describe('GET /_functions/health', () => {
  it('reports ok with a real data store check, then degraded when the store is gone', async () => {
    const site = await startTestSite();
    try {
      const ok = await fetch(`${site.url}/_functions/health`);
      expect(ok.status).toBe(200);
      const body = await ok.json();
      expect(body.status).toBe('ok');
      expect(body.checks.dataStore.status).toBe('ok');

      (site.ports.data as unknown as { close(): void }).close();
      const degraded = await fetch(`${site.url}/_functions/health`);
      expect(degraded.status).toBe(503);
      const report = await degraded.json();
      expect(report.status).toBe('degraded');
      expect(report.checks.dataStore.status).toBe('fail');
    } finally {
      await site.close().catch(() => undefined);
    }
  });
});
