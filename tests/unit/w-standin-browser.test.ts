import { existsSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

// The $w stand-in over a real DOM, in headless Chromium (Debian's /usr/bin/chromium).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = path.resolve(__dirname, '../..');

const FIXTURE = `<!doctype html><html><body>
<h1 id="pageTitle">Old title</h1>
<div id="richText"></div>
<input id="nameInput" type="text" placeholder="Your name">
<label for="emailInput">Email</label><input id="emailInput" type="email" required>
<input id="consentCheckbox" type="checkbox">
<textarea id="messageInput"></textarea>
<select id="planDropdown"><option value="x">X</option></select>
<button id="submitButton" type="button">Send</button>
<a id="docsLink" href="/docs">Docs</a>
<img id="logo" src="/a.png" alt="A">
<p id="notice" hidden>Hidden at first</p>
<fhir-widget id="widget"></fhir-widget>
<ul id="postsRepeater" data-repeater>
  <template><li class="post"><h2 id="title"></h2><button id="more" type="button">More</button><label for="pick">Pick</label><input id="pick" type="checkbox"></li></template>
</ul>
<p id="outside">Outside the repeater</p>
</body></html>`;

let browser: Browser;
let page: Page;
let harness: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`These tests need Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const built = await esbuild.build({
    stdin: {
      contents: `import { createW } from './local/preview/client/w';
        const runtime = createW(document);
        window.$w = runtime.$w;
        window.runReady = runtime.runReady;`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
  });
  harness = built.outputFiles[0]!.text;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  page = await browser.newPage();
  await page.setContent(FIXTURE);
  await page.addScriptTag({ content: harness });
});
afterEach(async () => {
  await page?.close();
});

describe('$w stand-in in a browser', () => {
  it('sets text as plain text (no HTML injection) and html as markup', async () => {
    const result = await page.evaluate(() => {
      $w('#pageTitle').text = '<img src=x onerror="window.hacked=1">Hello';
      $w('#richText').html = '<strong>bold</strong>';
      return {
        titleHtml: document.getElementById('pageTitle')!.innerHTML,
        titleText: $w('#pageTitle').text,
        strong: document.querySelector('#richText strong')?.textContent,
        hacked: (window as unknown as { hacked?: number }).hacked,
      };
    });
    expect(result.titleText).toBe('<img src=x onerror="window.hacked=1">Hello');
    expect(result.titleHtml).toContain('&lt;img');
    expect(result.strong).toBe('bold');
    expect(result.hacked).toBeUndefined();
  });

  it('reads and writes values, checked, placeholder, options, label, link, src and alt', async () => {
    const result = await page.evaluate(() => {
      $w('#nameInput').value = 'Ada';
      $w('#messageInput').value = 'Hi';
      $w('#consentCheckbox').checked = true;
      $w('#nameInput').placeholder = 'Full name';
      $w('#planDropdown').options = [
        { label: 'Free', value: 'free' },
        { label: 'Pro <b>', value: 'pro' },
      ];
      $w('#planDropdown').value = 'pro';
      $w('#submitButton').label = 'Sending…';
      $w('#emailInput').label = 'Work email';
      $w('#docsLink').link = '/docs/scanner';
      $w('#logo').src = '/b.png';
      $w('#logo').alt = 'B';
      return {
        name: (document.getElementById('nameInput') as HTMLInputElement).value,
        message: $w('#messageInput').value,
        checked: (document.getElementById('consentCheckbox') as HTMLInputElement).checked,
        placeholder: document.getElementById('nameInput')!.getAttribute('placeholder'),
        options: $w('#planDropdown').options,
        selected: (document.getElementById('planDropdown') as HTMLSelectElement).value,
        button: document.getElementById('submitButton')!.textContent,
        emailLabel: document.querySelector('label[for=emailInput]')!.textContent,
        href: document.getElementById('docsLink')!.getAttribute('href'),
        img: [document.getElementById('logo')!.getAttribute('src'), $w('#logo').alt],
        types: [$w('#nameInput').type, $w('#submitButton').type, $w('#postsRepeater').type, $w('#widget').type],
      };
    });
    expect(result).toEqual({
      name: 'Ada',
      message: 'Hi',
      checked: true,
      placeholder: 'Full name',
      options: [
        { label: 'Free', value: 'free' },
        { label: 'Pro <b>', value: 'pro' },
      ],
      selected: 'pro',
      button: 'Sending…',
      emailLabel: 'Work email',
      href: '/docs/scanner',
      img: ['/b.png', 'B'],
      types: ['$w.TextInput', '$w.Button', '$w.Repeater', '$w.CustomElement'],
    });
  });

  it('shows, hides, collapses, expands, enables and disables', async () => {
    const result = await page.evaluate(async () => {
      const notice = $w('#notice');
      const states: unknown[] = [[notice.hidden, notice.isVisible]];
      await notice.show();
      states.push([notice.hidden, notice.isVisible, document.getElementById('notice')!.hidden]);
      await notice.collapse();
      states.push([notice.collapsed, notice.hidden, notice.isVisible]);
      await notice.expand();
      states.push([notice.collapsed, notice.isVisible]);
      await notice.hide();
      states.push([notice.hidden, document.getElementById('notice')!.hasAttribute('hidden')]);
      const button = $w('#submitButton');
      await button.disable();
      states.push([button.enabled, (document.getElementById('submitButton') as HTMLButtonElement).disabled]);
      await button.enable();
      states.push([button.enabled]);
      return states;
    });
    expect(result).toEqual([[true, false], [false, true, false], [true, false, false], [false, true], [true, true], [false, true], [true]]);
  });

  it('runs onClick, onChange and onInput handlers with the element as target', async () => {
    const events = await page.evaluate(async () => {
      const seen: string[] = [];
      const returned = $w('#submitButton').onClick((e) => seen.push(`${e.type}:${e.target.id}`));
      $w('#consentCheckbox').onChange((e) => seen.push(`${e.type}:${e.target.id}`));
      $w('#nameInput').onInput((e) => seen.push(`${e.type}:${e.target.id}`));
      document.getElementById('submitButton')!.click();
      document.getElementById('consentCheckbox')!.click();
      document.getElementById('nameInput')!.dispatchEvent(new Event('input'));
      seen.push(String(returned === $w('#submitButton')));
      return seen;
    });
    expect(events).toEqual(['click:submitButton', 'change:consentCheckbox', 'input:nameInput', 'true']);
  });

  it('throws a clear error naming a missing id, and for members the element lacks', async () => {
    const errors = await page.evaluate(() => {
      const messages: string[] = [];
      for (const fn of [() => $w('#noSuchThing'), () => $w('#pageTitle').checked, () => ($w('#pageTitle').data = [])]) {
        try {
          fn();
        } catch (e) {
          messages.push((e as Error).message);
        }
      }
      return messages;
    });
    expect(errors[0]).toContain('"noSuchThing"');
    expect(errors[1]).toMatch(/pageTitle.*no checked/);
    expect(errors[2]).toMatch(/pageTitle.*no data/);
  });

  it('renders repeater items with item-scoped selectors, keyed by _id', async () => {
    const result = await page.evaluate(() => {
      const calls: string[] = [];
      const repeater = $w('#postsRepeater');
      repeater.onItemReady(($item, data, index) => {
        calls.push(`${data._id}@${index}`);
        $item('#title').text = data.title;
        $item('#more').onClick(() => {
          $item('#title').text = `${data.title} (opened)`;
          $w('#outside').text = `opened ${data._id}`;
        });
        // Falls back to the page for ids outside the repeater, as Velo does.
        $item('#outside').text = `last ready: ${data._id}`;
      });
      repeater.data = [
        { _id: 'p1', title: 'First <b>' },
        { _id: 'p2', title: 'Second' },
      ];
      const items = () => Array.from(document.querySelectorAll('#postsRepeater > [data-repeater-item]'));
      const firstRender = items().map((li) => [li.getAttribute('data-repeater-item'), li.querySelector('[data-item-id=title]')!.textContent]);
      const domIdsUnique = new Set(Array.from(document.querySelectorAll('[id]')).map((e) => e.id)).size === document.querySelectorAll('[id]').length;
      const noPlainTitleId = document.getElementById('title') === null;
      const labelFor = items()[0]!.querySelector('label')!.getAttribute('for');
      const labelTarget = items()[0]!.querySelector('input')!.id;
      (items()[1]!.querySelector('[data-item-id=more]') as HTMLElement).click();
      const afterClick = [items()[1]!.querySelector('[data-item-id=title]')!.textContent, document.getElementById('outside')!.textContent];

      const p1Node = items()[0];
      repeater.data = [
        { _id: 'p3', title: 'Third' },
        { _id: 'p1', title: 'First <b>' },
      ];
      const secondRender = items().map((li) => [li.getAttribute('data-repeater-item'), li.querySelector('[data-item-id=title]')!.textContent]);
      const keptNode = items()[1] === p1Node;

      const each: string[] = [];
      repeater.forEachItem(($item, data, index) => each.push(`${index}:${data._id}:${$item('#title').text}`));
      return { calls, firstRender, domIdsUnique, noPlainTitleId, labelOk: labelFor === labelTarget, afterClick, secondRender, keptNode, each, data: repeater.data };
    });
    expect(result.firstRender).toEqual([
      ['p1', 'First <b>'],
      ['p2', 'Second'],
    ]);
    expect(result.domIdsUnique).toBe(true);
    expect(result.noPlainTitleId).toBe(true);
    expect(result.labelOk).toBe(true);
    expect(result.afterClick).toEqual(['Second (opened)', 'opened p2']);
    expect(result.secondRender).toEqual([
      ['p3', 'Third'],
      ['p1', 'First <b>'],
    ]);
    expect(result.keptNode).toBe(true);
    expect(result.calls).toEqual(['p1@0', 'p2@1', 'p3@0']);
    expect(result.each).toEqual(['0:p3:Third', '1:p1:First <b>']);
    expect(result.data).toEqual([
      { _id: 'p3', title: 'Third' },
      { _id: 'p1', title: 'First <b>' },
    ]);
  });

  it('refuses repeater data without unique _ids', async () => {
    const message = await page.evaluate(() => {
      try {
        $w('#postsRepeater').data = [{ _id: 'a' }, { _id: 'a' }];
        return 'no error';
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(message).toContain('twice');
  });

  it('sets attributes on custom elements and listens to their events', async () => {
    const result = await page.evaluate(() => {
      const got: unknown[] = [];
      $w('#widget').setAttribute('mode', 'strict');
      $w('#widget').on('scan-complete', (e) => got.push([e.type, e.detail]));
      document.getElementById('widget')!.dispatchEvent(new CustomEvent('scan-complete', { detail: { score: 97 } }));
      return { attr: document.getElementById('widget')!.getAttribute('mode'), got };
    });
    expect(result).toEqual({ attr: 'strict', got: [['scan-complete', { score: 97 }]] });
  });

  it('runs onReady callbacks in order, awaiting each, and reports a failing one on the page', async () => {
    const result = await page.evaluate(async () => {
      const order: string[] = [];
      $w.onReady(async () => {
        await new Promise((r) => setTimeout(r, 20));
        order.push('master');
      });
      $w.onReady(() => {
        throw new Error('page code bug');
      });
      $w.onReady(() => {
        order.push('page');
      });
      await (window as unknown as { runReady(): Promise<void> }).runReady();
      return {
        order,
        ready: document.documentElement.getAttribute('data-w-ready'),
        banner: document.getElementById('w-errors')?.textContent ?? '',
      };
    });
    expect(result.order).toEqual(['master', 'page']);
    expect(result.ready).toBe('true');
    expect(result.banner).toContain('page code bug');
  });

  it('reports a handler that rejects instead of losing the error', async () => {
    const banner = await page.evaluate(async () => {
      $w('#submitButton').onClick(async () => {
        throw new Error('async handler bug');
      });
      document.getElementById('submitButton')!.click();
      await new Promise((r) => setTimeout(r, 10));
      return document.getElementById('w-errors')?.textContent ?? '';
    });
    expect(banner).toContain('async handler bug');
  });
});
