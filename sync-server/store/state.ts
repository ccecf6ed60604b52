// The store's current state: what the checkpoint file (lowdb) holds, and the events that change it.
// History (orders, the operation index, recent changes) is rebuilt from the journal at start.
import { z } from 'zod';
import {
  categorySchema,
  changeSchema,
  deviceInfoSchema,
  MAX_MEMBER_ALIASES,
  memberDaySchema,
  memberSchema,
  overspendSchema,
  paymentRefundSchema,
  paymentSchema,
  productSchema,
  staffSchema,
  storeSettingsSchema,
  type Category,
  type Change,
  type DeviceInfo,
  type Member,
  type Operation,
  type Payment,
  type PaymentRefund,
  type Product,
  type Staff,
  type StoreSettings,
} from '@pos/shared';
import type { DayEndEvent } from '../reports/day-events';
import { stockMovesSchema } from './stock-moves';

export const deviceRecordSchema = deviceInfoSchema.extend({
  /** sha256 of the device's token: the token itself is never stored. */
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Highest sequence received, gaps or not. */
  maxSeq: z.number().int().nonnegative(),
});
export type DeviceRecord = z.infer<typeof deviceRecordSchema>;

const stockEntrySchema = z.object({
  level: z.number().int(),
  /** When the last stock count was taken: sales made before it are already in the count. */
  countedAt: z.number().int().nullable(),
});

/**
 * A table by id, as an object with no prototype: ids come from devices and requests, and on a plain
 * object an id such as "toString" or "constructor" would find a built-in function, not nothing.
 */
function tableOf<T extends z.ZodType>(entry: T) {
  return z
    .record(z.string(), entry)
    .transform((entries) => Object.assign(emptyTable<z.infer<T>>(), entries));
}

/** An empty table by id (see tableOf). */
export function emptyTable<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * A stored member as a version without MAX_MEMBER_ALIASES wrote it may list more provisional ids
 * than the schema allows (its checkpoint and journal could not be read back: the server did not
 * start). Read back, the record keeps the newest; none is lost, as that version's fold mapped
 * every one in `memberAliases` too.
 */
function capStoredAliases(member: unknown): unknown {
  if (typeof member !== 'object' || member === null) return member;
  const { aliases } = member as { aliases?: unknown };
  if (!Array.isArray(aliases) || aliases.length <= MAX_MEMBER_ALIASES) return member;
  return { ...member, aliases: aliases.slice(-MAX_MEMBER_ALIASES) };
}

const storedMemberSchema = z.preprocess(capStoredAliases, memberSchema);

/** A change as the journal holds it (a member's with its aliases capped, see capStoredAliases). */
const storedChangeSchema = z.preprocess((change) => {
  if (typeof change !== 'object' || change === null || !('member' in change)) return change;
  return { ...change, member: capStoredAliases(change.member) };
}, changeSchema);

export const stateSchema = z.object({
  format: z.literal(1),
  /** The last journal entry this state includes. */
  journalN: z.number().int().nonnegative(),
  /** The cursor the next change gets. */
  nextCursor: z.number().int().positive(),
  settings: storeSettingsSchema,
  categories: tableOf(categorySchema),
  products: tableOf(productSchema),
  stock: tableOf(stockEntrySchema),
  /**
   * Each SKU's recent moves, for placing a count pushed late (stock-moves.ts). Absent in older
   * files: the moves of their journal from then on are noted.
   */
  stockMoves: tableOf(stockMovesSchema).prefault({}),
  staff: tableOf(staffSchema),
  members: tableOf(storedMemberSchema),
  /** Provisional member ids made offline, mapped to the member they were merged into. */
  memberAliases: tableOf(z.string()),
  /** The last number given to a member id the server made (m-0006...); absent in older files. */
  memberSerial: z.number().int().nonnegative().default(0),
  /** Stored value and points the server could not take, kept for the manager (apply-member.ts). */
  overspends: tableOf(overspendSchema).prefault({}),
  /** Membership per business day, for the day-end report. */
  memberDays: tableOf(memberDaySchema).prefault({}),
  /**
   * The points per yuan each member's sale earned at, by order id: a refund or void takes back
   * what the sale earned, not what it would earn at a rate the store set since. Absent in older
   * files (their sales are taken back at the rate of the day).
   */
  pointsRates: tableOf(z.number().int().nonnegative()).prefault({}),
  /** Payments by QR (WeChat Pay or the simulator), by id; settled ones are pruned after a week. */
  payments: tableOf(paymentSchema).prefault({}),
  /** Refunds through the payment provider, by out_refund_no (kept: few, and the order's history). */
  paymentRefunds: tableOf(paymentRefundSchema).prefault({}),
  devices: tableOf(deviceRecordSchema),
  /** Last number given to each kind of device code (T, P, K): codes are never reused. */
  deviceCodeCounters: tableOf(z.number().int().nonnegative()),
});
export type StoreState = z.infer<typeof stateSchema>;

