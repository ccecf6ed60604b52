// What a receipt prints besides the order, looked up on the device: the member with the points this
// order earned (per whole yuan of its total, at the store's rate), nothing earned on an open or
// voided order, less on what was refunded, none where the store gives no points; and the member's
// balances as the till shows them, with this device's unsynced sale, top-ups and spending laid on
// the last synced figures (a member joined here offline too). A reprint, later, prints no balance:
// the device cannot know what the member held right after that order.
import { cashTender, layoutReceipt, type Member, type Order, type Tender } from '@pos/shared';
import { receiptContextFrom } from '../../miniprogram/core/receipt-context';
import { Bluetooth } from '../../miniprogram/adapters/bluetooth';
import { systemClock } from '../../miniprogram/adapters/clock';
import { wxStorage } from '../../miniprogram/adapters/storage';
import { PrinterStore, PRINTER_STORAGE_KEY } from '../../miniprogram/stores/printer-store';
import { readEscPos } from '../support/escpos-reader';
import { demo } from '../support/test-server';
import { ack, lastOp } from './support/acked-offline';
import { launch, shutDownAll, signIn, type TestDevice } from './support/device';
import { ManualClock } from './support/manual-clock';
import { demoSnapshot, seedLedger } from './support/offline-seed';

let device: TestDevice;
beforeEach(() => {
  device = launch({ client: { autoStart: false, clock: new ManualClock() } });
  seedLedger(device.client.ledger);
  signIn(device, 'cashier');
});
afterEach(() => shutDownAll());

const liu = '13800138001';

/**
 * Lattes (two by default) for a member (刘先生 by default: 860 points, ¥120.00 stored value), paid
 * by `tenders` for the cart's total, in cash by default.
 */
function memberSale(
  phone = liu,
  tenders: (total: number, memberId: string) => Tender[] = (total) => [cashTender(total, 10_000)],
  lattes = 2,
): Order {
  const { cart, catalog, orders } = device.client;
  const sku = (name: string) => catalog.products.find((p) => p.name === name)!.skus[0].id;
  expect(cart.attachMember(phone).ok).toBe(true);
  expect(cart.addItem(sku('拿铁'), lattes).ok).toBe(true);
  const sold = orders.checkout(tenders(cart.total, cart.cart.memberId!));
  if (!sold.ok) throw new Error(sold.error.message);
  return sold.value;
}

/** The receipt's text lines on 58 mm paper. */
function receiptLines(order: Order, reprint = false): string[] {
  const context = receiptContextFrom(device.client)(order, { reprint });
  return layoutReceipt(order, { ...context, reprint }, '58mm').blocks.flatMap((block) =>
    block.kind === 'text' ? [block.text.trim()] : [],
  );
}

const lineOf = (lines: string[], label: string) => lines.find((line) => line.startsWith(label));

test('a member’s paid order earns a point per whole yuan of its total, printed on the receipt', () => {
  const order = memberSale();
  expect(demo.settings.pointsPerYuan).toBe(1);
  const yuan = Math.floor(order.total / 100);
  expect(yuan).toBeGreaterThan(0);
  const context = receiptContextFrom(device.client)(order);
  expect(context.member).toEqual({
    name: '刘先生',
    phone: '13800138001',
    pointsEarned: yuan,
    // This sale's points are in the balance printed next to them; the cash sale took no stored value.
    pointsBalance: 860 + yuan,
    storedValueBalance: 12_000,
  });
  const lines = receiptLines(order);
  expect(lineOf(lines, '本单积分')).toMatch(new RegExp(`\\+${yuan}$`));
  expect(lineOf(lines, '积分余额')).toMatch(new RegExp(` ${860 + yuan}$`));
  expect(lineOf(lines, '会员:')).toContain('138****8001');
});

