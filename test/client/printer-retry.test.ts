// A receipt that did not print, printed again from Settings (retry): it is laid out again from the
// order as it is now, never resent as the bytes made at the sale. The cash drawer opens only as the
// sale's own receipt would open it: a cash sale's receipt that never reached the printer, retried
// within a couple of minutes of the sale (the cashier fixed the printer and needs the drawer). Later,
// or once any of it reached the printer (the kick goes out first), it prints as a reprint: marked,
// drawer shut. A drawer opened later than that has a record only through 开钱箱 (with a reason).
// With the paper out, a cash sale's kick goes out alone (the drawer needs no paper) and the receipt
// printed again does not kick a second time.
import type { Order } from '@pos/shared';
import { Bluetooth, type BluetoothOptions } from '../../miniprogram/adapters/bluetooth';
import { systemClock } from '../../miniprogram/adapters/clock';
import { wxStorage } from '../../miniprogram/adapters/storage';
import {
  PrinterStore,
  PRINTER_STORAGE_KEY,
  SALE_RECEIPT_RETRY_MS,
} from '../../miniprogram/stores/printer-store';
import { createWxStandIn, type WxStandIn } from '../wx';
import type { FakeBlePrinter } from '../wx/bluetooth';
import { readEscPos } from '../support/escpos-reader';
import { receiptFixtureContext, receiptFixtureOrder } from '../support/receipt-fixture';

const fast: BluetoothOptions = { retryDelayMs: 5, writeTimeoutMs: 200, statusTimeoutMs: 100 };
let phones: WxStandIn[] = [];
afterEach(async () => {
  await Promise.all(phones.map((phone) => phone.dispose()));
  phones = [];
});

/** A till whose printer store reads a clock the test moves (Bluetooth keeps real time). */
function till(options: { phone?: WxStandIn; remembered?: boolean } = {}) {
  const phone = options.phone ?? createWxStandIn();
  phones.push(phone);
  const time = { now: Date.UTC(2026, 10, 22, 6, 3, 5) };
  const contexts: Array<{ reprint: boolean }> = [];
  const store = new PrinterStore({
    wx: phone.wx as never,
    storage: wxStorage(phone.wx),
    clock: systemClock(() => time.now),
    receiptContext: (_order, options) => {
      contexts.push(options);
      return receiptFixtureContext;
    },
    bluetooth: new Bluetooth(phone.wx as never, systemClock(), fast),
  });
  return { phone, store, time, contexts };
}

/** The orders as this device has them now (what the Settings component hands the store). */
function ordersNow(...orders: Order[]) {
  const byId = new Map(orders.map((order) => [order.id, order]));
  return (orderId: string) => byId.get(orderId) ?? null;
}

async function pick(store: PrinterStore, printer: FakeBlePrinter): Promise<void> {
  await store.startSearch();
  for (let i = 0; i < 100 && !store.found.some((p) => p.deviceId === printer.deviceId); i++)
    await new Promise((resolve) => setTimeout(resolve, 5));
  const found = store.found.find((p) => p.deviceId === printer.deviceId);
  if (!found || !(await store.choose(found))) throw new Error(`${printer.name} did not connect`);
}

/** What reached the printer after the first `from` bytes, read back. */
const printedSince = (printer: FakeBlePrinter, from: number) =>
  readEscPos(printer.received().subarray(from));

const lineTexts = (printout: ReturnType<typeof readEscPos>) =>
  printout.lines.map((line) => line.text.trim());

const sale = receiptFixtureOrder(); // paid, part in cash: its own receipt opens the drawer

test('retried hours later from Settings, a cash sale’s receipt is a reprint: marked, drawer shut', async () => {
  const { phone, store, time } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.setPaper('out');
  expect(await store.printOrder(sale)).toMatchObject({ ok: false, problem: 'out_of_paper' });
  const before = printer.received().length;

  printer.setPaper('ok');
  time.now += 3 * 60 * 60_000;
  await store.retryAll(ordersNow(sale));
  const printout = printedSince(printer, before);
  expect(printout.cuts).toBe(1);
  expect(printout.drawerKicks).toBe(0);
  expect(lineTexts(printout)).toContain('** 重打小票 **');
  expect(store.failed).toEqual([]);
});

