/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The shift page's drawer: 开钱箱 asks why, records the opening through the outbox (with no printer,
// the cashier is told to open it by hand), and with a printer connected kicks the drawer open with
// nothing printed; a member's cash top-up during the shift shows in the drawer's expected cash.
import { Bluetooth } from '../../miniprogram/adapters/bluetooth';
import { systemClock } from '../../miniprogram/adapters/clock';
import { wxStorage } from '../../miniprogram/adapters/storage';
import { PrinterStore } from '../../miniprogram/stores/printer-store';
import { readEscPos } from '../support/escpos-reader';
import { receiptFixtureContext } from '../support/receipt-fixture';
import { demo } from '../support/test-server';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import {
  clickButton,
  count,
  find,
  own,
  textOf,
  typeInto,
  vant,
  type Node,
} from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });
const withClient = (globalThis as unknown as { getApp: () => Record<string, unknown> }).getApp;
let printer: PrinterStore | null = null;
let rendered: Node[] = [];

beforeEach(() => {
  (globalThis as Record<string, unknown>).getApp = () => ({ ...withClient(), printer });
});
afterEach(async () => {
  for (const page of rendered) (page as Node & { detach(): void }).detach();
  rendered = [];
  await settle(pages);
  await printer?.dispose();
  printer = null;
});

function render(): Node {
  const page = pages.render('pages/shift/index');
  rendered.push(page);
  return page;
}

const outboxTypes = () => till.device.client.ledger.outbox.entries().map((e) => e.op.type);

/** Taps 开钱箱, gives the reason and confirms. */
async function openDrawer(page: Node, reason: string): Promise<void> {
  clickButton(page, '#open-drawer');
  await settle(pages);
  typeInto(page, '#drawer-reason', reason);
  await settle(pages);
  clickButton(page, '#drawer-confirm');
}

test('开钱箱 asks why, records it with no printer, and says to open the drawer by hand', async () => {
  const page = render();
  await settle(pages);
  expect(find(page, '#open-drawer').dom?.textContent).toContain('开钱箱');
  expect(count(page, own('shift__drawer'))).toBe(0);

  clickButton(page, '#open-drawer');
  await settle(pages);
  expect(count(page, own('shift__drawer'))).toBe(1);
  expect(count(page, `${own('shift__drawer')} ${vant('van-field')}`)).toBe(1);
  // No reason: refused, nothing recorded.
  clickButton(page, '#drawer-confirm');
  await settle(pages);
  expect(page.data.error).toBe('请填写打开钱箱的原因');
  expect(outboxTypes()).toEqual([]);

  // Cancel closes it, still nothing recorded.
  clickButton(page, '#drawer-cancel');
  await settle(pages);
  expect(count(page, own('shift__drawer'))).toBe(0);
  expect(outboxTypes()).toEqual([]);

  await openDrawer(page, '找零给隔壁店');
  await until(() => page.data.drawerNotice !== '', 'the drawer notice');
  await settle(pages);
  expect(outboxTypes()).toEqual(['drawer.opened']);
  const [entry] = till.device.client.ledger.outbox.entries();
  expect(entry.op).toMatchObject({
    type: 'drawer.opened',
    payload: { shiftId: null, staffId: 'staff-cashier-1', reason: '找零给隔壁店' },
  });
  expect(till.device.client.sync.unsyncedCount).toBe(1);
  expect(textOf(page, own('shift__drawer-notice'))).toContain('没有连接打印机');
  expect(count(page, own('shift__drawer'))).toBe(0);
});

test('with a printer connected, the drawer is kicked open: nothing printed, nothing cut, on the open shift', async () => {
  const phone = till.device.standIn;
  const fake = phone.bluetooth.addPrinter({ name: 'Printer_58' });
  const clock = systemClock();
  printer = new PrinterStore({
    wx: phone.wx as never,
    storage: wxStorage(phone.wx),
    clock,
    receiptContext: () => receiptFixtureContext,
    bluetooth: new Bluetooth(phone.wx as never, clock, { retryDelayMs: 5, statusTimeoutMs: 100 }),
  });
  await printer.startSearch();
  await until(() => printer!.found.length > 0, 'the printer to be found');
  expect(await printer.choose(printer.found[0])).toBe(true);
  expect(till.device.client.shift.open(20000).ok).toBe(true);

  const page = render();
  await settle(pages);
  await openDrawer(page, '核对现金');
  await until(() => page.data.drawerNotice !== '', 'the drawer notice');
  await settle(pages);
  expect(textOf(page, own('shift__drawer-notice'))).toContain('钱箱已打开');
  const read = readEscPos(fake.received());
  expect(read).toMatchObject({ drawerKicks: 1, cuts: 0, lines: [] });
  // A kick is not a receipt: nothing waits to be printed again.
  expect(printer.failed).toEqual([]);
  expect(outboxTypes()).toEqual(['shift.opened', 'drawer.opened']);
  const shiftId = till.device.client.shift.current!.opened.shiftId;
  expect(till.device.client.ledger.outbox.entries()[1].op).toMatchObject({
    payload: { shiftId, reason: '核对现金' },
  });
});

test('a member’s cash top-up during the shift shows in the drawer and its expected cash', async () => {
  const page = render();
  await settle(pages);
  typeInto(page, '#float', '100');
  await settle(pages);
  clickButton(page, '#open');
  await until(() => page.data.flows !== null, 'the shift to open');
  await settle(pages);
  expect(count(page, own('shift__top-ups'))).toBe(0);

  const topUp = till.device.client.members.topUp(demo.members[0].phone, 30000);
  if (!topUp.ok) throw new Error(topUp.error.message);
  await settle(pages);
  expect(page.data.flows).toMatchObject({ cashTopUps: '¥300.00', expected: '¥400.00' });
  expect(textOf(page, own('shift__top-ups'))).toContain('储值充值（现金）');
  expect(textOf(page, own('shift__top-ups'))).toContain('¥300.00');
  expect(textOf(page, vant('van-cell-group'))).toContain('¥400.00');

  // Paid by WeChat: no cash in the drawer.
  const wechat = till.device.client.members.topUp(demo.members[0].phone, 5000, {
    method: 'wechat',
    reference: 'wx-sim-2',
  });
  if (!wechat.ok) throw new Error(wechat.error.message);
  await settle(pages);
  expect(page.data.flows).toMatchObject({ cashTopUps: '¥300.00', expected: '¥400.00' });
});
