// The cart: what a customer is buying, as plain data, and the operations that change it.
// Each operation returns a new cart; pricing.ts turns a cart into priced order lines.
import { z } from 'zod';
import { discountSchema, type Discount } from './discount';
import { maxLineQty } from './line-quantity';
import type { Fen } from './money';
import { nonNegativeFenSchema } from './money-schema';

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
  /** The attached member's points to spend on this sale (points.ts); only with a member. */
  pointsToRedeem: z.number().int().positive().optional(),
});
export type Cart = z.infer<typeof cartSchema>;

/**
 * What a cart or pricing mistake is, for the UI to word in its language (the message is for logs
 * and tests): the cashier's typing (quantity, price, discount, points) or a catalog at fault.
 */
export type CartProblem =
  | 'quantity_invalid'
  | 'price_invalid'
  | 'discount_invalid'
  | 'points_over_total'
  | 'line_too_costly'
  | 'sku_not_in_catalog'
  | 'sku_inactive'
  | 'sku_id_clash'
  | 'cart_changed';

/** A cart or pricing mistake in words a cashier can act on; `skuId` names the SKU at fault. */
export class CartError extends Error {
  constructor(
    readonly code: CartProblem,
    message: string,
    readonly skuId: string | null = null,
  ) {
    super(message);
    this.name = 'CartError';
  }
}

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
    throw new CartError('cart_changed', `line id "${lineId}" is already in the cart`);
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
  if (cart.memberId === memberId) return cart;
  // Points to redeem were the other member's.
  const { pointsToRedeem: _points, ...rest } = cart;
  return { ...rest, memberId };
}

export function detachMember(cart: Cart): Cart {
  const { pointsToRedeem: _points, ...rest } = cart;
  return { ...rest, memberId: null };
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
  if (!line) throw new CartError('cart_changed', `there is no line "${lineId}" in the cart`);
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
    throw new CartError(
      'cart_changed',
      `${what} must be 1-${maxLength} characters, got "${value}"`,
    );
}

export function checkQty(qty: number): void {
  if (!Number.isInteger(qty) || qty <= 0 || qty > maxLineQty)
    throw new CartError(
      'quantity_invalid',
      `quantity must be a whole number from 1 to ${maxLineQty}, got ${qty}`,
    );
}

export function checkFen(fen: number, what: string, code: CartProblem = 'price_invalid'): void {
  if (!Number.isSafeInteger(fen) || fen < 0)
    throw new CartError(code, `${what} must be a whole number of fen >= 0, got ${fen}`);
}

export function checkDiscount(discount: Discount): void {
  if (discount.kind === 'amount') return checkFen(discount.fen, 'a discount', 'discount_invalid');
  const { basisPoints } = discount;
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > 10000)
    throw new CartError(
      'discount_invalid',
      `a percent discount must be 0-10000 basis points, got ${basisPoints}`,
    );
}
