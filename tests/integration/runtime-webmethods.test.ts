import { fetchJson, roleCookie, startTestSite, type TestSite } from '../helpers/local-site';

// Web methods against fixtures (tests/fixtures/backend/*.web.ts): permissions for each identity,
// routing, body validation, faults and serialisation.
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite({ backendDir: 'tests/fixtures/backend', seed: false });
});
afterAll(() => site.close());

type Role = 'visitor' | 'member' | 'admin';

function call(path: string, args: unknown[], role: Role = 'visitor') {
  return fetchJson(`${site.url}/_webmethods/${path}`, { method: 'POST', json: { args }, headers: { cookie: roleCookie(role) } });
}

describe('POST /_webmethods/<module>.web/<export>', () => {
  it('runs a method with its arguments and answers {result}', async () => {
    const res = await call('permissions.web/forAnyone', [2, 3]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: { sum: 5 } });
    expect((await call('other.web/ping', [])).body).toEqual({ result: 'pong' });
  });

  const matrix: Array<[string, Role, number]> = [
    ['forAnyone', 'visitor', 200],
    ['forAnyone', 'member', 200],
    ['forAnyone', 'admin', 200],
    ['forMembers', 'visitor', 403],
    ['forMembers', 'member', 200],
    ['forMembers', 'admin', 200],
    ['forAdmins', 'visitor', 403],
    ['forAdmins', 'member', 403],
    ['forAdmins', 'admin', 200],
  ];
  it.each(matrix)('enforces the permission of %s for a %s (%i)', async (name, role, status) => {
    const res = await call(`permissions.web/${name}`, [1, 2], role);
    expect(res.status).toBe(status);
    if (status === 403) {
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(res.body.result).toBeUndefined();
    }
  });

  it('runs the method inside the caller\'s identity', async () => {
    expect((await call('permissions.web/whoAmI', [], 'visitor')).body.result).toBe('visitor');
    expect((await call('permissions.web/whoAmI', [], 'member')).body.result).toBe('member');
    expect((await call('permissions.web/whoAmI', [], 'admin')).body.result).toBe('admin');
    expect((await call('permissions.web/forMembers', [], 'member')).body.result).toEqual({
      id: 'local-member',
      loginEmail: 'member@fhiriq.local',
      nickname: 'Local Member',
      role: 'member',
    });
  });

  it('treats an unknown role cookie as a visitor', async () => {
    const res = await fetchJson(`${site.url}/_webmethods/permissions.web/whoAmI`, {
      method: 'POST',
      json: { args: [] },
      headers: { cookie: 'fhiriq_role=superuser' },
    });
    expect(res.body.result).toBe('visitor');
  });

  it('keeps identities apart across concurrent calls', async () => {
    const roles: Role[] = ['visitor', 'member', 'admin', 'member', 'visitor', 'admin', 'admin', 'visitor'];
    const results = await Promise.all(roles.map((role) => call('permissions.web/whoAmI', [], role)));
    expect(results.map((r) => r.body.result)).toEqual(roles);
  });

  it.each([
    ['nope.web/forAnyone', 'unknown module'],
    ['permissions.web/nope', 'unknown export'],
    ['permissions.web/plainHelper', 'export not wrapped with webMethod'],
    ['permissions/forAnyone', 'module without .web'],
    ['..%2Fhttp-functions.web/get_echo', 'path tricks'],
    ['permissions.web/__proto__', 'prototype key'],
    ['permissions.web/constructor', 'inherited key'],
  ])('answers 404 JSON for %s (%s)', async (path) => {
    const res = await call(path, []);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('answers 404 for GET (web methods are POST only)', async () => {
    const res = await fetchJson(`${site.url}/_webmethods/permissions.web/forAnyone`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it.each([
    ['{}', 'no args'],
    ['{"args": 5}', 'args not an array'],
    ['[1,2]', 'an array, not an object'],
    ['null', 'null'],
  ])('answers 400 JSON for the body %s (%s)', async (body) => {
    const res = await fetchJson(`${site.url}/_webmethods/permissions.web/forAnyone`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
  });

  it('answers 400 JSON for malformed JSON, an empty body and a __proto__ key', async () => {
    for (const body of ['{"args": [', '', '{"args": [], "__proto__": {"x": 1}}']) {
      const res = await fetchJson(`${site.url}/_webmethods/permissions.web/forAnyone`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(400);
      expect(typeof res.body.error.code).toBe('string');
    }
  });

  it('answers 415 JSON for a body that is not JSON', async () => {
    const res = await fetchJson(`${site.url}/_webmethods/permissions.web/forAnyone`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'args',
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a POST without a body with 400', async () => {
    const res = await fetchJson(`${site.url}/_webmethods/permissions.web/forAnyone`, { method: 'POST' });
    expect(res.status).toBe(400);
  });

  it('sends Dates as ISO strings and undefined as an absent result', async () => {
    expect((await call('permissions.web/dated', [])).body).toEqual({ result: { at: '2026-02-03T04:05:06.007Z' } });
    expect((await call('permissions.web/nothing', [])).body).toEqual({});
  });

  it('turns a throw or an unserialisable result into a generic 500 without details', async () => {
    for (const name of ['fails', 'unserialisable']) {
      const res = await call(`permissions.web/${name}`, []);
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('INTERNAL');
      expect(res.text).not.toMatch(/secret|BigInt|at /);
    }
  });
});
