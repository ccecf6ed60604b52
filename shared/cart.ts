// The cart and its pricing: member price, overrides, line and order discounts, rounding (抹零).
// TODO(helper): priceCart and the cart operations.
import { z } from 'zod';
import { discountSchema } from './discount';
import { nonNegativeFenSchema, type Fen } from './money';
import type { OrderLine } from './order';

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
