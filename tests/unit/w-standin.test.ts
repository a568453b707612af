import { callWebMethod, WebMethodError } from '../../local/preview/client/rpc';
import { kindOf, veloType } from '../../local/preview/client/element-kind';
import { planRender, validateItems } from '../../local/preview/client/items';
import { parseSelector } from '../../local/preview/client/selector';

// The $w stand-in's logic that runs without a browser (the DOM side is in w-standin-browser.test.ts).

describe('parseSelector', () => {
  it('takes #elementId', () => {
    expect(parseSelector('#submitButton')).toBe('submitButton');
    expect(parseSelector(' #name-input_2 ')).toBe('name-input_2');
  });
  it.each(['submitButton', '#', '.cls', '#a, #b', 'Text', '#1abc', '#a b'])('refuses %p with a clear error', (selector) => {
    expect(() => parseSelector(selector)).toThrow(/only '#elementId' selectors/);
  });
  it('refuses a non-string', () => {
    expect(() => parseSelector(42)).toThrow(TypeError);
  });
});

describe('kindOf', () => {
  it.each([
    ['INPUT', 'text', 'textInput', '$w.TextInput'],
    ['INPUT', 'email', 'textInput', '$w.TextInput'],
    ['INPUT', null, 'textInput', '$w.TextInput'],
    ['INPUT', 'checkbox', 'checkbox', '$w.Checkbox'],
    ['TEXTAREA', null, 'textBox', '$w.TextBox'],
    ['SELECT', null, 'dropdown', '$w.Dropdown'],
    ['BUTTON', null, 'button', '$w.Button'],
    ['A', null, 'link', '$w.Text'],
    ['IMG', null, 'image', '$w.Image'],
    ['FHIR-SCANNER', null, 'custom', '$w.CustomElement'],
    ['P', null, 'text', '$w.Text'],
    ['DIV', null, 'text', '$w.Text'],
  ] as const)('<%s type=%s> is a %s', (tag, type, kind, velo) => {
    expect(kindOf(tag, type, false)).toBe(kind);
    expect(veloType(kindOf(tag, type, false))).toBe(velo);
  });
  it('a data-repeater element is a repeater whatever its tag', () => {
    expect(kindOf('DIV', null, true)).toBe('repeater');
    expect(kindOf('UL', null, true)).toBe('repeater');
  });
});

describe('repeater items', () => {
  const a = { _id: 'a', title: 'A' };
  const b = { _id: 'b', title: 'B' };
  const c = { _id: 'c', title: 'C' };

  it('accepts an array of objects with unique string _ids', () => {
    expect(validateItems('r', [a, b])).toEqual([a, b]);
  });
  it.each([
    [{}, /must be an array/],
    [[null], /is not an object/],
    [[{ title: 'x' }], /needs a string _id/],
    [[{ _id: 7 }], /needs a string _id/],
    [[{ _id: '' }], /needs a string _id/],
    [[a, { ...a }], /_id "a" twice/],
  ])('refuses %p', (data, message) => {
    expect(() => validateItems('postsRepeater', data)).toThrow(message);
  });

  it('renders every item fresh the first time', () => {
    const plan = planRender([], [a, b]);
    expect(plan.steps.map((s) => [s.item._id, s.index, s.fresh])).toEqual([
      ['a', 0, true],
      ['b', 1, true],
    ]);
    expect(plan.removed).toEqual([]);
  });

  it('keeps unchanged items, re-renders changed ones, adds new ones and removes missing ones', () => {
    const plan = planRender([a, b, c], [{ ...b, title: 'B2' }, { ...a }, { _id: 'd' }]);
    expect(plan.steps.map((s) => [s.item._id, s.index, s.fresh])).toEqual([
      ['b', 0, true],
      ['a', 1, false],
      ['d', 2, true],
    ]);
    expect(plan.removed.sort()).toEqual(['b', 'c']);
  });
});

describe('callWebMethod', () => {
  const respond = (status: number, body: unknown) =>
    jest.fn(async (_url: string, _init: RequestInit) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status }));

  it('POSTs {args} as JSON with same-origin credentials and resolves with the result', async () => {
    const fetchImpl = respond(200, { result: { ok: true } });
    await expect(callWebMethod('contact.web', 'submitContact', [{ name: 'Ann' }], fetchImpl)).resolves.toEqual({ ok: true });
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe('/_webmethods/contact.web/submitContact');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(new Headers(init.headers).get('content-type')).toBe('application/json');
    expect(JSON.parse(String(init.body))).toEqual({ args: [{ name: 'Ann' }] });
  });

  it('resolves undefined when the method returned nothing', async () => {
    await expect(callWebMethod('m.web', 'f', [], respond(200, {}))).resolves.toBeUndefined();
  });

  it('rejects a non-2xx answer with an Error carrying the code, message and status', async () => {
    const err = await callWebMethod('m.web', 'f', [], respond(403, { error: { code: 'FORBIDDEN', message: 'members only' } })).catch((e) => e);
    expect(err).toBeInstanceOf(WebMethodError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: 'FORBIDDEN', message: 'members only', status: 403 });
  });

  it('rejects a non-JSON error page with an HTTP code', async () => {
    const err = await callWebMethod('m.web', 'f', [], respond(502, '<html>bad gateway</html>')).catch((e) => e);
    expect(err).toMatchObject({ code: 'HTTP_502', status: 502 });
  });

  it('rejects a network failure', async () => {
    const failing = jest.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(callWebMethod('m.web', 'f', [], failing)).rejects.toMatchObject({ code: 'NETWORK' });
  });
});
