/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Sign-in before the first sync has brought the staff: while the device is still connecting to
// its server the page waits with a spinner; once it has given up (offline) it says there is no
// staff yet and why. The device is paired (an identity in storage) with a server address where a
// TCP listener accepts and never answers, so the socket stays connecting as long as the test needs.
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { launch, relaunch, shutDownAll } from '../client/support/device';
import { testIdentity } from '../client/support/offline-seed';
import { until } from '../client/support/until';
import { setUpPages, settle } from './support/pages';
import { count, own, textOf, vant } from './support/interact';

const pages = setUpPages();
let silent: net.Server;
const held: net.Socket[] = [];
beforeAll(async () => {
  silent = net.createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});
afterEach(async () => {
  await shutDownAll();
  // Shutting down changes the sync status; let the page take it while its document is there.
  await pages.simulate.sleep(50);
});

test('connecting with no staff yet: a spinner; given up: no staff, and to connect', async () => {
  const { port } = silent.address() as AddressInfo;
  const unpaired = launch({ client: { autoStart: false } });
  unpaired.client.ledger.setIdentity({ ...testIdentity, serverAddress: `127.0.0.1:${port}` });
  unpaired.client.ledger.persist();
  // Opened again, paired: it starts connecting at once, as the app does at launch.
  const device = await relaunch(unpaired);
  pages.useClient(device.client);
  await until(() => device.client.sync.status.connection === 'connecting', 'connecting');

  const page = pages.render('pages/sign-in/index');
  await settle(pages);
  expect(count(page, vant('van-loading'))).toBe(1);
  expect(textOf(page, own('sign-in__state'))).toContain('加载中');
  expect(count(page, vant('van-empty'))).toBe(0);

  // The network drops: the device stops trying for now and the page says what is missing.
  device.standIn.network.set({ isConnected: false });
  await until(() => device.client.sync.status.connection !== 'connecting', 'giving up');
  await settle(pages);
  expect(count(page, vant('van-loading'))).toBe(0);
  expect(textOf(page, vant('van-empty'))).toBe('还没有员工数据：请连接门店服务器同步后再登录');
});
