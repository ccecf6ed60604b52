// The dashboard's sign-in once PIN guessing is locked out, in a real headless Chromium against a real
// server: the manager reads in Chinese why the PIN is not checked and for how long.
import { request as httpRequest } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { describeWithChromium, launchChromium } from '../support/chromium';
import { demo, serverForEachTest, type TestServer } from '../support/test-server';

const staffPins = new Set(demo.staffPins.map((staff) => staff.pin));
/** The n-th wrong PIN: six digits, nobody's. */
function wrongPin(n: number): string {
  let pin = String(100_000 + n * 7919).slice(-6);
  while (staffPins.has(pin)) pin = String((Number(pin) + 1) % 1_000_000).padStart(6, '0');
  return pin;
}

describeWithChromium('the dashboard sign-in after too many wrong PINs', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  serverForEachTest((started) => (server = started));

  beforeAll(async () => {
    browser = await launchChromium();
  });

  beforeEach(async () => {
    page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-test=pin]');
  });

  afterEach(async () => {
    await page.context().close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Signs in with `pin` on the page and returns what the form then says. */
  async function signInWith(pin: string): Promise<string> {
    await page.evaluate(() => {
      (document.querySelector('[data-test=signin-error]') as HTMLElement).textContent = '';
    });
    await page.fill('[data-test=pin]', pin);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=signin-error]:not(:empty)');
    return (await page.textContent('[data-test=signin-error]')) ?? '';
  }

  /** A wrong PIN sent to the dashboard's sign-in from another address of the LAN (127.0.0.x). */
  function wrongPinFrom(address: string, pin: string): Promise<number> {
    const { port } = new URL(server.url);
    return new Promise((resolve, reject) => {
      httpRequest(
        {
          host: '127.0.0.1',
          port,
          localAddress: address,
          path: '/dashboard/api/session',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        },
        (response) => {
          response.resume().on('end', () => resolve(response.statusCode ?? 0));
        },
      )
        .on('error', reject)
        .end(JSON.stringify({ pin }));
    });
  }

  it("this computer's five wrong PINs: the sixth try is refused in Chinese, saying how long to wait", async () => {
    for (let n = 0; n < 5; n++) expect(await signInWith(wrongPin(n))).toBe('PIN 不对，或不是店长');
    expect(await signInWith(wrongPin(5))).toBe('PIN 错误次数太多，请 5 分钟后再试');
  });

  it("the store's ceiling of wrong PINs reached from other addresses: refused in Chinese, saying sign-in is paused for the store", async () => {
    // Four wrong PINs from each of five other addresses: none locked out alone, the store's 20 used.
    for (let n = 0; n < 20; n++)
      expect(await wrongPinFrom(`127.0.0.${2 + Math.floor(n / 4)}`, wrongPin(n))).toBe(401);
    const said = await signInWith(demo.staffPins.find((s) => s.role === 'manager')!.pin);
    expect(said).toMatch(/^全店 PIN 错误次数太多，登录已暂停，请 1[0-5] 分钟后再试$/);
  });
});
