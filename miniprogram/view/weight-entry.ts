// Goods sold by weight (fruit by the kg): the cashier types the grams the scale shows before the
// line goes in the cart (a tap alone would sell one gram), and weights are shown with a unit. Pure.
import { maxLineQty } from '@pos/shared';
import { text } from '../i18n/index';

/** Whole grams from what the cashier typed ("500", " 1250 "); null when it is not a weight. */
export function parseGrams(input: string): number | null {
  const typed = input.trim();
  if (!/^\d+$/.test(typed)) return null;
  const grams = Number(typed);
  return grams > 0 && grams <= maxLineQty ? grams : null;
}

/**
 * A weight held in grams as the cashier reads it: grams below a kilogram ("500 克"), kilograms
 * from one up ("1.5 kg", "12.345 kg"): a bare 1500 reads as pieces.
 */
export function weightText(grams: number): string {
  if (Math.abs(grams) < 1000) return text.register.grams(grams);
  return text.register.kilograms(String(Number((grams / 1000).toFixed(3))));
}
