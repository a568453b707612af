import { COLLECTIONS } from '../../src/backend/collections';
import { fetchJson, roleCookie, startTestSite, type TestSite } from '../helpers/local-site';

// The development helpers under /_local: identity, data browser, jobs page.
let site: TestSite;

beforeAll(async () => {
  site = await startTestSite({ seed: false });
});
afterAll(() => site.close());

describe('/_local/login and /_local/whoami', () => {
  it('is a visitor without a cookie', async () => {
    const res = await fetchJson(`${site.url}/_local/whoami`);
    expect(res.body).toEqual({ role: 'visitor', member: null });
  });

  it('sets the role cookie from a form post and redirects to a same-site next', async () => {
    const res = await fetch(`${site.url}/_local/login?next=/contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'role=member',
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/contact');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^fhiriq_role=member;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const who = await fetchJson(`${site.url}/_local/whoami`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(who.body).toEqual({
      role: 'member',
      member: { id: 'local-member', loginEmail: 'member@fhiriq.local', nickname: 'Local Member', role: 'member' },
    });
  });

  it('accepts JSON and switches to admin, then back to visitor', async () => {
    for (const role of ['admin', 'visitor'] as const) {
      const res = await fetch(`${site.url}/_local/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role }),
        redirect: 'manual',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/');
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      expect(cookie).toBe(`fhiriq_role=${role}`);
      expect((await fetchJson(`${site.url}/_local/whoami`, { headers: { cookie } })).body.role).toBe(role);
    }
  });

  it.each(['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)'])(
    'never redirects off the site (next=%s)',
    async (next) => {
      const res = await fetch(`${site.url}/_local/login?next=${encodeURIComponent(next)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'member' }),
        redirect: 'manual',
      });
      expect(res.headers.get('location')).toBe('/');
    },
  );

  it('refuses an unknown role with 400 JSON and a cross-site post with 403', async () => {
    const bad = await fetchJson(`${site.url}/_local/login`, { method: 'POST', json: { role: 'root' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    const cross = await fetchJson(`${site.url}/_local/login`, {
      method: 'POST',
      json: { role: 'admin' },
      headers: { origin: 'https://evil.example' },
    });
    expect(cross.status).toBe(403);
  });

  it('shows the current identity and the three choices', async () => {
    const res = await fetch(`${site.url}/_local/login`, { headers: { cookie: roleCookie('admin') } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('admin@fhiriq.local');
    for (const role of ['visitor', 'member', 'admin']) expect(html).toContain(`name="role" value="${role}"`);
  });
});

describe('/_local/collections', () => {
  beforeAll(async () => {
    await site.ports.data.insert('ContactSubmissions', {
      name: '<script>alert("x")</script>',
      email: 'Someone@Example.COM',
      company: 'ACME & Sons',
      message: 'Hello',
      consent: true,
      status: 'new',
      submittedAt: new Date(),
    });
  });

  it('answers JSON items and totalCount for a collection', async () => {
    const res = await fetchJson(`${site.url}/_local/collections/ContactSubmissions`);
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(1);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].company).toBe('ACME & Sons');
    expect(typeof res.body.items[0]._createdDate).toBe('string');
  });

  it('pages with limit and skip, and validates them', async () => {
    expect((await fetchJson(`${site.url}/_local/collections/ContactSubmissions?limit=0`)).body.items).toEqual([]);
    expect((await fetchJson(`${site.url}/_local/collections/ContactSubmissions?skip=1`)).body.items).toEqual([]);
    for (const query of ['limit=1001', 'limit=-1', 'limit=abc', 'skip=-5', 'skip=1.5']) {
      const res = await fetchJson(`${site.url}/_local/collections/ContactSubmissions?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
    }
  });

  it('answers an unknown collection with 404 JSON', async () => {
    const res = await fetchJson(`${site.url}/_local/collections/Nope`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('lists every collection with its count in the HTML browser', async () => {
    const res = await fetch(`${site.url}/_local/collections`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const c of COLLECTIONS) expect(html).toContain(`href="/_local/collections/${c.id}/view"`);
    expect(html).toMatch(/<code>ContactSubmissions<\/code><\/td>\s*<td>1<\/td>/);
  });

  it('shows a collection as an HTML table with every value escaped', async () => {
    const res = await fetch(`${site.url}/_local/collections/ContactSubmissions/view`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('ACME &amp; Sons');
  });
});

describe('/_local index, jobs and unknown helpers', () => {
  it('links the helpers from /_local', async () => {
    const html = await (await fetch(`${site.url}/_local`)).text();
    for (const href of ['/_local/login', '/_local/collections', '/_local/jobs']) expect(html).toContain(`href="${href}"`);
  });

  it('says the scheduler is off when jobs are off, and refuses to run one', async () => {
    expect(await (await fetch(`${site.url}/_local/jobs`)).text()).toContain('scheduler is off');
    const res = await fetchJson(`${site.url}/_local/jobs/anything/run`, { method: 'POST' });
    expect(res.status).toBe(409);
  });

  it('answers unknown /_local paths with JSON even for browsers', async () => {
    const res = await fetchJson(`${site.url}/_local/nothing-here`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
