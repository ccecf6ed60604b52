// What a manager meets with the dashboard open through the day, in a real headless Chromium: a
// session that ends mid-use (expired, or the server restarted), editing the catalog, the close's
// blockers clearing while a till syncs, and nothing thrown in the page's console along the way.
import type { Browser, Page } from 'playwright-core';
import { storeDateTime, type Operation } from '@pos/shared';
import { describeWithChromium, launchChromium } from '../support/chromium';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation, trackedSkus } from '../support/sales';
import { removeDir } from '../support/temp-dir';
import {
  api,
  demo,
  pairTestDevice,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

const manager = demo.staffPins.find((p) => p.role === 'manager')!;

describeWithChromium('the dashboard through the day', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let till: PairedTestDevice;
  let seq = 0;
  /** Whatever the page threw or logged as an error, checked empty after each test. */
  let pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    till = await pairTestDevice(server, 'Till 1', 'tablet');
    browser = await launchChromium();
  });

  /** A fresh browser page, its computer's clock in `timezoneId`. */
  async function openPage(timezoneId = 'Asia/Shanghai'): Promise<void> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
      timezoneId,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      // A refused request is logged by Chromium itself; the page must still handle it.
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
        pageErrors.push(message.text());
    });
    page.on('dialog', (dialog) => void dialog.dismiss());
  }

  beforeEach(async () => {
    pageErrors = [];
    await openPage();
  });

  afterEach(async () => {
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) removeDir(server.dataDir);
  });

  async function signIn(route = '#/today'): Promise<void> {
    await page.goto(`${server.url}/${route}`);
    await page.fill('[data-test=pin]', manager.pin);
    await page.click('button[type=submit]');
    await page.waitForSelector(`main[data-ready="true"]`);
  }

  async function sell(skuId = trackedSkus[0].id): Promise<void> {
    const socket = await ProtocolClient.open(server.url, till.token);
    seq++;
    expect(
      (await socket.push([saleOperation({ device: till, seq, items: [{ skuId, qty: 1 }] })]))
        .results[0].status,
    ).toBe('applied');
    socket.close();
  }

  /** The manager signs in on another computer: its cookie. */
  async function managerCookie(): Promise<string> {
    const signedIn = await fetch(`${server.url}/dashboard/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: manager.pin }),
    });
    return (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
  }

  /** The manager signs out on another computer: every session of theirs ends, this one too. */
  async function signOutEverywhere(): Promise<void> {
    const cookie = await managerCookie();
    const signedOut = await fetch(`${server.url}/dashboard/api/session`, {
      method: 'DELETE',
      headers: { cookie, 'x-pos-dashboard': '1' },
    });
    expect(signedOut.status).toBe(204);
  }

  it('an action after the session ended goes back to sign-in saying so, then back to the page', async () => {
    await signIn('#/close');
    await signOutEverywhere();
    await page.fill('[data-test=note]', '日结');
    await page.click('[data-test=close-submit]');
    await page.waitForSelector('[data-test=signin-error]:not(:empty)', { timeout: 5000 });
    expect(await page.textContent('[data-test=signin-error]')).toContain('登录已过期');
    await page.fill('[data-test=pin]', manager.pin);
    await page.click('button[type=submit]');
    await page.waitForSelector('main[data-page="close"][data-ready="true"]');
  });

  it('the live page whose session ended goes back to sign-in, not "reconnecting" forever', async () => {
    await signIn('#/today');
    await page.waitForSelector('[data-test=live-status].ok');
    await signOutEverywhere();
    // The next summary finds the session gone and ends the stream; the browser reconnects to a 401.
    await sell();
    await page.waitForSelector('[data-test=signin-error]:not(:empty)', { timeout: 8000 });
    expect(await page.textContent('[data-test=signin-error]')).toContain('登录已过期');
  });

  it('a server restart (sessions live in memory) brings the live page back to sign-in', async () => {
    await signIn('#/today');
    await page.waitForSelector('[data-test=live-status].ok');
    const { port, dataDir } = server;
    await server.close();
    await page.waitForSelector('[data-test=live-status].warn');
    server = await startTestServer({ port, dataDir });
    await page.waitForSelector('[data-test=signin-error]:not(:empty)', { timeout: 10000 });
    expect(await page.textContent('[data-test=signin-error]')).toContain('登录已过期');
    await page.fill('[data-test=pin]', manager.pin);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=live-status].ok');
  });

  async function saveSku(skuId: string, fields: { price?: string; level?: string }) {
    if (fields.price !== undefined) await page.fill(`[data-test="price-${skuId}"]`, fields.price);
    if (fields.level !== undefined) await page.fill(`[data-test="level-${skuId}"]`, fields.level);
    await page.click(`[data-test="save-${skuId}"]`);
    await page.waitForSelector(`[data-test="status-${skuId}"]:not(:empty)`);
    return page.textContent(`[data-test="status-${skuId}"]`);
  }

  it("saving one size's price keeps the other size's price saved just before", async () => {
    await signIn('#/catalog');
    const [medium, large] = demo.products.find((p) => p.skus.length > 1)!.skus;
    expect(await saveSku(medium.id, { price: '16.50' })).toBe('已保存');
    expect(await saveSku(large.id, { price: '19.50' })).toBe('已保存');
    const saved = server.store.state.products[medium.id.replace(/-\d+$/, '')];
    expect(saved.skus.map((sku) => sku.price)).toEqual([1650, 1950]);
    // A price that is not one says which field it is in, and saves nothing.
    expect(await saveSku(medium.id, { price: '16,5元' })).toMatch(/^价格：/);
    expect(server.store.state.products[saved.id].skus[0].price).toBe(1650);
  });

  it('saving a price after a stock count keeps the sales made since', async () => {
    await signIn('#/catalog');
    const sku = trackedSkus[0];
    expect(await saveSku(sku.id, { level: '50' })).toBe('已保存');
    await sell(sku.id);
    expect(server.store.state.stock[sku.id].level).toBe(49);
    expect(await saveSku(sku.id, { price: '9.90' })).toBe('已保存');
    expect(server.store.state.stock[sku.id].level).toBe(49);
  });

  it('revoking a device another manager revoked meanwhile says so, with nothing thrown', async () => {
    const phone = await pairTestDevice(server, 'Lost phone', 'phone');
    await signIn('#/devices');
    const revoked = await fetch(`${server.url}/dashboard/api/devices/${phone.deviceId}/revoke`, {
      method: 'POST',
      headers: {
        cookie: await managerCookie(),
        'x-pos-dashboard': '1',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ reason: 'lost' }),
    });
    expect(revoked.status).toBe(200);
    page.removeAllListeners('dialog');
    const messages: string[] = [];
    page.on('dialog', (dialog) => {
      messages.push(dialog.message());
      void (dialog.type() === 'prompt' ? dialog.accept('丢了') : dialog.dismiss());
    });
    await page.click(`[data-test="revoke-${phone.deviceId}"]`);
    await page.waitForSelector('[data-test=devices-error]:not(:empty)');
    expect(await page.textContent('[data-test=devices-error]')).toContain('already revoked');
  });

  it('a device revoked by mistake is reinstated from its row, with the reason asked for the audit', async () => {
    const tablet = await pairTestDevice(server, 'Till 2', 'tablet');
    await signIn('#/devices');
    page.removeAllListeners('dialog');
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept(asked.length === 1 ? '以为丢了' : '找到了');
    });
    await page.click(`[data-test="revoke-${tablet.deviceId}"]`);
    await page.waitForSelector(`[data-test="reinstate-${tablet.deviceId}"]`);
    expect(server.store.device(tablet.deviceId)?.revokedAt).not.toBeNull();

    await page.click(`[data-test="reinstate-${tablet.deviceId}"]`);
    await page.waitForSelector(`[data-test="revoke-${tablet.deviceId}"]`);
    expect(server.store.device(tablet.deviceId)?.revokedAt).toBeNull();
    expect(asked).toEqual([
      '停用原因？',
      '恢复原因？恢复后本机点「重试」，它保留的未同步销售会上传',
    ]);
    const socket = await ProtocolClient.open(server.url, tablet.token);
    socket.close();
  });

  it("shows times on the store's clock, as receipts and the CSV do, whatever zone the computer is set to", async () => {
    await sell();
    await page.context().close();
    // A back-office PC left on the zone it came with.
    await openPage('America/New_York');
    await signIn('#/devices');
    const lastSeen = server.store.device(till.deviceId)!.lastSeenAt!;
    const store = storeDateTime(lastSeen, demo.settings.utcOffsetMinutes);
    expect(await page.textContent(`[data-test="last-seen-${till.deviceId}"]`)).toBe(
      `${Number(store.slice(5, 7))}-${store.slice(8, 16)}`,
    );
  });

  it('what stands in the way of the close is said in Chinese, with names, and clears as the till syncs', async () => {
    const cashier = demo.staffPins.find((p) => p.role === 'cashier')!;
    const socket = await ProtocolClient.open(server.url, till.token);
    // A shift left open, and a sequence number skipped: an operation the server never got.
    seq += 2;
    const opened = {
      id: `${till.deviceId}:${seq}`,
      deviceId: till.deviceId,
      seq,
      createdAt: Date.now(),
      type: 'shift.opened',
      payload: {
        shiftId: `${till.deviceId}:shift:${seq}`,
        staffId: cashier.staffId,
        float: 20_000,
        at: Date.now(),
      },
    } as const;
    expect((await socket.push([opened])).results[0].status).toBe('applied');
    socket.close();
    // And a phone's order whose pay QR is still waiting for the customer.
    const phone = await pairTestDevice(server, 'Phone 1', 'phone');
    const phoneSocket = await ProtocolClient.open(server.url, phone.token);
    const openOrder = saleOperation({ device: phone, seq: 1 });
    openOrder.payload = { ...openOrder.payload, status: 'open', tenders: [], paidAt: null };
    expect((await phoneSocket.push([openOrder])).results[0].status).toBe('applied');
    phoneSocket.close();
    const asked = await api(server, 'POST', '/api/payments', {
      token: phone.token,
      body: { orderId: openOrder.payload.id },
    });
    expect(asked.status).toBe(201);

    await signIn('#/close');
    const blockers = (await page.textContent('[data-test=blockers]'))!;
    expect(blockers).toContain(`T1（Till 1） 缺少操作 #${seq - 1}`);
    expect(blockers).toContain(`${cashier.name} 的班次还没有交班：应有现金 ¥200.00 尚未清点`);
    expect(blockers).toContain(
      `订单 ${openOrder.payload.orderNo} 的微信收款 ¥${(openOrder.payload.total / 100).toFixed(2)} 还在等顾客支付`,
    );
    expect(blockers).not.toMatch(/missing|still open|staff-|waiting/);

    // Closing regardless needs the box ticked and a reason: each refusal says so in Chinese.
    await page.click('[data-test=close-submit]');
    await page.waitForSelector('[data-test=close-result].bad');
    expect(await page.textContent('[data-test=close-result]')).toContain('勾选“仍要关账”');
    await page.check('[data-test=override]');
    await page.click('[data-test=close-submit]');
    await page.waitForFunction(() =>
      document.querySelector('[data-test=close-result]')?.textContent?.includes('必须写明原因'),
    );

    // The manager waits on the page while the till comes back, sends what it held and pulls: each
    // step shows by itself, and the reason being written stays.
    await page.fill('[data-test=note]', '等收银台同步');
    const blockersSay = (text: string, present = true) =>
      page.waitForFunction(
        ([text, present]) =>
          document.querySelector('[data-test=blockers]')?.textContent?.includes(text) === present,
        [text, present] as const,
        { timeout: 8000 },
      );
    const back = await ProtocolClient.open(server.url, till.token, null, { pending: true });
    await blockersSay('T1（Till 1） 正在上传离线时的操作');
    const closed: Operation = {
      id: `${till.deviceId}:${seq + 1}`,
      deviceId: till.deviceId,
      seq: seq + 1,
      createdAt: Date.now(),
      type: 'shift.closed',
      payload: {
        shiftId: opened.payload.shiftId,
        staffId: cashier.staffId,
        counted: [{ denomination: 10_000, count: 2 }],
        countedTotal: 20_000,
        expected: 20_000,
        note: '',
        approvedBy: null,
        at: Date.now(),
      },
    };
    const held = [saleOperation({ device: till, seq: seq - 1 }), closed];
    expect((await back.push(held)).results.map((r) => r.status)).toEqual(['applied', 'applied']);
    seq++;
    back.send({ type: 'pull' });
    await blockersSay('T1（Till 1）', false);
    await blockersSay(cashier.name, false);
    expect(await page.inputValue('[data-test=note]')).toBe('等收银台同步');
    back.close();
  });

  it('a day picker emptied (the clear button) keeps the day shown rather than failing', async () => {
    await signIn('#/report');
    const day = await page.inputValue('[data-test=day]');
    await page.fill('[data-test=day]', '');
    await page.waitForSelector('main[data-page="report"][data-ready="true"]');
    expect(await page.$('main .notice.bad')).toBeNull();
    expect(await page.inputValue('[data-test=day]')).toBe(day);
  });
});
