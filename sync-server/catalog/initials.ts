// Pinyin initials of a product name, so a cashier finds 拿铁 by typing "nt".
// Made on the server when a name is saved and synced with the product (pinyin-pro stays off the devices).
import { pinyin } from 'pinyin-pro';
import { productSchema } from '@pos/shared';

const MAX_INITIALS = productSchema.shape.initials.maxLength ?? 60;

/**
 * Lower-case initials of the Chinese characters, with ASCII letters and digits kept as they are:
 * '拿铁' -> 'nt', '可口可乐 330ml' -> 'kkkl330ml'. Anything else (spaces, punctuation) is dropped.
 */
export function pinyinInitials(name: string): string {
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