test('stored value paid on the sale comes off the printed balance, as the till shows it', () => {
  // ¥30.00 of it from the member's ¥120.00, the rest in cash.
  const order = memberSale(
    liu,
    (total, memberId) => {
      expect(total).toBeGreaterThan(3000);
      return [
        { method: 'stored_value', amount: 3000, memberId },
        cashTender(total - 3000, total - 3000),
      ];
    },
    3,
  );
  const account = device.client.members.accountOf(liu)!;
  expect(account.balance).toBe(9000);
  const context = receiptContextFrom(device.client)(order);
  expect(context.member?.storedValueBalance).toBe(9000);
  expect(lineOf(receiptLines(order), '储值余额')).toMatch(/ 90\.00$/);

  // Acknowledged (settled into the member) and then the server's own member change: the same.
  const yuan = Math.floor(order.total / 100);
  ack(device, [lastOp(device)]);
  expect(receiptContextFrom(device.client)(order).member).toMatchObject({
    pointsBalance: 860 + yuan,
    storedValueBalance: 9000,
  });
  const synced = device.client.ledger.replica.members.get(order.memberId!)!;
  device.client.ledger.applyChanges(
    [{ kind: 'member', cursor: 2, member: { ...synced, balance: 9000, points: 860 + yuan } }],
    2,
  );
  expect(receiptContextFrom(device.client)(order).member).toMatchObject({
    pointsBalance: 860 + yuan,
    storedValueBalance: 9000,
  });
});

test('points redeemed on the sale come off the printed points, and the points earned go on', () => {
  const { cart, catalog, orders } = device.client;
  const sku = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  expect(cart.attachMember(liu).ok).toBe(true);
  expect(cart.addItem(sku, 2).ok).toBe(true);
  const redeemed = cart.redeemPoints(100);
  if (!redeemed.ok) throw new Error(redeemed.error.message);
  const sold = orders.checkout([cashTender(cart.total, cart.total)]);
  if (!sold.ok) throw new Error(sold.error.message);
  const order = sold.value;
  expect(order.pointsRedeemed?.points).toBe(100);
  const yuan = Math.floor(order.total / 100);
  expect(receiptContextFrom(device.client)(order).member).toMatchObject({
    pointsEarned: yuan,
    pointsBalance: 860 - 100 + yuan,
  });
});

test('a member who joined here offline gets the member block, with the top-up and the sale', () => {
  const { members, ledger } = device.client;
  const phone = '13900001111';
  const joined = members.join(phone, '小王');
  if (!joined.ok) throw new Error(joined.error.message);
  const provisionalId = joined.value.id;
  expect(ledger.replica.members.get(provisionalId)).toBeUndefined();
  expect(members.topUp(phone, 5000).ok).toBe(true);

  const order = memberSale(phone, (total, memberId) => [
    { method: 'stored_value', amount: 1000, memberId },
    cashTender(total - 1000, total - 1000),
  ]);
  expect(order.memberId).toBe(provisionalId);
  const yuan = Math.floor(order.total / 100);
  const printed = {
    name: '小王',
    phone,
    pointsEarned: yuan,
    pointsBalance: yuan,
    storedValueBalance: 4000,
  };
  expect(receiptContextFrom(device.client)(order).member).toEqual(printed);
  const lines = receiptLines(order);
  expect(lineOf(lines, '会员:')).toContain('139****1111');
  expect(lineOf(lines, '储值余额')).toMatch(/ 40\.00$/);

  // The server's merged member, which lists the provisional id the order names among its aliases.
  const merged: Member = {
    ...joined.value,
    id: 'm-0999',
    balance: 4000,
    points: yuan,
    aliases: [provisionalId],
  };
  for (const op of ledger.outbox.entries().map((entry) => entry.op)) ack(device, [op]);
  ledger.applyChanges([{ kind: 'member', cursor: 2, member: merged }], 2);
  expect(receiptContextFrom(device.client)(order).member).toEqual(printed);
});

test('a reprint prints the member and the order’s points but no balance', () => {
  const order = memberSale(liu, (total, memberId) => [
    { method: 'stored_value', amount: total, memberId },
  ]);
  const yuan = Math.floor(order.total / 100);
  const context = receiptContextFrom(device.client)(order, { reprint: true });
  expect(context.member).toEqual({ name: '刘先生', phone: liu, pointsEarned: yuan });
  const lines = receiptLines(order, true);
  expect(lines).toContain('** 重打小票 **');
  expect(lineOf(lines, '本单积分')).toMatch(new RegExp(`\\+${yuan}$`));
  expect(lineOf(lines, '积分余额')).toBeUndefined();
  expect(lineOf(lines, '储值余额')).toBeUndefined();
});

