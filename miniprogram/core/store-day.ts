// The whole store's orders of a business day, from the store's server (GET /api/orders with the
// device's token), checked against the core's order schema: the manager's store-wide figures.
import { businessDaySchema, orderSchema, ruleError, type Checked, type Order } from '@pos/shared';
import type { HttpClient } from '../adapters/http-request';
import { errorText } from '../adapters/wx-api';
import type { DeviceIdentity } from './device-identity';

// Through the core's own zod schemas: the mini-program bundles zod only inside @pos/shared.
const ordersSchema = orderSchema.array();

export interface StoreDay {
  businessDay: string;
  orders: Order[];
}

/**
 * Error codes, each with its sentence in i18n/zh-errors.ts (the message, English, is for logs):
 * `unreachable` (no answer), `store_day_unpaired` (401: the server no longer knows this device's
 * token), `store_day_forbidden` (403), `server_error` (any other answer but 200), `bad_answer`.
 */
export async function fetchStoreDay(
  http: HttpClient,
  identity: Pick<DeviceIdentity, 'serverAddress' | 'token'>,
  businessDay: string,
): Promise<Checked<StoreDay>> {
  const url = `http://${identity.serverAddress}/api/orders?day=${encodeURIComponent(businessDay)}`;
  let answer;
  try {
    answer = await http.getJson(url, identity.token);
  } catch (error) {
    // getJson rejects only when no answer came (HttpUnreachableError).
    return ruleError('unreachable', errorText(error));
  }
  if (answer.status !== 200) {
    const body = answer.body as { error?: { message?: unknown } } | null;
    const why = typeof body?.error?.message === 'string' ? body.error.message : '';
    const code =
      answer.status === 401
        ? 'store_day_unpaired'
        : answer.status === 403
          ? 'store_day_forbidden'
          : 'server_error';
    return ruleError(code, `the server answered ${answer.status}${why ? `: ${why}` : ''}`);
  }
  const body = (answer.body ?? {}) as { businessDay?: unknown; orders?: unknown };
  const day = businessDaySchema.safeParse(body.businessDay);
  const orders = ordersSchema.safeParse(body.orders);
  if (!day.success || !orders.success) {
    const why = (day.error ?? orders.error)?.message ?? '';
    return ruleError('bad_answer', `the server's orders are not as expected: ${why}`);
  }
  return { ok: true, value: { businessDay: day.data, orders: orders.data } };
}
