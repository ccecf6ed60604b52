// Pricing a cart: member price, overrides, line and order discounts, rounding (抹零), into order
// lines that add up to the total exactly.
//
// The one rule for sharing out order-level amounts: the order discount, and then the rounding, are
// each split over the lines in proportion to what each line owes just before that step (its amount
// after its own discount; then that less its order-discount share), by allocateFen's largest
// remainder method. Shares are whole fen and add up to the amount exactly; a share never exceeds
// what its line owes (the order discount is capped at the sum owed, rounding down never goes below
// zero), so every line.total = amount - lineDiscount - orderDiscountShare + roundingShare >= 0.
import type { Cart, CartLine } from './cart';
import { CartError, checkDiscount, checkFen, checkQty } from './cart';
import { memberPriceOf, type Product, type Sku } from './catalog';
import type { Discount } from './discount';
import { allocateFen, sumFen, type Fen } from './money';
import { amountAt, type OrderLine } from './order';
import { divideHalfUp, roundTotal } from './rounding';
import {
  applyPointsDiscount,
  maxRedeemablePoints,
  pointsPerYuanOff,
  type PointsRedemption,
} from './points';
import type { StoreSettings } from './settings';

/** A cart priced: lines in the order's shape, whose totals add up to `total` exactly. */
export interface PricedCart {
  lines: OrderLine[];
  subtotal: Fen;
  lineDiscountTotal: Fen;
  orderDiscount: Fen;
  /** Signed: negative when rounded down. */
  rounding: Fen;
  total: Fen;
  /** What a manager must approve before the sale can be paid. */
  approvalsNeeded: Array<'price_override' | 'discount'>;
  /** Member points spent, when the cart redeems some: their discount is in orderDiscount. */
  pointsRedeemed?: PointsRedemption;
}

/** A SKU with the product it belongs to. */
export interface CatalogEntry {
  product: Product;
  sku: Sku;
}

/** Every SKU of the catalog by id (inactive products too, so pricing can say why one is refused). */
export type CatalogIndex = ReadonlyMap<string, CatalogEntry>;

/** Indexes the catalog for pricing; build it once per catalog version, not per recompute. */
export function indexCatalog(products: readonly Product[]): CatalogIndex {
  const index = new Map<string, CatalogEntry>();
  for (const product of products) {
    for (const sku of product.skus) {
      const clash = index.get(sku.id);
      if (clash)
        throw new CartError(
          'sku_id_clash',
          `SKU id "${sku.id}" is in both "${clash.product.name}" and "${product.name}"`,
          sku.id,
        );
      index.set(sku.id, { product, sku });
    }
  }
  return index;
}

export interface PricingContext {
  catalog: CatalogIndex;
  settings: Pick<StoreSettings, 'rounding' | 'discountApprovalBasisPoints' | 'pointsRedeemPerYuan'>;
}

/** The SKU a line sells, or an error that names it: not in the catalog, or its product inactive. */
export function lookupSellable(catalog: CatalogIndex, skuId: string): CatalogEntry {
  const entry = catalog.get(skuId);
  if (!entry)
    throw new CartError(
      'sku_not_in_catalog',
      `SKU "${skuId}" is not in the catalog: remove its line or sync`,
      skuId,
    );
  if (!entry.product.active)
    throw new CartError(
      'sku_inactive',
      `SKU "${skuId}" (${entry.product.name}) is no longer sold: its product is inactive`,
      skuId,
    );
  return entry;
}

/** A cart line the catalog no longer sells: its product made inactive, or its SKU taken out. */
export interface UnsellableLine {
  lineId: string;
  skuId: string;
  /** Where the line is in the cart, so it is shown in its place. */
  position: number;
  /** The product's name when the catalog still has it; null for a SKU it no longer lists. */
  name: string | null;
  qty: number;
  reason: 'inactive' | 'unknown_sku';
}

/**
 * The lines of an open cart that the catalog, as synced since they were added, no longer sells.
 * They stay in the cart for the cashier to see and take out: the sale cannot be paid with them.
 */
export function unsellableLines(cart: Cart, catalog: CatalogIndex): UnsellableLine[] {
  return cart.lines.flatMap((line, position) => {
    const entry = catalog.get(line.skuId);
    if (entry?.product.active) return [];
    const { lineId, skuId, qty } = line;
    const name = entry ? lineName(entry.product, entry.sku) : null;
    return [{ lineId, skuId, position, name, qty, reason: entry ? 'inactive' : 'unknown_sku' }];
  });
}

/**
 * Prices a cart: member price when a member is attached (and it is lower), a price override over
 * both, weight lines per kg, line discounts, the order discount and 抹零, shared out as the rule at
 * the top of this file says. Throws CartError naming the SKU of a line it cannot price.
 */