test('a reprint after the store changed its points rate prints what the sale earned', () => {
  const order = memberSale();
  expect(order.pointsPerYuan).toBe(1);
  device.client.ledger.applySnapshot(
    { ...demoSnapshot(), settings: { ...demo.settings, pointsPerYuan: 10 } },
    2,
  );
  const context = receiptContextFrom(device.client)(order, { reprint: true });
  expect(context.member?.pointsEarned).toBe(Math.floor(order.total / 100));
});

test('the printer store tells the receipt context a reprint from the sale’s own receipt', async () => {
  const order = memberSale(liu, (total, memberId) => [
    { method: 'stored_value', amount: total, memberId },
  ]);
  const printer = device.standIn.bluetooth.addPrinter({ name: 'Printer_58' });
  device.standIn.wx.setStorageSync(PRINTER_STORAGE_KEY, {
    deviceId: printer.deviceId,
    name: printer.name,
    paper: '58mm',
  });
  const clock = systemClock();
  const store = new PrinterStore({
    wx: device.standIn.wx as never,
    storage: wxStorage(device.standIn.wx),
    clock,
    receiptContext: receiptContextFrom(device.client),
    bluetooth: new Bluetooth(device.standIn.wx as never, clock, {
      retryDelayMs: 5,
      writeTimeoutMs: 200,
      statusTimeoutMs: 100,
    }),
  });
  try {
    expect(await store.reconnect()).toBe(true);
    expect((await store.printOrder(order)).ok).toBe(true);
    expect((await store.printOrder(order, { reprint: true })).ok).toBe(true);
  } finally {
    await store.dispose();
  }
  const receipts: string[][] = [[]];
  for (const event of readEscPos(printer.received()).events) {
    if (event.kind === 'line' && event.line.text.trim())
      receipts[receipts.length - 1].push(event.line.text.trim());
    if (event.kind === 'cut') receipts.push([]);
  }
  const [sale, reprint] = receipts;
  const balance = (12_000 - order.total) / 100;
  expect(lineOf(sale, '储值余额')).toMatch(
    new RegExp(` ${balance.toFixed(2).replace('.', '\\.')}$`),
  );
  expect(sale).not.toContain('** 重打小票 **');
  expect(reprint).toContain('** 重打小票 **');
  expect(lineOf(reprint, '储值余额')).toBeUndefined();
  expect(lineOf(reprint, '积分余额')).toBeUndefined();
});

test('nothing earned on an open or voided order, nor where the store gives no points', () => {
  const order = memberSale();
  const contextOf = receiptContextFrom(device.client);
  for (const status of ['open', 'voided'] as const)
    expect(contextOf({ ...order, status }).member).not.toHaveProperty('pointsEarned');

  // A refund takes back the points of what it refunded: one latte back leaves the other's.
  const { orders } = device.client;
  const latte = order.lines[0];
  const refunded = orders.refund(order.id, {
    lines: [{ lineId: latte.lineId, qty: 1 }],
    reason: '',
    restock: true,
    approvedBy: demo.staffPins.find((s) => s.role === 'manager')!.staffId,
  });
  if (!refunded.ok) throw new Error(refunded.error.message);
  const back = refunded.value.refunds[0].lines[0].amount;
  expect(back).toBeGreaterThan(0);
  const kept = Math.floor((order.total - back) / 100);
  expect(contextOf(refunded.value).member?.pointsEarned).toBe(kept);
  // The refund took its points back from the balance too.
  expect(contextOf(refunded.value).member?.pointsBalance).toBe(860 + kept);

  device.client.ledger.applySnapshot(
    { ...demoSnapshot(), settings: { ...demo.settings, pointsPerYuan: 0 } },
    2,
  );
  // The store gives no points now: an order kept before orders carried their rate earns none; this
  // one earned at 1 point a yuan and says so.
  const { pointsPerYuan: _rate, ...keptBefore } = order;
  expect(contextOf(keptBefore).member).not.toHaveProperty('pointsEarned');
  expect(contextOf(order).member?.pointsEarned).toBe(Math.floor(order.total / 100));
  expect(contextOf({ ...order, memberId: null }).member).toBeNull();
});
