// What a customer's phone reads when the server refuses a step on the pages its QR codes open (the
// payment simulator's, the join page): Chinese always, never the server's English message.
export const customerRefusals: Record<string, string> = {
  qr_expired: '二维码已过期，请让店员重新出示',
  qr_tampered: '二维码被改动过或不是本店的，请重新扫描店员出示的二维码',
  qr_malformed: '这不是本店的二维码，请重新扫描店员出示的二维码',
  qr_wrong_kind: '这个二维码不是用来做这件事的，请重新扫描门店的二维码',
  qr_replayed: '这个二维码已经用过了，请让店员重新出示',
  payment_unknown: '找不到这笔支付，请让店员重新出示二维码',
  not_pending: '这笔支付已结束，请以店员的提示为准',
  payment_settled: '这笔支付已结束，请以店员的提示为准',
  no_simulator: '请用微信支付付款',
  phone_invalid: '请输入 11 位手机号',
  member_name_invalid: '称呼最多 40 个字，且不能含换行等特殊字符',
  invalid_request: '填写的内容有误，请检查后再试',
  too_many_joins: '加入会员的人太多了，请稍后再试，或请店员在收银台帮您加入',
  locked_out: '尝试次数太多，请过几分钟再试',
};

/** Any other refusal (a fault, a provider outage): nothing the customer can fix by themselves. */
export const customerRefusalFallback = '没有成功，请稍后再试，或请店员帮忙';

export function customerRefusal(code: string): string {
  return Object.hasOwn(customerRefusals, code) ? customerRefusals[code] : customerRefusalFallback;
}
