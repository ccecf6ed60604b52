// The catalog and stock: read by devices and staff, written by managers. A write goes out to
// every device over sync like any other change.
import { Router } from 'express';
import { z } from 'zod';
import { categorySchema, checkBarcode, productSchema } from '@pos/shared';
import { pinyinInitials } from '../catalog/initials';
import { requireCaller, requireManager } from './auth';
import type { HttpDeps } from './deps';
import { HttpError, validate } from './errors';

/** Managers send a product without initials: the server makes them from the name. */
const productInputSchema = productSchema.omit({ initials: true }).extend({
  initials: productSchema.shape.initials.optional(),
});
const stockInputSchema = z.object({ level: z.number().int() });

export function catalogRoutes({ store }: HttpDeps): Router {
  const router = Router();

  router.get('/catalog', requireCaller, (_request, response) => {
    const { categories, products } = store.state;
    response.json({
      categories: Object.values(categories),
      products: Object.values(products),
      cursor: store.cursor,
    });
  });

  router.put('/catalog/categories/:id', requireManager, async (request, response) => {
    const category = validate(categorySchema, { ...request.body, id: request.params.id });
    await store.commit({ kind: 'category.saved', category });
    response.json({ category });
  });

  router.put('/catalog/products/:id', requireManager, async (request, response) => {
    const input = validate(productInputSchema, { ...request.body, id: request.params.id });
    if (!store.state.categories[input.categoryId])
      throw new HttpError(400, 'invalid_request', `categoryId: no category ${input.categoryId}`);
    checkSkus(store.state.products, input.id, input.skus);
    const product = { ...input, initials: input.initials ?? pinyinInitials(input.name) };
    await store.commit({ kind: 'product.saved', product });
    response.json({ product });
  });

  router.get('/stock', requireCaller, (_request, response) => {
    const stock = Object.entries(store.state.stock).map(([skuId, { level }]) => ({
      skuId,
      level,
      oversold: level < 0,
    }));
    response.json({ stock });
  });

  router.put('/stock/:skuId', requireManager, async (request, response) => {
    const skuId = request.params.skuId as string;
    if (
      !Object.values(store.state.products).some((product) =>
        product.skus.some((sku) => sku.id === skuId),
      )
    )
      throw new HttpError(404, 'not_found', `no SKU ${skuId}`);
    const { level } = validate(stockInputSchema, request.body);
    await store.commit({ kind: 'stock.set', skuId, level });
    response.json({ stock: { skuId, level } });
  });

  return router;
}

/** Barcodes must be valid and each may belong to one SKU only; SKU ids are unique store-wide (within the product too). */
function checkSkus(
  products: Record<string, z.infer<typeof productSchema>>,
  productId: string,
  skus: Array<{ id: string; barcodes: string[] }>,
): void {
  const owners = new Map<string, string>();
  const skuOwners = new Map<string, string>();
  for (const product of Object.values(products)) {
    if (product.id === productId) continue;
    for (const sku of product.skus) {
      skuOwners.set(sku.id, product.id);
      for (const barcode of sku.barcodes) owners.set(barcode, sku.id);
    }
  }
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
      if (owners.has(barcode))
        throw new HttpError(
          409,
          'conflict',
          `barcode ${barcode} is already on SKU ${owners.get(barcode)}`,
        );
      owners.set(barcode, sku.id);
    }
  }
}
