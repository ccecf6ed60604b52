// The window of recent stock moves a late count is placed among: bounded by time and by count, so
// the checkpoint stays small, and honest about what it let go of.
import { emptyTable } from '../../sync-server/store/state';
import {
  keepMovesAfterCount,
  MAX_MOVES_PER_SKU,
  movedSince,
  MOVE_WINDOW_MS,
  noteMove,
  type StockMoves,
} from '../../sync-server/store/stock-moves';

const now = Date.UTC(2026, 10, 22, 3, 0);
let windows: Record<string, StockMoves>;
beforeEach(() => (windows = emptyTable()));

test('a move pushed late goes to its place in time: a count between them adds only the later ones', () => {
  noteMove(windows, 'sku', { madeAt: now - 10, delta: -1 }, now);
  noteMove(windows, 'sku', { madeAt: now - 30, delta: -2 }, now);
  noteMove(windows, 'sku', { madeAt: now - 20, delta: 5 }, now);

  expect(windows.sku.moves.map((move) => move.madeAt)).toEqual([now - 30, now - 20, now - 10]);
  expect(movedSince(windows.sku, now - 20)).toBe(4);
  expect(movedSince(windows.sku, now - 30)).toBe(2);
  expect(movedSince(windows.other, now - 30)).toBe(0);
});

test('past the cap the first made are let go, and a count older than them cannot be placed', () => {
  for (let i = 0; i <= MAX_MOVES_PER_SKU; i++)
    noteMove(windows, 'sku', { madeAt: now + i, delta: -1 }, now + i);

  expect(windows.sku.moves).toHaveLength(MAX_MOVES_PER_SKU);
  expect(windows.sku.heldFrom).toBe(now + 1);
  expect(movedSince(windows.sku, now)).toBeNull();
  expect(movedSince(windows.sku, now + 1)).toBe(-MAX_MOVES_PER_SKU);
});

test('moves made longer ago than the window when a newer one is received are let go', () => {
  noteMove(windows, 'sku', { madeAt: now - MOVE_WINDOW_MS - 1, delta: -3 }, now - 1000);
  noteMove(windows, 'sku', { madeAt: now - 5, delta: -1 }, now);

  expect(windows.sku).toEqual({
    heldFrom: now - MOVE_WINDOW_MS,
    moves: [{ madeAt: now - 5, delta: -1 }],
  });
  expect(movedSince(windows.sku, now - MOVE_WINDOW_MS)).toBe(-1);
  expect(movedSince(windows.sku, now - MOVE_WINDOW_MS - 1)).toBeNull();
});

test('after a count only the moves made after it are kept; with none, the SKU leaves the window', () => {
  noteMove(windows, 'sku', { madeAt: now - 20, delta: -2 }, now);
  noteMove(windows, 'sku', { madeAt: now - 10, delta: -1 }, now);

  keepMovesAfterCount(windows, 'sku', now - 10);
  expect(windows.sku).toEqual({ heldFrom: null, moves: [{ madeAt: now - 10, delta: -1 }] });

  keepMovesAfterCount(windows, 'sku', now);
  expect('sku' in windows).toBe(false);
});

test('a count older than what was let go keeps that knowledge, so a later count is not placed wrong', () => {
  for (let i = 0; i <= MAX_MOVES_PER_SKU; i++)
    noteMove(windows, 'sku', { madeAt: now + i, delta: -1 }, now + i);

  // Set outright (a manager's level, a count journaled before counts were placed) at `now`.
  keepMovesAfterCount(windows, 'sku', now);

  expect(windows.sku.heldFrom).toBe(now + 1);
  expect(movedSince(windows.sku, now)).toBeNull();
});
