// What the server refuses in a push, over a real WebSocket with its data on disk: a malformed
// operation alone (the rest of its batch is stored), moments past any real date, sequence numbers
// that jump too far for the missing ones to be remembered, and operations of a revoked device.
import { operationId, type Operation } from '@pos/shared';
import { MAX_MISSING_SEQS } from '../../sync-server/store/receipt';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation } from '../support/sales';
import {
  api,
  pairTestDevice,
  serverForEachTest,
  signIn,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
let tablet: PairedTestDevice;
const clients: ProtocolClient[] = [];

serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});
beforeEach(async () => {
  tablet = await pairTestDevice(server, 'Till 1', 'tablet');
});

async function open(): Promise<ProtocolClient> {
  const client = await ProtocolClient.open(server.url, tablet.token, null, { pending: true });
  clients.push(client);
  return client;
}

async function restart(): Promise<void> {
  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
}

/** An operation the schema refuses, still carrying the id and sequence it is answered by. */
function malformed(op: Operation, payload: Record<string, unknown>): Operation {
  return { ...op, payload: { ...op.payload, ...payload } } as unknown as Operation;
}

function joinedAt(seq: number, at: number): Operation {
  return {
    id: operationId(tablet.deviceId, seq),
    deviceId: tablet.deviceId,
    seq,
    createdAt: Date.now(),
    type: 'member.joined',
    payload: {
      id: `${tablet.deviceId}:member:${seq}`,
      phone: '13800138000',
      name: '',
      level: '',
      points: 0,
      balance: 0,
      joinedAt: at,
    },
  };
}

test('a malformed operation is refused alone, naming its field; the rest of its batch is stored', async () => {
  const client = await open();
  const [first, second, third] = [1, 2, 3].map((seq) => saleOperation({ device: tablet, seq }));
  const { results, ackedSeq } = await client.push([
    first,
    malformed(second, { total: 12.5 }),
    third,
  ]);
  expect(results.map((result) => [result.seq, result.status])).toEqual([
    [1, 'applied'],
    [2, 'refused'],
    [3, 'applied'],
  ]);
  expect(results[1].error).toMatchObject({ code: 'bad_operation' });
  expect(results[1].error?.message).toMatch(/payload\.total/);
  expect(server.store.order(first.payload.id)).toBeDefined();
  expect(server.store.order(second.payload.id)).toBeUndefined();
  expect(server.store.order(third.payload.id)).toBeDefined();
  // The server does not hold it: missing, so the day-end report and the device both know.
  expect(ackedSeq).toBe(1);
  expect(server.store.device(tablet.deviceId)).toMatchObject({ missingSeqs: [2], maxSeq: 3 });

  // Mended (an app update), the same operation is taken.
  const again = await client.push([second]);
  expect(again.results[0].status).toBe('applied');
  expect(again.ackedSeq).toBe(3);
});

test('a moment past the year 2100 is refused by name and leaves the store untouched, also after a restart', async () => {
  const client = await open();
  const { results, ackedSeq } = await client.push([joinedAt(1, 9e15)]);
  expect(results[0]).toMatchObject({ seq: 1, status: 'refused', error: { code: 'bad_operation' } });
  expect(results[0].error?.message).toMatch(
    /payload\.joinedAt: must be a moment before the year 2100/,
  );
  expect(ackedSeq).toBe(0);

  const { results: next } = await client.push([saleOperation({ device: tablet, seq: 2 })]);
  expect(next[0].status).toBe('applied');
  await restart();
  expect(server.store.device(tablet.deviceId)).toMatchObject({ maxSeq: 2, missingSeqs: [1] });
  expect(Object.values(server.store.state.members).some((m) => m.phone === '13800138000')).toBe(
    false,
  );
});

test('an operation with no sequence to answer it by gets the whole frame refused, and the socket stays usable', async () => {
  const client = await open();
  const op = saleOperation({ device: tablet, seq: 1 });
  client.send({ type: 'push', ops: [{ ...op, seq: 'one' }] });
  const error = await client.waitFor((m) => m.type === 'error', 'error');
  expect(error).toMatchObject({ code: 'bad_message' });
  expect(error?.type === 'error' && error.message).toMatch(/ops\.0\.seq/);
  expect((await client.push([op])).results[0].status).toBe('applied');
});

test(`sequence numbers may skip, but never leave more than ${MAX_MISSING_SEQS} missing`, async () => {
  const client = await open();
  const jumps = Array.from({ length: 20 }, (_, i) =>
    saleOperation({ device: tablet, seq: (i + 1) * 10_000 }),
  );
  const { results } = await client.push(jumps);
  expect(results[0].status).toBe('applied');
  for (const result of results.slice(1))
    expect(result).toMatchObject({ status: 'refused', error: { code: 'sequence_jump' } });
  expect(server.store.device(tablet.deviceId)).toMatchObject({ maxSeq: 10_000, ackedSeq: 0 });
  expect(server.store.device(tablet.deviceId)?.missingSeqs).toHaveLength(9_999);

  // The device's own next operations still sync, and the state survives a restart unchanged.
  const { results: honest } = await client.push([saleOperation({ device: tablet, seq: 1 })]);
  expect(honest[0].status).toBe('applied');
  await restart();
  const device = server.store.device(tablet.deviceId)!;
  expect(device).toMatchObject({ maxSeq: 10_000, ackedSeq: 1 });
  expect(device.missingSeqs).toHaveLength(9_998);
});

test('an operation that throws while being applied is refused whole, kept as received, also after a restart', async () => {
  // Past the schema (a bug in applying it, say): nothing of it is applied, and the device hears
  // it was received and refused (failed-change.test.ts follows the rebuild that makes this so).
  const [result] = await server.store.submit(tablet.deviceId, [joinedAt(1, 9e15)]);
  expect(result).toMatchObject({ seq: 1, status: 'refused', error: { code: 'apply_failed' } });
  expect(result.error?.message).toMatch(/Invalid time value/);
  const joined = () =>
    Object.values(server.store.state.members).some((m) => m.phone === '13800138000');
  expect(server.store.device(tablet.deviceId)).toMatchObject({ maxSeq: 1, ackedSeq: 1 });
  expect(joined()).toBe(false);
  await restart();
  expect(server.store.device(tablet.deviceId)).toMatchObject({ maxSeq: 1, ackedSeq: 1 });
  expect(joined()).toBe(false);
});

test('a push that reaches the store after its device was revoked is refused as revoked', async () => {
  const manager = await signIn(server);
  const revoked = await api(server, 'POST', `/api/devices/${tablet.deviceId}/revoke`, {
    token: manager,
  });
  expect(revoked.status).toBe(200);
  const [result] = await server.store.submit(tablet.deviceId, [
    saleOperation({ device: tablet, seq: 1 }),
  ]);
  expect(result).toMatchObject({
    status: 'refused',
    error: {
      code: 'device_revoked',
      message: `device ${tablet.deviceCode} was revoked by a manager`,
    },
  });
});
