// A refusal's sentence by its code, from this device's stores and from the server (the manager
// screen's refused changes). describeError (index.ts) shows the message of a code with none.
import { maxLineQty } from '@pos/shared';

export const zhErrors = {
  not_paired: '本机还没有配对门店服务器',
  not_signed_in: '请先用 PIN 登录',
  wrong_pin: 'PIN 错误',
  unknown_staff: '本机没有这位员工：请同步后再试',
  address_invalid:
    '服务器地址格式不对，应如 192.168.1.20:8787（服务器启动时会显示）：由数字和点组成，端口前是冒号，中间不能有空格或逗号',
  code_invalid: '配对码是服务器显示的 6 位数字',
  // Both a device's name (pairing) and a member's (joining).
  name_invalid: '名称为 1 到 40 个字',
  member_name_invalid: '会员姓名最多 40 个字，且不能含换行、制表符等控制字符',
  amount_invalid: '金额必须大于 0',
  unreachable: '连不上门店服务器：服务器是否已启动？本机是否连着门店 Wi-Fi？',
  qr_tampered: '二维码被改动过或不是本店的，请重新扫描店员出示的二维码',
  qr_expired: '二维码已过期，请让店员重新出示',
  qr_replayed: '这个二维码已经用过了',
  qr_malformed: '这不是本店的二维码',
  provider_unreachable: '连不上微信支付：请改收现金，或稍后再试',
  provider_refused: '微信支付拒绝了这笔订单：请改收现金',
  login_unconfigured: '门店未开通小程序内支付：请用微信扫一扫店员出示的收款码',
  login_refused: '微信登录没有成功，请重试',
  login_misconfigured: '门店的小程序设置有误，暂时不能在小程序内支付：请告诉店员',
  wechat_unreachable: '暂时连不上微信，请稍后再试',
  wechat_busy: '微信繁忙，请稍后再试',
  order_unknown: '订单还没同步到门店服务器，请稍候再试',
  // A payment refused: the cash this till took for the order is the customer's. not_open is what
  // older servers answer for every status (and the server's QR request still does).
  not_open:
    '这笔订单已不是待付款状态（已在别处收款或已作废），本机这次没有收款：如已为它收了现金，请退还顾客',
  already_paid_elsewhere:
    '这笔订单已收过款（在另一台收银机上，或顾客已扫码付款），本机这次收款没有入账：为它收的现金请退还顾客',
  voided_meanwhile:
    '这笔订单已在另一台收银机上作废，本机这次收款没有入账：为它收的现金请退还顾客；顾客仍要这些商品时，请重新结账',
  // A void of an open order refused: paid meanwhile, it is a sale and stays one.
  order_paid_meanwhile:
    '作废前这笔订单已在另一台收银机上收款或由顾客扫码付清，没有作废：这是一笔成交的销售，钱款照常入账，本机无需退钱',
  already_paid: '顾客已用微信付清这笔订单：为拆分刚收的现金请退还顾客',
  tender_invalid: '微信支付只能与现金组合收款',
  pairing_refused: '服务器拒绝配对：配对码可能错误或已过期，请在服务器上重新获取',
  pairing_locked_out: '配对尝试次数太多：请过几分钟再试（期间输入的配对码不会被检查）',
  bad_answer: '服务器返回了无法识别的内容',
  already_paired: '本机已经配对过了',
  unreadable: '本机有无法读取、可能未同步的数据：请先更新小程序让它同步，再解除配对',
  storage_full: '本机存储已满：同步之前不能开始新的销售',
  storage_error: '本机存储写入失败，这项操作没有记下：请重试；一再失败时请联网同步，让本机清出空间',
  unsynced:
    '还有更改没有同步到门店服务器：请连上服务器，等全部同步后再试（被拒绝的更改要店长先处理）',
  cash_short: '收到的现金少于这笔现金的金额',
  change_wrong: '找零金额不对：应为收到的现金减去这笔金额',
  too_large: '这笔订单太大，本机存不下：请分成几笔结账',
  level_invalid: '库存按整件清点（称重商品按克）',
  manager_only: '只有店长登录后才能处理',
  not_refused: '这项更改没有被服务器拒绝，无需处理',
  refused: '门店服务器拒绝了这笔订单，没有收款：原因见同步状态里被拒绝的更改，请店长处理',
  payment_busy: '收款码已在屏幕上：请先完成或取消那一笔',
  login_failed: '微信登录没有成功，请重试',
  server_error: '门店服务器出错了：请稍后再试，并告诉店长',
  // A server older than this app lacks what was asked of it (WeChat updates the app first).
  server_outdated: '门店服务器的版本过旧，还不支持这项功能：请店长更新门店服务器',
  // The store's orders of the day (the manager screen's store-wide figures).
  store_day_unpaired: '门店服务器不再认可本机的配对（可能已被撤销）：请重新配对',
  store_day_forbidden: '门店服务器只让店长查看全店数据：请店长登录后再试',
  server_answer: '服务器返回了无法识别的内容',
  already_closed: '这个营业日已经日结过了',
  note_required: '数据不全时日结，需要写明原因',
  empty_cart: '购物车是空的',
  unknown_sku: '商品目录里没有这个商品：请同步后再试',
  inactive: '这个商品已停售',
  unsellable: '购物车里有已停售的商品：请移除标着“已停售”的商品后再结账',
  sold_out: '这件商品已售罄',
  stock_short: '这件商品店里只剩这么多了',
  unknown_barcode: '没有商品使用这个条码',
  ambiguous_barcode: '几件商品用的是同一个条码，没有加入：请点选要卖的商品，并请店长改正条码',
  underpaid: '收款金额还不够',
  overpaid: '收款金额超过应收',
  several_cash: '已有一笔现金，请修改那一笔',
  balance_short: '储值余额不足',
  offline_member_cap:
    '离线时每位会员的储值消费已到上限：请改用其他方式付款，或等本机联网后再用储值',
  offline_device_cap: '离线时本机的储值消费总额已到上限：请改用其他方式付款，或等本机联网',
  stored_value_catching_up:
    '本机刚连上门店服务器，会员余额还在同步，储值暂按离线上限收：请稍等几秒再试，或改用其他方式付款',
  member_mismatch: '储值只能用当前会员的',
  no_member: '请先选择会员',
  points_invalid: '请输入要抵扣的积分',
  points_not_whole: '积分按整元抵扣：请输入每元所需积分的整数倍',
  // At redeeming, and again at checkout: the points may have gone meanwhile.
  points_short: '会员积分不够：请少用一些积分',
  points_over_total: '抵扣金额超过应付金额：请少用一些积分',
  top_up_too_large: '单次充值不能超过 5000 元',
  payment_invalid: '微信支付充值缺少支付单号',
  member_unknown: '服务器上没有这位会员：这笔充值需要店长处理',
  top_up_reference_used:
    '这笔微信支付已经入过账（充值或订单收款），不能再充值一次，服务器未入账：请店长处理',
  id_sequence_mismatch: '这笔更改的编号已用过或与记录不符，服务器未入账：请店长处理',
  // Refusals the server gives a change this device made (listed on the manager screen).
  wrong_device: '这笔更改用了另一台设备的编号，服务器未入账',
  apply_failed: '服务器处理这笔更改时出错，未入账，但已原样保存在服务器上：请告诉店长',
  change_failed: '服务器保存这项更改时出错，什么也没有改动：请稍后再试，并告诉店长',
  staff_unknown: '服务器上没有这位员工：请店长核对员工名单',
  staff_inactive: '这位员工已停用：请换一位在职员工登录后再收款',
  approval_not_manager: '批准人在服务器上不是店长（可能已被改为收银员）：请店长处理',
  sku_unknown: '门店的商品目录里没有这个商品（可能已删除），这次盘点没有入账：请同步后重新盘点',
  wechat_tender_from_device:
    '微信支付只能由门店服务器在顾客扫码付清后记入，本机记下的微信收款服务器未入账：请店长核对这笔订单',
  duplicate_refund: '这笔退款服务器已经记过，不会重复退款',
  order_exists: '服务器上已有这笔订单',
  order_status: '订单要先成交，才能退款或作废',
  empty_order: '订单里没有商品',
  cashier_missing: '收银台的订单缺少收银员',
  totals_inconsistent: '订单金额合计不一致，服务器未入账：请更新小程序并告知店长',
  unknown_line: '退款的商品不在这笔订单里',
  duplicate_line: '同一件商品在退款里出现了两次',
  qty_invalid: '退款数量至少为 1',
  amount_exceeds: '退款金额超过了这件商品还能退的金额',
  wrong_order: '这笔退款不属于这笔订单',
  approval_missing: '需要店长输入 PIN 批准',
  unknown_order: '本机没有这笔订单：请同步后再试',
  not_refundable: '这笔订单已无可退的商品',
  empty_refund: '请先选择要退的商品',
  too_many_refunds: '这笔订单的退款已到 100 次的上限，不能再记退款：请店长处理',
  order_too_large: '这笔订单连同退款记录已太大，不能再记退款：请店长处理',
  qty_exceeds: '退货数量超过可退数量',
  tender_exceeds: '退回某种方式的金额超过了它还能退的金额',
  tender_sum_mismatch: '各方式的退款合计与应退金额不符',
  unknown_tender: '这笔订单没有用这种方式付款，不能退到这里',
  already_voided: '订单已作废',
  already_refunded: '订单已有退款，不能作废：请退剩下的商品',
  shift_open: '本机已开班：请先结班',
  payment_open:
    '本机的微信收款码可能还会被付款：请先在结账页完成或取消这笔收款，等收款码关闭后再解除配对',
  shift_close_refused:
    '之前一个班次的结班被服务器拒绝，这个班次仍未结束：请店长在管理页查看原因，重新清点后再结班',
  no_shift: '本机还没有开班',
  counted_total_mismatch: '清点合计与各面额张数不符：请重新清点后结班',
  drawer_reason_missing: '请填写打开钱箱的原因',
  unknown_member: '没有这位会员：请核对手机号，或先办理会员',
  phone_invalid: '请输入 11 位手机号',
  not_kiosk: '本机不是自助点单机',
  clock_behind:
    '本机的日期时间比本机上一笔操作还早，可能被调回过：请在系统设置里校准平板的日期和时间，校准前不能收款',
  // The cart's own rules (shared/cart.ts CartProblem): mostly what the cashier typed.
  quantity_invalid: `数量须为 1 到 ${maxLineQty} 的整数（称重商品为克数）：是否把条码扫进了数量框？`,
  price_invalid: '价格须为不小于 0 的金额',
  discount_invalid: '折扣须为 0% 到 100%，或不小于 0 的金额',
  line_too_costly: '这一行的金额太大，无法结算：请核对数量和价格',
  sku_not_in_catalog: '购物车里有本机商品资料中没有的商品：请移出这一行，或同步后再试',
  sku_inactive: '购物车里有已停售的商品：请移出这一行',
  sku_id_clash: '商品资料有误（同一规格编号在两个商品里）：请店长在管理后台修正后同步',
  cart_changed: '购物车刚刚变了，请再试一次',
} as Record<string, string>;

