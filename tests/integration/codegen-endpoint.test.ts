import { createOfflineAiPort } from '../../src/backend/adapters/offline-ai';
import { DEFAULT_BASE_URL, LANGUAGES, generateCode } from '../../src/public/fhir/codegen';
import { fetchJson, startTestSite, type TestSite } from '../helpers/local-site';

/** POST /_functions/codegen over HTTP on the local site, with the offline engine (deterministic, no key). */
const BP_PROMPT = 'blood pressure 120/80 for patient 42 taken this morning';
const GIBBERISH = 'qwzx plorf vbnm zzkq';

async function post(site: TestSite, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetchJson(`${site.url}/_functions/codegen`, { method: 'POST', headers, body });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', json: res.body, text: res.text };
}

const postJson = (site: TestSite, value: unknown) => post(site, JSON.stringify(value));

describe('POST /_functions/codegen', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite({ ai: createOfflineAiPort() });
  });
  afterAll(async () => site.close());

  it('a blood-pressure request gives a valid Observation with its two components and five snippets', async () => {
    const res = await postJson(site, { prompt: BP_PROMPT });
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/application\/json/);
    expect(Object.keys(res.json).sort()).toEqual(['code', 'engine', 'notes', 'resource', 'understood', 'validation']);
    const { resource, validation, code, engine } = res.json;
    expect(engine).toBe('offline');
    expect(validation.valid).toBe(true);
    expect(validation.issues.filter((i: { severity: string }) => i.severity === 'error' || i.severity === 'fatal')).toEqual([]);
    expect(resource.resourceType).toBe('Observation');
    expect(resource.subject).toEqual(expect.objectContaining({ reference: 'Patient/42' }));
    expect(resource.code.coding).toContainEqual(expect.objectContaining({ system: 'http://loinc.org', code: '85354-9' }));
    const components = Object.fromEntries(
      resource.component.map((c: { code: { coding: Array<{ code: string }> }; valueQuantity: { value: number; code: string } }) => [c.code.coding[0]!.code, c.valueQuantity]),
    );
    expect(components).toEqual({
      '8480-6': expect.objectContaining({ value: 120, code: 'mm[Hg]' }),
      '8462-4': expect.objectContaining({ value: 80, code: 'mm[Hg]' }),
    });
    // The five snippets are the code generator's for this very resource, to the default server.
    expect(Object.keys(code)).toEqual([...LANGUAGES]);
    expect(code).toEqual(generateCode(resource));
    for (const language of LANGUAGES) expect([language, code[language].includes(DEFAULT_BASE_URL)]).toEqual([language, true]);
    expect(Array.isArray(res.json.understood) && res.json.understood.length).toBeTruthy();
  });

  it('writes only the languages asked for', async () => {
    const res = await postJson(site, { prompt: BP_PROMPT, languages: ['python', 'curl'] });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.code)).toEqual(['python', 'curl']);
  });

  it('the snippets POST to the baseUrl given', async () => {
    const baseUrl = 'http://localhost:9999/fhir';
    const res = await postJson(site, { prompt: BP_PROMPT, baseUrl });
    expect(res.status).toBe(200);
    for (const language of LANGUAGES) {
      expect([language, res.json.code[language].includes(baseUrl), res.json.code[language].includes(DEFAULT_BASE_URL)]).toEqual([language, true, false]);
    }
    expect(res.json.code.typescript).toContain('fetch(baseUrl + "/Observation"');
  });

  it('a request naming several resources gives a transaction Bundle, POSTed to the base URL itself', async () => {
    const res = await postJson(site, { prompt: 'a patient Jane Roe with asthma and an albuterol prescription', languages: ['typescript', 'java'] });
    expect(res.status).toBe(200);
    expect(res.json.resource).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    expect(res.json.code.typescript).toContain('fetch(baseUrl, {');
    expect(res.json.code.java).toContain('client.transaction().withBundle(bundle).execute()');
  });

  it('a prompt of exactly 2,000 characters is accepted (not a 400)', async () => {
    const prompt = `${BP_PROMPT} `.padEnd(2000, 'x');
    expect(prompt).toHaveLength(2000);
    const res = await postJson(site, { prompt });
    expect([200, 422]).toContain(res.status);
  });

  it.each([
    ['an empty prompt', { prompt: '' }, /prompt is empty/],
    ['a whitespace prompt', { prompt: ' \n\t ' }, /prompt is empty/],
    ['a prompt of 2,001 characters', { prompt: 'x'.repeat(2001) }, /at most 2000 characters/],
    ['no prompt', { languages: ['python'] }, /prompt/],
    ['a prompt that is not a string', { prompt: 42 }, /prompt must be a string/],
    ['languages not an array', { prompt: BP_PROMPT, languages: 'ts' }, /languages/],
    ['an unknown language', { prompt: BP_PROMPT, languages: ['ruby'] }, /languages/],
    ['no language at all', { prompt: BP_PROMPT, languages: [] }, /languages must name at least one/],
    ['a javascript: baseUrl', { prompt: BP_PROMPT, baseUrl: 'javascript:alert(1)' }, /baseUrl must be an http\(s\) URL/],
    ['an ftp: baseUrl', { prompt: BP_PROMPT, baseUrl: 'ftp://example.org/fhir' }, /baseUrl must be an http\(s\) URL/],
    ['a baseUrl that is not a URL', { prompt: BP_PROMPT, baseUrl: 'not a url' }, /baseUrl must be an http\(s\) URL/],
    ['a baseUrl with a query', { prompt: BP_PROMPT, baseUrl: 'https://example.org/fhir?x=1' }, /without a query/],
    ['a baseUrl that is not a string', { prompt: BP_PROMPT, baseUrl: 7 }, /baseUrl/],
    ['an unknown field', { prompt: BP_PROMPT, temperature: 2 }, /temperature/],
    ['an array body', [BP_PROMPT], /\(body\)/],
  ])('400 INVALID_BODY for %s', async (_name, body, message) => {
    const res = await postJson(site, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('INVALID_BODY');
    expect(res.json.error.message).toMatch(message);
  });

  it('400 for a body that is not JSON, or empty; 415 for another media type', async () => {
    const malformed = await post(site, '{"prompt": "blood pressure 120/80",');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('MALFORMED_JSON');
    const empty = await post(site, '');
    expect(empty.status).toBe(400);
    expect(empty.json.error.code).toBe('EMPTY_BODY');
    const text = await post(site, 'blood pressure 120/80', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('422 NOT_UNDERSTOOD for gibberish, saying what was understood and what is missing', async () => {
    const res = await postJson(site, { prompt: GIBBERISH });
    expect(res.status).toBe(422);
    expect(Object.keys(res.json).sort()).toEqual(['error', 'missing', 'understood']);
    expect(res.json.error).toEqual({ code: 'NOT_UNDERSTOOD', message: expect.any(String) });
    expect(res.json.error.message.length).toBeGreaterThan(0);
    expect(Array.isArray(res.json.understood)).toBe(true);
    expect(res.json.missing.length).toBeGreaterThan(0);
    expect(res.json.resource).toBeUndefined();
  });
});
