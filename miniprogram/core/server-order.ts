// One order from the store's server, for an order older than this device's history (a customer
// back with a receipt on day three): asked by the id or the number a receipt carries
// (GET /api/orders/:id, GET /api/orders/by-number/:number, with the device's token), checked
// against the core's order schema. The server's copy is taken into the ledger as a change from the
// server would be (its history table, where pruning lets it go again), never into a key of its own.
import {
  orderSchema,
  parseOrderId,
  parseOrderNumber,
  ruleError,
  type Checked,
  type Order,
} from '@pos/shared';
import type { HttpClient } from '../adapters/http-request';
import { StorageError } from '../adapters/storage';
import { errorText } from '../adapters/wx-api';
import type { DeviceIdentity } from './device-identity';
import type { Ledger } from './ledger';

/** What a receipt names an order by: its QR's id, or the number printed (and in its QR). */
export type OrderKey = { kind: 'id'; id: string } | { kind: 'number'; number: string };

/** A short wait: the cashier has a customer at the counter, and an answer on the LAN is quick. */
export const SERVER_ORDER_TIMEOUT_MS = 5_000;

/** The order an id or a whole order number (typed loosely) names; null for anything else. */
export function orderKeyOf(text: string): OrderKey | null {
  const trimmed = text.trim();
  if (parseOrderId(trimmed).ok) return { kind: 'id', id: trimmed };
  const number = parseOrderNumber(trimmed);
  return number.ok ? { kind: 'number', number: trimmed.toUpperCase() } : null;
}

/** Whether an order is the one a key names (the server's answer is checked against the question). */
export function orderMatches(order: Order, key: OrderKey): boolean {
  if (key.kind === 'id') return order.id === key.id;
  const asked = parseOrderNumber(key.number);
  const held = parseOrderNumber(order.orderNo);
  return (
    asked.ok &&
    held.ok &&
    asked.value.deviceCode === held.value.deviceCode &&
    asked.value.monthDay === held.value.monthDay &&
    asked.value.seq === held.value.seq
  );
}

/**
 * A 404 for a route the server lacks, not for an order: a server older than the till (WeChat
 * updates tills first) has no lookup by number. Its code is `no_such_endpoint`; servers from before
 * that code said `not_found` with the same words.
 */
function missingRoute(code: unknown, message: string): boolean {
  return (
    code === 'no_such_endpoint' || (code === 'not_found' && message.startsWith('no such endpoint'))
  );
}

/**
 * The server's copy of the order, or null when the server has none. Error codes, each with its
 * sentence in i18n/zh-errors.ts: `unreachable` (no answer), `store_day_unpaired` (401: the server
 * no longer knows this device's token), `server_outdated` (the server has no such lookup yet: never
 * "no such order"), `server_error` (any other answer), `bad_answer`.
 */
export async function fetchServerOrder(
  http: HttpClient,
  identity: Pick<DeviceIdentity, 'serverAddress' | 'token'>,
  key: OrderKey,
): Promise<Checked<Order | null>> {
  const path =
    key.kind === 'id'
      ? `/api/orders/${encodeURIComponent(key.id)}`
      : `/api/orders/by-number/${encodeURIComponent(key.number)}`;
  const url = `http://${identity.serverAddress}${path}`;
  let answer;
  try {
    answer = await http.getJson(url, identity.token, SERVER_ORDER_TIMEOUT_MS);
  } catch (error) {
    // getJson rejects only when no answer came (HttpUnreachableError).
    return ruleError('unreachable', errorText(error));
  }
  if (answer.status !== 200) {
    const body = answer.body as { error?: { code?: unknown; message?: unknown } } | null;
    const why = typeof body?.error?.message === 'string' ? body.error.message : '';
    if (answer.status === 404 && missingRoute(body?.error?.code, why))
      return ruleError('server_outdated', `the store's server is too old to look this up: ${why}`);
    if (answer.status === 404) return { ok: true, value: null };
    const code = answer.status === 401 ? 'store_day_unpaired' : 'server_error';
    return ruleError(code, `the server answered ${answer.status}${why ? `: ${why}` : ''}`);
  }
  const order = orderSchema.safeParse((answer.body as { order?: unknown } | null)?.order);
  if (!order.success)
    return ruleError('bad_answer', `the server's order is not as expected: ${order.error.message}`);
  if (!orderMatches(order.data, key))
    return ruleError('bad_answer', `the server answered with another order (${order.data.id})`);
  return { ok: true, value: order.data };
}

/**
 * The server's copy into the ledger's history, as the change feed would bring it: the order and
 * whatever this device refunds or voids on it are shown, kept while the outbox refers to it, and
 * pruned once settled like any order past the days kept. The replica's cursor does not move (the
 * feed's changes before and after still come). False when the device never synced: without a
 * cursor the server's data has nowhere to go yet.
 */
export function keepServerOrder(ledger: Ledger, order: Order): boolean {
  const cursor = ledger.replica.cursor;
  if (cursor === null) return false;
  ledger.applyChanges([{ kind: 'order', cursor, order }], cursor);
  return true;
}

/**
 * The order under a refund or void, written before the operation is recorded (Ledger.writeOrder):
 * `storage_error` when storage refuses it, and then nothing is to be recorded.
 */
export function writeOrderFirst(ledger: Ledger, orderId: string): Checked<null> {
  try {
    ledger.writeOrder(orderId);
    return { ok: true, value: null };
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    return ruleError(
      'storage_error',
      `not recorded: the order could not be written (${error.message})`,
    );
  }
}
