// The shift log on WeChat's real per-key limit (the wx stand-in: key + JSON bytes, 1 MB a key): a
// shift left open for weeks with thousands of cash movements and top-ups takes more than a key may
// hold, and still every acknowledged event is written (none stuck in the outbox), no key grows
// past MAX_CHUNK_BYTES, a settle rewrites a small chunk, the expected cash counts every fen, after
// a relaunch too. Closed shifts are let go of first, the oldest first; open ones never.
import { summarizeShift, type AckResult, type Operation } from '@pos/shared';
import { Ledger } from '../../miniprogram/core/ledger';
import { drawerTopUps, type ShiftRecord } from '../../miniprogram/core/shift-log';
import {
  chunkPrefixes,
  CLOSED_SHIFTS_MAX_BYTES,
  MAX_CHUNK_BYTES,
  storageKeys,
  WECHAT_KEY_LIMIT_BYTES,
} from '../../miniprogram/core/storage-layout';
import { demo } from '../support/test-server';
import { ManualClock } from './support/manual-clock';
import { seedLedger } from './support/offline-seed';
import { recordingStorage, type RecordingStorage } from './support/recording-storage';

let storage: RecordingStorage;
let clock: ManualClock;
let ledger: Ledger;

beforeEach(() => {
  storage = recordingStorage();
  clock = new ManualClock();
  ledger = new Ledger(storage, clock);
  ledger.load();
  seedLedger(ledger);
});
afterEach(() => storage.standIn.dispose());

const cashier = demo.staff.find((s) => s.role === 'cashier')!.id;
const member = demo.members[0].id;
const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
/** What a key takes as WeChat (and the stand-in) counts it: key plus JSON bytes. */
const keyBytes = (key: string, value: unknown) => utf8(key) + utf8(JSON.stringify(value));
const shiftKeys = () =>
  storage.standIn.storage.keys().filter((key) => key.startsWith(`${chunkPrefixes.shifts}.`));
const shiftBytes = () => shiftKeys().reduce((sum, key) => sum + keyBytes(key, storage.get(key)), 0);

/** The server acknowledges everything in the outbox, as its acks would. */
function ackAll(): void {
  const results: AckResult[] = ledger.outbox
    .entries()
    .map(({ op }) => ({ id: op.id, seq: op.seq, status: 'applied' }));
  ledger.settle(results);
}

function openShift(float: number): string {
  const op = ledger.record((seq) => ({
    type: 'shift.opened',
    payload: { shiftId: `T1:shift:${seq}`, staffId: cashier, float, at: clock.now() },
  }));
  clock.advance(60_000);
  return (op as Extract<Operation, { type: 'shift.opened' }>).payload.shiftId;
}

/** A day's cash movements and top-ups in the shift: returns the cash they add to the drawer. */
function busyDay(shiftId: string, events: number): number {
  let cash = 0;
  for (let i = 0; i < events; i++) {
    clock.advance(60_000);
    if (i % 3 === 2) {
      ledger.record((seq) => ({
        type: 'member.topped_up',
        payload: {
          id: `T1:topup:${seq}`,
          memberId: member,
          amount: 1000,
          payment: { method: 'cash' },
          staffId: cashier,
          at: clock.now(),
          businessDay: ledger.businessDay(),
        },
      }));
      cash += 1000;
    } else {
      const direction = i % 2 === 0 ? 'in' : 'out';
      ledger.record(() => ({
        type: 'shift.cash_moved',
        payload: {
          shiftId,
          staffId: cashier,
          direction,
          amount: 100,
          // A long reason: the log grows past the limit within a test's patience.
          reason: `换零钱 ${i} ${'备注'.repeat(90)}`,
          at: clock.now(),
        },
      }));
      cash += direction === 'in' ? 100 : -100;
    }
    // Acknowledged as the sync engine's pushes would be.
    if (i % 250 === 249) ackAll();
  }
  ackAll();
  return cash;
}

function closeShift(shiftId: string): void {
  clock.advance(60_000);
  ledger.record(() => ({
    type: 'shift.closed',
    payload: {
      shiftId,
      staffId: cashier,
      counted: [],
      countedTotal: 0,
      expected: 0,
      note: '',
      at: clock.now(),
    },
  }));
  ackAll();
  clock.advance(60_000);
}

const expectedCash = (shift: ShiftRecord) =>
  summarizeShift(shift.opened, shift.movements, [], shift.closed, drawerTopUps(shift)).expected;

