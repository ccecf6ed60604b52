// Random damage to the server's frames as a till receives them (changes frames and snapshots, with
// every kind of record): the till never throws, refuses or names what it cannot read, stores only
// what the shared schemas pass, and reads back after a relaunch what it stored.
import fc from 'fast-check';
import type { Change, DeviceInfo, Snapshot } from '@pos/shared';
import { Ledger } from '../../miniprogram/core/ledger';
import { damageArbitrary, damagedAt, placesIn, type Damage } from '../support/damage';
import { saleOperation } from '../support/sales';
import { heldThatSchemasRefuse } from './support/held-that-schemas-refuse';
import { demoSnapshot } from './support/offline-seed';
import { connectAndWelcome, scriptedEngine } from './support/scripted-engine';

const demo = demoSnapshot();
const order = saleOperation({ device: { deviceId: 'till-two', deviceCode: 'T2' }, seq: 1 }).payload;
const device: DeviceInfo = {
  id: 'till-two',
  code: 'T2',
  name: 'Till 2',
  kind: 'tablet',
  pairedAt: 0,
  revokedAt: null,
  ackedSeq: 1,
  missingSeqs: [],
  lastSeenAt: null,
};

/** A changes frame with one change of every kind. */
function changesFrame(cursor: number) {
  const changes: Change[] = [
    { kind: 'settings', cursor, settings: demo.settings },
    { kind: 'category', cursor, category: demo.categories[0] },
    { kind: 'product', cursor, product: demo.products[1] },
    { kind: 'stock', cursor, stock: demo.stock[0] },
    { kind: 'staff', cursor, staff: demo.staff[0] },
    { kind: 'member', cursor, member: demo.members[0] },
    { kind: 'device', cursor, device },
    { kind: 'order', cursor, order },
  ];
  return { type: 'changes', changes, cursor };
}

/** A small whole snapshot, every list with a record or two. */
function snapshotFrame(cursor: number) {
  const snapshot: Snapshot = {
    settings: demo.settings,
    categories: demo.categories.slice(0, 2),
    products: demo.products.slice(0, 3),
    stock: demo.stock.slice(0, 3),
    staff: demo.staff,
    members: demo.members.slice(0, 2),
    devices: [device],
    orders: [order],
  };
  return { type: 'snapshot', snapshot, cursor };
}

/** The frame with damage among its records (now and then its cursor). */
function damagedFrame(kind: 'changes' | 'snapshot', cursor: number, damages: Damage[]): object {
  let frame: object = kind === 'changes' ? changesFrame(cursor) : snapshotFrame(cursor);
  for (const damage of damages) {
    const records = kind === 'changes' ? ['changes'] : ['snapshot'];
    const places =
      damage.item % 20 === 0 ? [['cursor']] : placesIn(frameAt(frame, records), records);
    frame = damagedAt(frame, places, damage);
  }
  return frame;
}

function frameAt(frame: object, path: string[]): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], frame);
}

test('damaged frames never throw, never store what the schemas refuse, and read back after a relaunch', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          kind: fc.constantFrom<'changes' | 'snapshot'>('changes', 'snapshot'),
          damages: fc.array(damageArbitrary, { minLength: 0, maxLength: 3 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      async (frames) => {
        const scripted = scriptedEngine({}, { pumpOnOutbox: false });
        const { ledger, engine, storage, clock } = scripted;
        try {
          const socket = connectAndWelcome(scripted);
          frames.forEach(({ kind, damages }, i) => {
            const frame = damagedFrame(kind, 100 + i, damages);
            expect(() => socket.deliver(JSON.stringify(frame))).not.toThrow();
            // Refused at the boundary, or applied: never a failure while applying.
            const { lastError } = engine.status();
            if (lastError !== null)
              expect(lastError).toMatch(/^a message from the server was refused/);
          });
          expect(heldThatSchemasRefuse(ledger)).toEqual([]);
          ledger.persist();

          const relaunched = new Ledger(storage, clock);
          relaunched.load();
          expect(relaunched.loadProblem).toBeNull();
          expect(relaunched.replica.cursor).toBe(ledger.replica.cursor);
          expect(relaunched.replica.products.values()).toEqual(ledger.replica.products.values());
          expect(relaunched.history.values()).toEqual(ledger.history.values());
          expect(relaunched.writeProblem).toBe(ledger.writeProblem);
        } finally {
          engine.dispose();
          await storage.standIn.dispose();
        }
      },
    ),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 50) },
  );
});

test('the frames undamaged are taken whole, so what the damage leaves out is its doing', () => {
  const scripted = scriptedEngine({}, { pumpOnOutbox: false });
  const socket = connectAndWelcome(scripted);
  socket.deliver(JSON.stringify(snapshotFrame(100)));
  socket.deliver(JSON.stringify(changesFrame(101)));
  const { ledger, engine } = scripted;
  expect(engine.status().lastError).toBeNull();
  expect(ledger.replica.cursor).toBe(101);
  expect(ledger.replica.devices.get(device.id)).toEqual(device);
  expect(ledger.history.get(order.id)).toEqual(order);
  expect(ledger.writeProblem).toBeNull();
  engine.dispose();
  return scripted.storage.standIn.dispose();
});
