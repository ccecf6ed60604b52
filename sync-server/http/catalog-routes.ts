// The catalog and stock: read by devices and staff, written by managers. A write goes out to
// every device over sync like any other change.
import { Router } from 'express';
import { z } from 'zod';
import { MAX_STOCK_QTY } from '@pos/shared';
import {
  categoryInputSchema,
  checkCategoryId,
  checkSkus,
  productInputSchema,
} from '../catalog/catalog-input';
import { pinyinInitials, withLabelInitials } from '../catalog/initials';
import { checkNotStale, takeBase } from '../catalog/stale-product';
import { requireCaller, requireManager } from './auth';
import type { HttpDeps } from './deps';
import { HttpError, validate } from './errors';

/**
 * A counted level, held to the bound a device's count is (MAX_STOCK_QTY): the store adds deliveries
 * and sales to it, and a level near 2^53 soon became one its checkpoint could not read back.
 */
const stockInputSchema = z.object({
  level: z
    .number()
    .int()
    .min(-MAX_STOCK_QTY, `must be at least ${-MAX_STOCK_QTY}`)
    .max(MAX_STOCK_QTY, `must be at most ${MAX_STOCK_QTY}`),
});

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
    const category = validate(categoryInputSchema, { ...request.body, id: request.params.id });
    await store.commit({ kind: 'category.saved', category });
    response.json({ category });
  });

  router.put('/catalog/products/:id', requireManager, async (request, response) => {
    const { fields, base } = takeBase(request.body);
    const input = validate(productInputSchema, { ...fields, id: request.params.id });
    // Checked on a whole state and committed with no await between, so two saves from one base
    // cannot both pass.
    await store.settled();
    checkNotStale(input.id, store.state.products[input.id], base);
    checkCategoryId(store.state.categories, input.categoryId);
    checkSkus(store.state.products, input.id, input.skus);
    const product = {
      ...input,
      initials: input.initials ?? pinyinInitials(input.name),
      skus: input.skus.map(withLabelInitials),
    };
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