test('a shift open for weeks grows past a key’s limit: every event is kept, in small keys', () => {
  const shiftId = openShift(20000);
  let cash = 20000;
  let events = 0;
  storage.reset();
  // Weeks of top-ups and cash movements, until the shift's events would not fit in one key.
  while (utf8(JSON.stringify(ledger.shiftLog.values())) < WECHAT_KEY_LIMIT_BYTES * 1.2) {
    cash += busyDay(shiftId, 300);
    events += 300;
    // Nothing stuck: every acknowledged event left the outbox, so the shift log holds it.
    expect(ledger.outbox.size).toBe(0);
    expect(ledger.writeProblem).toBeNull();
  }
  const [shift] = ledger.shifts();
  expect(shift.closed).toBeNull();
  expect(shift.movements.length + shift.topUps.length).toBe(events);
  expect(shift.opIds).toHaveLength(events + 1);
  expect(expectedCash(shift)).toBe(cash);

  // No key near the limit: the one most written is a small chunk.
  for (const [key, value] of Object.entries(storage.standIn.storage.dump()))
    expect(keyBytes(key, value)).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
  expect(shiftKeys().length).toBeGreaterThan(10);
  expect(storage.standIn.storage.keys()).not.toContain(storageKeys.shifts);
  storage.reset();
  busyDay(shiftId, 1);
  const written = storage.writes.filter((key) => key.startsWith(`${chunkPrefixes.shifts}.`));
  expect(written).toHaveLength(1);
  expect(keyBytes(written[0], storage.get(written[0]))).toBeLessThan(128 * 1024);
  cash += 100;

  // A relaunch reads the same shift back.
  const relaunched = new Ledger(storage, clock);
  relaunched.load();
  expect(relaunched.shifts()).toEqual(ledger.shifts());
  expect(expectedCash(relaunched.shifts()[0])).toBe(cash);
});

test('closed shifts are let go of first, the oldest first; the newest closed and the open stay', () => {
  const shiftOf = (events: number) => {
    const shiftId = openShift(10000);
    busyDay(shiftId, events);
    closeShift(shiftId);
    return shiftId;
  };
  const bytesOf = (shiftId: string) =>
    utf8(JSON.stringify(ledger.shifts().find((s) => s.opened.shiftId === shiftId)));
  const big = shiftOf(1000);
  expect(bytesOf(big)).toBeGreaterThan(CLOSED_SHIFTS_MAX_BYTES);
  const small = [shiftOf(60), shiftOf(60)];
  const open = openShift(30000);
  const cash = busyDay(open, 1000);
  const ids = () => ledger.shifts().map((s) => s.opened.shiftId);
  // The oldest closed shift went once the closed ones passed their budget; the rest stay.
  expect(ids()).toEqual([...small, open]);
  expect(ledger.outbox.size).toBe(0);
  expect(expectedCash(ledger.shifts()[2])).toBe(30000 + cash);
  expect(ledger.shifts()[1].movements).toHaveLength(40);
  expect(shiftBytes()).toBeLessThan(2 * CLOSED_SHIFTS_MAX_BYTES);

  // The big shift closed is the newest closed one, kept whatever its size; the others go, since
  // with it they would pass the budget.
  closeShift(open);
  expect(ids()).toEqual([open]);
  for (const [key, value] of Object.entries(storage.standIn.storage.dump()))
    expect(keyBytes(key, value)).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
  const relaunched = new Ledger(storage, clock);
  relaunched.load();
  expect(relaunched.shifts()).toEqual(ledger.shifts());
});

test('a refused write leaves the events in the outbox, shown, and written at the next settle', () => {
  const shiftId = openShift(20000);
  busyDay(shiftId, 200);
  storage.refuse = (key) => key.startsWith(chunkPrefixes.shifts);
  clock.advance(60_000);
  ledger.record(() => ({
    type: 'shift.cash_moved',
    payload: {
      shiftId,
      staffId: cashier,
      direction: 'in',
      amount: 700,
      reason: '备用金',
      at: clock.now(),
    },
  }));
  ackAll();
  expect(ledger.writeProblem).toMatch(/shifts/);
  expect(ledger.outbox.size).toBe(1);
  expect(ledger.shifts()[0].movements.at(-1)).toMatchObject({ amount: 700 });
  expect(ledger.shiftLog.values()[0].movements.at(-1)).not.toMatchObject({ amount: 700 });

  storage.refuse = () => false;
  ledger.settle([]);
  expect(ledger.outbox.size).toBe(0);
  const relaunched = new Ledger(storage, clock);
  relaunched.load();
  expect(relaunched.shifts()).toEqual(ledger.shifts());
  expect(relaunched.shifts()[0].movements.at(-1)).toMatchObject({ amount: 700 });
});
