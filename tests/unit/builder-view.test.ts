import { checkRequest, interpret, readResult, requestBuild, type BuildResult } from '../../src/public/custom-elements/fhir-builder/api';
import { retryAfterSeconds } from '../../src/public/custom-elements/shared/retry-after';
import { tokenizeJson } from '../../src/public/custom-elements/fhir-builder/highlight';
import {
  CODE_TABS,
  builtStatus,
  completeDetail,
  issueWhere,
  promptCounter,
  resourceFileName,
  tabAfterKey,
  tabsFor,
  validityBadge,
} from '../../src/public/custom-elements/fhir-builder/view';

/** The <fhir-builder> element's DOM-free parts: the highlighter, the endpoint call, and what it shows. */

const issue = (severity: 'fatal' | 'error' | 'warning' | 'information', extra: Partial<BuildResult['validation']['issues'][number]> = {}) => ({
  resourceType: 'Observation',
  severity,
  code: 'x',
  category: 'conformance',
  expression: [] as string[],
  message: 'm',
  ...extra,
});

const answer = (overrides: Record<string, unknown> = {}) => ({
  resource: { resourceType: 'Observation', id: 'bp', status: 'final' },
  validation: { valid: true, issues: [] },
  code: { typescript: 'ts', python: 'py', curl: 'curl', java: 'java', csharp: 'cs' },
  engine: 'offline',
  understood: ['resource type: Observation'],
  notes: ['status set to final'],
  ...overrides,
});

describe('tokenizeJson', () => {
  it('gives the text back exactly, token by token', () => {
    const text = JSON.stringify({ resourceType: 'Patient', active: true, deceasedBoolean: false, x: null, n: -1.5e3, name: [{ given: ['A "q" \\ b'] }] }, null, 2);
    expect(tokenizeJson(text).map((t) => t.text).join('')).toBe(text);
  });

  it('tells keys from string values, and classifies numbers, literals and punctuation', () => {
    const tokens = tokenizeJson('{"a" : "b", "n": 12.5, "t": true, "z": null, "e": -3e-2}').filter((t) => t.kind !== 'space');
    expect(tokens.map((t) => [t.kind, t.text])).toEqual([
      ['punct', '{'],
      ['key', '"a"'],
      ['punct', ':'],
      ['string', '"b"'],
      ['punct', ','],
      ['key', '"n"'],
      ['punct', ':'],
      ['number', '12.5'],
      ['punct', ','],
      ['key', '"t"'],
      ['punct', ':'],
      ['literal', 'true'],
      ['punct', ','],
      ['key', '"z"'],
      ['punct', ':'],
      ['literal', 'null'],
      ['punct', ','],
      ['key', '"e"'],
      ['punct', ':'],
      ['number', '-3e-2'],
      ['punct', '}'],
    ]);
  });

  it('keeps escaped quotes inside one string token, and markup as plain string text', () => {
    const tokens = tokenizeJson('["<img src=x onerror=alert(1)>", "say \\"hi\\":"]');
    expect(tokens.filter((t) => t.kind === 'string').map((t) => t.text)).toEqual(['"<img src=x onerror=alert(1)>"', '"say \\"hi\\":"']);
  });

  it('keeps text that is not JSON, as "other" tokens', () => {
    const text = '{"a": nope, "b": "unterminated';
    const tokens = tokenizeJson(text);
    expect(tokens.map((t) => t.text).join('')).toBe(text);
    expect(tokens.find((t) => t.kind === 'other')?.text).toBe('nope');
    expect(tokens.at(-1)).toEqual({ kind: 'string', text: '"unterminated' });
  });
});

