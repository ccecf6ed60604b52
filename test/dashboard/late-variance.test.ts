// The close page in a real headless Chromium, for a shift its day's close left open and that closed
// since ¥109 short with no manager at the till: today's close names it as waiting for approval, with
// its day, and the manager approves it right there; the blocker goes.
import type { Browser, Page } from 'playwright-core';
import { businessDayOf, denominations, type CashCount, type Operation } from '@pos/shared';
import { describeWithChromium, launchChromium } from '../support/chromium';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation } from '../support/sales';
import { removeDir } from '../support/temp-dir';
import {
  api,
  demo,
  pairTestDevice,
  signIn,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

const manager = demo.staffPins.find((p) => p.role === 'manager')!;
const cashier = demo.staffPins.find((p) => p.role === 'cashier')!;

function cashCountOf(amount: number): CashCount {
  let left = amount;
  const count: CashCount = [];
  for (const denomination of denominations) {
    const pieces = Math.floor(left / denomination);
    if (pieces > 0) count.push({ denomination, count: pieces });
    left -= pieces * denomination;
  }
  return count;
}

describeWithChromium('a variance counted after its day was closed', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let till: PairedTestDevice;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    till = await pairTestDevice(server, 'Till 1', 'tablet');
    browser = await launchChromium();
    page = await (
      await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    ).newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) removeDir(server.dataDir);
  });

  it('is a blocker of today’s close with an approve button that clears it', async () => {
    const opened = Date.now() - 24 * 3_600_000;
    const day = businessDayOf(opened, demo.settings);
    const shiftId = `${till.deviceId}:shift:1`;
    const sale = saleOperation({ device: till, seq: 2, at: opened + 1000 });
    const expected = 20000 + sale.payload.total;
    const op = (seq: number, type: string, payload: object, at: number) =>
      ({
        id: `${till.deviceId}:${seq}`,
        deviceId: till.deviceId,
        seq,
        createdAt: at,
        type,
        payload,
      }) as Operation;
    const socket = await ProtocolClient.open(server.url, till.token);
    const first = [
      op(
        1,
        'shift.opened',
        { shiftId, staffId: cashier.staffId, float: 20000, at: opened },
        opened,
      ),
      sale,
    ];
    expect((await socket.push(first)).results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const closed = await api(server, 'POST', `/api/reports/days/${day}/close`, {
      token: await signIn(server),
      body: { override: true, note: '夜班还没交班' },
    });
    expect(closed.status).toBe(201);
    const at = Date.now() - 1000;
    const counted = expected - 10900;
    const close = op(
      3,
      'shift.closed',
      {
        shiftId,
        staffId: cashier.staffId,
        counted: cashCountOf(counted),
        countedTotal: counted,
        expected,
        note: '',
        approvedBy: null,
        at,
      },
      at,
    );
    expect((await socket.push([close])).results[0].status).toBe('applied');
    socket.close();

    await page.goto(`${server.url}/#/close`);
    await page.fill('[data-test=pin]', manager.pin);
    await page.click('button[type=submit]');
    await page.waitForSelector('main[data-page="close"][data-ready="true"]');
    const blockers = (await page.textContent('[data-test=blockers]'))!;
    expect(blockers).toContain(`${cashier.name} 在 ${day} 的班次`);
    expect(blockers).toContain('-¥109.00');
    page.once('dialog', (dialog) => void dialog.accept('少的钱付给了供应商'));
    await page.click('[data-test=blockers] [data-test=approve-variance]');
    await page.waitForFunction(
      () => !document.querySelector('[data-test=blockers]')?.textContent?.includes('-¥109.00'),
      undefined,
      { timeout: 5000 },
    );
    expect(pageErrors).toEqual([]);
  });
});
