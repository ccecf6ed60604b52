// Stock moves as deltas carried by operations, so concurrent sales on several devices add up
// instead of overwriting each other. A stock count sets a level: what was counted, plus what moved
// after the count was taken.
import type { Order, Refund } from './order';

export interface StockDelta {
  skuId: string;
  delta: number;
}

/** Adds up deltas per SKU, dropping those that cancel out. */
function combine(deltas: StockDelta[]): StockDelta[] {
  const bySku = new Map<string, number>();
  for (const { skuId, delta } of deltas) bySku.set(skuId, (bySku.get(skuId) ?? 0) + delta);
  return [...bySku].filter(([, delta]) => delta !== 0).map(([skuId, delta]) => ({ skuId, delta }));
}

/** A paid sale takes its quantities off the shelf. */
export function saleStockDeltas(order: Order): StockDelta[] {
  return combine(order.lines.map((line) => ({ skuId: line.skuId, delta: -line.qty })));
}

/** A refund puts goods back only when they go back on the shelf. */
export function refundStockDeltas(order: Order, refund: Refund): StockDelta[] {
  if (!refund.restock) return [];
  const skuOf = new Map(order.lines.map((line) => [line.lineId, line.skuId]));
  return combine(
    refund.lines.flatMap((line) => {
      const skuId = skuOf.get(line.lineId);
      return skuId ? [{ skuId, delta: line.qty }] : [];
    }),
  );
}

/** A voided sale puts everything back. */
export function voidStockDeltas(order: Order): StockDelta[] {
  return saleStockDeltas(order).map(({ skuId, delta }) => ({ skuId, delta: -delta }));
}

/**
 * Whether a move made at `madeAt` was already on the shelf when the last count was taken: a sale
 * made before the count arriving late (an offline device) is in the counted level.
 */
export function heldByCount(current: { countedAt: number | null }, madeAt: number): boolean {
  return current.countedAt !== null && madeAt < current.countedAt;
}

/** The level after a delta; one already held by the last count does not move it again. */
export function nextStockLevel(
  current: { level: number; countedAt: number | null },
  delta: number,
  madeAt: number,
): number {
  if (heldByCount(current, madeAt)) return current.level;
  return safeLevel(current.level + delta);
}

/**
 * The time a count is taken as: the till's, but never later than the server received it. A till
 * whose clock runs hours fast would otherwise date its count ahead, and every other till's sale
 * of those hours would look already held by it.
 */
export function countTakenAt(tillAt: number, receivedAt: number): number {
  return Math.min(tillAt, receivedAt);
}

/**
 * The time a sale, refund or delivery is taken as, by the same rule as a count: the till's, but
 * never later than the server received it. A till whose clock runs minutes fast would otherwise
 * date a sale it pushed at once after a count taken later, and that count would take it off again.
 */
export function moveTakenAt(madeAt: number, receivedAt: number): number {
  return Math.min(madeAt, receivedAt);
}

/**
 * The level a count sets: what was counted plus what moved since it was taken (sales and
 * deliveries other tills made while the count was on its way from an offline device).
 */
export function countedLevel(counted: number, movedSince: number): number {
  return safeLevel(counted + movedSince);
}

/**
 * Held within the safe integers: every count and delivery is bounded, but a level set before the
 * bounds (near 2^53) plus one delivery made a level the checkpoint could not read back, and the
 * server no longer started. Pure, so a replay clamps the same way.
 */
function safeLevel(level: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(-Number.MAX_SAFE_INTEGER, level));
}

/**
 * Whether a customer ordering by themselves (the kiosk) may have `wanted` of a stock-tracked SKU
 * the shelf holds `level` of. They order what they cannot see, so an order the counter cannot fill
 * is refused; staff may sell past the level, the goods being in their hand.
 */
export function selfServiceMayOrder(level: number, wanted: number): boolean {
  return wanted <= level;
}
