// A CSV link clicked once the dashboard session has ended (a server restart, the 12-hour expiry,
// signed out on another computer), in a real headless Chromium against a real server: the manager
// is sent to sign in saying so, as every other button does, and the link then gives the file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { businessDayOf } from '@pos/shared';
import { describeWithChromium, launchChromium } from '../support/chromium';
import { makeTempDir, removeDir } from '../support/temp-dir';
import { demo, startTestServer, type TestServer } from '../support/test-server';

const manager = demo.staffPins.find((p) => p.role === 'manager')!;

describeWithChromium('CSV downloads after the session ended', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const downloads = makeTempDir('pos-csv-downloads-');
  /** Whatever the page threw or logged as an error. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const context = await browser.newContext({
      acceptDownloads: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    page = await context.newPage();
    page.setDefaultTimeout(5000);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      // The refused request is logged by Chromium itself; the page must still handle it.
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
        pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) removeDir(server.dataDir);
    removeDir(downloads);
  });

  async function signIn(): Promise<void> {
    await page.fill('[data-test=pin]', manager.pin);
    await page.click('button[type=submit]');
    await page.waitForSelector('main[data-page="exports"][data-ready="true"]');
  }

  it('a CSV link clicked after a server restart asks for the PIN, then gives the file', async () => {
    await page.goto(`${server.url}/#/exports`);
    await signIn();
    // The server restarts (an update, a power cut): sessions live in its memory.
    const { port, dataDir } = server;
    await server.close();
    server = await startTestServer({ port, dataDir });

    const downloadsSeen: string[] = [];
    page.on('download', (download) => downloadsSeen.push(download.suggestedFilename()));
    await page.click('[data-test=csv-orders]');
    await page.waitForSelector('[data-test=signin-error]:not(:empty)');
    expect(await page.textContent('[data-test=signin-error]')).toContain('登录已过期');
    // No file of the server's refusal was saved as the CSV.
    expect(downloadsSeen).toEqual([]);

    await signIn();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-test=csv-orders]'),
    ]);
    // The server's file name, and its CSV.
    const day = businessDayOf(Date.now(), demo.settings);
    expect(download.suggestedFilename()).toBe(`orders-${day}.csv`);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split('\r\n')[0].split(',').slice(0, 3)).toEqual([
      'order_no',
      'order_id',
      'business_day',
    ]);
    expect(pageErrors).toEqual([]);
  });
});
