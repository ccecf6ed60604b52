// The end of a catch-up, marked by the server: the last `changes` frame of what a device missed since
// its hello cursor says `caughtUp` (one empty frame when it missed nothing), after every change up to
// the store's cursor at that moment, and before any live change. Until then a till's offline
// stored-value caps hold.
import type { ServerMessage } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation } from '../support/sales';
import {
  pairTestDevice,
  serverForEachTest,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
let tablet: PairedTestDevice;
let phone: PairedTestDevice;
const clients: ProtocolClient[] = [];

async function open(
  device: PairedTestDevice,
  cursor: number | null,
  pending = false,
): Promise<ProtocolClient> {
  const client = await ProtocolClient.open(server.url, device.token, cursor, { pending });
  clients.push(client);
  return client;
}

// Two changes a frame: a sale's catch-up takes several frames, and only the last is marked.
serverForEachTest((started) => (server = started), {
  options: { sync: { changesPerFrame: 2 } },
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});
beforeEach(async () => {
  tablet = await pairTestDevice(server, 'Till 1', 'tablet');
  phone = await pairTestDevice(server, 'Phone 1', 'phone');
});

type ChangesMessage = Extract<ServerMessage, { type: 'changes' }>;
const changeFrames = (client: ProtocolClient): ChangesMessage[] =>
  client.messages.filter((m): m is ChangesMessage => m.type === 'changes');
const isMarker = (m: ServerMessage) => m.type === 'changes' && m.caughtUp === true;

test('a device that missed nothing gets one empty frame saying caught up, at its own cursor', async () => {
  const cursor = server.store.cursor;
  const client = await open(tablet, cursor);
  await client.waitFor(isMarker, 'the catch-up marker');
  expect(changeFrames(client)).toEqual([{ type: 'changes', changes: [], cursor, caughtUp: true }]);
  expect(client.count('snapshot')).toBe(0);
});

test('a pull is answered with what was missed, the last frame marked, then live changes unmarked', async () => {
  const cursor = server.store.cursor;
  const tabletClient = await open(tablet, cursor, true);
  const phoneClient = await open(phone, cursor);
  await phoneClient.push([1, 2].map((seq) => saleOperation({ device: phone, seq })));
  const missedUpTo = server.store.cursor;
  expect(missedUpTo - cursor).toBeGreaterThan(2);
  expect(tabletClient.count('changes')).toBe(0);

  tabletClient.send({ type: 'pull' });
  await tabletClient.waitFor(isMarker, 'the catch-up marker');
  const catchUp = changeFrames(tabletClient);
  expect(catchUp.length).toBeGreaterThan(1);
  // Only the last frame is marked, and it covers every change up to the store's cursor.
  expect(catchUp.map((frame) => frame.caughtUp === true)).toEqual(
    catchUp.map((_, i) => i === catchUp.length - 1),
  );
  expect(catchUp[catchUp.length - 1].cursor).toBe(missedUpTo);
  const cursors = catchUp.flatMap((frame) => frame.changes.map((change) => change.cursor));
  expect(cursors[0]).toBe(cursor + 1);
  expect(cursors[cursors.length - 1]).toBe(missedUpTo);

  // A later sale reaches the caught-up tablet as live changes, after the marker and without one.
  const live = saleOperation({ device: phone, seq: 3 });
  await phoneClient.push([live]);
  await tabletClient.waitFor(
    (m) =>
      m.type === 'changes' && m.changes.some((c) => c.kind === 'order' && c.cursor > missedUpTo),
    'the live sale',
  );
  const after = changeFrames(tabletClient).slice(catchUp.length);
  expect(after.length).toBeGreaterThan(0);
  expect(after.some((frame) => frame.caughtUp)).toBe(false);
  expect(after.flatMap((frame) => frame.changes).every((c) => c.cursor > missedUpTo)).toBe(true);
});

test('a pull with nothing missed is answered with the empty marker', async () => {
  const cursor = server.store.cursor;
  const client = await open(tablet, cursor, true);
  const { results } = await client.push([saleOperation({ device: tablet, seq: 1 })]);
  expect(results[0].status).toBe('applied');
  expect(client.count('changes')).toBe(0);
  // Its own sale is a change it has not had: caught up after it. A device that then reconnects
  // with nothing to push and nothing missed gets the empty marker.
  client.send({ type: 'pull' });
  await client.waitFor(isMarker, 'the first catch-up');
  const own = server.store.cursor;
  client.close();

  const again = await open(tablet, own, true);
  again.send({ type: 'pull' });
  await again.waitFor(isMarker, 'the catch-up marker');
  expect(changeFrames(again)).toEqual([
    { type: 'changes', changes: [], cursor: own, caughtUp: true },
  ]);
});
