// Reading the server's frames at the device's boundary: whole with the shared schemas when they
// pass, record by record when a changes frame or a snapshot does not, refused when its envelope
// or anything else is wrong.
import { serverMessageSchema } from '@pos/shared';
import { readServerFrame } from '../../miniprogram/core/server-frame';
import { demoSnapshot } from './support/offline-seed';

const demo = demoSnapshot();
const read = (frame: unknown) => readServerFrame(JSON.stringify(frame));

test('a frame the schemas pass is read as they read it, with nothing unreadable', () => {
  const changes = {
    type: 'changes',
    changes: [{ kind: 'stock', cursor: 3, stock: demo.stock[0] }],
    cursor: 3,
    caughtUp: true,
  };
  expect(read(changes)).toEqual({ ok: true, value: serverMessageSchema.parse(changes) });
  expect(read({ type: 'snapshot', snapshot: demo, cursor: 4 })).toEqual({
    ok: true,
    value: { type: 'snapshot', snapshot: demo, cursor: 4, unreadable: [] },
  });
});

test('each change that cannot be read keeps its place in the feed, with what it was and why', () => {
  const [stock] = demo.stock;
  const frame = read({
    type: 'changes',
    changes: [
      'hello',
      { kind: 'stock', cursor: 5, stock: { ...stock, level: 1.5 } },
      { kind: 'stock', cursor: 6, stock },
      { kind: 'coupon', cursor: 7, coupon: { id: 'c-1' } },
    ],
    cursor: 7,
  });
  expect(frame).toEqual({
    ok: true,
    value: {
      type: 'changes',
      cursor: 7,
      changes: [
        {
          kind: 'unreadable',
          record: { table: 'changes', id: null, reason: expect.stringMatching(/expected object/) },
        },
        {
          kind: 'unreadable',
          record: {
            table: 'stock',
            id: stock.skuId,
            reason: expect.stringMatching(/^stock\.level: .*int/),
          },
        },
        { kind: 'stock', cursor: 6, stock },
        {
          kind: 'unreadable',
          record: { table: 'coupon', id: 'c-1', reason: 'a kind of change this app does not know' },
        },
      ],
    },
  });
});

test("a snapshot's unreadable records are listed apart, the rest kept in order", () => {
  const [first, second, third] = demo.products;
  const frame = read({
    type: 'snapshot',
    snapshot: { ...demo, products: [first, { ...second, skus: 'none' }, third] },
    cursor: 8,
    more: true,
  });
  expect(frame.ok && frame.value.type === 'snapshot' && frame.value).toEqual({
    type: 'snapshot',
    snapshot: { ...demo, products: [first, third] },
    cursor: 8,
    more: true,
    unreadable: [{ table: 'products', id: second.id, reason: expect.stringMatching(/^skus: /) }],
  });
});

test('anything else the schemas refuse is refused whole, naming the problem', () => {
  expect(readServerFrame('{"type":')).toEqual({
    ok: false,
    error: expect.stringMatching(/^not valid JSON/),
  });
  expect(read({ type: 'ack', results: 'all', ackedSeq: 1 })).toEqual({
    ok: false,
    error: expect.stringMatching(/^results: /),
  });
  // A snapshot's settings are what a till cannot do without: no snapshot without them.
  const noSettings = read({ type: 'snapshot', snapshot: { ...demo, settings: {} }, cursor: 9 });
  expect(noSettings).toEqual({ ok: false, error: expect.stringMatching(/^snapshot\.settings\./) });
  expect(read({ type: 'changes', changes: {}, cursor: 9 })).toEqual({
    ok: false,
    error: expect.stringMatching(/^changes: /),
  });
});
