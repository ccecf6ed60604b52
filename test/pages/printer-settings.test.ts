/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The printer settings component (the Settings page includes it) under miniprogram-simulate with
// Vant, bound to a real printer store on the wx stand-in's fake BLE printer: find, connect, paper
// width, test page, a failure shown and printed again, forget.
import { Bluetooth } from '../../miniprogram/adapters/bluetooth';
import { systemClock } from '../../miniprogram/adapters/clock';
import { wxStorage } from '../../miniprogram/adapters/storage';
import { PrinterStore } from '../../miniprogram/stores/printer-store';
import { createWxStandIn, type WxStandIn } from '../wx';
import { readEscPos } from '../support/escpos-reader';
import { receiptFixtureContext } from '../support/receipt-fixture';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, find, own, textOf, vant, type Node } from './support/interact';

const pages = setUpPages();
let phone: WxStandIn;
let store: PrinterStore;
let rendered: Node[] = [];

/** Renders the component; it is detached after the test, so no binding outlives its store. */
function render(): Node {
  const page = pages.render('components/printer-settings/index');
  rendered.push(page);
  return page;
}

beforeEach(() => {
  phone = createWxStandIn();
  const clock = systemClock();
  store = new PrinterStore({
    wx: phone.wx as never,
    storage: wxStorage(phone.wx),
    clock,
    receiptContext: () => receiptFixtureContext,
    bluetooth: new Bluetooth(phone.wx as never, clock, { retryDelayMs: 5, statusTimeoutMs: 100 }),
  });
  (globalThis as Record<string, unknown>).getApp = () => ({ client: null, printer: store });
});
afterEach(async () => {
  for (const page of rendered) (page as Node & { detach(): void }).detach();
  rendered = [];
  await settle(pages);
  await store.dispose();
  await phone.dispose();
});

/** Settles until the condition holds (Bluetooth answers on later ticks). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await settle(pages, 20);
  if (!condition()) throw new Error('the component never got there');
}

const rows = (page: Node) => page.querySelectorAll('.printer-settings__found');

test('finds a printer nearby, connects and remembers it, and prints a test page on it', async () => {
  const printer = phone.bluetooth.addPrinter({ name: 'Printer_58' });
  const page = render();
  await settle(pages);
  expect(textOf(page, own('printer-settings__none'))).toContain('还没有连接打印机');
  expect(count(page, vant('van-button'))).toBeGreaterThan(0);

  clickButton(page, '#search');
  await until(() => rows(page).length === 1);
  expect(rows(page)[0].dom?.textContent).toContain('Printer_58');

  clickButton(page, '#connect-0');
  await until(() => store.connected);
  await settle(pages);
  expect(textOf(page, own('printer-settings__saved'))).toContain('Printer_58');
  expect(find(page, '.printer-settings__state').dom?.textContent?.trim()).toBe('已连接');
  expect(page.data.view.searching).toBe(false);

  find(page, '#paper').dispatchEvent('change', { detail: '80mm' });
  await settle(pages);
  expect(store.saved?.paper).toBe('80mm');

  clickButton(page, '#test-print');
  await until(() => store.lastPrinted !== null);
  const printout = readEscPos(printer.received());
  expect(printout.lines.map((l) => l.text)).toContain(
    '123456789012345678901234567890123456789012345678',
  );
  expect(printout.qrCodes.map((qr) => qr.data)).toEqual(['POS TEST 80mm']);
  expect(printout.cuts).toBe(1);
});

test('shows why a receipt did not print and prints it again; forgetting clears the printer', async () => {
  const printer = phone.bluetooth.addPrinter();
  const page = render();
  await settle(pages);
  clickButton(page, '#search');
  await until(() => rows(page).length === 1);
  clickButton(page, '#connect-0');
  await until(() => store.connected);
  // The test page button shows once the view has the printer (a render after the store's change).
  await settle(pages);

  phone.bluetooth.setAvailable(false);
  clickButton(page, '#test-print');
  await until(() => store.failed.length === 1);
  await settle(pages);
  expect(page.data.view.problem).toBe('手机蓝牙未打开：请在系统设置里打开蓝牙');
  expect(textOf(page, vant('van-notice-bar'))).toContain('手机蓝牙未打开');
  expect(textOf(page, own('printer-settings__failed-text'))).toBe('1 张小票没有打印出来');

  phone.bluetooth.setAvailable(true);
  clickButton(page, '#retry-all');
  await until(() => store.failed.length === 0 && store.busy === null);
  await settle(pages);
  expect(count(page, own('printer-settings__failed'))).toBe(0);
  expect(page.data.view.problem).toBeNull();
  expect(readEscPos(printer.received()).cuts).toBe(1);

  clickButton(page, '#forget');
  await until(() => store.saved === null);
  await settle(pages);
  expect(textOf(page, own('printer-settings__none'))).toContain('还没有连接打印机');
});
