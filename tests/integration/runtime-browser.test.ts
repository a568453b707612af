import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { SITE_PAGES } from '../../local/preview/site-pages';
import { startTestSite, type TestSite } from '../helpers/local-site';

// Every preview page in headless Chromium: the page code bundle loads, $w binds every element it
// asks for, the onReady callbacks finish, and nothing breaks (console errors, CSP violations).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let site: TestSite;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`These tests need Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  site = await startTestSite();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function firstBlogSlug(): Promise<string> {
  const result = await site.ports.data.query('BlogPosts').eq('published', true).limit(1).find();
  return String(result.items[0]?.slug ?? 'no-posts');
}

describe('preview pages in a browser', () => {
  it.each(SITE_PAGES.map((p) => [p.route, p] as const))('%s runs its page code without errors', async (route) => {
    const url = site.url + (route.includes(':slug') ? route.replace(':slug', await firstBlogSlug()) : route);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      // A refused web method (403 for a visitor on the Account page) is page code's expected path.
      if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    try {
      const response = await page.goto(url);
      expect(response?.status()).toBe(200);
      await page.waitForFunction(() => document.documentElement.getAttribute('data-w-ready') === 'true', undefined, { timeout: 15_000 });
      const banner = await page.locator('#w-errors').count();
      expect({ problems, banner }).toEqual({ problems: [], banner: 0 });
    } finally {
      await page.close();
    }
  });
});
