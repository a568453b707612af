import { fetchJson, startTestSite, type TestSite } from '../helpers/local-site';

// The real backend behind the local server: health, and no input producing a 5xx.
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

describe('the real http functions and web methods', () => {
  it('GET /_functions/health answers {status, checks} with a data store check', async () => {
    const res = await fetchJson(`${site.url}/_functions/health`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(typeof res.body.checks).toBe('object');
  });

  const garbage: Array<[string, RequestInit]> = [
    ['malformed JSON', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' }],
    ['a __proto__ key', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"__proto__": {"admin": true}}' }],
    ['wrong shape', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2,3]' }],
    ['XML', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<x/>' }],
    ['an empty body', { method: 'POST' }],
    ['600 KB', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'x'.repeat(600 * 1024) }) }],
    ['6 MB', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(6 * 1024 * 1024) }],
  ];

  it.each(garbage)('POST /_functions/contact with %s gets a 4xx JSON error', async (_what, init) => {
    const res = await fetchJson(`${site.url}/_functions/contact`, init);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(typeof res.body.error.code).toBe('string');
  });

  it.each(garbage)('POST /_webmethods/contact.web/submitContact with %s gets a 4xx JSON error', async (_what, init) => {
    const res = await fetchJson(`${site.url}/_webmethods/contact.web/submitContact`, init);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(typeof res.body.error.code).toBe('string');
  });

  it('calls the contact web method as a page would and gets field errors back as a value', async () => {
    const res = await fetchJson(`${site.url}/_webmethods/contact.web/submitContact`, {
      method: 'POST',
      json: { args: [{ name: 'Ann', email: 'not-an-email', message: 'Hi', consent: true }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.result.ok).toBe(false);
    expect(res.body.result.errors.email).toEqual(expect.any(String));
  });

  it.each([
    ['getTool', [42]],
    ['getTool', ['../etc/passwd']],
    ['listBlogPosts', [{ limit: 5000 }]],
    ['listProducts', ['not-an-object']],
  ])('answers %s with bad arguments %j with a 400 naming the problem', async (name, args) => {
    const res = await fetchJson(`${site.url}/_webmethods/content.web/${name}`, { method: 'POST', json: { args } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
    expect(res.body.error.message).toContain(`Invalid arguments for ${name}`);
  });
});
