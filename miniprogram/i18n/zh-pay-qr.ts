// The words of WeChat Pay by QR: the checkout's pay QR through its life, and the kiosk's
// scan-to-pay screen.
export const zhPayQr = {
  start: '微信扫码收款',
  cancel: '取消扫码',
  retry: '重新生成收款码',
  amount: (amount: string) => `收款 ${amount}`,
  phases: {
    syncing: '正在把订单同步到门店服务器…',
    requesting: '正在生成收款码…',
    closing: '正在关闭收款码：顾客仍可能用它付款，关闭前请勿改收现金…',
  } as Record<string, string>,
  statuses: {
    pending: '请顾客用微信扫码支付',
    pending_verification: '暂时连不上微信支付：支付结果待核实，恢复后自动确认',
    paid: '顾客已支付',
    declined: '顾客支付未成功',
    expired: '收款码已过期',
    closed: '已取消扫码收款',
    // WeChat took money the server could not put on the order: not paid, and not to be asked again
    // before a manager has looked at it.
    paid_not_recorded: '顾客已付款，但未能记入订单：请经理在当日报表核对并退款，再收款',
  } as Record<string, string>,
  openOrder: (orderNo: string, due: string) =>
    `订单 ${orderNo} 待付款 ${due}：可重新扫码，或改收现金`,
  failed: (message: string) => `无法扫码收款：${message}`,
  // The paid screen of a sale paid by QR: the server recorded the payment, nothing waits to sync.
  recordedOnServer: '门店服务器已记录这笔收款',
  simulator: '模拟支付（未配置微信支付商户）',
  // A void's reason, for the manager reading the orders: the staff session on a kiosk ended.
  voidedUnattended: '店员长时间未操作，收款码已关闭，订单未付款自动作废',
};

export const zhKioskScan = {
  title: '请用微信扫码支付',
  cancel: '改为到柜台付款',
  paid: '支付成功',
  paidNote: '请凭取单号取餐，谢谢惠顾',
  notPaid: (reason: string, total: string) => `${reason}。请到柜台出示取单号并付款 ${total}`,
  unavailable: '扫码支付暂不可用：请选择到柜台付款',
};