/**
 * Refusals that name amounts (money already formatted): what was asked, and what is still
 * allowed. describeError uses them when the refusal carries the amounts, the sentence above if not.
 */
export const zhErrorsWithAmounts = {
  offline_member_cap: (asked: string, left: string) =>
    `离线时每位会员的储值消费有上限：这次要用储值 ${asked}，这位会员离线最多还能用 ${left}。请改用其他方式付款，或等本机联网后再用储值`,
  offline_device_cap: (asked: string, left: string) =>
    `离线时本机的储值消费总额有上限：这次要用储值 ${asked}，本机离线最多还能收 ${left}。请改用其他方式付款，或等本机联网`,
  // Online, before the server's catch-up is applied: the balances shown may be a day old.
  stored_value_catching_up: (asked: string, left: string) =>
    `本机刚连上门店服务器，会员余额还在同步：同步完成前储值按离线上限收，这次要用 ${asked}，最多还能用 ${left}。请稍等几秒再试，或改用其他方式付款`,
} as Record<string, (asked: string, left: string) => string>;

/**
 * Refusals that name a time on the store's clock ('2026-11-22 09:30'): describeError uses them when
 * the refusal carries it (`lastAt`), the sentence above if not.
 */
export const zhErrorsWithTime = {
  clock_behind: (lastAt: string) =>
    `本机的日期时间比本机上一笔操作（${lastAt}）还早，可能被调回过：请在系统设置里把平板的日期和时间校准为现在，校准前不能收款，也不能记其他操作`,
} as Record<string, (lastAt: string) => string>;
