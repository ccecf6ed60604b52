// The recent stock moves of each SKU, with when they were made, kept in the checkpoint: a count
// pushed late (an offline till) is placed among them, so what moved after it stays in the level.
import { z } from 'zod';

/** Moves made this long before the server received a newer one of their SKU are let go. */
export const MOVE_WINDOW_MS = 48 * 3_600_000;
/** At most this many moves are kept per SKU, the last made (a busy SKU keeps the checkpoint small). */
export const MAX_MOVES_PER_SKU = 500;

export const stockMovesSchema = z.object({
  /** Every move made at or after this time is held; older ones were let go. Null: none let go. */
  heldFrom: z.number().int().nullable(),
  /**
   * The moves that changed the level since the last count, in the order they were made; `madeAt`
   * is the time the fold took (moveStock: no later than the server received it, since movesCapped).
   */
  moves: z.array(z.object({ madeAt: z.number().int(), delta: z.number().int() })),
});
export type StockMoves = z.infer<typeof stockMovesSchema>;

/**
 * Notes a move that changed the SKU's level, received at `receivedAt`, and lets go of the moves
 * older than the window or past the cap. Time comes from the journal, so a replay keeps the same.
 */
export function noteMove(
  windows: Record<string, StockMoves>,
  skuId: string,
  move: { madeAt: number; delta: number },
  receivedAt: number,
): void {
  const window = (windows[skuId] ??= { heldFrom: null, moves: [] });
  const { moves } = window;
  // Moves mostly come in the order made; a late one (an offline till) goes back to its place.
  let at = moves.length;
  while (at > 0 && moves[at - 1].madeAt > move.madeAt) at--;
  moves.splice(at, 0, move);

  const oldestKept = receivedAt - MOVE_WINDOW_MS;
  let dropped = 0;
  while (
    dropped < moves.length &&
    (moves.length - dropped > MAX_MOVES_PER_SKU || moves[dropped].madeAt < oldestKept)
  )
    dropped++;
  if (dropped === 0) return;
  const lastLetGo = moves[dropped - 1].madeAt;
  window.heldFrom = Math.max(window.heldFrom ?? -Infinity, lastLetGo + 1);
  moves.splice(0, dropped);
}

/**
 * What moved the level at or after `time`: null when the window let go of some of it (a count
 * that old cannot be placed).
 */
export function movedSince(window: StockMoves | undefined, time: number): number | null {
  if (!window) return 0;
  if (window.heldFrom !== null && time < window.heldFrom) return null;
  let moved = 0;
  for (const { madeAt, delta } of window.moves) if (madeAt >= time) moved += delta;
  return moved;
}

/**
 * After a count or a set level taken at `countedAt`: the moves made before it are in it, and no
 * count older than it is placed any more, so only later moves are kept.
 */
export function keepMovesAfterCount(
  windows: Record<string, StockMoves>,
  skuId: string,
  countedAt: number,
): void {
  const window = windows[skuId];
  if (!window) return;
  window.moves = window.moves.filter((move) => move.madeAt >= countedAt);
  if (window.heldFrom !== null && window.heldFrom <= countedAt) window.heldFrom = null;
  if (window.moves.length === 0 && window.heldFrom === null) delete windows[skuId];
}
