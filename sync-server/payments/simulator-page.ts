// The payment simulator's page, served by the store's server: what the pay QR opens when no
// merchant is configured. Order number and amount come from the server's payment, never the QR.
import { formatFen, type Payment } from '@pos/shared';

export interface SimulatorPageInput {
  storeName: string;
  payload: string;
  payment: Payment | null;
  error: string | null;
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

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function simulatorPage({
  storeName,
  payload,
  payment,
  error,
  now,
}: SimulatorPageInput): string {
  const open = payment?.status === 'pending' && payment.expiresAt > now && !error;
  const body = [
    `<h1>${escape(storeName)}</h1>`,
    `<p class="note">模拟支付 · 未配置微信支付商户，不会真实扣款</p>`,
    payment
      ? `<p>${payment.topUp ? '会员储值充值' : '订单'} <b id="order-no">${escape(payment.orderNo)}</b></p><p class="amount" id="amount">${formatFen(payment.amount)}</p><p id="status" data-status="${payment.status}">${statusText[payment.status]}</p>`
      : '',
    error ? `<p class="error" id="error">${escape(error)}</p>` : '',
    open
      ? `<form method="post" action="/pay/sim/${escape(payload)}">
  <button id="confirm" name="action" value="confirm" class="pay">确认支付 ${formatFen(payment.amount)}</button>
  <button id="decline" name="action" value="decline" class="decline">拒绝</button>
</form>`
      : '',
  ].join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>模拟支付 · ${escape(storeName)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:420px;margin:2rem auto;padding:0 1rem;text-align:center;color:#323233}
.amount{font-size:2.5rem;font-weight:600;margin:.5rem 0}.note{color:#969799;font-size:.85rem}
.error{color:#ee0a24}button{display:block;width:100%;padding:.9rem;margin:.6rem 0;border-radius:8px;border:0;font-size:1.1rem}
.pay{background:#07c160;color:#fff}.decline{background:#f2f3f5;color:#323233}
</style></head><body>
${body}
</body></html>`;
}
