// The words a customer reads: the customer subpackage (pay and join from a counter QR, on their own
// phone), and the kiosk's scan screen.
import { maxLineQty } from '@pos/shared';

export const zhCustomer = {
  payTitle: '扫码付款',
  joinTitle: '加入会员',
  loading: '加载中…',
  badCode: '这个二维码无法识别，请重新扫描门店的二维码',
  noServer: '找不到门店服务器：请连接门店 Wi-Fi 后重新扫码',
  order: (orderNo: string) => `订单 ${orderNo}`,
  topUp: '会员储值充值',
  pay: (amount: string) => `支付 ${amount}`,
  decline: '不付了',
  simulator: '模拟支付：门店未配置微信支付商户，不会真实扣款',
  statuses: {
    pending: '待支付',
    pending_verification: '支付结果待核实',
    paid: '支付成功',
    declined: '支付未成功',
    expired: '二维码已过期，请让店员重新出示',
    closed: '这笔支付已取消',
    // Money taken that the store could not put on the order: the customer gets it back.
    paid_not_recorded: '已付款，但未能记入订单：请到收银台，店员会为您退款',
  } as Record<string, string>,
  phone: '手机号',
  phonePlaceholder: '11 位手机号',
  name: '称呼',
  namePlaceholder: '选填',
  join: '加入会员',
  joined: (store: string) => `您已是 ${store} 的会员`,
  loginFailed: '微信登录没有成功，请重试',
  cancelled: '已取消支付，可以再次点击支付',
  payFailed: (why: string) => `支付没有完成：${why}`,
  confirming: '正在确认支付结果…',
  // A customer never reads the server's English: what they may meet, and a catch-all.
  refused: '没有成功：请稍后再试，或请店员帮忙',
  refusals: {
    payment_unknown: '找不到这笔支付：请让店员重新出示二维码',
    not_pending: '这笔支付已结束：请以店员的提示为准',
    payment_settled: '这笔支付已结束：请以店员的提示为准',
    too_many_attempts: '尝试次数太多：请到收银台付款',
    locked_out: '尝试次数太多：请过几分钟再试',
    too_many_joins: '加入会员的人太多了：请稍后再试，或请店员在收银台帮您加入',
    qr_wrong_kind: '这个二维码不是用来做这件事的：请重新扫描门店的二维码',
    simulator: '门店未开通微信支付：请到收银台付款',
    no_simulator: '请用微信支付付款',
    invalid_request: '填写的内容有误：请检查后再试',
    // The till's sentences for these tell the cashier what to check or take instead.
    unreachable: '连不上门店的收银系统：请确认手机已连接门店 Wi-Fi，再试一次',
    server_error: '门店的收银系统出错了：请稍后再试，或请店员帮忙',
    server_answer: '门店的收银系统回应有误：请稍后再试，或请店员帮忙',
    provider_unreachable: '暂时连不上微信支付：请稍后再试，或到收银台付款',
    provider_refused: '微信支付没有受理这笔付款：请到收银台付款',
    // The kiosk's quantity box: the till's sentence asks the cashier about a barcode scanned into it.
    quantity_invalid: `每样商品的数量须为 1 到 ${maxLineQty} 的整数：请重新输入`,
  } as Record<string, string>,
  // The kiosk's scan screen, read by the customer standing at it.
  kioskQr: {
    waiting: '正在生成付款码…',
    pending: '付款后请稍候，这里会显示支付结果',
    pending_verification: '正在确认支付结果…',
  } as Record<string, string>,
  /**
   * Why the kiosk's QR ended unpaid, by the payment's status or the refusal's code: a few words,
   * which text.kioskScan.notPaid follows with the way to the counter and the order number.
   */
  kioskNotPaid: {
    declined: '支付未成功',
    expired: '付款码已过期',
    closed: '扫码支付已取消',
    // Money taken that the store could not put on the order: given back at the counter.
    paid_not_recorded: '您的付款未能记入订单，店员会为您退款',
    unreachable: '暂时连不上门店的收银系统，无法扫码支付',
    provider_unreachable: '暂时连不上微信支付，无法扫码支付',
    provider_refused: '微信支付没有受理这笔付款',
  } as Record<string, string>,
  kioskNotPaidOther: '暂时无法扫码支付',
};
