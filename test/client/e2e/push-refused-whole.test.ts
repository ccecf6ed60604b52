// A push the real server refuses whole (`bad_message`: an operation without a sequence to answer it
// by, as a frame mangled on the way would arrive): the tablet does not stay online with its sales
// stuck. It ends the socket, says why, comes back with its usual backoff (ever more slowly while the
// server keeps refusing, never in a loop) and, once the frame arrives intact, the sales reach the
// server.
import { createClient } from '../../../miniprogram/core/client';
import { trackedSkus } from '../../support/sales';
import type { TestServer } from '../../support/test-server';
import { createWxStandIn, type WxApi } from '../../wx';
import { launch, pair, sellForCash, serverPerTest, shutDown, signIn } from '../support/device';
import { serverOrdersOf } from '../support/server-checks';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

/** The phone's wx, with every push frame holding the operation of `seq` sent without its sequence. */
function mangling(wx: WxApi, fault: { seq: number; on: boolean; mangled: number }): WxApi {
  const mangle = (data: string | ArrayBuffer): string | ArrayBuffer => {
    if (!fault.on || typeof data !== 'string') return data;
    const frame = JSON.parse(data) as { type: string; ops?: Array<{ seq?: number }> };
    const op = frame.type === 'push' ? frame.ops?.find((o) => o.seq === fault.seq) : undefined;
    if (!op) return data;
    delete op.seq;
    fault.mangled++;
    return JSON.stringify(frame);
  };
  return new Proxy(wx, {
    get(target, property, receiver) {
      if (property !== 'connectSocket') return Reflect.get(target, property, receiver);
      return (option: WechatMiniprogram.ConnectSocketOption) => {
        const task = target.connectSocket(option);
        const send = task.send.bind(task);
        task.send = (sent) => send({ ...sent, data: mangle(sent.data) });
        return task;
      };
    },
  });
}

test('a push refused whole ends the socket, is retried with backoff, and gets through once it can', async () => {
  const tablet = launch();
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  const { deviceId } = tablet.client.ledger.identity!;
  tablet.standIn.network.set({ isConnected: false });
  await until(() => tablet.client.sync.status.connection === 'offline', 'the tablet offline');
  const sold = [0, 1, 2].map((i) => sellForCash(tablet, [{ skuId: trackedSkus[i].id, qty: 1 }]));
  const first = tablet.client.ledger.outbox
    .entries()
    .find((entry) => entry.op.type === 'order.placed' && entry.op.payload.id === sold[0].id)!;
  const storage = tablet.standIn.storage.dump();
  await shutDown(tablet);

  // The app again, its first sale's push mangled on the way every time.
  const fault = { seq: first.op.seq, on: true, mangled: 0 };
  const standIn = createWxStandIn();
  standIn.storage.load(storage);
  const client = createClient({
    wx: mangling(standIn.wx, fault),
    // The top quarter of each jitter range, so every delay is longer than the one before.
    random: () => 0.75 + Math.random() * 0.24,
    // One sale a push: the other pushes in flight are stored and answered beside the refused one.
    sync: { pushBatch: 1, backoff: { baseMs: 100, maxMs: 5000 } },
  });
  try {
    const offline: Array<{ reason: string | null; delay: number }> = [];
    let wasOffline = false;
    client.engine.onStatus((status) => {
      const now = status.connection === 'offline';
      if (now && !wasOffline)
        offline.push({ reason: status.reason, delay: status.nextRetryAt! - Date.now() });
      wasOffline = now;
    });
    await until(() => fault.mangled >= 4, 'the server to refuse the push four times');
    // Each time the socket ended, and the status said why.
    expect(offline.length).toBeGreaterThanOrEqual(3);
    for (const { reason } of offline)
      expect(reason).toMatch(/server refused operations: message refused: .*\(bad_message\)/);
    // Never in a loop: every wait longer than the one before (100, 200, 400 ms ceilings...).
    const delays = offline.slice(0, 3).map((o) => o.delay);
    expect(delays[1]).toBeGreaterThan(delays[0]);
    expect(delays[2]).toBeGreaterThan(delays[1]);
    // The other sales went beside it; the refused one is still only on the tablet.
    await until(() => client.sync.unsyncedCount === 1, 'the other sales to sync');
    const onServer = () => serverOrdersOf(server, deviceId, [sold[0].businessDay]);
    expect(onServer().map((o) => o.id)).toEqual([sold[1].id, sold[2].id]);

    // The frame arrives intact again: the tablet pushes it on its next connection.
    fault.on = false;
    await until(() => client.sync.unsyncedCount === 0, 'the refused sale to sync', 10_000);
    expect(
      onServer()
        .map((o) => o.id)
        .sort(),
    ).toEqual(sold.map((o) => o.id).sort());
    await until(() => client.sync.status.connection === 'online', 'the tablet online');
  } finally {
    client.dispose();
    await standIn.dispose();
  }
});
