// Labels saved before the server made SKU initials get them once, at start: each such product is
// saved again as a journaled catalog change, so every device receives it by sync like a manager's edit.
import type { Store } from '../store/store';
import { withLabelInitials } from './initials';

/** Saves each product with a labelled SKU that lacks initials; how many were saved. */
export async function fillSkuInitials(store: Store): Promise<number> {
  let saved = 0;
  for (const product of Object.values(store.state.products)) {
    const skus = product.skus.map(withLabelInitials);
    if (skus.every((sku, i) => sku === product.skus[i])) continue;
    await store.commit({ kind: 'product.saved', product: { ...product, skus } });
    saved++;
  }
  return saved;
}
