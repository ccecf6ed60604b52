// What the cart may take: a new sale needs room in storage and a device clock not set back before
// this till's last change (the sale could not be recorded otherwise); a kiosk customer's order
// stays within what the shelf has of stock-tracked goods.
import { ruleError, selfServiceMayOrder, type Checked } from '@pos/shared';
import type { Ledger } from '../core/ledger';
import type { CatalogStore } from './catalog-store';
import type { SessionStore } from './session-store';

/** The first item of a sale: refused at a nearly full storage, or with the clock set back. */
export function checkSaleStart(ledger: Ledger): Checked<null> {
  ledger.refreshUsage();
  const usage = ledger.storageUsage();
  if (usage.level === 'full') return ruleError('storage_full', usage.message!);
  return ledger.tillClock.check();
}

/**
 * `wanted` of a SKU in the cart: a kiosk customer's order stays within what the shelf has of
 * stock-tracked goods (the core's selfServiceMayOrder); staff, and untracked goods or ones with no
 * level, are not held to it.
 */
export function checkShelf(
  catalog: CatalogStore,
  session: SessionStore | undefined,
  skuId: string,
  wanted: number,
): Checked<null> {
  if (session?.seller?.source !== 'kiosk') return { ok: true, value: null };
  const product = catalog.catalogIndex.get(skuId)?.product;
  const level = catalog.stockOf(skuId);
  if (!product?.stockTracked || level === null || selfServiceMayOrder(level, wanted))
    return { ok: true, value: null };
  return level <= 0
    ? ruleError('sold_out', `${product.name} is sold out`)
    : ruleError('stock_short', `only ${level} of ${product.name} left`);
}
