import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { lookup } from 'node:dns';
import { createGuardedHttpClient, TargetRefusedError } from '../../src/backend/adapters/guarded-http-client';

/**
 * The backend's client for visitor-given URLs against a real local server: it refuses what the
 * policy refuses after DNS resolution and on every redirect, and caps time and size.
 */
let server: http.Server;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    } else if (url.pathname === '/see-other') {
      res.writeHead(303, { location: '/echo' }).end();
    } else if (url.pathname === '/loop') {
      res.writeHead(307, { location: '/loop' }).end();
    } else if (url.pathname === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(5000));
    } else if (url.pathname === '/slow') {
      setTimeout(() => res.writeHead(200).end('late'), 2000).unref();
    } else {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/fhir+json', 'x-twice': ['a', 'b'] }).end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization ?? null })));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A resolver that answers from a table, as DNS would (with all: true). */
function fakeDns(table: Record<string, string>): typeof lookup {
  return ((hostname: string, _options: unknown, callback: (e: NodeJS.ErrnoException | null, a: Array<{ address: string; family: number }>) => void) => {
    const address = table[hostname];
    if (!address) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
  }) as unknown as typeof lookup;
}

const dev = createGuardedHttpClient({ policy: { allowPrivate: true }, maxResponseBytes: 1000 });
const strict = (table: Record<string, string>) => createGuardedHttpClient({ policy: { allowPrivate: false }, resolve: fakeDns(table) });

describe('guarded HTTP client', () => {
  it('sends and reads a request (allowed in development), headers lower-cased and joined', async () => {
    const res = await dev({ method: 'POST', url: `http://127.0.0.1:${port}/echo`, headers: { 'Content-Type': 'application/fhir+json' }, body: '{"a":"é"}', timeoutMs: 2000 });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ method: 'POST', body: '{"a":"é"}', auth: null });
    expect(res.headers['content-type']).toBe('application/fhir+json');
    expect(res.headers['x-twice']).toBe('a, b');
  });

  it('refuses a literal loopback address without sending anything', async () => {
    const before = hits.length;
    await expect(strict({})({ method: 'GET', url: `http://127.0.0.1:${port}/echo`, timeoutMs: 2000 })).rejects.toMatchObject({ code: 'TARGET_ADDRESS' });
    expect(hits.length).toBe(before);
  });

  it('refuses a hostname that resolves to loopback, private or metadata addresses, after resolution', async () => {
    const client = strict({ 'evil.example': '127.0.0.1', 'intranet.example': '10.0.0.7', 'meta.example': '169.254.169.254', 'six.example': '::1' });
    for (const [host, message] of [['evil.example', /evil\.example resolves to 127\.0\.0\.1 is in a loopback range/], ['intranet.example', /private/], ['meta.example', /cloud metadata/], ['six.example', /loopback/]] as const) {
      const error = await client({ method: 'GET', url: `http://${host}:${port}/echo`, timeoutMs: 2000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TargetRefusedError);
      expect((error as TargetRefusedError).message).toMatch(message);
    }
  });

  it('re-checks every redirect: a hop to the metadata address is refused', async () => {
    await expect(dev({ method: 'GET', url: `http://127.0.0.1:${port}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`, timeoutMs: 2000 })).rejects.toMatchObject({
      code: 'TARGET_ADDRESS',
      message: expect.stringMatching(/cloud metadata/),
    });
    await expect(dev({ method: 'GET', url: `http://127.0.0.1:${port}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`, timeoutMs: 2000 })).rejects.toMatchObject({ code: 'TARGET_SCHEME' });
  });

  it('follows allowed redirects (303 becomes a GET) and drops credentials across origins', async () => {
    const res = await dev({ method: 'POST', url: `http://127.0.0.1:${port}/see-other`, headers: { authorization: 'Bearer t' }, body: '{}', timeoutMs: 2000 });
    expect(JSON.parse(res.body)).toEqual({ method: 'GET', body: '', auth: 'Bearer t' });
    expect(res.url).toBe(`http://127.0.0.1:${port}/echo`);
    const cross = await dev({ method: 'GET', url: `http://127.0.0.1:${port}/redirect?to=${encodeURIComponent(`http://localhost:${port}/echo`)}`, headers: { authorization: 'Bearer t' }, timeoutMs: 2000 });
    expect(JSON.parse(cross.body).auth).toBeNull();
  });

  it('stops redirect loops, oversized answers and slow servers with clear errors', async () => {
    await expect(dev({ method: 'GET', url: `http://127.0.0.1:${port}/loop`, timeoutMs: 2000 })).rejects.toThrow(/More than 5 redirects/);
    await expect(dev({ method: 'GET', url: `http://127.0.0.1:${port}/big`, timeoutMs: 2000 })).rejects.toThrow(/larger than 1000 bytes/);
    await expect(dev({ method: 'GET', url: `http://127.0.0.1:${port}/slow`, timeoutMs: 200 })).rejects.toThrow(/Timed out after 200 ms/);
  });
});
