// The app's entry (miniprogram/app.ts) on the wx stand-in: coming back to the foreground connects
// at once, instead of waiting out a backoff that grew while the phone was in a pocket, and "today"
// is the store's new business day if it began meanwhile.
import { autorun } from 'mobx-miniprogram';
import { cashTender } from '@pos/shared';
import { createClient, type PosClient } from '../../miniprogram/core/client';
import { demo } from '../support/test-server';
import { createWxStandIn, type WxStandIn } from '../wx';
import { seedLedger } from './support/offline-seed';
import { until } from './support/until';

/** What app.ts hands App() (its WeChat typings are not the tests'). */
interface AppConfig {
  client: PosClient;
  onLaunch(): void;
  onShow?(): void;
  onHide(): void;
}

const globals = globalThis as Record<string, unknown>;
let standIn: WxStandIn;
let app: AppConfig;

beforeEach(async () => {
  // A till paired to a server that is not answering (nothing listens at its address).
  const before = createWxStandIn();
  const paired = createClient({ wx: before.wx, autoStart: false });
  seedLedger(paired.ledger);
  paired.dispose();
  standIn = createWxStandIn();
  standIn.storage.load(before.storage.dump());
  void before.dispose();

  globals.wx = standIn.wx;
  globals.App = (config: AppConfig) => (app = config);
  // Named by a variable: app.ts is written against WeChat's global typings, not the tests'.
  const entry = '../../miniprogram/app';
  await jest.isolateModulesAsync(async () => {
    await import(entry);
  });
  // As WeChat starts a mini-program: launched, then shown.
  app.onLaunch();
  app.onShow?.();
});

afterEach(async () => {
  app.client.dispose();
  await standIn.dispose();
  delete globals.wx;
  delete globals.App;
});

test('back in the foreground, a till waiting to retry connects at once', async () => {
  const { sync } = app.client;
  await until(() => sync.status.connection === 'offline', 'the first attempt to fail');
  expect(sync.status.nextRetryAt).toBeGreaterThan(Date.now());

  app.onHide();
  app.onShow?.();
  expect(sync.status.connection).toBe('connecting');
});

test('back in the foreground, a revoked till stays stopped: only 重试 asks the server again', async () => {
  const { sync } = app.client;
  await until(() => sync.status.connection === 'offline', 'the first attempt to fail');
  app.client.engine.stop('revoked', 'this device was revoked by a manager');
  const opened = standIn.openSockets();

  app.onHide();
  app.onShow?.();
  expect(sync.status.connection).toBe('revoked');
  expect(standIn.openSockets()).toBe(opened);

  sync.retryNow();
  expect(sync.status.connection).toBe('connecting');
});

test("back in the foreground after the store's day start, today's orders are the new day's", () => {
  const { orders, cart, session } = app.client;
  const cashier = demo.staffPins.find((pin) => pin.role === 'cashier')!;
  expect(session.signIn(cashier.staffId, cashier.pin).ok).toBe(true);
  const latte = app.client.catalog.products.find((p) => p.name === '拿铁')!;
  expect(cart.addItem(latte.skus[0].id, 1).ok).toBe(true);
  expect(orders.checkout([cashTender(cart.total, cart.total)]).ok).toBe(true);
  // The orders screen stays bound to today's orders while the tablet sleeps overnight.
  let shown: readonly unknown[] = [];
  const stopWatching = autorun(() => (shown = orders.today));
  expect(shown).toHaveLength(1);

  app.onHide();
  const now = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 24 * 3_600_000);
  try {
    app.onShow?.();
    expect(shown).toHaveLength(0);
  } finally {
    now.mockRestore();
    stopWatching();
  }
});
