// The most one line of a sale holds, in pieces or, for weighed goods, grams. Its own module so that
// the words which name it (zh-errors.ts, shown by the dashboard too) do not carry the cart's schemas.

/** High enough for any real line, low enough that a barcode scanned into the qty field is refused. */
export const maxLineQty = 999_999;
