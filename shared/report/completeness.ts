// Whether a business day's numbers are final: every device that may still hold unsynced operations
// (judged from its last operation received and its last contact), and every gap in a device's
// sequence or in its order numbers, so the manager knows what is missing and where.
import { addBusinessDays, businessDayStartMs, type BusinessDaySettings } from '../business-day';
import { orderNumber, parseOrderId } from '../order-number';
import type { Order } from '../order';

/** A run of sequence numbers the server never received, with the operations on either side. */
export interface SequenceGap {
  from: number;
  to: number;
  /** The operation just before the gap (seq from - 1) and just after it (to + 1), when known. */
  after: { seq: number; createdAt: number } | null;
  before: { seq: number; createdAt: number } | null;
}

/** What the server knows of one paired device's sync. */
export interface DeviceSyncFacts {
  deviceId: string;
  code: string;
  name: string;
  pairedAt: number;
  revokedAt: number | null;
  /** Its last hello or message on the sync channel; null when it never connected. */
  lastSeenAt: number | null;
  /** Whether it has a socket open now (its outbox is being pushed as it is made). */
  connected: boolean;
  /**
   * Connected, but still pushing the outbox it said it had at its hello (no `pull` yet): its
   * operations are on their way, not all here. Absent: the server does not know (taken as false).
   */
  pushing?: boolean;
  /**
   * The last time the device said its outbox was empty: a hello without `pending`, or its `pull`
   * once it had pushed everything (sync protocol 2). Null when it never said so; absent when the
   * server does not record it, and then a contact after the day's end is taken as caught up.
   */
  outboxEmptyAt?: number | null;
  /** The highest sequence received and when that operation was made on the device. */
  lastOp: { seq: number; createdAt: number } | null;
  gaps: readonly SequenceGap[];
}

export interface CompletenessInput {
  businessDay: string;
  settings: BusinessDaySettings;
  now: number;
  devices: readonly DeviceSyncFacts[];
  /** The day's orders (any status): their numbers show gaps in each device's order count. */
  orders: readonly Pick<Order, 'id' | 'deviceId' | 'deviceCode'>[];
  /** Order numbers of the day that the server refused (not counted, but not missing either). */
  refusedOrderIds?: readonly string[];
}

export type CompletenessProblem =
  | {
      kind: 'unsynced';
      /** The moment after which the device's operations may not have arrived. */
      since: number;
      lastSeenAt: number | null;
      lastSeq: number;
      revoked: boolean;
      /** Connected and pushing its outbox now: the missing operations are on their way. */
      pushing: boolean;
    }
  | {
      kind: 'missing_operations';
      from: number;
      to: number;
      between: [number | null, number | null];
    }
  | { kind: 'missing_orders'; orderNos: string[] };

export interface DeviceCompleteness {
  deviceId: string;
  code: string;
  name: string;
  final: boolean;
  problems: CompletenessProblem[];
}

export interface Completeness {
  businessDay: string;
  /** Whether the business day has ended by the clock (devices may still sell into it before). */
  dayOver: boolean;
  /** True when no device may still hold operations of the day and nothing is missing. */
  final: boolean;
  devices: DeviceCompleteness[];
}

/** Order sequences 1..highest that no order of the device's day carries, as order numbers. */
function missingOrderNumbers(
  businessDay: string,
  code: string,
  seqs: readonly number[],
  skip: ReadonlySet<number>,
): string[] {
  const seen = new Set(seqs);
  const highest = Math.max(0, ...seqs);
  const missing: string[] = [];
  for (let seq = 1; seq < highest; seq++)
    if (!seen.has(seq) && !skip.has(seq)) missing.push(orderNumber(code, businessDay, seq));
  return missing;
}

