// Pinyin initials of a product name and of its SKUs' labels, so a cashier finds 拿铁 大杯 by typing
// "ntdb". Made on the server when a product is saved, synced with it (pinyin-pro stays off devices).
import { pinyin } from 'pinyin-pro';
import { productSchema } from '@pos/shared';
import { registerGroceryReadings } from './grocery-readings';

const MAX_INITIALS = productSchema.shape.initials.maxLength ?? 60;

/**
 * Lower-case initials of the Chinese characters, with ASCII letters and digits kept as they are:
 * '拿铁' -> 'nt', '可口可乐 330ml' -> 'kkkl330ml'. Anything else (spaces, punctuation) is dropped.
 */
export function pinyinInitials(name: string): string {
  registerGroceryReadings();
  // Compatibility forms first: full-width "ＡＤ钙奶１" becomes "AD钙奶1" and "Café" becomes "Cafe",
  // which is what a keyboard types.
  const normalized = name.normalize('NFKD').replace(/\p{M}/gu, '');
  const parts = pinyin(normalized, {
    pattern: 'first',
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
  });
  return parts
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, MAX_INITIALS);
}

/**
 * The SKU with its label's initials: those it was given are kept (as a product's are), an empty
 * label gets none (nothing to type after the product's). The same object when nothing is added.
 */
export function withLabelInitials<T extends { label: string; initials?: string }>(sku: T): T {
  if (sku.initials !== undefined || sku.label === '') return sku;
  return { ...sku, initials: pinyinInitials(sku.label) };
}
