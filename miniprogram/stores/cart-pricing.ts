// The cart priced by the core against this till's catalog and settings: for the sale (refused while
// a line is no longer sold), for the panel (without such lines), and before its points, which a
// redemption is checked against. The core's cart rules throw CartError; here it is a refusal.
import {
  CartError,
  checkRedemption,
  pointsPerYuanOff,
  priceCart,
  ruleError,
  type Cart,
  type Checked,
  type PointsRedemption,
  type PricedCart,
  type PricingContext,
  type UnsellableLine,
} from '@pos/shared';

/** What pricing reads of the catalog store. */
export interface PricingSource {
  catalogIndex: PricingContext['catalog'];
  settings: PricingContext['settings'];
}

export function pricingContextOf(source: PricingSource): PricingContext {
  return { catalog: source.catalogIndex, settings: source.settings };
}

/** What a core cart rule makes, or its CartError as a refusal (any other error is a bug). */
export function cartChecked<T>(make: () => T): Checked<T> {
  try {
    return { ok: true, value: make() };
  } catch (error) {
    if (error instanceof CartError) return ruleError(error.code, error.message);
    throw error;
  }
}

export function priceOf(cart: Cart, source: PricingSource): Checked<PricedCart> {
  return cartChecked(() => priceCart(cart, pricingContextOf(source)));
}

/** The whole cart priced for the sale, or why it cannot be paid (a line no longer sold first). */
export function salePricing(
  cart: Cart,
  unsellable: readonly UnsellableLine[],
  source: PricingSource,
): Checked<PricedCart> {
  if (unsellable.length > 0) {
    const names = unsellable.map((line) => line.name ?? line.skuId).join(', ');
    return ruleError('unsellable', `no longer sold: ${names}; remove them from the cart`);
  }
  return priceOf(cart, source);
}

/**
 * The cart as the panel shows it: priced without the lines no longer sold (listed apart), so the
 * rest stays visible and priced while they wait to be taken out.
 */
export function panelPricing(
  cart: Cart,
  unsellable: readonly UnsellableLine[],
  source: PricingSource,
): PricedCart | null {
  const stopped = new Set(unsellable.map((line) => line.lineId));
  const sellable =
    stopped.size === 0
      ? cart
      : { ...cart, lines: cart.lines.filter((line) => !stopped.has(line.lineId)) };
  const pricing = priceOf(sellable, source);
  return pricing.ok ? pricing.value : null;
}

/**
 * `points` of a member who has `available` spent on this cart, in whole yuan (the store's rate):
 * no more than they have or the sale costs before any points.
 */
export function checkPointsToRedeem(
  cart: Cart,
  points: number,
  available: number,
  source: PricingSource,
): Checked<PointsRedemption> {
  const { pointsToRedeem: _points, ...withoutPoints } = cart;
  const due = cartChecked(() => priceCart(withoutPoints, pricingContextOf(source)).total);
  if (!due.ok) return due;
  return checkRedemption(points, available, due.value, pointsPerYuanOff(source.settings));
}
