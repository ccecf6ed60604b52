// The cart being rung up, kept in storage so a restart keeps it. A cart already turned into an
// order (the app stopped between the sale's write and the cart's) is not brought back.
import { cartSchema, emptyCart, type Cart } from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import type { DeviceCounters } from './counters';
import type { OutboxEntry } from './outbox';
import { storageKeys } from './storage-layout';

export interface CartDraft {
  /** Names this cart in its sale's outbox entry. */
  cartId: string;
  cart: Cart;
}

export function loadCartDraft(
  storage: KeyValueStorage,
  counters: DeviceCounters,
  outbox: readonly OutboxEntry[],
): CartDraft | null {
  const stored = storage.get(storageKeys.cart) as Partial<CartDraft> | null;
  if (!stored || typeof stored.cartId !== 'string') return null;
  const cart = cartSchema.safeParse(stored.cart);
  if (!cart.success) return null;
  const sold =
    counters.lastCartId === stored.cartId || outbox.some((entry) => entry.cartId === stored.cartId);
  return sold ? null : { cartId: stored.cartId, cart: cart.data };
}

/** Writes the cart; an untouched empty cart removes the key. */
export function saveCartDraft(storage: KeyValueStorage, draft: CartDraft | null): void {
  const { lines, memberId, orderDiscount } = draft?.cart ?? emptyCart();
  if (draft && (lines.length > 0 || memberId !== null || orderDiscount !== null))
    storage.set(storageKeys.cart, draft);
  else storage.remove(storageKeys.cart);
}
