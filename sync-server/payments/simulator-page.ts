// The payment simulator's page, served by the store's server: what the pay QR opens when no
// merchant is configured. Order number and amount come from the server's payment, never the QR.
import { formatFen, type Payment } from '@pos/shared';
import { customerPage, escapeHtml } from '../qr/customer-page';
import { customerRefusal } from '../qr/customer-words';

export interface SimulatorPageInput {
  storeName: string;
  payload: string;
  payment: Payment | null;
  /** The code of the server's refusal (worded in Chinese here), or null. */
  refusal: string | null;
  now: number;
}

const statusText: Record<Payment['status'], string> = {
  pending: '待支付',
  pending_verification: '待核实',
  paid: '已支付',
  declined: '已拒绝',
  expired: '已过期',
  closed: '已关闭',
  paid_not_recorded: '已支付，未记入订单（待退款）',
};

const pageStyle = `.amount{font-size:2.5rem;font-weight:600;margin:.5rem 0}
.pay{background:#07c160;color:#fff}.decline{background:#f2f3f5;color:#323233}`;

export function simulatorPage({
  storeName,
  payload,
  payment,
  refusal,
  now,
}: SimulatorPageInput): string {
  const open = payment?.status === 'pending' && payment.expiresAt > now && !refusal;
  const body = [
    `<h1>${escapeHtml(storeName)}</h1>`,
    `<p class="note">模拟支付 · 未配置微信支付商户，不会真实扣款</p>`,
    payment
      ? `<p>${payment.topUp ? '会员储值充值' : '订单'} <b id="order-no">${escapeHtml(payment.orderNo)}</b></p><p class="amount" id="amount">${formatFen(payment.amount)}</p><p id="status" data-status="${payment.status}">${statusText[payment.status]}</p>`
      : '',
    refusal ? `<p class="error" id="error">${escapeHtml(customerRefusal(refusal))}</p>` : '',
    open
      ? `<form method="post" action="/pay/sim/${escapeHtml(payload)}">
  <button id="confirm" name="action" value="confirm" class="pay">确认支付 ${formatFen(payment.amount)}</button>
  <button id="decline" name="action" value="decline" class="decline">拒绝</button>
</form>`
      : '',
  ].join('\n');
  return customerPage(`模拟支付 · ${storeName}`, body, pageStyle);
}
