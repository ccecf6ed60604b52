// A product's quantity as a manager reads it: pieces, or kilograms of goods sold by weight (the
// reports keep grams), so a best-seller list or the Z-report never sets grams against pieces.
import type { OrderLine } from '../shared/order';
import { zh } from './i18n/zh';

/** 20 件, or 0.52 kg for goods sold by weight (to the gram, without trailing zeros). */
export function soldQuantity({ soldBy, qty }: Pick<OrderLine, 'soldBy' | 'qty'>): string {
  return soldBy === 'weight'
    ? zh.today.kilograms(String(Number((qty / 1000).toFixed(3))))
    : zh.today.pieces(qty);
}
