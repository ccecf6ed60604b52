// Numbers a device must never hand out twice: the operation sequence and the per-day order number,
// and the latest time it stamped an operation with, which its clock must not go back before.
// The live values follow from the outbox and history; this key keeps them once those are pruned.
import { businessDaySchema, parseOrderId, type Order } from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import { jsonBytes } from './byte-size';
import type { OutboxEntry } from './outbox';
import { storageKeys } from './storage-layout';

interface StoredCounters {
  lastSeq: number;
  /** Highest order sequence used per business day ('2026-11-22' -> 42), recent days only. */
  orderSeqs: Record<string, number>;
  /** The cart last turned into an order, so a restart between the two writes cannot sell it twice. */
  lastCartId: string | null;
  /**
   * The latest time an operation this device let go of was stamped with (the outbox holds the
   * newer ones): see clock-floor.ts. null: written by a version that did not keep it.
   */
  stampedAt: number | null;
  /**
   * Operations up to this sequence do not count for stampedAt: the store's server found this
   * clock right after they were stamped ahead of their time (a date set forward, then corrected).
   */
  stampsAfterSeq: number;
}

/** A time an operation was stamped with, and its sequence. */
export interface Stamp {
  seq: number;
  at: number;
}

/** Business days whose order numbers are kept. */
export const DAYS_KEPT = 7;

/**
 * The key is padded to this size (its numbers take ~200 bytes) so rewriting it never needs more
 * room: at a full storage the counters can still be raised, and so acknowledged operations can
 * still leave the outbox (they are written first) and free space.
 */
const STORED_BYTES = 512;

function padded(value: StoredCounters): StoredCounters & { pad: string } {
  const bytes = jsonBytes({ ...value, pad: '' });
  return { ...value, pad: ' '.repeat(Math.max(0, STORED_BYTES - bytes)) };
}

const empty = (): StoredCounters => ({
  lastSeq: 0,
  orderSeqs: {},
  lastCartId: null,
  stampedAt: null,
  stampsAfterSeq: 0,
});

const safeInteger = (value: unknown): value is number => Number.isSafeInteger(value);

/**
 * Each day's highest order sequence, as the counters written hold them. An entry that is not a
 * business day and a whole number is dropped, and the loss said (`damaged`): what it held is not
 * known any more.
 */
function readOrderSeqs(orderSeqs: unknown): { kept: Record<string, number>; damaged: boolean } {
  if (typeof orderSeqs !== 'object' || orderSeqs === null || Array.isArray(orderSeqs))
    return { kept: {}, damaged: true };
  const kept: Record<string, number> = {};
  let damaged = false;
  for (const [day, seq] of Object.entries(orderSeqs)) {
    if (businessDaySchema.safeParse(day).success && safeInteger(seq) && seq >= 0) kept[day] = seq;
    else damaged = true;
  }
  return { kept, damaged };
}

export class DeviceCounters {
  private value: StoredCounters = empty();
  /**
   * The stored order numbers were damaged (a phone's storage, a build that wrote them wrong): a
   * day's highest is not known, so the ledger numbers above every operation this till made.
   */
  orderSeqsDamaged = false;

  constructor(private readonly storage: KeyValueStorage) {}

  load(): void {
    const raw = this.storage.get(storageKeys.counters);
    const stored = (typeof raw === 'object' ? raw : undefined) as Partial<StoredCounters> | null;
    // Never written (a new device): nothing to lose. Written, anything but its numbers is damage.
    const orderSeqs =
      raw === null ? { kept: {}, damaged: false } : readOrderSeqs(stored?.orderSeqs);
    this.orderSeqsDamaged = orderSeqs.damaged;
    this.value = {
      lastSeq: Number.isSafeInteger(stored?.lastSeq) ? (stored!.lastSeq as number) : 0,
      orderSeqs: orderSeqs.kept,
      lastCartId: typeof stored?.lastCartId === 'string' ? stored.lastCartId : null,
      stampedAt: safeInteger(stored?.stampedAt) ? stored.stampedAt : null,
      stampsAfterSeq: safeInteger(stored?.stampsAfterSeq) ? stored.stampsAfterSeq : 0,
    };
  }