describe('checkRequest', () => {
  it('refuses an empty or blank prompt', () => {
    expect(checkRequest({ prompt: '' })?.code).toBe('EMPTY_PROMPT');
    expect(checkRequest({ prompt: ' \n\t ' })?.code).toBe('EMPTY_PROMPT');
  });

  it('takes 2,000 characters and refuses 2,001', () => {
    expect(checkRequest({ prompt: 'a'.repeat(2000) })).toBeNull();
    const tooLong = checkRequest({ prompt: 'a'.repeat(2001) });
    expect(tooLong).toMatchObject({ status: 0, code: 'PROMPT_TOO_LONG' });
    expect(tooLong!.message).toContain('2,001 characters');
  });

  it('takes an empty base URL or an http(s) one, and refuses anything else', () => {
    expect(checkRequest({ prompt: 'p', baseUrl: '' })).toBeNull();
    expect(checkRequest({ prompt: 'p', baseUrl: ' https://fhir.example.org/r4 ' })).toBeNull();
    expect(checkRequest({ prompt: 'p', baseUrl: 'http://localhost:8080/fhir' })).toBeNull();
    for (const bad of ['javascript:alert(1)', 'ftp://x.org', 'not a url', '//x.org']) {
      expect({ bad, code: checkRequest({ prompt: 'p', baseUrl: bad })?.code }).toEqual({ bad, code: 'BAD_BASE_URL' });
    }
  });
});

describe('interpret', () => {
  it('reads a success', () => {
    const outcome = interpret(200, answer(), null);
    expect(outcome).toEqual({ ok: true, result: expect.objectContaining({ engine: 'offline', understood: ['resource type: Observation'], notes: ['status set to final'] }) });
  });

  it('treats a 200 that is not the promised shape as an unreadable answer', () => {
    for (const body of [undefined, null, [], {}, answer({ resource: { id: 'x' } }), answer({ validation: {} }), answer({ code: 'ts' })]) {
      const outcome = interpret(200, body, null);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.failure.code).toBe('BAD_ANSWER');
    }
  });

  it('keeps what was understood and what is missing from a 422', () => {
    const outcome = interpret(422, { error: { code: 'NOT_UNDERSTOOD', message: 'Tell me more' }, understood: ['subject: Patient/42', 7], missing: ['a resource type'] }, null);
    expect(outcome).toEqual({
      ok: false,
      failure: { status: 422, code: 'NOT_UNDERSTOOD', message: 'Tell me more', understood: ['subject: Patient/42'], missing: ['a resource type'], details: [] },
    });
  });

  it('shows a 400 message, and its issues only when the message does not already hold them', () => {
    const listed = interpret(400, { error: { code: 'INVALID_BODY', message: 'bad: prompt: Too long', issues: [{ path: 'prompt', message: 'Too long' }] } }, null);
    expect(listed.ok ? null : listed.failure).toMatchObject({ status: 400, code: 'INVALID_BODY', message: 'bad: prompt: Too long', details: [] });
    const apart = interpret(400, { error: { code: 'INVALID_BODY', message: 'The body is wrong', issues: [{ path: 'baseUrl', message: 'Invalid URL' }, 'junk'] } }, null);
    expect(apart.ok ? null : apart.failure.details).toEqual(['baseUrl: Invalid URL']);
    const bare = interpret(400, undefined, null);
    expect(bare.ok ? null : bare.failure).toMatchObject({ code: 'BAD_REQUEST', message: 'The builder refused the request (HTTP 400).' });
  });

  it('says when to retry after a 429', () => {
    const seconds = interpret(429, { error: { code: 'RATE_LIMITED', message: 'slow down' } }, '1');
    expect(seconds.ok ? null : seconds.failure).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1, message: 'Too many requests just now. Please try again in 1 second.' });
    const none = interpret(429, undefined, null);
    expect(none.ok ? null : none.failure.message).toBe('Too many requests just now. Please try again in a minute.');
  });

  it('calls 5xx answers unavailable, whatever their body', () => {
    const outcome = interpret(502, '<html>bad gateway</html>', null);
    expect(outcome.ok ? null : outcome.failure).toMatchObject({ status: 502, code: 'UNAVAILABLE' });
    expect(outcome.ok ? '' : outcome.failure.message).toContain('HTTP 502');
  });
});

