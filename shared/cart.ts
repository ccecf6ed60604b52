// The cart and its pricing: member price, overrides, line and order discounts, rounding (抹零).
// Cart operations return new carts; priceCart turns a cart into order lines that add up exactly.
//
// The one rule for sharing out order-level amounts: the order discount, and then the rounding, are
// each split over the lines in proportion to what each line owes just before that step (its amount
// after its own discount; then that less its order-discount share), by allocateFen's largest
// remainder method. Shares are whole fen and add up to the amount exactly; a share never exceeds
// what its line owes (the order discount is capped at the sum owed, rounding down never goes below
// zero), so every line.total = amount - lineDiscount - orderDiscountShare + roundingShare >= 0.
import { z } from 'zod';
import type { Product, Sku } from './catalog';
import { discountSchema, type Discount } from './discount';
import { allocateFen, nonNegativeFenSchema, sumFen, type Fen } from './money';
import type { OrderLine } from './order';
import { divideHalfUp, roundTotal } from './rounding';
import type { StoreSettings } from './settings';

export const cartLineSchema = z.object({
  lineId: z.string().min(1).max(40),
  skuId: z.string().min(1).max(40),
  /** Pieces, or grams when sold by weight. */
  qty: z.number().int().positive(),
  /** A price set by hand for this line (needs a manager); null for the catalog price. */
  priceOverride: nonNegativeFenSchema.nullable(),
  discount: discountSchema.nullable(),
});
export type CartLine = z.infer<typeof cartLineSchema>;

export const cartSchema = z.object({
  lines: z.array(cartLineSchema),
  orderDiscount: discountSchema.nullable(),
  memberId: z.string().min(1).max(60).nullable(),
});
export type Cart = z.infer<typeof cartSchema>;

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
}

/** A cart or pricing mistake in words a cashier can act on; `skuId` names the SKU at fault. */
export class CartError extends Error {
  constructor(
    message: string,
    readonly skuId: string | null = null,
  ) {
    super(message);
    this.name = 'CartError';
  }
}

/** The most a line holds (pieces or grams), so a barcode scanned into the qty field is refused. */
export const maxLineQty = 999_999;

// ---- Cart operations: each returns a new cart and leaves its argument untouched. ----

export function emptyCart(): Cart {
  return { lines: [], orderDiscount: null, memberId: null };
}

export interface NewItem {
  skuId: string;
  /** Pieces, or grams when sold by weight. */
  qty: number;
  /** The new line's id; by default the next free "L<n>". Unused when the item merges into a line. */
  lineId?: string;
}

/** Adds an item; a plain line of the same SKU (no override, no discount) just grows by its qty. */
export function addItem(cart: Cart, item: NewItem): Cart {
  checkText(item.skuId, 'SKU id', 40);
  checkQty(item.qty);
  const plain = cart.lines.find(
    (line) => line.skuId === item.skuId && line.priceOverride === null && line.discount === null,
  );
  if (plain) return setQuantity(cart, plain.lineId, plain.qty + item.qty);
  const lineId = item.lineId ?? nextLineId(cart);
  checkText(lineId, 'line id', 40);
  if (cart.lines.some((line) => line.lineId === lineId))
    throw new CartError(`line id "${lineId}" is already in the cart`);
  const line: CartLine = {
    lineId,
    skuId: item.skuId,
    qty: item.qty,
    priceOverride: null,
    discount: null,
  };
  return { ...cart, lines: [...cart.lines, line] };
}

/** Sets a line's quantity; 0 removes the line. */
export function setQuantity(cart: Cart, lineId: string, qty: number): Cart {
  if (qty === 0) return removeLine(cart, lineId);
  checkQty(qty);
  return updateLine(cart, lineId, (line) => ({ ...line, qty }));
}

export function removeLine(cart: Cart, lineId: string): Cart {
  findLine(cart, lineId);
  return { ...cart, lines: cart.lines.filter((line) => line.lineId !== lineId) };
}

