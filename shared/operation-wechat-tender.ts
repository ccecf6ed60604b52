// A WeChat Pay tender is the server's to record. The till never makes one: a sale paid by QR is saved
// open with no tender, and the server's fold marks it paid with a wechat tender naming the trade that
// took the money once the provider says paid (payOrder in sync-server/store/apply-payment.ts). A
// device's tender would name whatever trade it liked, and a refund of the order goes back through
// that trade: another order's payment would give its money back for a sale nobody paid. Checked on
// receipt, not in the fold, so a journal written before the rule replays as it was applied.
import { formatFen } from './money';
import type { Operation } from './operation';
import type { Tender } from './order';
import { ruleError, type Checked } from './tenders';

/**
 * Refused ('wechat_tender_from_device') when a device's order is placed or paid with a WeChat
 * Pay tender: only the server records one, when the order's pay QR is paid.
 */
export function checkDeviceWechatTenders(op: Operation): Checked<null> {
  const claim =
    op.type === 'order.placed'
      ? { tenders: op.payload.tenders, order: `order ${op.payload.orderNo}` }
      : op.type === 'order.paid'
        ? { tenders: op.payload.tenders, order: `the payment of order ${op.payload.orderId}` }
        : null;
  const wechat = claim?.tenders.find(
    (tender): tender is Extract<Tender, { method: 'wechat' }> => tender.method === 'wechat',
  );
  if (!claim || !wechat) return { ok: true, value: null };
  return ruleError(
    'wechat_tender_from_device',
    `${claim.order} carries a WeChat Pay tender of ${formatFen(wechat.amount)} (trade ${JSON.stringify(wechat.reference)}) made on the device: only the server records WeChat Pay, when the order's pay QR is paid; nothing was recorded`,
  );
}
