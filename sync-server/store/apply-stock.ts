// The stock fold: operations move levels by deltas, noted with when they were made, and a count
// sets what was counted plus what moved after it was taken (stock-moves.ts).
import {
  countedLevel,
  countTakenAt,
  heldByCount,
  moveTakenAt,
  nextStockLevel,
  type StockDelta,
} from '@pos/shared';
import type { ApplyContext, ChangeBody } from './apply-event';
import { keepMovesAfterCount, movedSince, noteMove } from './stock-moves';

/**
 * Moves the stock-tracked SKUs by deltas made at `madeAt`, received at `receivedAt`. A move
 * journaled `movesCapped` is taken as made no later than its receipt (moveTakenAt), for the count
 * that may hold it and among the moves a count is placed with; one journaled before keeps the
 * till's time, so an older journal replays to the levels it had.
 */
export function moveStock(
  ctx: ApplyContext,
  deltas: StockDelta[],
  madeAt: number,
  receivedAt: number,
  movesCapped?: true,
): ChangeBody[] {
  const { state } = ctx;
  const takenAt = movesCapped ? moveTakenAt(madeAt, receivedAt) : madeAt;
  const changes: ChangeBody[] = [];
  for (const { skuId, delta } of deltas) {
    if (!ctx.skuProducts.get(skuId)?.stockTracked) continue;
    const current = state.stock[skuId] ?? { level: 0, countedAt: null };
    const level = nextStockLevel(current, delta, takenAt);
    state.stock[skuId] = { level, countedAt: current.countedAt };
    if (!heldByCount(current, takenAt))
      noteMove(state.stockMoves, skuId, { madeAt: takenAt, delta }, receivedAt);
    // Sent even when a count already held the movement and the level stays: the device that made
    // it moved its own copy at the ack, and only this change brings it back to the server's level.
    changes.push({ kind: 'stock', stock: { skuId, level } });
  }
  return changes;
}

export interface StockCount {
  skuId: string;
  level: number;
  /** When the till says it counted. */
  at: number;
}

/**
 * A count journaled as placed (`countPlaced`): taken at the till's time but no later than its
 * receipt, it sets what was counted plus every move made at or after that time. One older than
 * the last count, or than the moves the window still holds (pushed days late), changes nothing:
 * it is kept in the journal, and the till that took it gets the level that stands.
 */
export function placeCount(ctx: ApplyContext, count: StockCount, receivedAt: number): ChangeBody[] {
  const { state } = ctx;
  const { skuId } = count;
  const countedAt = countTakenAt(count.at, receivedAt);
  const current = state.stock[skuId];
  const moved = movedSince(state.stockMoves[skuId], countedAt);
  // A count taken before the last one is held by it, as a sale would be.
  if (moved === null || (current && heldByCount(current, countedAt)))
    return [{ kind: 'stock', stock: { skuId, level: current?.level ?? 0 } }];
  const level = countedLevel(count.level, moved);
  state.stock[skuId] = { level, countedAt };
  keepMovesAfterCount(state.stockMoves, skuId, countedAt);
  return [{ kind: 'stock', stock: { skuId, level } }];
}

/**
 * A count journaled before counts were placed: it sets the level outright, at the till's time, as
 * it did when it was received, so an older journal replays to the levels it had.
 */
export function countAsJournaledBefore(ctx: ApplyContext, count: StockCount): ChangeBody[] {
  const { state } = ctx;
  const { skuId, level, at } = count;
  const current = state.stock[skuId];
  // A count taken earlier than one already applied (a late, offline device) changes nothing,
  // but the device that took it set its own copy at the ack: it gets the level that stands.
  if (current && heldByCount(current, at))
    return [{ kind: 'stock', stock: { skuId, level: current.level } }];
  state.stock[skuId] = { level, countedAt: at };
  keepMovesAfterCount(state.stockMoves, skuId, at);
  return [{ kind: 'stock', stock: { skuId, level } }];
}

/** A level a manager sets on the server, at the server's time: the moves before it are in it. */
export function setStock(
  ctx: ApplyContext,
  skuId: string,
  level: number,
  at: number,
): ChangeBody[] {
  ctx.state.stock[skuId] = { level, countedAt: at };
  keepMovesAfterCount(ctx.state.stockMoves, skuId, at);
  return [{ kind: 'stock', stock: { skuId, level } }];
}