export function priceCart(cart: Cart, context: PricingContext): PricedCart {
  const memberAttached = cart.memberId !== null;
  // Each line's total starts as what it owes after its own discount; the shares then adjust it.
  // The lines are made here, so filling them in place touches nothing the caller owns (copying
  // them with object spreads made a 100-line recompute 20 times slower).
  const lines = cart.lines.map((line) =>
    priceLine(line, lookupSellable(context.catalog, line.skuId), memberAttached),
  );
  const subtotal = sumFen(lines.map((line) => line.amount));
  const lineDiscountTotal = sumFen(lines.map((line) => line.lineDiscount));
  const orderDiscount = discountOff(cart.orderDiscount, subtotal - lineDiscountTotal);
  const orderShares = shareOut(orderDiscount, lines);
  lines.forEach((line, i) => {
    line.orderDiscountShare = orderShares[i];
    line.total -= orderShares[i];
  });
  const { rounded, adjustment } = roundTotal(
    subtotal - lineDiscountTotal - orderDiscount,
    context.settings.rounding,
  );
  const roundingShares = shareOut(adjustment, lines);
  lines.forEach((line, i) => {
    line.roundingShare = roundingShares[i];
    line.total += roundingShares[i];
  });

  const approvalsNeeded: PricedCart['approvalsNeeded'] = [];
  if (lines.some((line) => line.priceOverridden)) approvalsNeeded.push('price_override');
  // discounts / subtotal > basisPoints / 10000, compared in whole numbers.
  const discounts = lineDiscountTotal + orderDiscount;
  if (discounts * 10000 > subtotal * context.settings.discountApprovalBasisPoints)
    approvalsNeeded.push('discount');

  const priced: PricedCart = {
    lines,
    subtotal,
    lineDiscountTotal,
    orderDiscount,
    rounding: adjustment,
    total: rounded,
    approvalsNeeded,
  };
  return cart.pointsToRedeem && cart.memberId !== null
    ? redeemPoints(priced, cart.pointsToRedeem, pointsPerYuanOff(context.settings))
    : priced;
}

/**
 * The points discount last, after rounding and outside the manager's approval: as many of the
 * points asked for as buy whole yuan of what is left to pay (fewer when lines were removed).
 */
function redeemPoints(priced: PricedCart, asked: number, perYuanOff: number): PricedCart {
  const points = maxRedeemablePoints(asked, priced.total, perYuanOff);
  if (points === 0) return priced;
  return applyPointsDiscount(priced, { points, discount: (points / perYuanOff) * 100 });
}

/** What a line shows on the receipt: "拿铁 大杯", within the order line's 80 characters. */
export function lineName(product: Product, sku: Sku): string {
  return (sku.label ? `${product.name} ${sku.label}` : product.name).slice(0, 80);
}

/** A line at its price, less its own discount, with no order discount or rounding share yet. */
function priceLine(line: CartLine, entry: CatalogEntry, memberAttached: boolean): OrderLine {
  const { product, sku } = entry;
  checkQty(line.qty);
  const override = line.priceOverride;
  if (override !== null) checkFen(override, 'the overridden price');
  const memberPrice = memberAttached ? memberPriceOf(sku) : null;
  const memberPriceApplied = override === null && memberPrice !== null;
  const unitPrice = override ?? (memberPriceApplied ? memberPrice : sku.price);
  const gross = unitPrice * line.qty;
  if (!Number.isSafeInteger(gross))
    throw new CartError(
      'line_too_costly',
      `line "${line.lineId}" (SKU "${sku.id}") costs too much to add up`,
      sku.id,
    );
  const amount = amountAt({ soldBy: product.soldBy, qty: line.qty }, unitPrice);
  const lineDiscount = discountOff(line.discount, amount);
  return {
    lineId: line.lineId,
    skuId: sku.id,
    productId: product.id,
    categoryId: product.categoryId,
    name: lineName(product, sku),
    soldBy: product.soldBy,
    qty: line.qty,
    listUnitPrice: sku.price,
    unitPrice,
    memberPriceApplied,
    priceOverridden: override !== null,
    amount,
    lineDiscount,
    orderDiscountShare: 0,
    roundingShare: 0,
    total: amount - lineDiscount,
  };
}

/** What a discount takes off `base`: a percent rounded half-up, or an amount capped at `base`. */
function discountOff(discount: Discount | null, base: Fen): Fen {
  if (!discount) return 0;
  checkDiscount(discount);
  return discount.kind === 'percent'
    ? divideHalfUp(base * discount.basisPoints, 10000)
    : Math.min(discount.fen, base);
}

/** Splits `amount` over the lines in proportion to their totals so far: the rule at the top. */
function shareOut(amount: Fen, lines: readonly OrderLine[]): Fen[] {
  const owed = lines.map((line) => line.total);
  // "+ 0" turns the -0 that allocateFen gives a zero share of a negative amount into 0.
  return allocateFen(amount, owed).map((share) => share + 0);
}
