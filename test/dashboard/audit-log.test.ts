// The audit log page as a manager reads it, in a real headless Chromium against a real server: what
// the server itself recorded (pairings, staff changes, refusals, approvals, a forced close) said in
// Chinese, and a long trail shown newest first with the older entries a click away.
import type { Browser, Page } from 'playwright-core';
import {
  addItem,
  approveSale,
  businessDayOf,
  formatFen,
  cashTender,
  emptyCart,
  indexCatalog,
  operationId,
  orderId,
  orderNumber,
  placeOrder,
  priceCart,
  setOrderDiscount,
  setPriceOverride,
  type Operation,
  type PaymentView,
} from '@pos/shared';
import { describeWithChromium, launchChromium } from '../support/chromium';
import { ProtocolClient } from '../support/protocol-client';
import { cashRefundOfFirstLine } from '../support/refunds';
import { saleOperation, trackedSkus } from '../support/sales';
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  signIn,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

const manager = demo.staffPins.find((p) => p.role === 'manager')!;
const cashier = demo.staffPins.find((p) => p.role === 'cashier')!;

/**
 * A sale at `device` with both approvals a manager gives at the till: the first line's price cut
 * by ¥1 and 30% off the order (beyond the store's 20% without approval).
 */
function approvedSale(device: PairedTestDevice, seq: number): Operation {
  const at = Date.now();
  const sku = trackedSkus[0];
  let cart = addItem(emptyCart(), { lineId: 'L1', skuId: sku.id, qty: 1 });
  cart = setPriceOverride(cart, 'L1', sku.price - 100);
  cart = setOrderDiscount(cart, { kind: 'percent', basisPoints: 3000 });
  const priced = priceCart(cart, { catalog: indexCatalog(demo.products), settings: demo.settings });
  const businessDay = businessDayOf(at, demo.settings);
  const placed = placeOrder({
    priced,
    tenders: [cashTender(priced.total, Math.ceil(priced.total / 10000) * 10000 || 10000)],
    id: orderId(device.deviceId, businessDay, seq),
    orderNo: orderNumber(device.deviceCode, businessDay, seq),
    device: { id: device.deviceId, code: device.deviceCode },
    businessDay,
    createdAt: at,
    cashierId: cashier.staffId,
    memberId: null,
    source: 'register',
    approvals: priced.approvalsNeeded.map((reason) => approveSale(priced, reason, manager.staffId)),
  });
  if (!placed.ok) throw new Error(placed.error.message);
  return {
    id: operationId(device.deviceId, seq),
    deviceId: device.deviceId,
    seq,
    createdAt: at,
    type: 'order.placed',
    payload: placed.value,
  };
}

