// The stock levels the device shows: the server's, with its unsynced movements laid over them.
// Computed once and kept; a sale moves a copy (stores compare by reference) instead of a recount,
// and anything else that may change them (server data, an ack, a load) drops the copy.
import type { Product, StockLevel } from '@pos/shared';
import { localStockLevels, moveStock, trackedSkuIds, type StockAdjustment } from './local-view';

export interface StockSources {
  stock: readonly StockLevel[];
  products: readonly Product[];
  /** The unsynced movements (the live view's). */
  pending: readonly StockAdjustment[];
}

export class ShownStock {
  private shown: { levels: Map<string, number>; tracked: Set<string> } | null = null;

  constructor(private readonly sources: () => StockSources) {}

  /** A new Map whenever a level changed. */
  levels(): Map<string, number> {
    if (!this.shown) {
      const { stock, products, pending } = this.sources();
      this.shown = {
        levels: localStockLevels(stock, products, pending),
        tracked: trackedSkuIds(products),
      };
    }
    return this.shown.levels;
  }

  /** A recorded entry's movements, on a copy of the levels (if they were computed). */
  move(adjustments: readonly StockAdjustment[]): void {
    if (!this.shown || adjustments.length === 0) return;
    const levels = new Map(this.shown.levels);
    moveStock(levels, this.shown.tracked, adjustments);
    this.shown = { ...this.shown, levels };
  }

  /** Computed again at the next read. */
  drop(): void {
    this.shown = null;
  }
}
