// Goods sold by weight (fruit by the kg): the cashier types the grams the scale shows before the
// line goes in the cart; a tap alone would sell one gram. Pure.
import { maxLineQty } from '@pos/shared';

/** Whole grams from what the cashier typed ("500", " 1250 "); null when it is not a weight. */
export function parseGrams(input: string): number | null {
  const typed = input.trim();
  if (!/^\d+$/.test(typed)) return null;
  const grams = Number(typed);
  return grams > 0 && grams <= maxLineQty ? grams : null;
}
