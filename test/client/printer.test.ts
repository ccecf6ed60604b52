// Receipts over Bluetooth, through the real printer store, connection and wx adapter, on the wx
// stand-in's fake BLE printer: what arrives on the printer is read back as a printer would print
// it; writes stay at 20 bytes, one at a time; failures are reported and kept for a reprint.
import { Bluetooth, type BluetoothOptions } from '../../miniprogram/adapters/bluetooth';
import { systemClock } from '../../miniprogram/adapters/clock';
import { wxStorage } from '../../miniprogram/adapters/storage';
import { PrinterStore, PRINTER_STORAGE_KEY } from '../../miniprogram/stores/printer-store';
import { createWxStandIn, type WxStandIn } from '../wx';
import { genericAttributeService, printerService, type FakeBlePrinter } from '../wx/bluetooth';
import { encodeDrawerKick } from '@pos/shared';
import { readEscPos } from '../support/escpos-reader';
import { receiptFixtureContext, receiptFixtureOrder } from '../support/receipt-fixture';

const fast: BluetoothOptions = { retryDelayMs: 5, writeTimeoutMs: 200, statusTimeoutMs: 100 };
let phones: WxStandIn[] = [];
afterEach(async () => {
  await Promise.all(phones.map((phone) => phone.dispose()));
  phones = [];
});

function till(options: { bluetooth?: BluetoothOptions; phone?: WxStandIn } = {}) {
  const phone = options.phone ?? createWxStandIn();
  phones.push(phone);
  const clock = systemClock();
  const store = new PrinterStore({
    wx: phone.wx as never,
    storage: wxStorage(phone.wx),
    clock,
    receiptContext: () => receiptFixtureContext,
    bluetooth: new Bluetooth(phone.wx as never, clock, { ...fast, ...options.bluetooth }),
  });
  return { phone, store };
}

/** Waits for the store to find a printer, then picks it. */
async function pick(store: PrinterStore, printer: FakeBlePrinter): Promise<boolean> {
  await store.startSearch();
  for (let i = 0; i < 100 && !store.found.some((p) => p.deviceId === printer.deviceId); i++)
    await new Promise((resolve) => setTimeout(resolve, 5));
  const found = store.found.find((p) => p.deviceId === printer.deviceId);
  if (!found) throw new Error(`${printer.name} was not found`);
  return store.choose(found);
}

/** The receipts the printer printed (status requests aside), one per cut. */
function printedReceipts(printer: FakeBlePrinter): string[][] {
  const receipts: string[][] = [[]];
  for (const event of readEscPos(printer.received()).events) {
    if (event.kind === 'line' && event.line.text.trim())
      receipts[receipts.length - 1].push(event.line.text);
    if (event.kind === 'cut') receipts.push([]);
  }
  return receipts.slice(0, -1);
}

const fixture = receiptFixtureOrder();
/** The orders on the device, for a receipt printed again: it is laid out again from its order. */
const fixtureOrder = (orderId: string) => (orderId === fixture.id ? fixture : null);

/** The bytes a healthy printer receives for the fixture's receipt (or reprint), to compare against. */
async function referenceReceipt(options: { reprint?: boolean } = {}): Promise<number[]> {
  const clean = till();
  const reference = clean.phone.bluetooth.addPrinter();
  await pick(clean.store, reference);
  await clean.store.printOrder(fixture, options);
  return [...reference.received()];
}

test('finds a printer, remembers it, and prints a sale’s receipt in writes of at most 20 bytes', async () => {
  const { phone, store } = till();
  phone.bluetooth.addPrinter({ name: 'Kitchen BT' });
  const printer = phone.bluetooth.addPrinter({ name: 'Printer_58' });
  expect(await pick(store, printer)).toBe(true);
  expect(store.connected).toBe(true);
  expect(phone.wx.getStorageSync(PRINTER_STORAGE_KEY)).toMatchObject({
    deviceId: printer.deviceId,
    name: 'Printer_58',
    paper: '58mm',
  });

  const result = await store.printOrder(fixture);
  expect(result).toMatchObject({ ok: true });
  expect(printer.violations).toEqual([]);
  expect(Math.max(...printer.writeSizes())).toBeLessThanOrEqual(20);
  const printout = readEscPos(printer.received());
  expect(printout.events.filter((e) => e.kind === 'status-request')).toHaveLength(2);
  expect(printout.qrCodes).toHaveLength(1);
  expect(printout.drawerKicks).toBe(1);
  const [receipt] = printedReceipts(printer);
  expect(receipt).toEqual(expect.arrayContaining(['单号: T1-1122-0042', '收银员: 王芳']));
  expect(store.failed).toEqual([]);
  expect(store.lastPrinted?.title).toBe('T1-1122-0042');
});