export function emptyState(settings: StoreSettings): StoreState {
  return {
    format: 1,
    journalN: 0,
    nextCursor: 1,
    settings,
    categories: emptyTable(),
    products: emptyTable(),
    stock: emptyTable(),
    stockMoves: emptyTable(),
    staff: emptyTable(),
    members: emptyTable(),
    memberAliases: emptyTable(),
    memberSerial: 0,
    overspends: emptyTable(),
    memberDays: emptyTable(),
    pointsRates: emptyTable(),
    payments: emptyTable(),
    paymentRefunds: emptyTable(),
    devices: emptyTable(),
    deviceCodeCounters: emptyTable(),
  };
}

/** Seed data for a new store (the demo store on first start). */
export interface SeedData {
  settings: StoreSettings;
  categories: Category[];
  products: Product[];
  stock: Array<{ skuId: string; level: number }>;
  staff: Staff[];
  members: Member[];
}

/** Everything that changes the store; each is one journal entry. */
export type StoreEvent =
  | { kind: 'seed'; seed: SeedData }
  /**
   * `refusedOnReceipt`: refused by a rule checked before the fold (store.ts), newer than some
   * journals. Recorded, so that its sequence counts as received, the audit lists it and a resend
   * gets the same answer; the replay refuses it again without checking anew. `approvalDropped`:
   * the operation is recorded without an approval it came with (a shift close approved by someone
   * who is not a manager, closeAsRecorded), and why; `hash` is still the one of what was received.
   * `countPlaced`: a stock count received since counts are placed among the moves made after them
   * (apply-stock.ts); one journaled before has none and sets its level outright, as it did then.
   * `movesCapped`: received since the stock an operation moves is taken as moved no later than its
   * receipt (apply-stock.ts); one journaled before has none and keeps the till's time, as then.
   */
  | {
      kind: 'op';
      op: Operation;
      hash: string;
      refusedOnReceipt?: RefusalError;
      approvalDropped?: RefusalError;
      countPlaced?: true;
      movesCapped?: true;
    }
  /** `by`: the manager who issued the pairing code (null or absent: the start-up banner's code). */
  | { kind: 'device.paired'; device: DeviceRecord; by?: string | null }
  | { kind: 'device.revoked'; deviceId: string; by?: string; reason?: string }
  /** A device revoked by mistake, given back its token (auth/device-standing.ts). */
  | { kind: 'device.reinstated'; deviceId: string; by: string; reason: string }
  | { kind: 'category.saved'; category: Category }
  | { kind: 'product.saved'; product: Product }
  | { kind: 'stock.set'; skuId: string; level: number }
  /** `by`: the manager who saved it (absent in entries written before it was recorded). */
  | { kind: 'staff.saved'; staff: Staff; by?: string }
  | { kind: 'settings.saved'; settings: StoreSettings }
  /** Day end: a day closed, a shift's variance approved (sync-server/reports/day-events.ts). */
  | DayEndEvent
  /** A payment by QR made or changed by the server (apply-payment.ts; paid marks its order paid). */
  | { kind: 'payment.saved'; payment: Payment }
  /** A refund through the provider, as the refund service follows it (apply-payment-refund.ts). */
  | { kind: 'payment.refund_saved'; refund: PaymentRefund }
  | MemberEvent;

/** Membership changes the server makes itself (apply-member.ts folds them). */
export type MemberEvent =
  | { kind: 'member.join'; phone: string; name: string; via: 'staff' | 'customer' }
  | { kind: 'member.overspend_resolved'; id: string; staffId: string; note: string };

export interface RefusalError {
  code: string;
  message: string;
}

/** What happened to an operation: applied, or refused with a reason (kept, so a resend gets the same answer). */
export type OpOutcome = { status: 'applied' } | { status: 'refused'; error: RefusalError };

export interface JournalRecord {
  n: number;
  at: number;
  event: StoreEvent;
  outcome?: OpOutcome;
  /** The changes the event made, with their cursors: the change feed is rebuilt from these. */
  changes: Change[];
}

/** Validates an entry read back from the journal. Only the parts recovery relies on are checked strictly. */
export const journalRecordSchema = z.object({
  n: z.number().int().positive(),
  at: z.number().int(),
  event: z.looseObject({ kind: z.string() }),
  outcome: z
    .union([
      z.object({ status: z.literal('applied') }),
      z.object({
        status: z.literal('refused'),
        error: z.object({ code: z.string(), message: z.string() }),
      }),
    ])
    .optional(),
  changes: z.array(storedChangeSchema),
});

/** Public view of a device: its record without the token hash. */
export function deviceInfo(record: DeviceRecord): DeviceInfo {
  const { tokenHash: _tokenHash, maxSeq: _maxSeq, ...info } = record;
  return info;
}
