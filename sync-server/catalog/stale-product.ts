// A product save made from what its sender last saw: the PUT may carry that product as `base`, and
// one another save changed since is refused. Without it, a dashboard page open since before sent
// back the whole product as it loaded it, putting a stopped product on sale again at its old price.
// Compared by content, so the stored product needs no revision field (no schema change) and a base
// read before a restart (the journal read back, keys in another order) still matches.
import type { Product } from '@pos/shared';
import { HttpError } from '../http/errors';

/**
 * The body without its `base`, and the base: undefined when none was sent (callers that predate it
 * save as before), null for "no such product yet", or the product as the sender saw it.
 */
export function takeBase(body: unknown): { fields: Record<string, unknown>; base: unknown } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { fields: {}, base: undefined };
  const { base, ...fields } = body as Record<string, unknown>;
  if (base !== undefined && base !== null && (typeof base !== 'object' || Array.isArray(base)))
    throw new HttpError(400, 'invalid_request', 'base: must be the product as last read, or null');
  return { fields, base };
}

/** Refuses, 409 stale_product, a save whose base is not the product stored now. */
export function checkNotStale(id: string, stored: Product | undefined, base: unknown): void {
  if (base === undefined) return;
  const now = stored === undefined ? null : canonical(stored);
  if (now === (base === null ? null : canonical(base))) return;
  throw new HttpError(
    409,
    'stale_product',
    `product ${id} was saved by someone else since it was read: reload it and make the change again`,
  );
}

/** JSON with every object's keys sorted: equal for equal content, whatever order keys came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : item,
  );
}