describe('retryAfterSeconds (shared by the elements)', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds(null, now)).toBeUndefined();
  });
});

describe('readResult', () => {
  it('drops malformed issues and snippets, and defaults what is missing', () => {
    const result = readResult(
      answer({
        validation: {
          valid: false,
          issues: [issue('error', { expression: ['Observation.code', 3] as unknown as string[] }), { nope: 1 }, { message: 'odd', severity: 'panic', location: { entry: 2 } }, { message: 'm', location: { entry: 'x' } }],
        },
        code: { typescript: 'ts', java: 42 },
        engine: undefined,
        understood: 'x',
      }),
    )!;
    expect(result.validation.issues).toEqual([
      expect.objectContaining({ severity: 'error', expression: ['Observation.code'] }),
      expect.objectContaining({ message: 'odd', severity: 'information', resourceType: 'Observation', expression: [], entry: 2 }),
      expect.not.objectContaining({ entry: expect.anything() }),
    ]);
    expect(result.code).toEqual({ typescript: 'ts' });
    expect(result.engine).toBe('unknown');
    expect(result.understood).toEqual([]);
  });
});

describe('requestBuild', () => {
  const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    jest.fn(async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }));

  it('posts the trimmed prompt, and the base URL only when given', async () => {
    const fetch = respond(200, answer());
    const outcome = await requestBuild('/_functions/codegen', { prompt: '  bp 120/80  ', baseUrl: ' ' }, { fetch });
    expect(outcome.ok).toBe(true);
    const calls = fetch.mock.calls as unknown as Array<[string, RequestInit]>;
    expect(calls[0]![0]).toBe('/_functions/codegen');
    expect(calls[0]![1]).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(calls[0]![1].body as string)).toEqual({ prompt: 'bp 120/80' });

    await requestBuild('/x', { prompt: 'p', baseUrl: 'https://fhir.example.org/r4' }, { fetch });
    expect(JSON.parse(calls[1]![1].body as string)).toEqual({ prompt: 'p', baseUrl: 'https://fhir.example.org/r4' });
  });

  it('sends nothing for a request the endpoint would refuse', async () => {
    const fetch = respond(200, answer());
    const outcome = await requestBuild('/x', { prompt: '' }, { fetch });
    expect(outcome.ok ? null : outcome.failure.code).toBe('EMPTY_PROMPT');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reads Retry-After from the answer', async () => {
    const outcome = await requestBuild('/x', { prompt: 'p' }, { fetch: respond(429, { error: { code: 'RATE_LIMITED', message: 'x' } }, { 'retry-after': '7' }) });
    expect(outcome.ok ? null : outcome.failure.retryAfterSeconds).toBe(7);
  });

  it('turns a network failure and an abort into messages, never a throw', async () => {
    const offline = await requestBuild('/x', { prompt: 'p' }, { fetch: jest.fn(async () => Promise.reject(new TypeError('Failed to fetch'))) });
    expect(offline.ok ? null : offline.failure).toMatchObject({ status: 0, code: 'NETWORK' });
    const controller = new AbortController();
    controller.abort();
    const aborted = await requestBuild('/x', { prompt: 'p' }, { signal: controller.signal, fetch: jest.fn(async () => Promise.reject(new DOMException('aborted', 'AbortError'))) });
    expect(aborted.ok ? null : aborted.failure.code).toBe('TIMEOUT');
  });

  it('calls a 200 whose body is not JSON unreadable', async () => {
    const outcome = await requestBuild('/x', { prompt: 'p' }, { fetch: respond(200, '<html>') });
    expect(outcome.ok ? null : outcome.failure.code).toBe('BAD_ANSWER');
  });
});