test('after a relaunch the remembered printer is used again, on its chosen paper width', async () => {
  const first = till();
  const printer = first.phone.bluetooth.addPrinter();
  await pick(first.store, printer);
  first.store.setPaper('80mm');
  await first.store.dispose();

  // Same phone storage, a new store: the app was killed and opened again.
  const { store } = till({ phone: first.phone });
  expect(store.saved).toMatchObject({ deviceId: printer.deviceId, paper: '80mm' });
  expect(await store.printOrder(fixture)).toMatchObject({ ok: true });
  const lines = readEscPos(printer.received()).lines.map((l) => l.text);
  expect(Math.max(...lines.map((l) => l.length))).toBeGreaterThan(32);
});

test('the phone’s Bluetooth switched off: a clear reason, the receipt kept, printed once it is on', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  phone.bluetooth.setAvailable(false);

  const result = await store.printOrder(fixture);
  expect(result).toMatchObject({ ok: false, problem: 'bluetooth_off' });
  expect(store.problem).toBe('手机蓝牙未打开：请在系统设置里打开蓝牙');
  expect(store.failed).toHaveLength(1);
  expect(store.unprintedOrderIds).toEqual([fixture.id]);

  phone.bluetooth.setAvailable(true);
  expect(await store.retry(store.failed[0].id, fixtureOrder)).toMatchObject({ ok: true });
  expect(store.failed).toEqual([]);
  expect(store.problem).toBeNull();
  expect(printedReceipts(printer)).toHaveLength(1);
});

test('Bluetooth refused to WeChat or to the mini-program: said so in words, not “turn Bluetooth on”', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  // The user declined the mini-program's Bluetooth prompt: Bluetooth itself is on.
  phone.bluetooth.setPermission('denied-by-user');
  await store.startSearch();
  expect(store.searching).toBe(false);
  expect(store.problem).toBe('小程序没有蓝牙权限：请点右上角“…”→ 设置，允许使用蓝牙');

  // iOS Settings give WeChat no Bluetooth: errCode 10001 as when it is off, state 3.
  phone.bluetooth.setPermission('denied-by-system');
  await store.startSearch();
  expect(store.problem).toBe('微信没有蓝牙权限：请在手机的 设置 → 微信 里允许使用蓝牙');

  phone.bluetooth.setPermission('granted');
  expect(await pick(store, printer)).toBe(true);
  expect(store.problem).toBeNull();
});

test('a printer switched off or out of range cannot be reached: said so, and the sale goes on', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.setInRange(false);
  await new Promise((resolve) => setImmediate(resolve));
  expect(store.connected).toBe(false);

  const result = await store.printOrder(fixture);
  expect(result).toMatchObject({ ok: false, problem: 'out_of_range' });
  expect(store.problem).toContain('可能已关机或不在附近');

  printer.setInRange(true);
  expect(await store.reconnect()).toBe(true);
  expect(await store.retry(store.failed[0].id, fixtureOrder)).toMatchObject({ ok: true });
});

test('a connection lost mid-receipt is reported; the reprint sends the whole receipt again', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.disconnectAfter(150);

  const result = await store.printOrder(fixture);
  expect(result).toMatchObject({ ok: false, problem: 'disconnected' });
  expect(store.problem).toBe('打印时连接断开：请靠近打印机后重新打印');
  const cutShort = printer.received().length;
  expect(cutShort).toBeLessThan(600);

  expect(await store.retry(store.failed[0].id, fixtureOrder)).toMatchObject({ ok: true });
  const whole = readEscPos(printer.received().subarray(cutShort));
  expect(whole.cuts).toBe(1);
  expect(whole.lines.map((l) => l.text)).toContain('单号: T1-1122-0042');
});

test('out of paper: nothing is sent into an empty printer; printed once paper is in', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.setPaper('out');

  expect(await store.printOrder(fixture)).toMatchObject({ ok: false, problem: 'out_of_paper' });
  expect(store.problem).toBe('打印机缺纸：装好纸后重新打印');
  // Only the status request reached the printer, then the cash sale's drawer kick on its own.
  expect([...printer.received()]).toEqual([0x10, 0x04, 0x04, ...encodeDrawerKick()]);

  printer.setPaper('near-end');
  expect(await store.retry(store.failed[0].id, fixtureOrder)).toMatchObject({ ok: true });
  expect(store.paperLow).toBe(true);
  expect(printedReceipts(printer)).toHaveLength(1);
});

