import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';

/** Proves the browser stack works on this machine: Debian Chromium, launched headless, renders a local page. */
describe('chromium smoke', () => {
  let server: http.Server;
  let baseUrl: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><title>smoke</title><p id="out"></p>` +
          `<script>document.getElementById('out').textContent = 'rendered ' + (6 * 7) + ' ' + ${JSON.stringify(req.url)};</script>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('opens a page from a local server and reads a DOM value set by its script', async () => {
    const page = await browser!.newPage();
    const response = await page.goto(`${baseUrl}/hello?x=1`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('#out').textContent()).resolves.toBe('rendered 42 /hello?x=1');
    expect(await page.title()).toBe('smoke');
    await page.close();
  });
});