test('a cash sale with the printer out of paper opens the drawer at the sale; retried soon after, it is the sale’s receipt, with no second kick', async () => {
  const { phone, store, time } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.setPaper('out');
  expect(await store.printOrder(sale)).toMatchObject({ ok: false, problem: 'out_of_paper' });
  // The kick alone reached the printer (the drawer needs no paper): none of the receipt did.
  const atSale = readEscPos(printer.received());
  expect({ kicks: atSale.drawerKicks, lines: atSale.lines.length }).toEqual({ kicks: 1, lines: 0 });
  const before = printer.received().length;

  printer.setPaper('ok');
  time.now += 50_000;
  const result = await store.retry(store.failed[0].id, ordersNow(sale));
  expect(result).toMatchObject({ ok: true });
  const printout = printedSince(printer, before);
  expect(printout.drawerKicks).toBe(0);
  expect(lineTexts(printout)).not.toContain('** 重打小票 **');
  expect(lineTexts(printout)).toContain('单号: T1-1122-0042');
});

test('a receipt kept before its drawer opened, retried soon with the paper out, still opens it once', async () => {
  const { phone, store, time } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.setPowered(false);
  expect(await store.printOrder(sale)).toMatchObject({ ok: false });
  printer.setPowered(true);
  printer.setPaper('out');
  time.now += 30_000;
  expect(await store.retry(store.failed[0].id, ordersNow(sale))).toMatchObject({
    ok: false,
    problem: 'out_of_paper',
  });
  expect(readEscPos(printer.received()).drawerKicks).toBe(1);

  printer.setPaper('ok');
  time.now += 30_000;
  expect(await store.retry(store.failed[0].id, ordersNow(sale))).toMatchObject({ ok: true });
  expect(readEscPos(printer.received()).drawerKicks).toBe(1);
});

test('the window is counted from the sale’s first attempt, not from a retry that failed again', async () => {
  const { phone, store, time } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.setPaper('out');
  await store.printOrder(sale);
  time.now += SALE_RECEIPT_RETRY_MS - 10_000;
  expect(await store.retry(store.failed[0].id, ordersNow(sale))).toMatchObject({ ok: false });
  expect(store.failed).toHaveLength(1);
  const before = printer.received().length;

  printer.setPaper('ok');
  time.now += 20_000;
  expect(await store.retry(store.failed[0].id, ordersNow(sale))).toMatchObject({ ok: true });
  const printout = printedSince(printer, before);
  expect(printout.drawerKicks).toBe(0);
  expect(lineTexts(printout)).toContain('** 重打小票 **');
  // The drawer opened once in all, at the sale: the failed retry sent no kick of its own.
  expect(readEscPos(printer.received()).drawerKicks).toBe(1);
});

test('a receipt cut off mid-print already kicked the drawer: the retry, even at once, does not kick again', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.disconnectAfter(150);
  expect(await store.printOrder(sale)).toMatchObject({ ok: false, problem: 'disconnected' });
  expect(readEscPos(printer.received()).drawerKicks).toBe(1);
  const before = printer.received().length;

  expect(await store.retry(store.failed[0].id, ordersNow(sale))).toMatchObject({ ok: true });
  const printout = printedSince(printer, before);
  expect(printout.cuts).toBe(1);
  expect(printout.drawerKicks).toBe(0);
  expect(lineTexts(printout)).toContain('** 重打小票 **');
});

test('the retry prints the order as it is now: voided since, no drawer, and it says so', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.setPowered(false);
  expect(await store.printOrder(sale)).toMatchObject({ ok: false });
  const before = printer.received().length;

  printer.setPowered(true);
  const voided: Order = { ...sale, status: 'voided' };
  expect(await store.retry(store.failed[0].id, ordersNow(voided))).toMatchObject({ ok: true });
  const printout = printedSince(printer, before);
  expect(printout.drawerKicks).toBe(0);
  expect(lineTexts(printout)).toContain('*** 已作废 ***');
});

