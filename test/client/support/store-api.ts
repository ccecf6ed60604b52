// The store server over its HTTP API, as the dashboard and a device read it, for end-to-end tests
// whose server is a child process (no store to read in-process): a manager's session, pairing
// codes, orders, stock, products, members and the day-end reports.
import type { DayReport, Member, Order, Overspend, Product, ZReport } from '@pos/shared';
import { api } from '../../support/test-server';
import type { TestDevice } from './device';

type Server = { url: string };

/** A manager's session, signed in with `pin` as the dashboard does (the staff id from `device`). */
export async function managerSession(
  server: Server,
  device: TestDevice,
  pin: string,
): Promise<string> {
  const manager = device.client.session.staffList.find((s) => s.role === 'manager')!;
  const session = await api<{ token: string }>(server, 'POST', '/api/sessions', {
    body: { staffId: manager.id, pin },
  });
  if (session.status !== 201) throw new Error(`sign-in failed: ${JSON.stringify(session.body)}`);
  return session.body.token;
}

/** A new pairing code, issued as the dashboard does. */
export async function issuePairingCode(server: Server, managerToken: string): Promise<string> {
  const issued = await api<{ code: string }>(server, 'POST', '/api/pairing-codes', {
    token: managerToken,
  });
  return issued.body.code;
}

/** The products holding any of `skus`. */
export async function productsOf(
  server: Server,
  token: string,
  skus: readonly string[],
): Promise<Product[]> {
  const { body } = await api<{ products: Product[] }>(server, 'GET', '/api/catalog', { token });
  return body.products.filter((product) => product.skus.some((sku) => skus.includes(sku.id)));
}

export async function ordersOfDays(
  server: Server,
  token: string,
  days: string[],
): Promise<Order[]> {
  const answers = await Promise.all(
    days.map((day) => api<{ orders: Order[] }>(server, 'GET', `/api/orders?day=${day}`, { token })),
  );
  return answers.flatMap((answer) => answer.body.orders);
}

export async function stockLevels(
  server: Server,
  token: string,
  skus: readonly string[],
): Promise<number[]> {
  const { body } = await api<{ stock: Array<{ skuId: string; level: number }> }>(
    server,
    'GET',
    '/api/stock',
    { token },
  );
  return skus.map((sku) => body.stock.find((entry) => entry.skuId === sku)!.level);
}

/** The days' Z-reports, the whole store's. */
export async function zReports(
  server: Server,
  managerToken: string,
  days: string[],
): Promise<ZReport[]> {
  return Promise.all(
    days.map(async (day) => {
      const answer = await api<{ report: DayReport }>(server, 'GET', `/api/reports/days/${day}`, {
        token: managerToken,
      });
      return answer.body.report.z;
    }),
  );
}

export async function memberByPhone(server: Server, token: string, phone: string): Promise<Member> {
  const { body } = await api<{ member: Member }>(server, 'GET', `/api/members?phone=${phone}`, {
    token,
  });
  return body.member;
}

/** What the server could not take of a member's stored value and is still owed (overspends). */
export async function storedValueOwed(
  server: Server,
  token: string,
  memberId: string,
): Promise<number> {
  const { body } = await api<{ overspends: Overspend[] }>(
    server,
    'GET',
    '/api/members/overspends',
    {
      token,
    },
  );
  return body.overspends
    .filter((o) => o.kind === 'stored_value' && o.memberId === memberId)
    .reduce((n, o) => n + o.outstanding, 0);
}

/** Every member the server holds, as the dashboard lists them. */
export async function allMembers(server: Server, managerToken: string): Promise<Member[]> {
  const { body } = await api<{ members: Member[] }>(server, 'GET', '/dashboard/api/members', {
    token: managerToken,
  });
  return body.members;
}
