import { fetchJson, roleCookie, startTestSite, type TestSite } from '../helpers/local-site';

// The /_functions route against fixture http functions (tests/fixtures/backend/http-functions.ts).
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite({ backendDir: 'tests/fixtures/backend', seed: false });
});
afterAll(() => site.close());

describe('/_functions/<name>', () => {
  it('answers an unknown function with a 404 JSON error', async () => {
    const res = await fetchJson(`${site.url}/_functions/doesNotExist`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(res.body.error.message).toContain('doesNotExist');
  });

  it('answers a method the function lacks with 404 JSON (no delete_echo, no use_echo)', async () => {
    const res = await fetchJson(`${site.url}/_functions/echo`, { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('answers /_functions and /_functions/ with 404 JSON', async () => {
    for (const path of ['/_functions', '/_functions/']) {
      const res = await fetchJson(`${site.url}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('gives get_<name> a Velo request: path segments, query, lower-cased headers, url, ip', async () => {
    const res = await fetchJson(`${site.url}/_functions/echo/a/b%20c?x=1&y=two&x=3`, { headers: { 'X-Custom-Thing': 'Yes' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const req = res.body;
    expect(req.method).toBe('GET');
    expect(req.functionName).toBe('echo');
    expect(req.path).toEqual(['a', 'b c']);
    expect(req.query).toEqual({ x: '1', y: 'two' });
    expect(req.headers['x-custom-thing']).toBe('Yes');
    expect(req.url).toBe(`${site.url}/_functions/echo/a/b%20c?x=1&y=two&x=3`);
    expect(req.baseUrl).toBe(site.url);
    expect(req.ip).toMatch(/127\.0\.0\.1/);
    expect(req.body).toBe('');
    expect(req.member).toBeNull();
  });

  it('hands post_<name> the raw body text whatever its content type', async () => {
    const bodies: Array<[string, string]> = [
      ['application/json', '{"a":1}'],
      ['text/plain', 'hello there'],
      ['application/xml', '<a>1</a>'],
      ['application/fhir+json', '{"resourceType":"Patient"}'],
      ['application/x-www-form-urlencoded', 'a=1&b=2'],
      ['application/octet-stream', 'raw bytes'],
    ];
    for (const [type, body] of bodies) {
      const res = await fetchJson(`${site.url}/_functions/echo`, { method: 'POST', headers: { 'content-type': type }, body });
      expect(res.status).toBe(200);
      expect(res.body.body).toBe(body);
      expect(res.body.headers['content-type']).toBe(type);
    }
  });

  it('hands over a body sent without a content type', async () => {
    const res = await fetch(`${site.url}/_functions/echo`, { method: 'POST', body: new Blob(['no type']) });
    expect(res.status).toBe(200);
    expect((await res.json()).body).toBe('no type');
  });

  it('runs the function as the caller\'s local identity', async () => {
    const res = await fetchJson(`${site.url}/_functions/echo`, { headers: { cookie: roleCookie('admin') } });
    expect(res.body.member).toMatchObject({ id: 'local-admin', role: 'admin' });
  });

  it('rejects body.json() on malformed text, so the function can answer 400', async () => {
    const good = await fetchJson(`${site.url}/_functions/parse`, { method: 'POST', json: { n: 1 } });
    expect(good.body).toEqual({ parsed: { n: 1 } });
    const bad = await fetchJson(`${site.url}/_functions/parse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_JSON');
  });

  it('falls back to use_<name> for any method', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await fetchJson(`${site.url}/_functions/any`, { method });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ via: 'use_any', method });
    }
  });

  it('sends the function\'s status, headers and body as given', async () => {
    const csv = await fetch(`${site.url}/_functions/csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv');
    expect(await csv.text()).toBe('a,b\n1,2\n');

    const text = await fetch(`${site.url}/_functions/text`);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await text.text()).toBe('plain words');

    const bytes = await fetch(`${site.url}/_functions/bytes`);
    expect(bytes.headers.get('content-type')).toBe('application/octet-stream');
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([0, 1, 2, 255]);

    const teapot = await fetchJson(`${site.url}/_functions/teapot`);
    expect(teapot.status).toBe(418);
    expect(teapot.headers.get('x-kind')).toBe('teapot');
    expect(teapot.body).toEqual(['short', 'and', 'stout']);

    const empty = await fetch(`${site.url}/_functions/empty`);
    expect(empty.status).toBe(204);
  });

  it('turns a thrown error or a broken response into a generic 500 JSON without details', async () => {
    for (const name of ['boom', 'rejects', 'notResponse', 'badStatus', 'cyclic']) {
      const res = await fetchJson(`${site.url}/_functions/${name}`);
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('INTERNAL');
      expect(res.text).not.toMatch(/secret|stack|at /);
    }
  });

  it('does not call exports that are not functions', async () => {
    const res = await fetchJson(`${site.url}/_functions/notAFunction`);
    expect(res.status).toBe(404);
  });

  it('answers a body over the server limit with a 413 JSON error', async () => {
    const res = await fetchJson(`${site.url}/_functions/echo`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(5 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('passes a 1 MB body through to the function (the function decides about size)', async () => {
    const body = 'y'.repeat(1024 * 1024);
    const res = await fetchJson(`${site.url}/_functions/echo`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect(res.status).toBe(200);
    expect(res.body.body.length).toBe(body.length);
  });

  it('answers a malformed URL with a 400 JSON error', async () => {
    const res = await fetchJson(`${site.url}/_functions/echo/%E0%A4%A`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
  });
});
