import { z } from 'zod';
import type { WixHttpFunctionRequest } from 'wix-http-functions';
import { MAX_BODY_BYTES, readJsonBody } from '../../src/backend/http/json-body';

function request(text: string, contentType = 'application/json'): WixHttpFunctionRequest {
  return {
    path: [],
    query: {},
    headers: contentType ? { 'content-type': contentType } : {},
    method: 'POST',
    url: 'http://localhost/_functions/x',
    baseUrl: 'http://localhost',
    functionName: 'x',
    ip: '127.0.0.1',
    body: { text: async () => text, json: async () => JSON.parse(text) },
  };
}

const schema = z.object({ name: z.string().min(1), tags: z.array(z.string()).optional() });

async function errorOf(text: string, contentType?: string) {
  const result = await readJsonBody(request(text, contentType), schema);
  if (result.ok) throw new Error('expected a failure');
  return { status: result.response.status, body: result.response.body as { error: { code: string; message: string; issues?: unknown[] } } };
}

describe('readJsonBody', () => {
  it('returns the parsed value when the body matches the schema', async () => {
    const result = await readJsonBody(request('{"name":"Ada","tags":["a"]}'), schema);
    expect(result).toEqual({ ok: true, value: { name: 'Ada', tags: ['a'] } });
  });

  it('accepts +json media types and a charset parameter', async () => {
    expect((await readJsonBody(request('{"name":"x"}', 'application/fhir+json; charset=utf-8'), schema)).ok).toBe(true);
  });

  it.each([
    ['{"name":', 'MALFORMED_JSON'],
    ["{'name':'x'}", 'MALFORMED_JSON'],
    ['', 'EMPTY_BODY'],
    ['   ', 'EMPTY_BODY'],
  ])('refuses %j with 400 %s', async (text, code) => {
    const { status, body } = await errorOf(text);
    expect(status).toBe(400);
    expect(body.error.code).toBe(code);
  });

  it('names every schema problem with its path', async () => {
    const { status, body } = await errorOf('{"name":"","tags":[1]}');
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_BODY');
    expect(body.error.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'name' }), expect.objectContaining({ path: 'tags.0' })]),
    );
    expect(body.error.message).toContain('name');
  });

  it('refuses a body of the wrong JSON type', async () => {
    for (const text of ['[]', '"name"', '42', 'null']) {
      const { status, body } = await errorOf(text);
      expect(status).toBe(400);
      expect(body.error.code).toBe('INVALID_BODY');
    }
  });

  it.each([
    '{"name":"x","__proto__":{"isAdmin":true}}',
    '{"name":"x","tags":[],"nested":{"deep":[{"__proto__":{"polluted":1}}]}}',
    '{"name":"x","constructor":{"prototype":{"polluted":1}}}',
  ])('refuses prototype pollution keys anywhere: %s', async (text) => {
    const { status, body } = await errorOf(text);
    expect(status).toBe(400);
    expect(body.error.code).toBe('FORBIDDEN_KEY');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses bodies over 512 KB with 413, and accepts one just under', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) });
    const { status, body } = await errorOf(big);
    expect(status).toBe(413);
    expect(body.error.code).toBe('BODY_TOO_LARGE');
    const fits = JSON.stringify({ name: 'y'.repeat(MAX_BODY_BYTES - 20) });
    expect((await readJsonBody(request(fits), schema)).ok).toBe(true);
  });

  it('counts bytes, not characters, against the limit', async () => {
    const multibyte = JSON.stringify({ name: 'é'.repeat(MAX_BODY_BYTES / 2) });
    expect((await errorOf(multibyte)).status).toBe(413);
  });

  it('refuses non-JSON media types with 415', async () => {
    const { status, body } = await errorOf('name=x', 'application/x-www-form-urlencoded');
    expect(status).toBe(415);
    expect(body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts a JSON body sent without a content type', async () => {
    expect((await readJsonBody(request('{"name":"x"}', ''), schema)).ok).toBe(true);
  });
});
