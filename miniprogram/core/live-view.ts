// The local view kept current change by change, so a sale or a sync step costs the same with ten
// orders held as with ten thousand. buildLocalView (local-view.ts) stays the definition: the view
// here is that fold with each entry's effect remembered, so an entry added, refused or settled, or
// an order the server changed, re-lays only the one order concerned (orders never affect each
// other). test/client/live-view.test.ts holds the two equal over random histories.
import { parseOrderId, type Member, type Order } from '@pos/shared';
import {
  layEntry,
  orderIdOf,
  type EntryEffect,
  type HistoryLike,
  type LocalView,
  type OrderView,
  type StockAdjustment,
} from './local-view';
import type { OutboxEntry } from './outbox';

/** The outbox as the view reads it. */
export interface EntrySource {
  get(seq: number): OutboxEntry | undefined;
  entries(): readonly OutboxEntry[];
  /** Acknowledged and still here: its stock and member are in the replica's copy already. */
  isAcknowledged(seq: number): boolean;
}

/** Newest first; equal times by order number, newest first (same device and day: same length). */
function newestFirst(a: OrderView, b: OrderView): number {
  if (a.order.createdAt !== b.order.createdAt) return b.order.createdAt - a.order.createdAt;
  const x = a.order.orderNo;
  const y = b.order.orderNo;
  if (x.length !== y.length) return y.length - x.length;
  return x < y ? 1 : x > y ? -1 : 0;
}

export class LiveView {
  /** Every order shown, by id. */
  readonly orders = new Map<string, OrderView>();
  /** Each outbox entry's effect by sequence; a Map keeps them in the order added, which is sequence order. */
  private readonly effects = new Map<number, EntryEffect>();
  /** The entries on each order, in sequence order, and back. */
  private readonly entriesOn = new Map<string, number[]>();
  private readonly orderOf = new Map<number, string>();
  /** The highest order number seen per device and business day (see highestOrderSeq). */
  private readonly orderSeqs = new Map<string, number>();
  private lastSeq = 0;
  private sorted: OrderView[] | null = null;

  constructor(
    private readonly history: HistoryLike,
    private readonly outbox: EntrySource,
  ) {}

  /** From scratch: at load, and whenever storage was replaced wholesale. */
  rebuild(): void {
    this.orders.clear();
    this.effects.clear();
    this.entriesOn.clear();
    this.orderOf.clear();
    this.orderSeqs.clear();
    this.lastSeq = 0;
    for (const order of this.history.values()) this.orders.set(order.id, { order, sync: 'synced' });
    for (const entry of this.outbox.entries()) this.lay(entry);
    for (const view of this.orders.values()) this.noteOrderSeq(view.order);
    this.sorted = null;
  }

  /** The outbox's newest entry, just appended: laid on top. Returns what it adds. */
  add(entry: OutboxEntry): EntryEffect {
    // Only ever the newest; anything else would break the sequence order of the effects.
    if (entry.op.seq <= this.lastSeq) {
      this.rebuild();
      return this.effects.get(entry.op.seq) ?? { stock: [], member: null };
    }
    const effect = this.lay(entry);
    const id = orderIdOf(entry);
    const view = id === null ? undefined : this.orders.get(id);
    if (view) this.noteOrderSeq(view.order);
    this.sorted = null;
    return effect;
  }

  /**
   * Catches up after outbox entries changed (refused) or left, and after the history of some
   * orders changed (settled, received from the server, pruned).
   */
  update(changed: { entries?: Iterable<number>; orders?: Iterable<string> }): void {
    const relay = new Set(changed.orders ?? []);
    for (const seq of changed.entries ?? []) {
      const entry = this.outbox.get(seq);
      const id = this.orderOf.get(seq) ?? null;
      if (id !== null) relay.add(id);
      if (!entry) this.forget(seq, id);
      else if (id === null && this.effects.has(seq))
        this.effects.set(seq, layEntry(this.orders, this.history, entry));
    }
    for (const id of relay) this.relay(id);
    this.sorted = null;
  }

  /** Orders newest first; sorted when read after a change, not at every change. Do not modify. */
  newestFirst(): readonly OrderView[] {
    this.sorted ??= [...this.orders.values()].sort(newestFirst);
    return this.sorted;
  }

  /**
   * The highest order number this device has shown for the day. Never goes down: an order leaves
   * the view only once the counters hold its number (pruning, dismissing), so it cannot matter.
   */
  highestOrderSeq(deviceId: string, businessDay: string): number {
    return this.orderSeqs.get(`${deviceId}\n${businessDay}`) ?? 0;
  }

  /**
   * Stock movements not yet in the server's levels, in outbox order. An acknowledged entry still
   * here (its removal did not happen yet) counts for nothing: the ledger settled its movements
   * into the replica's levels at the ack.
   */
  stock(): StockAdjustment[] {
    const stock: StockAdjustment[] = [];
    for (const [seq, effect] of this.effects)
      if (effect.stock.length > 0 && !this.outbox.isAcknowledged(seq)) stock.push(...effect.stock);
    return stock;
  }

  /** Members joined here that the server has not acknowledged (acknowledged: in the replica). */
  members(): Member[] {
    const members: Member[] = [];
    for (const [seq, effect] of this.effects)
      if (effect.member && !this.outbox.isAcknowledged(seq)) members.push(effect.member);
    return members;
  }

  /** What an entry adds as laid now (nothing for one not here): what its ack settles. */
  effectOf(seq: number): EntryEffect | undefined {
    return this.effects.get(seq);
  }

  snapshot(): LocalView {
    return { orders: this.orders, stock: this.stock(), members: this.members() };
  }

  private lay(entry: OutboxEntry): EntryEffect {
    const { seq } = entry.op;
    const effect = layEntry(this.orders, this.history, entry);
    this.effects.set(seq, effect);
    this.lastSeq = Math.max(this.lastSeq, seq);
    const id = orderIdOf(entry);
    if (id !== null) {
      this.orderOf.set(seq, id);
      const on = this.entriesOn.get(id);
      if (on) on.push(seq);
      else this.entriesOn.set(id, [seq]);
    }
    return effect;
  }

  private forget(seq: number, id: string | null): void {
    this.effects.delete(seq);
    this.orderOf.delete(seq);
    if (id === null) return;
    const rest = (this.entriesOn.get(id) ?? []).filter((other) => other !== seq);
    if (rest.length > 0) this.entriesOn.set(id, rest);
    else this.entriesOn.delete(id);
  }

  /** One order again from its history and its entries, which also re-derives their effects. */
  private relay(id: string): void {
    const known = this.history.get(id);
    if (known) this.orders.set(id, { order: known, sync: 'synced' });
    else this.orders.delete(id);
    for (const seq of this.entriesOn.get(id) ?? []) {
      const entry = this.outbox.get(seq);
      if (entry) this.effects.set(seq, layEntry(this.orders, this.history, entry));
    }
    const view = this.orders.get(id);
    if (view) this.noteOrderSeq(view.order);
  }

  private noteOrderSeq(order: Order): void {
    const parts = parseOrderId(order.id);
    if (!parts.ok) return;
    const key = `${order.deviceId}\n${order.businessDay}`;
    if ((this.orderSeqs.get(key) ?? 0) < parts.value.seq) this.orderSeqs.set(key, parts.value.seq);
  }
}
