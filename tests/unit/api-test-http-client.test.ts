import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyError, createFetchClient, HttpClientError } from 'public/fhir/api-test';

let server: http.Server;
let base: string;
let endlessClosed: Promise<void>;
let markEndlessClosed: () => void;
const seen: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  endlessClosed = new Promise((resolve) => (markEndlessClosed = resolve));
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/ok') {
        res.writeHead(200, [['Content-Type', 'application/fhir+json'], ['X-Twice', 'a'], ['X-Twice', 'b'], ['ETag', 'W/"1"']]);
        res.end('{"resourceType":"Patient","id":"1"}');
      } else if (req.url === '/redirect') {
        res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data' });
        res.end();
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 5000).unref();
      } else if (req.url === '/endless') {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 120);
        const timer = setInterval(() => res.write(chunk), 1);
        res.on('close', () => {
          clearInterval(timer);
          markEndlessClosed();
        });
      } else if (req.url === '/declared-big') {
        res.writeHead(200, { 'Content-Length': String(50 * 1024 * 1024) });
        res.write('x');
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('createFetchClient', () => {
  it('sends method, headers and body; returns status, lower-cased headers and the body', async () => {
    const client = createFetchClient({ headers: { Authorization: 'Bearer t', Accept: 'text/plain' } });
    const res = await client({ method: 'POST', url: `${base}/ok`, headers: { accept: 'application/fhir+json', 'content-type': 'application/fhir+json' }, body: '{"a":1}', timeoutMs: 2000 });
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': 'application/fhir+json', etag: 'W/"1"', 'x-twice': 'a, b' });
    expect(JSON.parse(res.body)).toEqual({ resourceType: 'Patient', id: '1' });
    expect(res.durationMs).toBeGreaterThanOrEqual(0);
    const got = seen.at(-1)!;
    expect(got).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(got.headers.authorization).toBe('Bearer t');
    expect(got.headers.accept).toBe('application/fhir+json');
  });

  it('does not follow redirects: the 3xx comes back for the caller to check', async () => {
    const res = await createFetchClient()({ method: 'GET', url: `${base}/redirect`, headers: {}, timeoutMs: 2000 });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('http://169.254.169.254/latest/meta-data');
  });

  it('times out with kind "timeout"', async () => {
    const error = await createFetchClient()({ method: 'GET', url: `${base}/slow`, headers: {}, timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpClientError);
    expect(error).toMatchObject({ kind: 'timeout', message: 'No complete response within 150 ms' });
  });

  it('stops reading at the size cap and closes the connection', async () => {
    const error = await createFetchClient({ maxResponseBytes: 256 * 1024 })({ method: 'GET', url: `${base}/endless`, headers: {}, timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'too-large', message: 'The response is over the 262144-byte limit' });
    await endlessClosed;
  });

  it('refuses a declared Content-Length over the cap without reading', async () => {
    const error = await createFetchClient({ maxResponseBytes: 1024 })({ method: 'GET', url: `${base}/declared-big`, headers: {}, timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'too-large' });
  });

  it('turns a refused connection into kind "network" naming the cause', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await createFetchClient()({ method: 'GET', url: `http://127.0.0.1:${port}/metadata`, headers: {}, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network' });
    expect((error as Error).message).toMatch(new RegExp(`^Could not reach http://127.0.0.1:${port}: .*ECONNREFUSED`));
  });
});

describe('classifyError', () => {
  it('sorts errors from other clients', () => {
    const named = (name: string, message: string) => Object.assign(new Error(message), { name });
    expect(classifyError(named('TimeoutError', 'x')).kind).toBe('timeout');
    expect(classifyError(named('AbortError', 'x')).kind).toBe('timeout');
    expect(classifyError(named('TargetRefusedError', 'private address')).kind).toBe('refused');
    expect(classifyError(Object.assign(new Error('big'), { kind: 'too-large' })).kind).toBe('too-large');
    expect(classifyError(new TypeError('fetch failed'))).toEqual({ kind: 'network', message: 'fetch failed' });
    expect(classifyError('weird')).toEqual({ kind: 'network', message: 'weird' });
  });
});