describeWithChromium('the audit log page', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** Whatever the page threw or logged as an error, checked empty after each test. */
  let pageErrors: string[] = [];

  serverForEachTest((started) => (server = started));

  beforeAll(async () => {
    browser = await launchChromium();
  });

  beforeEach(async () => {
    pageErrors = [];
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      // A refused request is logged by Chromium itself (the sign-in page's /me, say).
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
        pageErrors.push(message.text());
    });
  });

  afterEach(async () => {
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function openAudit(): Promise<void> {
    await page.goto(`${server.url}/#/audit`);
    await page.fill('[data-test=pin]', manager.pin);
    await page.click('button[type=submit]');
    await page.waitForSelector('main[data-page="audit"][data-ready="true"]');
  }

  /** The 类型 and 原因 columns of every row shown. */
  const rows = () =>
    page.$$eval('main table tbody tr', (trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return { kind: cells[1], reason: cells[cells.length - 1] };
      }),
    );

  it('says in Chinese what the server itself recorded: pairings, staff changes, a refusal, approvals, a forced close', async () => {
    const token = await signIn(server);
    const asManager = { token };
    // A till paired with the start-up banner's code, another with a code the manager asked for.
    const tillA = await pairTestDevice(server, '收银台二号', 'tablet');
    const { body: issued } = await api<{ code: string }>(
      server,
      'POST',
      '/dashboard/api/pairing-code',
      asManager,
    );
    const paired = await api<PairedTestDevice>(server, 'POST', '/api/pair', {
      body: { code: issued.code, name: '手机收银', kind: 'phone' },
    });
    expect(paired.status).toBe(201);
    const tillB = paired.body;

    // Staff: someone added, a cashier made manager, a name corrected and deactivated, a new PIN.
    const added = await api<{ staff: { id: string } }>(server, 'POST', '/dashboard/api/staff', {
      ...asManager,
      body: { name: '赵新人', role: 'cashier', active: true, pin: '482915' },
    });
    expect(added.status).toBe(201);
    const newcomer = added.body.staff.id;
    const edits = [
      [cashier.staffId, { name: cashier.name, role: 'manager', active: true }],
      [newcomer, { name: '赵欣然', role: 'cashier', active: false }],
    ] as const;
    for (const [id, body] of edits)
      expect(
        (await api(server, 'PUT', `/dashboard/api/staff/${id}`, { ...asManager, body })).status,
      ).toBe(200);
    const pin = await api(server, 'PUT', `/api/staff/${cashier.staffId}/pin`, {
      ...asManager,
      body: { pin: '736251' },
    });
    expect(pin.status).toBe(200);

    // At the tills: a sale with a price cut and a large discount, a refund, and the same refund
    // made offline on the other till, which the server refuses.
    const sale = saleOperation({ device: tillA, seq: 2 });
    const socketA = await ProtocolClient.open(server.url, tillA.token);
    const first = await socketA.push([
      approvedSale(tillA, 1),
      sale,
      cashRefundOfFirstLine(tillA, sale, 3),
    ]);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    socketA.close();
    const socketB = await ProtocolClient.open(server.url, tillB.token);
    const second = await socketB.push([cashRefundOfFirstLine(tillB, sale, 1)]);
    expect(second.results[0]).toMatchObject({
      status: 'refused',
      error: { code: 'not_refundable' },
    });
    socketB.close();

    // The day closed while a till has not been heard from since (a blocker), with a note.
    const day = businessDayOf(Date.now(), demo.settings);
    const closed = await api(server, 'POST', `/api/reports/days/${day}/close`, {
      ...asManager,
      body: { override: true, note: '盘点后关账' },
    });
    expect(closed.status).toBe(201);

    await openAudit();
    const shown = await rows();
    const reasonOf = (kind: string) =>
      shown.filter((row) => row.kind === kind).map((r) => r.reason);
    expect(reasonOf('设备配对').sort()).toEqual(
      [
        `${tillA.deviceCode} 收银台二号（平板），用服务器启动时显示的配对码`,
        `${tillB.deviceCode} 手机收银（手机），用店长生成的配对码`,
      ].sort(),
    );
    expect(reasonOf('新增员工')).toEqual(['赵新人（收银员）']);
    expect(reasonOf('修改员工').sort()).toEqual(
      [`${cashier.name}：角色 收银员 → 店长`, '赵欣然：原名 赵新人，停用'].sort(),
    );
    expect(reasonOf('修改 PIN')).toEqual([cashier.name]);
    expect(reasonOf('被拒绝的操作')).toEqual(['退款被服务器拒绝：这笔订单已无可退的商品']);
    expect(reasonOf('改价')).toEqual([
      expect.stringMatching(new RegExp(`^改价：.+ ¥\\d+\\.\\d\\d → ¥\\d+\\.\\d\\d$`)),
    ]);
    expect(reasonOf('大额折扣')).toEqual([
      expect.stringMatching(/^折扣 ¥\d+\.\d\d（原价合计 ¥\d+\.\d\d）$/),
    ]);
    expect(reasonOf('退款')).toEqual(['returned']);
    const [close] = reasonOf('日结关账');
    expect(close).toMatch(new RegExp(`^营业日 ${day}；仍关账，当时未处理：.+；备注：盘点后关账$`));
    // Nothing composed on the server in English: the only Latin letters left are device codes.
    expect(
      shown
        .filter((row) => row.kind !== '退款')
        .filter((row) => /[A-Za-z]{2,}/.test(row.reason.replace(/\bT\d+\b/g, ''))),
    ).toEqual([]);
  });

  it('says in Chinese what a QR payment took that no order recorded, with the trade to refund', async () => {
    // An order left open for its pay QR; the customer's bank reports ¥0.01 taken, not the total.
    const till = await pairTestDevice(server, '收银台五号', 'tablet');
    const socket = await ProtocolClient.open(server.url, till.token);
    const sale = saleOperation({ device: till, seq: 1 });
    sale.payload = { ...sale.payload, status: 'open', tenders: [], paidAt: null };
    expect((await socket.push([sale])).results[0].status).toBe('applied');
    socket.close();
    const made = await api<{ payment: PaymentView }>(server, 'POST', '/api/payments', {
      token: till.token,
      body: { orderId: sale.payload.id },
    });
    expect(made.status).toBe(201);
    const { id } = made.body.payment;
    const { outTradeNo } = server.store.state.payments[id];
    server.pos.payments.simulator!.confirm(outTradeNo, 1);
    expect((await server.pos.payments.service.refresh(id)).status).toBe('paid_not_recorded');

    await openAudit();
    const listed = await page.$$eval('main table tbody tr', (trs) =>
      trs
        .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''))
        .filter((cells) => cells[1] === '未入账的微信收款'),
    );
    expect(listed).toEqual([
      [
        expect.any(String),
        '未入账的微信收款',
        '',
        '',
        till.deviceCode,
        sale.payload.orderNo,
        '¥0.01',
        `微信支付收到的金额与应收 ${formatFen(sale.payload.total)} 不符，未记入订单，需退款（商户订单号 ${outTradeNo}）`,
      ],
    ]);
  });

  it('wraps a long reason within the table, the table within the page', async () => {
    const till = await pairTestDevice(server, '收银台四号', 'tablet');
    const socket = await ProtocolClient.open(server.url, till.token);
    // Words a cashier typed at length (the most a reason holds), and a run with no break in it.
    const reason = `${'顾客要求换零钱并核对昨天的找零，'.repeat(8)}${'REF0123456789'.repeat(5)}`;
    const { results } = await socket.push([
      {
        id: operationId(till.deviceId, 1),
        deviceId: till.deviceId,
        seq: 1,
        createdAt: Date.now(),
        type: 'drawer.opened',
        payload: { shiftId: null, staffId: cashier.staffId, reason, at: Date.now() },
      } as Operation,
    ]);
    socket.close();
    expect(results[0].status).toBe('applied');

    await openAudit();
    expect((await rows()).map((r) => r.reason)).toContain(reason);
    // On a laptop and on a 10" tablet held upright.
    for (const width of [1280, 800]) {
      await page.setViewportSize({ width, height: 800 });
      const box = await page.$$eval('main table', ([table]) => {
        const cell = [...table.querySelectorAll('td')].find((td) =>
          td.textContent?.startsWith('顾客要求换零钱'),
        )!;
        const panel = table.closest('.panel')!;
        return {
          cellRight: cell.getBoundingClientRect().right,
          cellHeight: cell.getBoundingClientRect().height,
          tableRight: table.getBoundingClientRect().right,
          panelRight: panel.getBoundingClientRect().right,
          scrolls: panel.scrollWidth > panel.clientWidth,
          viewport: document.documentElement.clientWidth,
        };
      });
      // Within the table, the table within its panel (no sideways scroll) and the page.
      expect(box.cellRight).toBeLessThanOrEqual(box.tableRight);
      expect(box.tableRight).toBeLessThanOrEqual(box.panelRight);
      expect(box.scrolls).toBe(false);
      expect(box.panelRight).toBeLessThanOrEqual(box.viewport);
      // Wrapped onto several lines, not cut off.
      expect(box.cellHeight).toBeGreaterThan(3 * 20);
    }
  });

  it('a long trail shows the newest 500, says so, and pages back to the oldest on 显示更早', async () => {
    // A busy month: 520 drawer openings without a sale, the first of them the one looked for.
    const till = await pairTestDevice(server, '收银台三号', 'tablet');
    const socket = await ProtocolClient.open(server.url, till.token);
    const t0 = Date.now() - 60 * 60_000;
    const ops = Array.from({ length: 520 }, (_, i) => ({
      id: operationId(till.deviceId, i + 1),
      deviceId: till.deviceId,
      seq: i + 1,
      createdAt: t0 + i * 1000,
      type: 'drawer.opened',
      payload: {
        shiftId: null,
        staffId: cashier.staffId,
        reason: i === 0 ? '第一次开钱箱' : `换零钱 ${i}`,
        at: t0 + i * 1000,
      },
    })) as Operation[];
    const { results } = await socket.push(ops);
    expect(results.every((r) => r.status === 'applied')).toBe(true);
    socket.close();

    await openAudit();
    // 521 entries: the pairing and the openings, newest first; the 21 oldest openings not shown.
    expect(await rows()).toHaveLength(500);
    expect(await page.textContent('[data-test=audit-more]')).toContain(
      '仅显示最新 500 条（共 521 条）',
    );
    expect((await rows()).map((r) => r.reason)).not.toContain('第一次开钱箱');

    await page.click('[data-test=audit-more] button');
    await page.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 521);
    // The pairing is the newest (the openings were an hour ago), the first opening the oldest.
    const all = (await rows()).map((r) => r.reason);
    expect(all[0]).toContain('配对码');
    expect(all[520]).toBe('第一次开钱箱');
    expect(all.slice(1)).toEqual(
      ops.map((op) => (op.payload as { reason: string }).reason).reverse(),
    );
    // All shown: nothing more to ask for.
    expect(await page.locator('[data-test=audit-more]').count()).toBe(0);
  });
});
