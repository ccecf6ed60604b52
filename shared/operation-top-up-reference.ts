// A WeChat Pay payment tops up stored value once. The till's WeChat top-up goes through the server's
// pay QR, and the fold credits it when paid (sync-server/store/apply-payment.ts); a device's
// member.topped_up by WeChat names its payment itself. Naming a trade of the server's own payments
// (a QR top-up already credited, an order's pay QR) or a payment another top-up was credited under,
// it would credit the same money again. Checked on receipt, not in the fold, so a journal written
// before the rule replays as it was applied.
import { formatFen } from './money';
import type { Operation } from './operation';
import { ruleError, type Checked } from './tenders';

/**
 * Refused ('top_up_reference_used') when a device's WeChat top-up names a payment already used:
 * `earlierUse` says by what (a server payment's trade, another top-up), or undefined when unused.
 */
export function checkTopUpReference(
  op: Operation,
  earlierUse: (reference: string) => string | undefined,
): Checked<null> {
  if (op.type !== 'member.topped_up' || op.payload.payment.method !== 'wechat')
    return { ok: true, value: null };
  const { id, amount, payment } = op.payload;
  const used = earlierUse(payment.reference);
  if (used === undefined) return { ok: true, value: null };
  return ruleError(
    'top_up_reference_used',
    `top-up ${id} of ${formatFen(amount)} names WeChat Pay payment ${JSON.stringify(payment.reference)}, which is ${used}: a payment is credited once; nothing was credited`,
  );
}