/** Sets or (with null) clears a line's discount. */
export function setLineDiscount(cart: Cart, lineId: string, discount: Discount | null): Cart {
  if (discount) checkDiscount(discount);
  return updateLine(cart, lineId, (line) => ({ ...line, discount }));
}

/** Sets a hand-typed unit price (per piece or per kg), or with null goes back to the catalog price. */
export function setPriceOverride(cart: Cart, lineId: string, unitPrice: Fen | null): Cart {
  if (unitPrice !== null) checkFen(unitPrice, 'the overridden price');
  return updateLine(cart, lineId, (line) => ({ ...line, priceOverride: unitPrice }));
}

export function setOrderDiscount(cart: Cart, discount: Discount | null): Cart {
  if (discount) checkDiscount(discount);
  return { ...cart, orderDiscount: discount };
}

export function attachMember(cart: Cart, memberId: string): Cart {
  checkText(memberId, 'member id', 60);
  return { ...cart, memberId };
}

export function detachMember(cart: Cart): Cart {
  return { ...cart, memberId: null };
}

/** "L" and one more than the highest "L<n>" in the cart, so ids never repeat within it. */
function nextLineId(cart: Cart): string {
  let highest = 0;
  for (const { lineId } of cart.lines) {
    const match = /^L(\d{1,9})$/.exec(lineId);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `L${highest + 1}`;
}

function findLine(cart: Cart, lineId: string): CartLine {
  const line = cart.lines.find((candidate) => candidate.lineId === lineId);
  if (!line) throw new CartError(`there is no line "${lineId}" in the cart`);
  return line;
}

function updateLine(cart: Cart, lineId: string, change: (line: CartLine) => CartLine): Cart {
  findLine(cart, lineId);
  return {
    ...cart,
    lines: cart.lines.map((line) => (line.lineId === lineId ? change(line) : line)),
  };
}

function checkText(value: string, what: string, maxLength: number): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength)
    throw new CartError(`${what} must be 1-${maxLength} characters, got "${value}"`);
}

function checkQty(qty: number): void {
  if (!Number.isInteger(qty) || qty <= 0 || qty > maxLineQty)
    throw new CartError(`quantity must be a whole number from 1 to ${maxLineQty}, got ${qty}`);
}

function checkFen(fen: number, what: string): void {
  if (!Number.isSafeInteger(fen) || fen < 0)
    throw new CartError(`${what} must be a whole number of fen >= 0, got ${fen}`);
}

function checkDiscount(discount: Discount): void {
  if (discount.kind === 'amount') return checkFen(discount.fen, 'a discount');
  const { basisPoints } = discount;
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > 10000)
    throw new CartError(`a percent discount must be 0-10000 basis points, got ${basisPoints}`);
}

// ---- Pricing ----

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
  settings: Pick<StoreSettings, 'rounding' | 'discountApprovalBasisPoints'>;
}

/** The SKU a line sells, or an error that names it: not in the catalog, or its product inactive. */
export function lookupSellable(catalog: CatalogIndex, skuId: string): CatalogEntry {
  const entry = catalog.get(skuId);
  if (!entry)
    throw new CartError(`SKU "${skuId}" is not in the catalog: remove its line or sync`, skuId);
  if (!entry.product.active)
    throw new CartError(
      `SKU "${skuId}" (${entry.product.name}) is no longer sold: its product is inactive`,
      skuId,
    );
  return entry;
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

  return {
    lines,
    subtotal,
    lineDiscountTotal,
    orderDiscount,
    rounding: adjustment,
    total: rounded,
    approvalsNeeded,
  };
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
  const memberPrice = memberAttached ? sku.memberPrice : null;
  const memberPriceApplied = override === null && memberPrice !== null && memberPrice < sku.price;
  const unitPrice = override ?? (memberPriceApplied ? memberPrice : sku.price);
  const gross = unitPrice * line.qty;
  if (!Number.isSafeInteger(gross))
    throw new CartError(`line "${line.lineId}" (SKU "${sku.id}") costs too much to add up`, sku.id);
  // By weight, qty is grams and the price is per kg.
  const amount = product.soldBy === 'weight' ? divideHalfUp(gross, 1000) : gross;
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