test.each(['android', 'ios'] as const)(
  'on %s an empty printer is found out before the receipt, whatever services the phone lists first',
  async (platform) => {
    const phone = createWxStandIn({ deviceInfo: { platform } });
    const { store } = till({ phone });
    const printer = phone.bluetooth.addPrinter();
    await pick(store, printer);
    // Android lists the phone's Generic Attribute service (it indicates) before the printer's.
    const { services } = await phone.wx.getBLEDeviceServices({ deviceId: printer.deviceId });
    const order = services.map((service) => service.uuid);
    if (platform === 'android')
      expect(order.indexOf(genericAttributeService)).toBeLessThan(order.indexOf(printerService));
    printer.setPaper('out');

    expect(await store.printOrder(fixture)).toMatchObject({ ok: false, problem: 'out_of_paper' });
    const printout = readEscPos(printer.received());
    expect(printout.events.filter((e) => e.kind === 'status-request')).toHaveLength(1);
    expect({ lines: printout.lines.length, cuts: printout.cuts }).toEqual({ lines: 0, cuts: 0 });
    expect(store.unprintedOrderIds).toEqual([fixture.id]);
  },
);

test('the “paper running low” warning shows while the roll is low and goes once a new roll is in', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.setPaper('near-end');
  expect(await store.printOrder(fixture)).toMatchObject({ ok: true });
  expect(store.paperLow).toBe(true);

  printer.setPaper('ok');
  expect(await store.printOrder(fixture)).toMatchObject({ ok: true });
  expect(store.paperLow).toBe(false);
});

test('a receipt the printer took whole counts as printed when the paper check after it cannot be asked', async () => {
  const phone = createWxStandIn();
  // After the first, every paper status request is refused (Android's GATT still busy: 10008).
  let statusRequests = 0;
  const wx = new Proxy(phone.wx, {
    get(target, name, receiver) {
      if (name !== 'writeBLECharacteristicValue') return Reflect.get(target, name, receiver);
      return (option: WechatMiniprogram.WriteBLECharacteristicValueOption) => {
        const bytes = [...new Uint8Array(option.value)];
        if (bytes.join() === '16,4,4' && ++statusRequests > 1)
          return Promise.reject({
            errMsg: 'writeBLECharacteristicValue:fail:system error',
            errCode: 10008,
          });
        return target.writeBLECharacteristicValue(option);
      };
    },
  });
  const { store } = till({ phone: { ...phone, wx } });
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);

  const result = await store.printOrder(fixture);
  expect(statusRequests).toBeGreaterThan(1);
  expect(printedReceipts(printer)).toHaveLength(1);
  expect({ ok: result.ok, unprinted: store.unprintedOrderIds }).toEqual({
    ok: true,
    unprinted: [],
  });
});

test('the roll running out during the receipt, as the printer answers after it, fails the job', async () => {
  const phone = createWxStandIn();
  const printer = phone.bluetooth.addPrinter();
  // The roll ends once the receipt's bytes start to arrive.
  const wx = new Proxy(phone.wx, {
    get(target, name, receiver) {
      if (name !== 'writeBLECharacteristicValue') return Reflect.get(target, name, receiver);
      return (option: WechatMiniprogram.WriteBLECharacteristicValueOption) => {
        if (new Uint8Array(option.value).join() !== '16,4,4') printer.setPaper('out');
        return target.writeBLECharacteristicValue(option);
      };
    },
  });
  const { store } = till({ phone: { ...phone, wx } });
  await pick(store, printer);

  expect(await store.printOrder(fixture)).toMatchObject({ ok: false, problem: 'out_of_paper' });
  expect(readEscPos(printer.received()).cuts).toBe(1);
  expect(store.unprintedOrderIds).toEqual([fixture.id]);
});

test('writes ask for a response, so a write WeChat calls done is one the printer acknowledged', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  expect(await store.printOrder(fixture)).toMatchObject({ ok: true });
  expect(new Set(printer.writeTypes())).toEqual(new Set(['write']));
});

test('a printer that takes only writes without response is written so, and prints', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter({ writeWithResponse: false });
  await pick(store, printer);
  expect(await store.printOrder(fixture)).toMatchObject({ ok: true });
  expect(new Set(printer.writeTypes())).toEqual(new Set(['writeNoResponse']));
  expect(printedReceipts(printer)).toHaveLength(1);
});

test('a write WeChat refuses in passing is retried: every byte arrives exactly once', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  const reference = await referenceReceipt();

  printer.failNextWrites(2);
  expect(await store.printOrder(fixture)).toMatchObject({ ok: true });
  expect([...printer.received()]).toEqual(reference);
});

