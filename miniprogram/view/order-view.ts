// What the orders screen shows, from the orders store's views: today's list with each order's
// sync state, one order's detail (lines, tenders, refunds; whether it came from the store's
// server), what a search found or must ask the server, and a proposed refund. Pure.
import {
  formatFen,
  refundableByLine,
  storeClockTime,
  type Order,
  type OrderPaymentRefund,
  type PaymentRefundStatus,
  type SuggestedRefund,
  type TenderMethod,
  type Checked,
} from '@pos/shared';
import type { OrderView, SyncState } from '../core/local-view';
import { orderKeyOf, type OrderKey } from '../core/server-order';
import { describeError, text } from '../i18n/index';
import { weightText } from './weight-entry';

export type OrderScope = 'device' | 'store';

export interface OrderRow {
  id: string;
  orderNo: string;
  time: string;
  total: string;
  items: string;
  status: string;
  sync: SyncState;
  syncText: string;
  /** Vant tag type for the sync state. */
  syncTone: 'success' | 'warning' | 'danger';
}

export interface DetailLine {
  lineId: string;
  name: string;
  qty: string;
  total: string;
  /** Pieces (or grams) still refundable. */
  left: number;
  /** "可退 2"; empty when nothing is left to refund. */
  leftText: string;
  /** Sold by weight: refunded whole or not at all. */
  byWeight: boolean;
}

export interface AmountRow {
  method: string;
  amount: string;
}

export interface OrderDetail {
  id: string;
  orderNo: string;
  time: string;
  status: string;
  syncText: string;
  syncTone: OrderRow['syncTone'];
  total: string;
  lines: DetailLine[];
  tenders: AmountRow[];
  refunds: Array<{ id: string; text: string; reason: string }>;
  /** Money a refund or void sends back through WeChat Pay, as the server last reported it. */
  wechatRefunds: WechatRefundRow[];
  voided: string;
  refundable: boolean;
  voidable: boolean;
  /** Looked up on the store's server: older than the orders this device keeps. */
  fromServer: boolean;
}

export interface WechatRefundRow {
  id: string;
  amount: string;
  state: string;
  /** Vant tag type: done, still on its way, or failed. */
  tone: 'success' | 'warning' | 'danger';
  /** Why it failed or is not yet checked; empty when there is nothing to say. */
  problem: string;
}

export interface RefundProposal {
  total: string;
  tenders: AmountRow[];
}

/** A refund's chosen quantities, by line id. */
export type RefundChoice = Record<string, number>;

const tones: Record<SyncState, OrderRow['syncTone']> = {
  synced: 'success',
  pending: 'warning',
  refused: 'danger',
};

export function methodName(method: TenderMethod): string {
  return method === 'cash'
    ? text.checkout.cash
    : method === 'wechat'
      ? text.checkout.wechat
      : text.checkout.storedValue;
}

function pieces(order: Order): number {
  return order.lines.reduce((n, line) => n + (line.soldBy === 'weight' ? 1 : line.qty), 0);
}

const refundTones: Record<PaymentRefundStatus, WechatRefundRow['tone']> = {
  pending: 'warning',
  processing: 'warning',
  pending_verification: 'warning',
  succeeded: 'success',
  failed: 'danger',
};

/**
 * What staff are told of a refund that needs a look, by its state alone: the server's `problem` is
 * its own words or the provider's (English, a network error); it stays in the server's refunds
 * (GET /api/payments/refunds, the log) and is never shown on the till. The refund number finds the
 * refund there and in the merchant platform.
 */
function refundProblem(refund: OrderPaymentRefund): string {
  if (refund.status === 'failed') return text.orders.wechatRefundFailed(refund.outRefundNo);
  if (refund.status === 'pending_verification') return text.orders.wechatRefundUnverified;
  return '';
}

function wechatRefundRows(order: Order): WechatRefundRow[] {
  return (order.paymentRefunds ?? []).map((refund) => ({
    id: refund.outRefundNo,
    amount: text.orders.wechatRefund(formatFen(refund.amount)),
    state: text.orders.wechatRefundStates[refund.status],
    tone: refundTones[refund.status],
    problem: refundProblem(refund),
  }));
}

