// Product search at the register: exact barcode, pinyin initials or name, ranked, active SKUs only.
// buildSearchIndex does the normalising once per catalog version, so a query is one linear pass.
import { barcodeKeys } from './barcode';
import type { Product, Sku } from './catalog';

/** How a hit matched, best first: the order results are ranked in. */
export type SearchMatch = 'barcode' | 'initials' | 'name-prefix' | 'name';

export interface SearchHit {
  product: Product;
  sku: Sku;
  match: SearchMatch;
}

interface IndexedSku {
  product: Product;
  sku: Sku;
  /** Normalised product name and variant label ("拿铁 大杯"), so a label is found too. */
  text: string;
  /** The text without its spaces ("拿铁大杯"): a Chinese IME types no space between the two. */
  compact: string;
  /** The product's initials (the server's), for "nt". */
  initials: string;
  /**
   * With the variant's label's (the server's too) after them, for "ntdb" (拿铁 大杯); null when the
   * SKU has none (no label, or saved before the server made them).
   */
  skuInitials: string | null;
}

export interface SearchIndex {
  /** Active SKUs, shortest text first (then catalog order): within a rank, closer matches first. */
  readonly entries: readonly IndexedSku[];
  /** barcodeKey of each barcode -> the entries carrying it (a code may be shared by mistake). */
  readonly byBarcode: ReadonlyMap<string, readonly IndexedSku[]>;
}

/**
 * Case- and width-insensitive form for matching: NFKC turns full-width "ＮＴ１" from a Chinese IME
 * into "NT1", then lower case and trimmed.
 */
export function normaliseQuery(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

const withoutSpaces = (text: string) => text.replace(/\s+/g, '');

export function buildSearchIndex(products: readonly Product[]): SearchIndex {
  const entries: IndexedSku[] = [];
  for (const product of products) {
    if (!product.active) continue;
    const name = normaliseQuery(product.name);
    const initials = normaliseQuery(product.initials);
    for (const sku of product.skus) {
      const label = normaliseQuery(sku.label);
      const text = label ? `${name} ${label}` : name;
      const ofLabel = normaliseQuery(sku.initials ?? '');
      const skuInitials = ofLabel ? initials + ofLabel : null;
      entries.push({ product, sku, text, compact: withoutSpaces(text), initials, skuInitials });
    }
  }
  // Array sort is stable (ES2019), so catalog order breaks ties.
  entries.sort((a, b) => a.text.length - b.text.length);

  const byBarcode = new Map<string, IndexedSku[]>();
  for (const entry of entries) {
    for (const code of entry.sku.barcodes) {
      for (const key of barcodeKeys(normaliseQuery(code))) {
        const holders = byBarcode.get(key);
        if (!holders) byBarcode.set(key, [entry]);
        else if (!holders.includes(entry)) holders.push(entry);
      }
    }
  }
  return { entries, byBarcode };
}

/**
 * The best `limit` hits for what was typed or scanned: an exact barcode first, then initials
 * starting with the query (the product's, "nt" -> 拿铁 and its variants, or the product's and the
 * variant's, "ntdb" -> 拿铁 大杯), then names starting with it, then names containing it (with or
 * without the spaces between a name and its variant: "拿铁大杯" finds 拿铁 大杯).
 */
export function search(index: SearchIndex, query: string, limit = 20): SearchHit[] {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a whole number >= 1, got ${limit}`);
  const needle = normaliseQuery(query);
  if (needle === '') return [];
  const compactNeedle = withoutSpaces(needle);

  const barcodeHits = [
    ...new Set(barcodeKeys(needle).flatMap((key) => index.byBarcode.get(key) ?? [])),
  ];
  const foundByBarcode = new Set<IndexedSku>(barcodeHits);
  const byInitials: IndexedSku[] = [];
  const byNamePrefix: IndexedSku[] = [];
  const byName: IndexedSku[] = [];
  for (const entry of index.entries) {
    // Entries come shortest first, so once enough initials hits are in, nothing later outranks them.
    if (barcodeHits.length + byInitials.length >= limit) break;
    if (foundByBarcode.size > 0 && foundByBarcode.has(entry)) continue;
    if (entry.initials.startsWith(needle) || entry.skuInitials?.startsWith(needle))
      byInitials.push(entry);
    else if (entry.text.startsWith(needle) || entry.compact.startsWith(compactNeedle))
      byNamePrefix.push(entry);
    else if (entry.text.includes(needle) || entry.compact.includes(compactNeedle))
      byName.push(entry);
  }

  const hits: SearchHit[] = [];
  const take = (entries: readonly IndexedSku[], match: SearchMatch) => {
    for (const { product, sku } of entries) {
      if (hits.length >= limit) return;
      hits.push({ product, sku, match });
    }
  };
  take(barcodeHits, 'barcode');
  take(byInitials, 'initials');
  take(byNamePrefix, 'name-prefix');
  take(byName, 'name');
  return hits;
}