describe('view', () => {
  it('counts the prompt against 2,000 characters', () => {
    expect(promptCounter(0)).toEqual({ text: '0 / 2,000', over: false });
    expect(promptCounter(2000)).toEqual({ text: '2,000 / 2,000', over: false });
    expect(promptCounter(2001)).toEqual({ text: '2,001 / 2,000', over: true });
  });

  it('badges valid, valid with warnings, and invalid results', () => {
    expect(validityBadge({ valid: true, issues: [] })).toEqual({ tone: 'valid', text: 'Valid FHIR R4' });
    expect(validityBadge({ valid: true, issues: [issue('warning'), issue('warning'), issue('information')] })).toEqual({ tone: 'warning', text: 'Valid FHIR R4 · 2 warnings, 1 information' });
    expect(validityBadge({ valid: false, issues: [issue('fatal'), issue('error'), issue('warning')] })).toEqual({ tone: 'invalid', text: 'Not valid: 2 errors, 1 warning' });
    expect(validityBadge({ valid: false, issues: [] })).toEqual({ tone: 'invalid', text: 'Not valid FHIR R4' });
  });

  it('says where an issue is: its expressions, else the resource', () => {
    expect(issueWhere(issue('error', { expression: ['Observation.code', 'Observation.value[x]'] }))).toBe('Observation.code, Observation.value[x]');
    expect(issueWhere(issue('error', { id: 'bp' }))).toBe('Observation/bp');
    expect(issueWhere(issue('error'))).toBe('Observation');
    expect(issueWhere(issue('warning', { expression: ['Patient.gender'], entry: 0 }))).toBe('Patient.gender (entry 0)');
  });

  it('makes tabs for the known languages the answer has, in a fixed order', () => {
    expect(CODE_TABS.map((t) => t.label)).toEqual(['TypeScript', 'Python', 'curl', 'Java', 'C#']);
    expect(tabsFor({ csharp: 'c', typescript: 't', ruby: 'r', python: '' }).map((t) => t.language)).toEqual(['typescript', 'csharp']);
  });

  it('moves between tabs as the WAI-ARIA tabs pattern says', () => {
    expect(tabAfterKey('ArrowRight', 0, 5)).toBe(1);
    expect(tabAfterKey('ArrowRight', 4, 5)).toBe(0);
    expect(tabAfterKey('ArrowLeft', 0, 5)).toBe(4);
    expect(tabAfterKey('Home', 3, 5)).toBe(0);
    expect(tabAfterKey('End', 1, 5)).toBe(4);
    expect(tabAfterKey('Enter', 1, 5)).toBeNull();
    expect(tabAfterKey('ArrowRight', 0, 0)).toBeNull();
  });

  it('names the download after the resource, safely', () => {
    expect(resourceFileName({ resourceType: 'Observation', id: 'bp-1' })).toBe('observation-bp-1.json');
    expect(resourceFileName({ resourceType: 'Patient', id: '../../etc/passwd' })).toBe('patient-etc-passwd.json');
    expect(resourceFileName({ resourceType: 'Bundle' })).toBe('bundle.json');
    expect(resourceFileName({})).toBe('fhir-resource.json');
  });

  it('sums up a build for the status line and the build-complete event', () => {
    const result = readResult(answer({ validation: { valid: true, issues: [issue('warning')] } }))!;
    expect(builtStatus(result)).toBe('Built an Observation: Valid FHIR R4 · 1 warning.');
    const bundle = readResult(answer({ resource: { resourceType: 'Bundle', type: 'transaction', entry: [{}, {}, {}] } }))!;
    expect(builtStatus(bundle)).toBe('Built a Bundle of 3 resources: Valid FHIR R4.');
    expect(completeDetail(result)).toEqual({ resourceType: 'Observation', valid: true, engine: 'offline', errors: 0, warnings: 1, languages: ['typescript', 'python', 'curl', 'java', 'csharp'] });
  });
});
