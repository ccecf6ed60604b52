// A pushed operation is serialized once and its JSON reused (hash, journal line, change frames):
// what is written must be byte for byte what JSON.stringify writes, or hashes change; a journal line
// holds a sale's order once, and reads back as the record that was written.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Operation } from '@pos/shared';
import { decodeRecord, encodeRecord, operationJson } from '../../sync-server/store/journal-json';
import { journalRecordSchema, type JournalRecord } from '../../sync-server/store/state';
import { hashOperation } from '../../sync-server/store/receipt';
import { saleOperation, trackedSkus } from '../support/sales';
import { removeDir } from '../support/temp-dir';
import { pairTestDevice, startTestServer } from '../support/test-server';

const device = { deviceId: 'tab-0001', deviceCode: 'T1' };
const sale = saleOperation({
  device,
  seq: 1,
  items: [
    { skuId: trackedSkus[0].id, qty: 2 },
    { skuId: trackedSkus[1].id, qty: 1 },
  ],
});
const voided: Operation = {
  id: 'tab-0001:2',
  deviceId: device.deviceId,
  seq: 2,
  createdAt: 5,
  type: 'order.voided',
  payload: {
    orderId: sale.payload.id,
    at: 5,
    staffId: 'staff-1',
    approvedBy: 'mgr',
    reason: '退"单"',
  },
} as Operation;

test('an operation is serialized as JSON.stringify does, with its payload on its own', () => {
  for (const op of [sale, voided]) {
    const json = operationJson(op);
    expect(json.op).toBe(JSON.stringify(op));
    expect(json.payload).toBe(JSON.stringify(op.payload));
    expect(hashOperation(op, json.op)).toBe(hashOperation(op));
  }
  // A payload that is not the last key: no shortcut, still the same text.
  const { payload, ...envelope } = sale;
  const reordered = { payload, ...envelope } as Operation;
  expect(operationJson(reordered)).toEqual({ op: JSON.stringify(reordered), payload: null });
});

test.each<[string, JournalRecord, boolean]>([
  [
    'an applied sale, its order change reusing the payload',
    {
      n: 7,
      at: 1_700_000_000_000,
      event: { kind: 'op', op: sale, hash: 'abc' },
      outcome: { status: 'applied' },
      changes: [
        { kind: 'order', order: sale.payload, cursor: 11 },
        { kind: 'stock', stock: { skuId: trackedSkus[0].id, level: 3 }, cursor: 12 },
      ],
    },
    true,
  ],
  [
    'a refused operation with no changes',
    {
      n: 8,
      at: 2,
      event: { kind: 'op', op: voided, hash: 'def' },
      outcome: { status: 'refused', error: { code: 'x', message: '不"行"' } },
      changes: [],
    },
    true,
  ],
  [
    'an event that is not an operation, no outcome',
    {
      n: 9,
      at: 3,
      event: { kind: 'device.revoked', deviceId: 'tab-0001' },
      outcome: undefined,
      changes: [],
    },
    false,
  ],
  [
    'an order change that is a copy, not the payload itself',
    {
      n: 10,
      at: 4,
      event: { kind: 'op', op: sale, hash: 'abc' },
      outcome: { status: 'applied' },
      changes: [{ kind: 'order', order: { ...sale.payload, status: 'voided' }, cursor: 13 }],
    },
    true,
  ],
])(
  '%s reads back as written; its changes as JSON.stringify writes them',
  (_what, record, withOp) => {
    const op = record.event.kind === 'op' ? record.event.op : sale;
    const encoded = encodeRecord(record, withOp ? operationJson(op) : undefined);
    expect(decodeRecord(JSON.parse(encoded.json))).toEqual(record);
    expect(encoded.changes).toEqual(record.changes.map((change) => JSON.stringify(change)));
  },
);

test("a sale's journal line holds its order once, where JSON.stringify would write it twice", () => {
  const record: JournalRecord = {
    n: 7,
    at: 1,
    event: { kind: 'op', op: sale, hash: 'abc' },
    outcome: { status: 'applied' },
    changes: [{ kind: 'order', order: sale.payload, cursor: 11 }],
  };
  const { json } = encodeRecord(record, operationJson(sale));
  const times = (text: string) => text.split(`"orderNo":"${sale.payload.orderNo}"`).length - 1;
  expect(times(JSON.stringify(record))).toBe(2);
  expect(times(json)).toBe(1);
  expect(json.length).toBeLessThan(JSON.stringify(record).length * 0.6);
  // Read back, the order is the payload again, and passes the journal's schema.
  expect(journalRecordSchema.parse(decodeRecord(JSON.parse(json)))).toEqual(record);
});

test('an order change pointing at a payload its line does not have fails the schema, naming the order', () => {
  const line = {
    n: 8,
    at: 1,
    event: { kind: 'device.revoked', deviceId: 'tab-0001' },
    changes: [{ kind: 'order', orderFrom: 'payload', cursor: 3 }],
  };
  const parsed = journalRecordSchema.safeParse(decodeRecord(line));
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain('changes.0.order');
});

test('a record of another shape falls back to JSON.stringify', () => {
  const record = { n: 1, at: 1, event: { kind: 'op', op: sale, hash: 'h' }, changes: [], extra: 1 };
  expect(encodeRecord(record as JournalRecord, operationJson(sale)).json).toBe(
    JSON.stringify(record),
  );
});

test("a real server's journal lines after pushes read back as what was pushed, each order once", async () => {
  const server = await startTestServer();
  try {
    const tablet = await pairTestDevice(server, 'Till 1', 'tablet');
    const ops = [1, 2, 3].map((seq) =>
      saleOperation({ device: tablet, seq, items: [{ skuId: trackedSkus[seq].id, qty: seq }] }),
    );
    await server.store.submit(tablet.deviceId, ops);
    // A repeat and a conflict: answered, nothing written twice.
    await server.store.submit(tablet.deviceId, [ops[0], { ...ops[1], createdAt: 1 }]);
    const dir = path.join(server.dataDir, 'journal');
    const lines = readdirSync(dir)
      .sort()
      .flatMap((file) => readFileSync(path.join(dir, file), 'utf8').split('\n'))
      .filter((line) => line !== '')
      .map((line) => line.slice(9));
    const opLines = lines.filter((json) => JSON.parse(json).event.kind === 'op');
    expect(opLines).toHaveLength(3);
    for (const json of lines) expect(JSON.stringify(JSON.parse(json))).toBe(json);
    for (const [i, json] of opLines.entries()) {
      const record = decodeRecord(JSON.parse(json)) as JournalRecord;
      expect(record.event).toEqual({
        kind: 'op',
        op: ops[i],
        hash: hashOperation(ops[i]),
        movesCapped: true,
      });
      expect(record.changes.find((change) => change.kind === 'order')).toMatchObject({
        order: ops[i].payload,
      });
      expect(json.split(`"orderNo":"${ops[i].payload.orderNo}"`)).toHaveLength(2);
    }
  } finally {
    await server.close();
    removeDir(server.dataDir);
  }
});
