import type { Browser, Page } from 'playwright-core';
import { toHtml } from '../../src/public/fhir/render/html';
import { hostileReport } from '../fixtures/fhir/reports/reports';
import { launchBrowser } from '../helpers/browser';

/**
 * The HTML report in a real browser: it makes no request, nothing from the data runs (the hostile
 * report carries script tags and event handlers in ids, messages, types, rules and sources), and
 * the inline filters work.
 */
describe('HTML scan report in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(toHtml(hostileReport()), { waitUntil: 'load' });
  });
  afterAll(async () => browser?.close());

  const visibleRows = () => page.locator('#issues tbody tr:not([hidden])').count();

  it('makes no request and runs nothing from the data', async () => {
    await page.waitForTimeout(200);
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await page.locator('img, iframe, main script, svg[onload]').count()).toBe(0);
    expect(await page.locator('body').innerText()).toContain('<script>alert("pwned")</script>');
  });

  it('shows every issue, then filters by severity, type, category and text', async () => {
    expect(await visibleRows()).toBe(6);
    await page.selectOption('#f-sev', 'error');
    expect(await visibleRows()).toBe(3);
    expect(await page.locator('#f-count').textContent()).toBe('3');
    await page.selectOption('#f-type', 'Patient');
    expect(await visibleRows()).toBe(1);
    await page.selectOption('#f-sev', '');
    expect(await visibleRows()).toBe(2);
    await page.selectOption('#f-type', '');
    await page.selectOption('#f-cat', 'completeness');
    expect(await visibleRows()).toBe(1);
    await page.selectOption('#f-cat', '');
    await page.fill('#f-text', 'PWNED');
    expect(await visibleRows()).toBe(1);
    await page.selectOption('#f-type', '<svg onload=alert(2)>');
    expect(await visibleRows()).toBe(1);
    await page.fill('#f-text', '');
    await page.selectOption('#f-type', '');
    expect(await visibleRows()).toBe(6);
    expect(dialogs).toEqual([]);
  });
});
