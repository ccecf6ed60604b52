// The usual page-test setting: one real server for the test file, and for each test a fresh tablet
// paired with it, a cashier signed in and the page harness bound to its client.
import type { Order, Product } from '@pos/shared';
import { launch, pair, shutDownAll, signIn, type TestDevice } from '../../client/support/device';
import { until } from '../../client/support/until';
import { removeDir } from '../../support/temp-dir';
import { startTestServer, type TestServer } from '../../support/test-server';
import type { PageHarness } from './pages';

export interface Till {
  server: TestServer;
  device: TestDevice;
}

/**
 * Registers the hooks and returns the till, filled in before each test. `offline` cuts the network
 * after pairing (and waits until the till says so), so what the page queues stays in the outbox
 * where the test can see it.
 */
export function tillPerTest(pages: PageHarness, { offline = false } = {}): Till {
  const till = {} as Till;
  beforeAll(async () => (till.server = await startTestServer()));
  afterAll(async () => {
    await till.server.close();
    removeDir(till.server.dataDir);
  });
  beforeEach(async () => {
    till.device = launch();
    await pair(till.device, till.server, till.server.pos.pairingCodes.issue().code);
    signIn(till.device, 'cashier');
    pages.useClient(till.device.client);
    if (!offline) return;
    till.device.standIn.network.set({ isConnected: false });
    // The socket closes a moment later: a page rendered before then would still show the till online.
    await until(
      () => till.device.client.sync.status.connection === 'offline',
      'the till to go offline',
    );
  });
  afterEach(() => shutDownAll());
  return till;
}

/** A kiosk paired with the till's server sends 2 lattes (¥36.00) to the counter; the till has it. */
export async function kioskOrderAtCounter(till: Till): Promise<Order> {
  const kiosk = launch();
  await pair(kiosk, till.server, till.server.pos.pairingCodes.issue().code, 'kiosk');
  const latte = kiosk.client.catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  expect(kiosk.client.cart.addItem(latte, 2).ok).toBe(true);
  const sent = kiosk.client.orders.sendToCounter();
  if (!sent.ok) throw new Error(sent.error.message);
  await until(() => till.device.client.orders.find(sent.value.id) !== null, 'the kiosk order');
  return sent.value;
}

/** A manager's edit of `product` saved on the server, once the till has it through sync. */
export async function productSavedOnServer(till: Till, product: Product): Promise<void> {
  await till.server.store.commit({ kind: 'product.saved', product });
  const { catalog } = till.device.client;
  await until(
    () =>
      JSON.stringify(catalog.products.find((p) => p.id === product.id)) === JSON.stringify(product),
    'the till to get the product',
  );
}