  /**
   * Writes the counters at their padded size unless stored so already: done while there is room
   * (at pairing, at start), so that raising them later never needs more.
   */
  reserve(): void {
    const stored = this.storage.get(storageKeys.counters);
    if (stored !== null && jsonBytes(stored) >= STORED_BYTES) return;
    this.storage.set(storageKeys.counters, padded(this.value));
  }

  get lastSeq(): number {
    return this.value.lastSeq;
  }

  orderSeq(businessDay: string): number {
    return this.value.orderSeqs[businessDay] ?? 0;
  }

  get lastCartId(): string | null {
    return this.value.lastCartId;
  }

  get stampedAt(): number | null {
    return this.value.stampedAt;
  }

  get stampsAfterSeq(): number {
    return this.value.stampsAfterSeq;
  }

  /** Business days after `day` that have order numbers kept. */
  orderDaysAfter(day: string): number {
    return Object.keys(this.value.orderSeqs).filter((kept) => kept > day).length;
  }

  /**
   * Raises the counters and writes them (one small key) when anything rose. Called before the
   * records that carry these numbers are removed, so the numbers outlive them.
   */
  raise(raised: {
    lastSeq?: number;
    orderSeqs?: Record<string, number>;
    lastCartId?: string | null;
    /** Times operations were stamped with; those up to stampsAfterSeq do not count. */
    stamps?: readonly Stamp[];
  }): void {
    const next: StoredCounters = {
      ...this.value,
      lastSeq: Math.max(this.value.lastSeq, raised.lastSeq ?? 0),
      orderSeqs: { ...this.value.orderSeqs },
      lastCartId: raised.lastCartId ?? this.value.lastCartId,
    };
    for (const { seq, at } of raised.stamps ?? [])
      if (seq > next.stampsAfterSeq) next.stampedAt = Math.max(next.stampedAt ?? 0, at);
    for (const [day, seq] of Object.entries(raised.orderSeqs ?? {}))
      next.orderSeqs[day] = Math.max(next.orderSeqs[day] ?? 0, seq);
    const days = Object.keys(next.orderSeqs).sort();
    for (const day of days.slice(0, Math.max(0, days.length - DAYS_KEPT)))
      delete next.orderSeqs[day];
    this.write(next);
  }

  /**
   * The one way the stamp floor goes down: the store's server vouched for this clock at `now`, so
   * the stamps of operations up to `seq`, ahead of it, were made while the clock ran ahead.
   */
  disownStamps(now: number, seq: number): void {
    this.write({
      ...this.value,
      stampedAt: now,
      stampsAfterSeq: Math.max(seq, this.value.lastSeq),
    });
  }

  /** For counters an older version wrote, which kept no stamp: the latest found elsewhere. */
  adoptStamp(at: number): void {
    if (this.value.stampedAt === null) this.write({ ...this.value, stampedAt: at });
  }

  private write(next: StoredCounters): void {
    if (JSON.stringify(next) === JSON.stringify(this.value)) return;
    this.storage.set(storageKeys.counters, padded(next));
    this.value = next;
  }

  clear(): void {
    this.storage.remove(storageKeys.counters);
    this.value = empty();
  }
}

/** The highest order sequence per business day among these orders (ids made by orderId). */
export function orderSeqsOf(orders: readonly Order[]): Record<string, number> {
  const seqs: Record<string, number> = {};
  for (const order of orders) {
    const parts = parseOrderId(order.id);
    if (parts.ok)
      seqs[parts.value.businessDay] = Math.max(seqs[parts.value.businessDay] ?? 0, parts.value.seq);
  }
  return seqs;
}

/** The order numbers used by the sales among these entries. */
export function ownOrderSeqs(entries: readonly OutboxEntry[]): Record<string, number> {
  return orderSeqsOf(entries.flatMap(({ op }) => (op.type === 'order.placed' ? [op.payload] : [])));
}
