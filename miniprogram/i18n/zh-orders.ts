// The words of the orders screen: today's orders on this device or the whole store, finding one by
// its receipt, reprints, refunds and voids with their manager's PIN, refunds through WeChat Pay, and
// this till's sales left unpaid, to take payment for.
export const zhOrders = {
  title: '今日订单',
  scopes: { device: '本机', store: '全店' },
  empty: '今天还没有订单',
  emptyStore: '今天全店还没有订单（其他收银台的订单同步后显示）',
  syncStates: { synced: '已同步', pending: '待同步', refused: '被拒绝' },
  statuses: {
    open: '待付款',
    paid: '已付款',
    partially_refunded: '部分退款',
    refunded: '已退款',
    voided: '已作废',
  },
  items: (n: number) => `${n} 件`,
  pickOrder: '点一笔订单查看详情',
  // This till's own sale rung up for a pay QR that was not paid: nobody comes to the counter for it.
  unpaid: '未收款',
  unpaidNote: '这笔订单还没有收到钱：请向顾客收款（现金或重新扫码），或请店长作废',
  takePayment: '收款',
  /** At the checkout opened from 收款. */
  unpaidAtCheckout: (orderNo: string) => `未收款的订单 ${orderNo}：为这笔订单收款，购物车不变`,
  lines: '商品',
  tenders: '收款',
  refunds: '退款记录',
  noRefunds: '没有退款',
  refundLeft: (qty: number | string) => `可退 ${qty}`,
  refundedAt: (time: string, amount: string) => `${time} 退 ${amount}`,
  voidedAt: (time: string) => `${time} 已作废`,
  refundAll: '整单退款',
  refundChosen: '退选中商品',
  refundTotal: '应退',
  refundBy: '退款方式',
  refundSplit: '退款方式（可改各项金额）',
  splitLeft: (amount: string) => `可退 ${amount}`,
  splitAssigned: (sum: string, total: string) => `已分配 ${sum} / 应退 ${total}`,
  splitAmountInvalid: (method: string, value: string) =>
    `${method}的退款金额“${value}”不对：请输入如 12.50 的金额`,
  splitExceeds: (method: string, left: string) =>
    `${method}最多还能退 ${left}：请改少一些，其余退到其他方式`,
  splitSumMismatch: (sum: string, total: string) =>
    `各方式合计 ${sum}，与应退 ${total} 不符：请调整到相等`,
  reason: '原因',
  reasonPlaceholder: '选填，如 顾客退货',
  restock: '商品退回库存',
  void: '作废订单',
  managerPin: '请店长输入 PIN 批准',
  wrongManagerPin: '不是店长的 PIN，未批准',
  refunded: (amount: string) => `已退款 ${amount}，将自动同步到门店服务器`,
  voided: '订单已作废，将自动同步到门店服务器',
  chooseLines: '选择要退的商品数量',
  backToList: '返回列表',
  backToRegister: '返回收银',
  searchPlaceholder: '扫小票上的二维码，或输入订单号',
  scan: '扫小票',
  scanFailed: '没有扫到二维码，请再扫一次或输入订单号',
  noMatch: '没有匹配的订单',
  notFound: (no: string) =>
    `本机没有订单 ${no}：本机只保留最近两天的订单，其他收银台的订单同步到本机后才能找到`,
  // An order older than the device's history: only the store's server has it.
  needsServer: (no: string) =>
    `本机没有订单 ${no}：本机只保留最近两天的订单，更早的订单要连上门店服务器才能查到和退款。现在连不上门店服务器，请联网后再查`,
  askingServer: (no: string) => `本机没有订单 ${no}，正在门店服务器上查找…`,
  notOnServer: (no: string) => `门店服务器上也没有订单 ${no}：请核对小票上的订单号`,
  // A server older than the till has no lookup by number: not a sign the order does not exist.
  serverOutdated: (no: string) =>
    `门店服务器的版本过旧，还查不了较早的订单 ${no}（不是订单不存在）：请店长更新门店服务器后再查`,
  serverLookupFailed: (no: string, why: string) => `在门店服务器上查找订单 ${no} 没有成功：${why}`,
  fromServer: '这笔较早的订单是从门店服务器查到的（本机只保留最近两天的订单）：退款照常由店长批准',
  offlineStore: '离线：全店订单是上次同步时的，之后其他收银台的订单联网后显示',
  wechatRefunds: '微信退款',
  wechatRefund: (amount: string) => `退回微信 ${amount}`,
  wechatRefundStates: {
    pending: '待发送',
    processing: '退款中',
    pending_verification: '待核实',
    succeeded: '已退回',
    failed: '退款失败',
  },
  // Fixed sentences by the refund's state: the server's own words (English) stay on the server.
  wechatRefundUnverified: '暂时没有得到微信支付的答复：服务器会自动再问，顾客只会收到一次退款',
  wechatRefundFailed: (refundNo: string) =>
    `微信没有退回这笔钱：请店长核对（退款单号 ${refundNo}），必要时在微信支付商户平台处理或改用现金退还`,
};
