// What the ledger shows, derived from its data: the live view of orders and members, the stock
// levels and this device's shifts, each worked out again only when what it depends on changed.
import { LiveView } from './live-view';
import type { OrderHistory } from './order-history';
import type { Outbox, OutboxEntry } from './outbox';
import type { Replica } from './replica';
import { isShiftOperation, type ShiftLog, type ShiftRecord } from './shift-log';
import { ShownStock } from './shown-stock';

/** Outbox entries and history orders whose part of the view changed. */
export interface ViewChange {
  entries?: Iterable<number>;
  orders?: Iterable<string>;
}

export interface ShownSources {
  outbox: Outbox;
  history: OrderHistory;
  replica: Replica;
  shiftLog: ShiftLog;
}

export class ShownData {
  readonly view: LiveView;
  private readonly stock: ShownStock;
  /** The shifts shown: they change only with a shift event, not with every sale. */
  private shiftRecords: ShiftRecord[] | null = null;

  constructor(private readonly sources: ShownSources) {
    const { outbox, history, replica } = sources;
    this.view = new LiveView(history, outbox);
    this.stock = new ShownStock(() => ({
      stock: replica.stock.values(),
      products: replica.products.values(),
      pending: this.view.stock(),
    }));
  }

  /** From scratch, after a load. */
  rebuild(): void {
    this.view.rebuild();
    this.drop();
  }

  /** After server data or settled operations changed these orders and entries. */
  changed(changed: ViewChange): void {
    this.view.update(changed);
    this.stock.drop();
  }

  /** The outbox's newest entry, just recorded. */
  added(entry: OutboxEntry): void {
    const effect = this.view.add(entry);
    this.stock.move(effect.stock);
    if (isShiftOperation(entry.op)) this.shiftRecords = null;
  }

  /** Stock levels and shifts worked out again at the next read. */
  drop(): void {
    this.stock.drop();
    this.shiftRecords = null;
  }

  /** A new Map whenever a level changed (stores compare by reference). */
  stockLevels(): Map<string, number> {
    return this.stock.levels();
  }

  /** This device's shifts: acknowledged events with the pending ones applied. */
  shifts(): ShiftRecord[] {
    this.shiftRecords ??= this.sources.shiftLog.withPending(this.sources.outbox.entries());
    return this.shiftRecords;
  }

  /** The shifts worked out again at the next read (a shift event left or changed). */
  dropShifts(): void {
    this.shiftRecords = null;
  }
}
