// Prices changed under an open cart (a manager's edit synced to the till): the lines that now cost
// another price than when they were rung up, so the cashier can tell the customer. Pricing is not
// held back: the new price applies; this only says so, until the cashier has seen it or the sale ends.
import { makeAutoObservable, observable } from 'mobx-miniprogram';
import {
  CartError,
  priceCart,
  type Cart,
  type CatalogIndex,
  type Fen,
  type PricingContext,
  type Sku,
} from '@pos/shared';

/** A line whose unit price moved since it was rung up (per kg for goods sold by weight). */
export interface RepricedLine {
  lineId: string;
  name: string;
  byWeight: boolean;
  was: Fen;
  now: Fen;
}

/** A SKU's catalog prices as they stood when it went into the sale. */
export type Quote = Pick<Sku, 'price' | 'memberPrice'>;

/**
 * The cart's lines priced at the quoted prices and at today's catalog, where their unit prices
 * differ. The core prices both, so member prices and overrides count as at checkout (an override
 * hides a catalog change: the line costs what the manager set). Lines the catalog no longer sells
 * are left out: the cart shows them apart.
 */
export function repricedLines(
  cart: Cart,
  quotes: ReadonlyMap<string, Quote>,
  context: PricingContext,
): RepricedLine[] {
  const sold = cart.lines.filter((line) => context.catalog.get(line.skuId)?.product.active);
  const quotedCatalog = new Map(context.catalog);
  for (const { skuId } of sold) {
    const entry = context.catalog.get(skuId)!;
    const quote = quotes.get(skuId);
    if (quote) quotedCatalog.set(skuId, { ...entry, sku: { ...entry.sku, ...quote } });
  }
  const sellable = { ...cart, lines: sold };
  try {
    const was = priceCart(sellable, { ...context, catalog: quotedCatalog }).lines;
    const now = priceCart(sellable, context).lines;
    return now.flatMap((line, i) =>
      line.unitPrice === was[i].unitPrice
        ? []
        : [
            {
              lineId: line.lineId,
              name: line.name,
              byWeight: line.soldBy === 'weight',
              was: was[i].unitPrice,
              now: line.unitPrice,
            },
          ],
    );
  } catch (error) {
    // A cart that cannot be priced says why elsewhere; there is no price to compare.
    if (error instanceof CartError) return [];
    throw error;
  }
}

/**
 * The quotes of this sale: each SKU at the prices it had when it went in. Kept in memory only: a
 * till restarted with a cart quotes it afresh.
 */
export class PriceNotice {
  private quotes: ReadonlyMap<string, Quote> = new Map();

  constructor(
    private readonly cart: () => Cart,
    private readonly context: () => PricingContext,
  ) {
    makeAutoObservable<PriceNotice, 'cart' | 'context' | 'quotes'>(
      this,
      { cart: false, context: false, quotes: observable.ref },
      { autoBind: true },
    );
    this.follow();
  }

  /** Lines priced otherwise than when rung up, in cart order; empty once seen. */
  get lines(): RepricedLine[] {
    return repricedLines(this.cart(), this.quotes, this.context());
  }

  /**
   * After the cashier changed the cart: a SKU new to the sale is quoted at today's prices, one
   * taken out forgets its quote, and an empty cart (sold, cleared) ends the sale's notices.
   */
  follow(): void {
    const catalog = this.context().catalog;
    const quotes = new Map<string, Quote>();
    for (const { skuId } of this.cart().lines) {
      const quote = this.quotes.get(skuId) ?? quoteOf(catalog, skuId);
      if (quote) quotes.set(skuId, quote);
    }
    this.quotes = quotes;
  }

  /** The cashier has told the customer: today's prices become the quotes. */
  dismiss(): void {
    const catalog = this.context().catalog;
    const quotes = new Map<string, Quote>();
    for (const { skuId } of this.cart().lines) {
      const quote = quoteOf(catalog, skuId);
      if (quote) quotes.set(skuId, quote);
    }
    this.quotes = quotes;
  }
}

function quoteOf(catalog: CatalogIndex, skuId: string): Quote | null {
  const sku = catalog.get(skuId)?.sku;
  return sku ? { price: sku.price, memberPrice: sku.memberPrice } : null;
}
