// A simulated device for end-to-end tests: the real client core (createClient) on the wx
// stand-in. Relaunching is a new client on a new stand-in loaded with the same storage.
import { cashTender, type Order } from '@pos/shared';
import { createClient, type ClientOptions, type PosClient } from '../../../miniprogram/core/client';
import { createWxStandIn, type WxStandIn, type WxStandInOptions } from '../../wx';
import { demo, serverForEachTest, type TestServer } from '../../support/test-server';
import { until } from './until';

export interface TestDevice {
  standIn: WxStandIn;
  client: PosClient;
}

export interface LaunchOptions {
  wx?: WxStandInOptions;
  storage?: Record<string, unknown>;
  client?: Omit<ClientOptions, 'wx'>;
}

const launched = new Set<TestDevice>();

export function launch(options: LaunchOptions = {}): TestDevice {
  const standIn = createWxStandIn(options.wx);
  if (options.storage) standIn.storage.load(options.storage);
  const client = createClient({ wx: standIn.wx, ...options.client });
  const device = { standIn, client };
  launched.add(device);
  return device;
}

/** Stops a device as the app being closed would (sockets dropped, nothing more written). */
export async function shutDown(device: TestDevice): Promise<void> {
  launched.delete(device);
  device.client.dispose();
  await device.standIn.dispose();
}

/** The app closed and opened again on the same phone: same storage, new everything else. */
export async function relaunch(
  device: TestDevice,
  options: LaunchOptions = {},
): Promise<TestDevice> {
  const storage = device.standIn.storage.dump();
  await shutDown(device);
  return launch({ ...options, storage });
}

export async function shutDownAll(): Promise<void> {
  await Promise.all([...launched].map(shutDown));
}

export function addressOf(server: { url: string }): string {
  return server.url.replace(/^http:\/\//, '');
}

/** Pairs through the client's own pairing call, then waits for the first snapshot. */
export async function pair(
  device: TestDevice,
  server: { url: string },
  code: string,
  kind: 'tablet' | 'phone' | 'kiosk' = 'tablet',
  name = `${kind} under test`,
): Promise<void> {
  const paired = await device.client.session.pair({
    serverAddress: addressOf(server),
    code,
    name,
    kind,
  });
  if (!paired.ok) throw new Error(paired.error.message);
  await until(() => device.client.catalog.products.length > 0, 'the catalog to sync');
}

/**
 * A tablet paired with the server through a proxy (its `address`, host:port, in place of the
 * server's), signed in and online through it.
 */
export async function tabletThroughProxy(
  proxy: { address: string },
  server: TestServer,
  options: LaunchOptions = {},
): Promise<TestDevice> {
  const tablet = launch(options);
  await pair(tablet, { url: `http://${proxy.address}` }, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  await until(() => tablet.client.sync.isOnline, 'online through the proxy');
  return tablet;
}

/** The Wi-Fi drops and comes back at once: the till gives its socket up and opens the next. */
export function wifiBlip(device: TestDevice): void {
  device.standIn.network.set({ isConnected: false });
  device.standIn.network.set({ isConnected: true });
}

export function signIn(
  device: TestDevice,
  role: 'cashier' | 'manager' = 'cashier',
  pin?: string,
): void {
  const staff = demo.staffPins.find((s) => s.role === role)!;
  const signedIn = device.client.session.signIn(staff.staffId, pin ?? staff.pin);
  if (!signedIn.ok) throw new Error(signedIn.error.message);
}

/** Rings up the items and takes exact cash; throws with the client's message when refused. */
export function sellForCash(
  device: TestDevice,
  items: Array<{ skuId: string; qty: number }>,
): Order {
  const { cart, orders } = device.client;
  for (const item of items) {
    const added = cart.addItem(item.skuId, item.qty);
    if (!added.ok) throw new Error(added.error.message);
  }
  const sold = orders.checkout([cashTender(cart.total, cart.total)]);
  if (!sold.ok) throw new Error(sold.error.message);
  return sold.value;
}

/**
 * A fresh real server for each test of the file, handed to `use`; after each test every launched
 * device is shut down and the server closed and its data removed.
 */
export function serverPerTest(use: (server: TestServer) => void): void {
  serverForEachTest(use, { beforeClose: shutDownAll });
}
