// A stock count as a manager types it: pieces, or kilograms of goods sold by weight (the store keeps
// grams). A weighed product's box once showed raw grams under 库存, so 8 typed for 8 kg set 8 g.
import type { Product } from '../shared/catalog';
import { zh } from './i18n/zh';

const t = zh.catalog;

/** What the box shows for a level: 12 pieces, or 11.000 (kg) for 11000 g. */
export function stockBoxValue(level: number | undefined, soldBy: Product['soldBy']): string {
  if (level === undefined) return '';
  return soldBy === 'weight' ? (level / 1000).toFixed(3) : String(level);
}

/**
 * The level a typed count sets, in pieces or grams; a mistake says so in Chinese. Kilograms are
 * taken to the gram and no finer, rather than rounded without a word.
 */
export function stockCountOf(typed: string, soldBy: Product['soldBy']): number {
  const text = typed.trim();
  if (soldBy === 'weight') {
    if (!/^-?\d+(\.\d{1,3})?$/.test(text)) throw new Error(t.countNotKilograms);
    return Math.round(Number(text) * 1000);
  }
  if (!/^-?\d+$/.test(text)) throw new Error(t.countNotWhole);
  return Number(text);
}