test('a failed reprint from Orders stays a reprint when retried, however soon', async () => {
  const { phone, store, contexts } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.setPaper('out');
  await store.printOrder(sale, { reprint: true });
  const before = printer.received().length;

  printer.setPaper('ok');
  await store.retryAll(ordersNow(sale));
  const printout = printedSince(printer, before);
  expect(printout.drawerKicks).toBe(0);
  expect(lineTexts(printout)).toContain('** 重打小票 **');
  // The member's balances are not printed on a reprint: the context was asked for one.
  expect(contexts.at(-1)).toEqual({ reprint: true });
});

test('what is kept of a failed receipt is what lays it out again, not its bytes (and its QR)', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.setPaper('out');
  const qr = { text: sale.orderNo, caption: '退换货请出示此码' };
  await store.printOrder(sale, { qr });
  const [kept] = store.failed;
  expect(kept).toMatchObject({ orderId: sale.id, title: sale.orderNo, problem: 'out_of_paper' });
  expect(kept).not.toHaveProperty('bytes');
  expect(JSON.stringify(kept).length).toBeLessThan(1024);
  const before = printer.received().length;

  printer.setPaper('ok');
  await store.retryAll(ordersNow(sale));
  expect(printedSince(printer, before).qrCodes.map((code) => code.data)).toEqual([sale.orderNo]);
});

test('a receipt whose order is no longer on the device is let go, said so, and the others still print', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.setPaper('out');
  const other: Order = { ...sale, id: 'tab-0001:2026-11-22:43', orderNo: 'T1-1122-0043' };
  await store.printOrder(sale);
  await store.printOrder(other);
  expect(store.unprintedOrderIds).toEqual([sale.id, other.id]);
  const before = printer.received().length;

  printer.setPaper('ok');
  await store.retryAll(ordersNow(other));
  expect(store.failed).toEqual([]);
  const printout = printedSince(printer, before);
  expect(printout.cuts).toBe(1);
  expect(lineTexts(printout)).toContain('单号: T1-1122-0043');
});

test('a test page that did not print is made again on retry, the paper width as it is now', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.setPaper('out');
  await store.testPrint();
  expect(store.failed).toHaveLength(1);
  const before = printer.received().length;

  printer.setPaper('ok');
  store.setPaper('80mm');
  await store.retryAll(ordersNow());
  const printout = printedSince(printer, before);
  expect(printout.drawerKicks).toBe(0);
  expect(printout.qrCodes.map((code) => code.data)).toEqual(['POS TEST 80mm']);
});

test('a printer record from an older version holding receipt bytes is read, and nothing in it is sent', async () => {
  const phone = createWxStandIn();
  const printer = phone.bluetooth.addPrinter();
  // An older version's record: the printer, and a failed receipt kept as its bytes (kick first).
  phone.wx.setStorageSync(PRINTER_STORAGE_KEY, {
    deviceId: printer.deviceId,
    name: printer.name,
    paper: '58mm',
    failed: [
      { id: 1, orderId: sale.id, title: sale.orderNo, bytes: [27, 64, 27, 112, 0, 25, 250] },
    ],
  });
  const { store } = till({ phone });
  expect(store.saved).toEqual({ deviceId: printer.deviceId, name: printer.name, paper: '58mm' });
  expect(store.failed).toEqual([]);
  expect(await store.reconnect()).toBe(true);
  await store.retryAll(ordersNow(sale));
  expect(printer.received().length).toBe(0);

  // Written again as this version writes it: the old bytes are gone from the key.
  store.setPaper('80mm');
  expect(phone.wx.getStorageSync(PRINTER_STORAGE_KEY)).toEqual({
    deviceId: printer.deviceId,
    name: printer.name,
    paper: '80mm',
  });
});
