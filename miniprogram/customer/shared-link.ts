// What a customer page needs from the scan that opened it: the signed payload and the address of
// the store's server (from the link, else the server this phone is paired with, if any).
import type { PosApp } from '../app';
import { customerLink } from '../core/payments';

export function customerTarget(
  query: Record<string, string | undefined>,
): { payload: string; serverAddress: string | null } | null {
  const link = customerLink(query);
  if (!link || !link.payload) return null;
  const paired = getApp<PosApp>()?.client?.ledger.identity?.serverAddress ?? null;
  return { payload: link.payload, serverAddress: link.serverAddress ?? paired };
}