/** Per device, what may be missing from the day; devices retired before the day are left out. */
export function assessCompleteness(input: CompletenessInput): Completeness {
  const { businessDay, settings, now } = input;
  const dayStart = businessDayStartMs(businessDay, settings);
  const dayEnd = businessDayStartMs(addBusinessDays(businessDay, 1), settings);
  const horizon = Math.min(now, dayEnd);
  const orderSeqs = new Map<string, number[]>();
  for (const order of input.orders) {
    const parsed = parseOrderId(order.id);
    if (!parsed.ok || parsed.value.businessDay !== businessDay) continue;
    const seqs = orderSeqs.get(order.deviceId);
    if (seqs) seqs.push(parsed.value.seq);
    else orderSeqs.set(order.deviceId, [parsed.value.seq]);
  }
  const refused = new Map<string, Set<number>>();
  for (const id of input.refusedOrderIds ?? []) {
    const parsed = parseOrderId(id);
    if (!parsed.ok) continue;
    const set = refused.get(parsed.value.deviceId) ?? new Set<number>();
    set.add(parsed.value.seq);
    refused.set(parsed.value.deviceId, set);
  }

  const devices: DeviceCompleteness[] = [];
  for (const device of input.devices) {
    if (device.revokedAt !== null && device.revokedAt < dayStart && !orderSeqs.has(device.deviceId))
      continue;
    if (device.pairedAt >= dayEnd) continue;
    const problems: CompletenessProblem[] = [];
    // Operations are pushed in sequence order: once one made after the horizon arrived, every
    // earlier one did too (gaps aside). A device on the socket with its outbox drained pushes as
    // it sells. A device that said its outbox was empty after the horizon has nothing of the day
    // left; without that word, any contact after the day's end is taken as such (sync protocol 1).
    const lastContact = Math.max(device.lastSeenAt ?? 0, device.pairedAt);
    const pushing = device.connected && device.pushing === true;
    const saidEmpty =
      device.outboxEmptyAt === undefined
        ? lastContact >= dayEnd
        : device.outboxEmptyAt !== null && device.outboxEmptyAt >= horizon;
    const caughtUp =
      (device.connected && !pushing) ||
      (device.lastOp !== null && device.lastOp.createdAt >= horizon) ||
      saidEmpty;
    if (!caughtUp)
      problems.push({
        kind: 'unsynced',
        since: Math.max(lastContact, device.lastOp?.createdAt ?? 0),
        lastSeenAt: device.lastSeenAt,
        lastSeq: device.lastOp?.seq ?? 0,
        revoked: device.revokedAt !== null,
        pushing,
      });
    for (const gap of device.gaps) {
      const afterAt = gap.after?.createdAt ?? null;
      const beforeAt = gap.before?.createdAt ?? null;
      // A gap matters to the day unless it lies wholly before or after it.
      const touchesDay = (afterAt ?? -Infinity) < dayEnd && (beforeAt ?? Infinity) >= dayStart;
      if (touchesDay)
        problems.push({
          kind: 'missing_operations',
          from: gap.from,
          to: gap.to,
          between: [afterAt, beforeAt],
        });
    }
    const seqs = orderSeqs.get(device.deviceId);
    if (seqs) {
      const orderNos = missingOrderNumbers(
        businessDay,
        device.code,
        seqs,
        refused.get(device.deviceId) ?? new Set(),
      );
      if (orderNos.length > 0) problems.push({ kind: 'missing_orders', orderNos });
    }
    devices.push({
      deviceId: device.deviceId,
      code: device.code,
      name: device.name,
      final: problems.length === 0,
      problems,
    });
  }
  return {
    businessDay,
    dayOver: now >= dayEnd,
    final: devices.every((d) => d.final),
    devices,
  };
}

/** Collapses sorted or unsorted sequence numbers into runs: [3,4,5,9] -> [{3,5},{9,9}]. */
export function sequenceRuns(seqs: readonly number[]): Array<{ from: number; to: number }> {
  const sorted = [...seqs].sort((a, b) => a - b);
  const runs: Array<{ from: number; to: number }> = [];
  for (const seq of sorted) {
    const last = runs[runs.length - 1];
    if (last && seq === last.to + 1) last.to = seq;
    else if (!last || seq > last.to) runs.push({ from: seq, to: seq });
  }
  return runs;
}