/** An order number as typed or scanned, for comparing: upper case, no spaces. */
function numberKey(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** The rows whose order number holds what is in the search box (all of them when it is empty). */
export function matchingRows<T extends Pick<OrderRow, 'orderNo'>>(rows: T[], query: string): T[] {
  const key = numberKey(query);
  return key ? rows.filter((row) => numberKey(row.orderNo).includes(key)) : rows;
}

export type OrderSearch =
  /** The order the scanner's burst or the typed number names, wherever it was sold. */
  | { kind: 'found'; view: OrderView }
  /** A part of a number that only one listed order holds. */
  | { kind: 'only'; id: string }
  /** A whole number or id this device does not hold: the store's server may (an older order). */
  | { kind: 'ask'; key: OrderKey; shown: string }
  | { kind: 'missing'; message: string };

/**
 * Enter in Orders' search box: what a scanner just typed (a receipt's QR) or the number typed by
 * hand names an order, another device's or yesterday's too; else a part of a number that only
 * one listed row holds opens that one; else a whole number or id is for the server to look up.
 */
export function searchOrders(
  typed: string,
  scanned: string | null,
  rows: ReadonlyArray<Pick<OrderRow, 'id'>>,
  findByReceipt: (text: string) => OrderView | null,
): OrderSearch {
  const found = (scanned && findByReceipt(scanned)) || findByReceipt(typed);
  if (found) return { kind: 'found', view: found };
  if (!scanned && rows.length === 1) return { kind: 'only', id: rows[0].id };
  const asked = (scanned && orderKeyOf(scanned) && scanned) || (orderKeyOf(typed) && typed);
  const key = asked ? orderKeyOf(asked) : null;
  if (asked && key) return { kind: 'ask', key, shown: asked.trim() };
  return {
    kind: 'missing',
    message:
      rows.length === 0 || scanned ? text.orders.notFound(scanned ?? typed) : text.orders.noMatch,
  };
}

/** A receipt read by the camera: found here, for the server to look up, or not an order's. */
export function scannedReceipt(
  code: string,
  findByReceipt: (text: string) => OrderView | null,
): OrderSearch {
  const found = findByReceipt(code);
  if (found) return { kind: 'found', view: found };
  const key = orderKeyOf(code);
  return key
    ? { kind: 'ask', key, shown: code.trim() }
    : { kind: 'missing', message: text.orders.notFound(code) };
}

/**
 * What Orders says of a look-up on the store's server that found nothing to show: the server out of
 * reach, too old to look it up (never "no such order": the refund would be turned away), its
 * refusal, or no such order there. Null when it found the order.
 */
export function serverLookupProblem(
  found: Checked<OrderView | null>,
  shown: string,
): string | null {
  if (!found.ok && found.error.code === 'unreachable') return text.orders.needsServer(shown);
  if (!found.ok && found.error.code === 'server_outdated') return text.orders.serverOutdated(shown);
  if (!found.ok) return text.orders.serverLookupFailed(shown, describeError(found.error));
  return found.value ? null : text.orders.notOnServer(shown);
}

/** Today's orders, newest first: this device's only, or every device's the store has synced. */
export function orderRows(
  views: readonly OrderView[],
  scope: OrderScope,
  deviceId: string | null,
  utcOffsetMinutes: number,
): OrderRow[] {
  return views
    .filter((view) => scope === 'store' || view.order.deviceId === deviceId)
    .map(({ order, sync }) => ({
      id: order.id,
      orderNo: order.orderNo,
      time: storeClockTime(order.createdAt, utcOffsetMinutes),
      total: formatFen(order.total),
      items: text.orders.items(pieces(order)),
      status: text.orders.statuses[order.status],
      sync,
      syncText: text.orders.syncStates[sync],
      syncTone: tones[sync],
    }));
}

export function orderDetail(
  view: OrderView | null,
  utcOffsetMinutes: number,
  fromServer = false,
): OrderDetail | null {
  if (!view) return null;
  const { order, sync } = view;
  const left = new Map(refundableByLine(order).map((line) => [line.lineId, line.qty]));
  const refundable = order.status === 'paid' || order.status === 'partially_refunded';
  return {
    id: order.id,
    orderNo: order.orderNo,
    time: storeClockTime(order.createdAt, utcOffsetMinutes),
    status: text.orders.statuses[order.status],
    syncText: text.orders.syncStates[sync],
    syncTone: tones[sync],
    total: formatFen(order.total),
    lines: order.lines.map((line) => {
      const leftQty = refundable ? (left.get(line.lineId) ?? 0) : 0;
      const byWeight = line.soldBy === 'weight';
      return {
        lineId: line.lineId,
        name: line.name,
        qty: byWeight ? weightText(line.qty) : `× ${line.qty}`,
        total: formatFen(line.total),
        left: leftQty,
        leftText:
          leftQty > 0 ? text.orders.refundLeft(byWeight ? weightText(leftQty) : leftQty) : '',
        byWeight,
      };
    }),
    tenders: order.tenders.map((tender) => ({
      method: methodName(tender.method),
      amount: formatFen(tender.amount),
    })),
    refunds: order.refunds.map((refund) => ({
      id: refund.id,
      text: text.orders.refundedAt(
        storeClockTime(refund.createdAt, utcOffsetMinutes),
        formatFen(refund.tenders.reduce((sum, t) => sum + t.amount, 0)),
      ),
      reason: refund.reason,
    })),
    wechatRefunds: wechatRefundRows(order),
    voided: order.void ? text.orders.voidedAt(storeClockTime(order.void.at, utcOffsetMinutes)) : '',
    refundable,
    voidable: order.refunds.length === 0 && (order.status === 'paid' || order.status === 'open'),
    fromServer,
  };
}

/** Every piece still refundable: a whole-order refund. */
export function wholeOrderChoice(detail: OrderDetail): RefundChoice {
  const choice: RefundChoice = {};
  for (const line of detail.lines) if (line.left > 0) choice[line.lineId] = line.left;
  return choice;
}

/** The chosen quantities as the orders store takes them (lines at zero left out). */
export function refundLines(choice: RefundChoice): Array<{ lineId: string; qty: number }> {
  return Object.entries(choice)
    .filter(([, qty]) => qty > 0)
    .map(([lineId, qty]) => ({ lineId, qty }));
}

export function refundProposal(suggested: SuggestedRefund): RefundProposal {
  return {
    total: formatFen(suggested.lines.reduce((sum, line) => sum + line.amount, 0)),
    tenders: suggested.tenders.map((t) => ({
      method: methodName(t.method),
      amount: formatFen(t.amount),
    })),
  };
}
