// A stock count names a SKU of the catalog. The fold keeps a level for any id it is given, and every
// level kept goes to every till in its snapshot, forever (nothing deletes one): a count of a made-up
// id would grow the store's state and every till's storage with nothing to sell.
import type { Operation } from './operation';
import { ruleError, type Checked } from './tenders';

/**
 * Refused ('sku_unknown') when a stock count names a SKU the catalog does not have (`skuKnown`).
 * A delivery of one (stock.received) is not: it moves only a tracked SKU's level and keeps nothing.
 */
export function checkCountedSku(
  op: Operation,
  skuKnown: (skuId: string) => boolean,
): Checked<null> {
  if (op.type !== 'stock.counted' || skuKnown(op.payload.skuId)) return { ok: true, value: null };
  return ruleError(
    'sku_unknown',
    `stock count of SKU ${op.payload.skuId}: the catalog has no such SKU (made up, or removed from its product); nothing was counted`,
  );
}
