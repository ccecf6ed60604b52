// The catalog: categories, products and their SKUs (variants), barcodes, prices and stock rules.
import { z } from 'zod';
import type { Fen } from './money';
import { nonNegativeFenSchema } from './money-schema';

export const categorySchema = z.object({
  id: z.string().min(1).max(40),
  name: z.string().min(1).max(40),
  sort: z.number().int(),
});
export type Category = z.infer<typeof categorySchema>;

/** Pinyin initials, lower case, as a cashier types them to search ("拿铁" -> "nt"). */
const initialsSchema = z
  .string()
  .max(60)
  .regex(/^[a-z0-9]*$/, 'must be lower-case letters and digits');

/** One sellable variant of a product (a size, a flavour), with its own price, barcodes and stock. */
export const skuSchema = z.object({
  id: z.string().min(1).max(40),
  /** The variant's label ("大杯"); empty when the product has a single variant. */
  label: z.string().max(20),
  /**
   * The label's initials ("大杯" -> "db"), made by the server as the product's are. None for an
   * empty label; optional because SKUs saved before the server made them have none.
   */
  initials: initialsSchema.optional(),
  /** EAN-13, EAN-8, UPC-A (check digit valid) or store-internal codes. */
  barcodes: z.array(z.string().min(1).max(32)),
  /** Per piece, or per kilogram when the product is sold by weight. */
  price: nonNegativeFenSchema,
  /** Price for members, if lower; null when there is none. */
  memberPrice: nonNegativeFenSchema.nullable(),
});
export type Sku = z.infer<typeof skuSchema>;

/**
 * A SKU's member price when it is one: below its price. One at or above it (the price lowered
 * under it) is never charged, so never shown; the catalog input refuses saving one.
 */
export function memberPriceOf(sku: Pick<Sku, 'price' | 'memberPrice'>): Fen | null {
  return sku.memberPrice !== null && sku.memberPrice < sku.price ? sku.memberPrice : null;
}

export const productSchema = z.object({
  id: z.string().min(1).max(40),
  name: z.string().min(1).max(60),
  categoryId: z.string().min(1).max(40),
  /** Pinyin initials of the name, lower case ("拿铁" -> "nt"); made by the server when the name is saved. */
  initials: initialsSchema,
  skus: z.array(skuSchema).min(1, 'a product needs at least one SKU'),
  active: z.boolean(),
  stockTracked: z.boolean(),
  /** By the piece (quantity = pieces) or by weight (quantity = grams, price per kg). */
  soldBy: z.enum(['piece', 'weight']),
});
export type Product = z.infer<typeof productSchema>;

/** Stock level of one SKU: pieces, or grams for products sold by weight. May go negative (oversold). */
export const stockLevelSchema = z.object({
  skuId: z.string().min(1).max(40),
  level: z.number().int(),
});
export type StockLevel = z.infer<typeof stockLevelSchema>;
