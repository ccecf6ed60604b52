// Adding a manager on the staff page with a PIN another manager signs in with, in a real headless
// Chromium against a real server: refused, since sign-in and a till's approval find a manager by
// the PIN alone and the second manager's would be recorded as the first's.
import type { Browser, Page } from 'playwright-core';
import { verifyPin } from '@pos/shared';
import { describeWithChromium, launchChromium } from '../support/chromium';
import { removeDir } from '../support/temp-dir';
import { demo, startTestServer, type TestServer } from '../support/test-server';

const manager = demo.staffPins.find((p) => p.role === 'manager')!;

describeWithChromium('a second manager with the PIN of the first', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    page.setDefaultTimeout(10_000);
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) removeDir(server.dataDir);
  });

  it('is refused on the staff page: the store keeps one manager with that PIN, and the page says so', async () => {
    await page.goto(`${server.url}/#/staff`);
    await page.fill('[data-test=pin]', manager.pin);
    await page.click('button[type=submit]');
    await page.waitForSelector('main[data-page="staff"][data-ready="true"]');
    const add = page.locator('main .panel').nth(1);
    await add.locator('input').nth(0).fill('钱副店长');
    await add.locator('select').selectOption('manager');
    await add.locator('input').nth(1).fill(manager.pin);
    const answered = page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' && response.url().endsWith('/dashboard/api/staff'),
    );
    const shown = page.waitForEvent('dialog');
    await add.locator('button').click();
    expect((await answered).status()).toBe(409);
    const managersWithPin = Object.values(server.store.state.staff).filter(
      (s) => s.active && s.role === 'manager' && verifyPin(manager.pin, s.pinHash),
    );
    expect(managersWithPin.map((s) => s.name)).toEqual([manager.name]);
    expect(Object.values(server.store.state.staff).map((s) => s.name)).not.toContain('钱副店长');
    // The refusal is shown, in Chinese (the server's pin_in_use).
    await shown;
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]).toContain('PIN');
    expect(dialogs[0]).not.toMatch(/[A-Za-z]{4,}/);
  });
});
