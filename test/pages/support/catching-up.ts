// A till that is back online but not yet caught up, against the real server: the Wi-Fi drops, a
// top-up is taken meanwhile (so the till has something to push), and on its return the server holds
// the till's catch-up while another till pushes its backlog, until the test lets that till go.
import { launch, pair, shutDownAll, signIn, type TestDevice } from '../../client/support/device';
import { until } from '../../client/support/until';
import { ProtocolClient } from '../../support/protocol-client';
import {
  demo,
  pairTestDevice,
  serverForEachTest,
  type TestServer,
} from '../../support/test-server';
import type { PageHarness } from './pages';

export interface CatchingUp {
  /** A paired, signed-in tablet, caught up, whose client the pages render with. */
  tablet(): Promise<TestDevice>;
  /** The blip: offline, a top-up of `demo.members[0]`, online again with the catch-up held. */
  blipWithCatchUpHeld(device: TestDevice): Promise<void>;
  /** The other till is done: the held catch-up comes (awaited). */
  releaseCatchUp(device: TestDevice): Promise<void>;
}

/** Sets up a server for each test of the file (call at the top level of a test file). */
export function catchingUpForEachTest(pages: PageHarness): CatchingUp {
  let server: TestServer;
  let other: ProtocolClient | null = null;
  serverForEachTest((s) => (server = s), {
    // A pull waits for a till still pushing for as long as the test needs (2 s by default).
    options: { sync: { maxPullDelayMs: 30_000 } },
    beforeClose: async () => {
      other?.close();
      other = null;
      await shutDownAll();
    },
  });

  return {
    async tablet() {
      const device = launch();
      await pair(device, server, server.pos.pairingCodes.issue().code);
      signIn(device);
      await until(() => device.client.sync.isCaughtUp, 'the tablet to catch up');
      pages.useClient(device.client);
      return device;
    },
    async blipWithCatchUpHeld(device) {
      const { members, sync } = device.client;
      device.standIn.network.set({ isConnected: false });
      await until(() => !sync.isOnline, 'the till to go offline');
      expect(members.topUp(demo.members[0].phone, 5000).ok).toBe(true);
      const paired = await pairTestDevice(server, 'Till C');
      other = await ProtocolClient.open(server.url, paired.token, null, { pending: true });
      device.standIn.network.set({ isConnected: true });
      await until(() => sync.isOnline && sync.unsyncedCount === 0, 'the top-up to be pushed');
      expect(sync.isCaughtUp).toBe(false);
    },
    async releaseCatchUp(device) {
      other?.close();
      other = null;
      await until(() => device.client.sync.isCaughtUp, 'the catch-up');
    },
  };
}
