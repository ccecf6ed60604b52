// The server's catch-up frames: changes cut by count and by bytes, and a snapshot too big for one
// frame sent in parts (protocol 2) that the device joins back into the same snapshot.
import { serverMessageSchema, parseJsonWith, type Change, type Snapshot } from '@pos/shared';
import { SnapshotParts } from '../../miniprogram/core/snapshot-parts';
import { catchUpFrames, changeFrames, snapshotFrames } from '../../sync-server/sync/frames';
import { saleOperation } from '../support/sales';
import { demoSnapshot } from '../client/support/offline-seed';

const device = { deviceId: 'tab-0001', deviceCode: 'T1' };
const orders = Array.from({ length: 60 }, (_, i) => saleOperation({ device, seq: i + 1 }).payload);
const snapshot: Snapshot = { ...demoSnapshot(), orders };
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

function parsed(frame: string) {
  const message = parseJsonWith(serverMessageSchema, frame);
  if (!message.ok) throw new Error(message.error);
  return message.value;
}

describe('snapshot frames', () => {
  const budget = 16 * 1024;

  test('a snapshot over the budget comes in parts that join back into the same snapshot', () => {
    const frames = snapshotFrames(snapshot, 42, true, budget);
    expect(frames.length).toBeGreaterThan(2);
    // The envelope (type, cursor, empty lists) is all a part adds to its budget.
    for (const frame of frames) expect(bytes(frame)).toBeLessThanOrEqual(budget + 512);
    const messages = frames.map(parsed);
    const parts = new SnapshotParts();
    let whole: Snapshot | null = null;
    messages.forEach((message, i) => {
      if (message.type !== 'snapshot') throw new Error('not a snapshot');
      expect(message.cursor).toBe(42);
      expect(message.more).toBe(i < messages.length - 1);
      const part = { snapshot: message.snapshot, unreadable: [] };
      if (message.more) parts.add(part, message.cursor);
      else whole = parts.complete(part, message.cursor).snapshot;
    });
    expect(whole).toEqual(snapshot);
  });

  test('a protocol 1 device gets one frame whatever its size; a small snapshot is one frame', () => {
    expect(snapshotFrames(snapshot, 42, false, budget)).toHaveLength(1);
    const [frame] = snapshotFrames(demoSnapshot(), 7, true);
    expect(parsed(frame)).toEqual({ type: 'snapshot', snapshot: demoSnapshot(), cursor: 7 });
  });

  test('parts of a snapshot cut short are dropped when a new snapshot starts', () => {
    const parts = new SnapshotParts();
    const unreadable = [{ table: 'products', id: 'p-1', reason: 'price: expected int' }];
    parts.add({ snapshot: { ...demoSnapshot(), orders: orders.slice(0, 5) }, unreadable }, 10);
    const last = {
      snapshot: { ...demoSnapshot(), products: [], orders: orders.slice(5, 6) },
      unreadable: [],
    };
    expect(parts.complete(last, 11)).toEqual(last);
  });
});

describe('change frames', () => {
  const changes: Change[] = orders.map((order, i) => ({ kind: 'order', cursor: i + 1, order }));

  test('at most maxChanges a frame, each frame with the cursor of its last change', () => {
    const frames = changeFrames(changes, 25).map(parsed);
    expect(frames.map((f) => f.type === 'changes' && f.changes.length)).toEqual([25, 25, 10]);
    expect(frames.map((f) => f.type === 'changes' && f.cursor)).toEqual([25, 50, 60]);
    expect(frames.flatMap((f) => (f.type === 'changes' ? f.changes : []))).toEqual(changes);
  });

  test('and within the byte budget', () => {
    const budget = 8 * 1024;
    const frames = changeFrames(changes, 500, { budget });
    expect(frames.length).toBeGreaterThan(3);
    for (const frame of frames) expect(bytes(frame)).toBeLessThanOrEqual(budget + 128);
    expect(frames.map(parsed).flatMap((f) => (f.type === 'changes' ? f.changes : []))).toEqual(
      changes,
    );
  });

  test('a catch-up marks its last frame caught up, and an empty one is one empty marked frame', () => {
    const frames = catchUpFrames(changes, 60, 25).map(parsed);
    expect(frames.map((f) => f.type === 'changes' && f.caughtUp === true)).toEqual([
      false,
      false,
      true,
    ]);
    expect(frames.flatMap((f) => (f.type === 'changes' ? f.changes : []))).toEqual(changes);
    expect(catchUpFrames([], 60, 25).map(parsed)).toEqual([
      { type: 'changes', changes: [], cursor: 60, caughtUp: true },
    ]);
  });
});