test('a write not answered in time is never sent again on top of itself: the job fails whole', async () => {
  const { phone, store } = till({ bluetooth: { writeTimeoutMs: 30 } });
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  const reference = await referenceReceipt();

  // The phone answers each write after 60 ms: the write is still in flight when we give up on it.
  printer.answerWritesAfter(60);
  const result = await store.printOrder(fixture);
  expect(result).toMatchObject({ ok: false, problem: 'timeout' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(printer.violations).toEqual([]);
  // What arrived is the start of the receipt, no chunk twice: a reprint sends it all again.
  const cutShort = printer.received().length;
  expect([...printer.received()]).toEqual(reference.slice(0, cutShort));

  // What arrived may have opened the drawer (the kick goes first): printed again, it is a reprint.
  printer.answerWritesAfter(0);
  expect(await store.retry(store.failed[0].id, fixtureOrder)).toMatchObject({ ok: true });
  expect(printer.violations).toEqual([]);
  expect([...printer.received().subarray(cutShort)]).toEqual(
    await referenceReceipt({ reprint: true }),
  );
});

test('receipts asked for together print one after another, never interleaved', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  const second = { ...fixture, id: 'tab-0001:2026-11-22:43', orderNo: 'T1-1122-0043' };
  let busyAfterFirst: string | null = null;
  const results = await Promise.all([
    store.printOrder(fixture).finally(() => (busyAfterFirst = store.busy)),
    store.printOrder(second),
  ]);
  // Settings shows "printing" (and keeps the test page button off) until the last job is done.
  expect(busyAfterFirst).toBe('printing');
  expect(store.busy).toBeNull();
  expect(results.map((r) => r.ok)).toEqual([true, true]);
  expect(printer.violations).toEqual([]);
  const receipts = printedReceipts(printer);
  expect(receipts.map((r) => r.find((l) => l.startsWith('单号')))).toEqual([
    '单号: T1-1122-0042',
    '单号: T1-1122-0043',
  ]);
});

test('a reprint is marked and keeps the cash drawer shut', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  await store.printOrder(fixture, { reprint: true });
  const printout = readEscPos(printer.received());
  expect(printout.drawerKicks).toBe(0);
  expect(printout.lines.some((l) => l.text.includes('重打小票'))).toBe(true);
});

test('a printer that never answers status requests still prints', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter({ answersStatus: false });
  await pick(store, printer);
  expect(await store.printOrder(fixture)).toMatchObject({ ok: true });
  expect(printedReceipts(printer)).toHaveLength(1);
});

test('with no printer set up, printing says so and keeps nothing', async () => {
  const { store } = till();
  expect(await store.printOrder(fixture)).toMatchObject({ ok: false, problem: 'no_printer' });
  expect(store.failed).toEqual([]);
});

test('forgetting the printer disconnects it and clears what was remembered', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  await store.forget();
  expect(store.saved).toBeNull();
  expect(phone.wx.getStorageSync(PRINTER_STORAGE_KEY)).toBe('');
  await new Promise((resolve) => setImmediate(resolve));
  expect(printer.connected).toBe(false);
});

test('a connection that dropped is closed before the next: on Android, forgetting the printer then really disconnects it', async () => {
  const { phone, store } = till();
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  printer.setInRange(false);
  printer.setInRange(true);
  await new Promise((resolve) => setImmediate(resolve));
  expect(await store.printOrder(fixture)).toMatchObject({ ok: true });
  expect(printer.connected).toBe(true);
  await store.forget();
  await new Promise((resolve) => setImmediate(resolve));
  // Unpaired, Android would still hold the dropped connection, and the close would not disconnect.
  expect(printer.connected).toBe(false);
});

test('the stand-in holds WeChat’s 20-byte limit: longer writes go unanswered and fail the job', async () => {
  const { phone, store } = till({ bluetooth: { chunkBytes: 64, writeTimeoutMs: 30, attempts: 2 } });
  const printer = phone.bluetooth.addPrinter();
  await pick(store, printer);
  expect(await store.printOrder(fixture)).toMatchObject({ ok: false, problem: 'timeout' });
  expect(printer.violations[0]).toBe('a write of 64 bytes (more than 20)');
});

test('a printer switched off while the connection is being set up: a clear failure, and it connects once back on', async () => {
  const phone = createWxStandIn();
  const printer = phone.bluetooth.addPrinter();
  // The printer goes off between the connection and the look-up of its services, once.
  let switchedOff = false;
  const wx = new Proxy(phone.wx, {
    get(target, name, receiver) {
      if (name !== 'getBLEDeviceServices') return Reflect.get(target, name, receiver);
      return (options: object) => {
        if (!switchedOff) printer.setPowered(false);
        switchedOff = true;
        return target.getBLEDeviceServices(options as never);
      };
    },
  });
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  try {
    const { store } = till({ phone: { ...phone, wx } });
    expect(await pick(store, printer)).toBe(false);
    expect(store.problem).toMatch(/断开|打印机/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(uncaught).toEqual([]);

    printer.setPowered(true);
    expect(await pick(store, printer)).toBe(true);
    expect(printer.connected).toBe(true);
  } finally {
    process.off('uncaughtException', onUncaught);
  }
});
