// What a manager may send as a category or a product, stricter than what the store keeps: the stored
// schemas also read old journals and checkpoints, which must load as they were written.
import { z } from 'zod';
import {
  barcodeKey,
  barcodeKeys,
  categorySchema,
  checkBarcode,
  formatFen,
  memberPriceOf,
  productSchema,
  skuSchema,
  type Category,
  type Product,
} from '@pos/shared';
import { HttpError } from '../http/errors';

/** A shop's size-by-colour grid fits; more is a mistake or an attack on every device's storage. */
export const MAX_SKUS_PER_PRODUCT = 50;

/** A till scans one of a SKU's codes; more than a carton's few is a mistake that fills storage. */
export const MAX_BARCODES_PER_SKU = 20;

/**
 * A till stores a product in one record of at most 384 KB (its storage keys' limit): a product
 * larger than that never reaches it. The limit here leaves room for the initials the server adds.
 */
export const MAX_PRODUCT_BYTES = 256 * 1024;

/** Why a product is too large for the tills, naming the limit; null when it fits. */
export function productBytesProblem(product: unknown): string | null {
  const bytes = Buffer.byteLength(JSON.stringify(product));
  if (bytes <= MAX_PRODUCT_BYTES) return null;
  return `the product is ${Math.ceil(bytes / 1024)} KB as JSON, more than the ${MAX_PRODUCT_BYTES / 1024} KB a till stores for one product`;
}

/** Category ids travel in URLs, CSV exports and the devices' storage keys: letters, digits, _ and -. */
export const categoryIdInputSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, _ or -');

export const categoryInputSchema = categorySchema.extend({ id: categoryIdInputSchema });

/** The stored SKU's barcodes are not capped: products saved before the cap must still load. */
const skuInputSchema = skuSchema.extend({
  barcodes: skuSchema.shape.barcodes.max(
    MAX_BARCODES_PER_SKU,
    `a SKU has at most ${MAX_BARCODES_PER_SKU} barcodes`,
  ),
});

/**
 * Managers send a product without initials: the server makes them from the name, and a SKU's from
 * its label (a SKU's own, when sent, pass skuSchema's rules, as the product's do productSchema's).
 * The caps keep a product well within what a till can store (MAX_PRODUCT_BYTES checks the whole).
 */
export const productInputSchema = productSchema
  .omit({ initials: true })
  .extend({
    initials: productSchema.shape.initials.optional(),
    skus: z
      .array(skuInputSchema)
      .min(1, 'a product needs at least one SKU')
      .max(MAX_SKUS_PER_PRODUCT, `a product has at most ${MAX_SKUS_PER_PRODUCT} SKUs`),
  })
  .superRefine((product, context) => {
    const problem = productBytesProblem(product);
    if (problem) context.addIssue({ code: 'custom', message: problem });
    // A member price is a discount: one at or above the list price charges members more. Stored
    // SKUs are not checked, so a product saved before still loads, and is fixed at its next save.
    // Amounts the fen schema refused (1e21) are named there already, and cannot be formatted.
    product.skus.forEach(({ id, price, memberPrice }, index) => {
      if (
        memberPrice === null ||
        !Number.isSafeInteger(price) ||
        !Number.isSafeInteger(memberPrice)
      )
        return;
      if (memberPriceOf({ price, memberPrice }) === null)
        context.addIssue({
          code: 'custom',
          path: ['skus', index, 'memberPrice'],
          message: `SKU ${id}: the member price ${formatFen(memberPrice)} must be below the price ${formatFen(price)}`,
        });
    });
  });

/**
 * A product's category must exist. An id outside the pattern is named as such; one a category
 * saved before the pattern already has is let through, so its products can still be edited.
 */
export function checkCategoryId(categories: Record<string, Category>, id: string): void {
  if (categories[id]) return;
  const parsed = categoryIdInputSchema.safeParse(id);
  if (!parsed.success)
    throw new HttpError(400, 'invalid_request', `categoryId: ${parsed.error.issues[0].message}`);
  throw new HttpError(400, 'invalid_request', `categoryId: no category ${id}`);
}

/**
 * Barcodes must be valid and each may belong to one SKU only, compared by barcodeKeys as the till
 * looks them up (letter case aside; a UPC-A and its 0-prefixed EAN-13 are one code, and so are a
 * UPC-E and its UPC-A even where its digits are a valid EAN-8 too); SKU ids are
 * unique store-wide (within the product too). Only codes new to the product are checked: one it
 * already held may be shared from before these rules, and refusing it would refuse every save of
 * the product (even stopping its sale) for a code the manager cannot see to fix.
 */
export function checkSkus(
  products: Record<string, Product>,
  productId: string,
  skus: ReadonlyArray<{ id: string; barcodes: string[] }>,
): void {
  const owners = new Map<string, { skuId: string; barcode: string }>();
  const skuOwners = new Map<string, string>();
  for (const product of Object.values(products)) {
    if (product.id === productId) continue;
    for (const sku of product.skus) {
      skuOwners.set(sku.id, product.id);
      for (const barcode of sku.barcodes)
        for (const key of barcodeKeys(barcode)) owners.set(key, { skuId: sku.id, barcode });
    }
  }
  // How often the product held each code: a held code put on one more of its SKUs is new.
  const held = new Map<string, number>();
  for (const sku of products[productId]?.skus ?? [])
    for (const barcode of sku.barcodes)
      held.set(barcodeKey(barcode), (held.get(barcodeKey(barcode)) ?? 0) + 1);
  const ids = new Set<string>();
  for (const sku of skus) {
    // Stock, carts and orders find a SKU by its id: two of one product under one id is one too many.
    if (ids.has(sku.id))
      throw new HttpError(400, 'invalid_request', `skus: SKU id ${sku.id} is given twice`);
    ids.add(sku.id);
    if (skuOwners.has(sku.id))
      throw new HttpError(
        409,
        'conflict',
        `SKU id ${sku.id} belongs to product ${skuOwners.get(sku.id)}`,
      );
    for (const barcode of sku.barcodes) {
      const check = checkBarcode(barcode);
      if (!check.ok) throw new HttpError(400, 'invalid_request', `skus.${sku.id}: ${check.error}`);
      const key = barcodeKey(barcode);
      const keys = barcodeKeys(barcode);
      const owner = keys.map((each) => owners.get(each)).find((found) => found !== undefined);
      const wasHeld = (held.get(key) ?? 0) > 0;
      if (wasHeld) held.set(key, held.get(key)! - 1);
      if (owner && !wasHeld) {
        const as = owner.barcode === barcode ? '' : ` (as ${owner.barcode}, the same code)`;
        throw new HttpError(
          409,
          'conflict',
          `barcode ${barcode} is already on SKU ${owner.skuId}${as}`,
        );
      }
      for (const each of keys) owners.set(each, { skuId: sku.id, barcode });
    }
  }
}
