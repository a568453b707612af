import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startTestSite } from '../helpers/local-site';

type Site = Awaited<ReturnType<typeof startTestSite>>;

describe('Contact page in Chromium', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    site = await startTestSite();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('shows field errors for a bad email, then confirms a good submission that lands in ContactSubmissions', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${site.url}/contact`);

    await page.fill('#nameInput', 'Margaret Hamilton');
    await page.fill('#emailInput', 'margaret-at-example');
    await page.fill('#companyInput', 'Apollo Data');
    await page.fill('#messageInput', 'Can the scanner check our US Core Observations?');
    await page.check('#consentCheckbox');
    await page.click('#submitButton');

    await page.locator('#emailError').waitFor({ state: 'visible' });
    expect(await page.textContent('#emailError')).toMatch(/valid email/i);
    expect(await page.isVisible('#successMessage')).toBe(false);
    expect(await site.ports.data.query('ContactSubmissions').count()).toBe(0);

    await page.fill('#emailInput', 'Margaret@Example.COM');
    await page.click('#submitButton');
    await page.locator('#successMessage').waitFor({ state: 'visible' });
    expect(await page.textContent('#successMessage')).toContain('Margaret Hamilton');
    expect(await page.isVisible('#emailError')).toBe(false);
    expect(await page.isVisible('#contactFormBox')).toBe(false);

    const rows = await site.ports.data.query('ContactSubmissions').find();
    expect(rows.items).toHaveLength(1);
    expect(rows.items[0]).toMatchObject({
      name: 'Margaret Hamilton',
      email: 'margaret@example.com',
      company: 'Apollo Data',
      consent: true,
      status: 'new',
    });
    expect(pageErrors).toEqual([]);
  });
});
