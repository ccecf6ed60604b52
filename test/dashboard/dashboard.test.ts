// The manager's dashboard in a real headless Chromium against a real server: PIN sign-in, a sale
// from a device appearing live, the Z-report, closing the day, a CSV download, and a screenshot
// of every page under screens/dashboard/ for review.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { businessDayOf, type OperationPayload, type OperationType } from '@pos/shared';
import { describeWithChromium, launchChromium } from '../support/chromium';
import { ProtocolClient } from '../support/protocol-client';
import { deviceOperation, saleOperation } from '../support/sales';
import { makeTempDir, removeDir } from '../support/temp-dir';
import {
  demo,
  pairTestDevice,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

const screens = path.resolve(__dirname, '../../screens/dashboard');

describeWithChromium('the dashboard', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let till: PairedTestDevice;
  let socket: ProtocolClient;
  const downloads = makeTempDir('pos-downloads-');

  beforeAll(async () => {
    mkdirSync(screens, { recursive: true });
    server = await startTestServer();
    till = await pairTestDevice(server, 'Till 1', 'tablet');
    socket = await ProtocolClient.open(server.url, till.token);
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    socket?.close();
    await browser?.close();
    await server?.close();
    if (server) removeDir(server.dataDir);
    removeDir(downloads);
  });

  async function show(route: string): Promise<void> {
    await page.evaluate((hash) => (location.hash = hash), route);
    await page.waitForSelector(
      `main[data-page="${route.slice(2).split('?')[0]}"][data-ready="true"]`,
    );
  }

  const shoot = (name: string) =>
    page.screenshot({ path: path.join(screens, `${name}.png`), fullPage: true });

  it('refuses a wrong PIN and signs a manager in', async () => {
    await page.goto(`${server.url}/`);
    await page.fill('[data-test=pin]', '000000');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=signin-error]:not(:empty)');
    await shoot('sign-in');
    const pin = demo.staffPins.find((p) => p.role === 'manager')!.pin;
    await page.fill('[data-test=pin]', pin);
    await page.click('button[type=submit]');
    await page.waitForSelector('main[data-page="today"][data-ready="true"]');
    await page.waitForSelector('[data-test=live-status].ok');
    expect(await page.textContent('[data-test=orders]')).toBe('0');
    // Which business day "today" is: before 04:00 it is still the day before.
    expect(await page.textContent('[data-test=business-day]')).toBe(
      `营业日 ${businessDayOf(Date.now(), demo.settings)}`,
    );
  });

  it('shows a sale made by a device as it happens', async () => {
    const sale = saleOperation({
      device: till,
      seq: 1,
      items: [{ skuId: demo.products[0].skus[0].id, qty: 2 }],
    });
    expect((await socket.push([sale])).results[0].status).toBe('applied');
    await page.waitForFunction(
      () => document.querySelector('[data-test=orders]')?.textContent === '1',
    );
    const total = (sale.payload as { total: number }).total;
    expect(await page.textContent('[data-test=sales]')).toBe(`¥${(total / 100).toFixed(2)}`);
    // 520 g of apples (¥6.66) ranks below the two coffees, by net sales, and shows in kg.
    const apples = demo.products.find((p) => p.soldBy === 'weight' && p.name === '富士苹果')!;
    const weighed = saleOperation({
      device: till,
      seq: 2,
      items: [{ skuId: apples.skus[0].id, qty: 520 }],
    });
    await socket.push([weighed]);
    await page.waitForFunction(
      () => document.querySelector('[data-test=orders]')?.textContent === '2',
    );
    const rowOf = (op: typeof sale) => {
      const { name, total } = (op.payload as { lines: Array<{ name: string; total: number }> })
        .lines[0];
      return [name, `¥${(total / 100).toFixed(2)}`];
    };
    const best = await page.$$eval('[data-test=top-products] tbody tr', (rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
    );
    const [coffee, coffeeNet] = rowOf(sale);
    const [apple, appleNet] = rowOf(weighed);
    expect(appleNet).toBe('¥6.66');
    expect(best).toEqual([
      [coffee, '2 件', coffeeNet],
      [apple, '0.52 kg', appleNet],
    ]);
    await shoot('today');
  });

  function op<T extends OperationType>(type: T, seq: number, payload: OperationPayload<T>) {
    return deviceOperation(till, type, seq, payload, (payload as { at: number }).at);
  }

  it('opens the Z-report with its completeness and the shift cash with its cash top-up', async () => {
    // A shift on the till after the two sales: ¥200 float, a member tops up ¥300 in cash, the
    // drawer counts the ¥500 it should hold.
    const t0 = Date.now();
    const shiftId = `${till.deviceId}:shift:3`;
    const cashier = 'staff-cashier-1';
    const ops = [
      op('shift.opened', 3, { shiftId, staffId: cashier, float: 20000, at: t0 }),
      op('member.topped_up', 4, {
        id: `${till.deviceId}:topup:4`,
        memberId: demo.members[0].id,
        amount: 30000,
        payment: { method: 'cash' },
        staffId: cashier,
        at: t0 + 1,
        businessDay: businessDayOf(t0, demo.settings),
      }),
      op('shift.closed', 5, {
        shiftId,
        staffId: cashier,
        counted: [{ denomination: 10000, count: 5 }],
        countedTotal: 50000,
        expected: 50000,
        note: '',
        approvedBy: null,
        at: t0 + 2,
      }),
    ];
    const { results } = await socket.push(ops);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    await show('#/report');
    expect(await page.textContent('[data-test=z-orders]')).toBe('2');
    expect(await page.textContent('[data-test=completeness]')).toContain('数据完整');
    expect(await page.textContent('[data-test=day-status]')).toBe('未关账');
    expect(await page.textContent('[data-test=shift-top-ups]')).toBe('¥300.00');
    expect(await page.textContent('[data-test=shift-expected]')).toBe('¥500.00');
    // 按商品: the coffees in pieces, the apples in kilograms, never 520 against 2.
    expect(await page.textContent('main')).toContain('富士苹果0.52 kg');
    await shoot('report');
  });

  it('downloads the orders CSV with its rows', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-test=csv-orders]'),
    ]);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = text.slice(1).trimEnd().split('\r\n');
    expect(rows[0].split(',').slice(0, 3)).toEqual(['order_no', 'order_id', 'business_day']);
    expect(rows).toHaveLength(3);
    expect(rows.slice(1).map((row) => row.split(',')[0])).toEqual([
      expect.stringMatching(/^T1-\d{4}-0001$/),
      expect.stringMatching(/^T1-\d{4}-0002$/),
    ]);
  });

  it('closes the day and shows the report as closed', async () => {
    await show('#/close');
    expect(await page.textContent('[data-test=blockers]')).toContain('可以关账');
    await shoot('close');
    await page.fill('[data-test=note]', '正常日结');
    await page.click('[data-test=close-submit]');
    await page.waitForSelector('[data-test=close-result].ok');
    await page.waitForSelector('main[data-page="report"][data-ready="true"]');
    expect(await page.textContent('[data-test=day-status]')).toContain('已关账');
    await shoot('report-closed');
    const day = businessDayOf(Date.now(), demo.settings);
    expect(server.store.ordersOfDay(day)).toHaveLength(2);
  });

  it("downloads the closed day's Z-report CSV with its rows", async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-test=csv-z-report]'),
    ]);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const rows = readFileSync(file, 'utf8').slice(1).trimEnd().split('\r\n');
    const cells = (section: string, item?: string) =>
      rows
        .map((row) => row.split(','))
        .filter((row) => row[0] === section && (item === undefined || row[1] === item));
    expect(rows[0]).toBe('section,item,count,sales,refunds,net,unit');
    const orders = cells('summary', 'orders')[0];
    expect(orders[2]).toBe('2');
    expect(`¥${orders[3]}`).toBe(await page.textContent('[data-test=z-sales]'));
    // The shift's expected cash (with the ¥300 top-up), counted and variance.
    expect(cells('shift_cash')).toEqual([
      ['shift_cash', expect.stringContaining('shift:3'), '', '500.00', '500.00', '0.00', ''],
    ]);
    expect(cells('stored_value', 'topped_up')[0].slice(2, 4)).toEqual(['1', '300.00']);
    expect(cells('completeness')).toEqual([['completeness', 'final', '0', '', '', '', '']]);
    // A product's count in its unit: the coffee in pieces, the apples in grams.
    expect(cells('product').map((row) => [row[1], row[2], row[6]])).toEqual([
      ['美式咖啡 中杯', '2', 'piece'],
      ['富士苹果', '520', 'g'],
    ]);
  });

  it('keeps a sale for the closed day that arrives late, and shows it as arrived after the close', async () => {
    const late = saleOperation({ device: till, seq: 6, orderSeq: 3 });
    expect((await socket.push([late])).results[0].status).toBe('applied');
    await page.reload();
    await page.waitForSelector('main[data-page="report"][data-ready="true"]');
    expect(await page.textContent('[data-test=late-since-close]')).toContain(
      (late.payload as { orderNo: string }).orderNo,
    );
    // The frozen report still counts the two orders of the close.
    expect(await page.textContent('[data-test=z-orders]')).toBe('2');
    await shoot('report-late');
  });

  it('shows devices with a new pairing code and its QR, and the other pages', async () => {
    await show('#/devices');
    await page.click('[data-test=new-code]');
    await page.waitForSelector('[data-test=pairing-qr]');
    expect(await page.textContent('[data-test=pairing-code]')).toMatch(/^\d{6}$/);
    await shoot('devices');
    for (const name of ['staff', 'catalog', 'members', 'audit', 'exports']) {
      await show(`#/${name}`);
      await shoot(name);
      // The audit log lists the day close just made.
      if (name === 'audit') expect(await page.textContent('main')).toContain('日结关账');
    }
  });
});
