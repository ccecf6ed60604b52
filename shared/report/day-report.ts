// The day-end report as the manager reads it: the Z-report, WeChat Pay paid and awaiting
// verification, stored value spent and topped up, member joins, completeness and late adjustments.
import { z } from 'zod';
import { businessDayOf } from '../business-day';
import type { Fen } from '../money';
import { nonNegativeFenSchema } from '../money-schema';
import type { Member } from '../member';
import { epochMsSchema } from '../epoch-ms';
import { type TenderMethod } from '../order';
import type { LateShiftClose } from './cash-variance';
import { assessCompleteness, type Completeness, type CompletenessInput } from './completeness';
import {
  summarizeLateAdjustments,
  type LateAdjustment,
  type LateAdjustments,
} from './late-adjustment';
import { buildZReport, type ZReport, type ZReportInput } from './z-report';

/**
 * A WeChat payment a person must look at: started but not yet confirmed by WeChat (or the
 * simulator), or paid but not recorded on its order (money taken the order could not take: it
 * needs a refund). The payments module fills these (sync-server/reports/pending-payments.ts).
 */
export const pendingPaymentSchema = z.object({
  reference: z.string().min(1).max(64),
  orderId: z.string().max(80).nullable(),
  orderNo: z.string().max(20).nullable(),
  deviceId: z.string().max(40).nullable(),
  amount: nonNegativeFenSchema,
  createdAt: epochMsSchema,
  /**
   * The business day it counts on: its order's (where the Z-report counts the order's WeChat
   * tender and lists it open meanwhile), a top-up's own. Not the day its QR was made, which may be
   * the next for an order placed just before the day's start. Absent in reports frozen before it
   * was recorded.
   */
  businessDay: z.string().max(10).optional(),
  /** Absent in reports frozen before it was recorded (they listed pending ones only). */
  status: z.enum(['pending', 'pending_verification', 'paid_not_recorded']).optional(),
  /** Why it could not be verified, or why the order could not take it. */
  problem: z.string().max(300).nullable().optional(),
});
export type PendingPayment = z.infer<typeof pendingPaymentSchema>;

/**
 * Money put on a member's stored value. The membership module records top-ups; until it does the
 * server passes none. A cash top-up is cash in a drawer, so it names the device and shift too.
 */
export const storedValueTopUpSchema = z.object({
  id: z.string().min(1).max(80),
  memberId: z.string().min(1).max(60),
  amount: nonNegativeFenSchema,
  method: z.enum(['cash', 'wechat']),
  deviceId: z.string().max(40).nullable(),
  staffId: z.string().max(40).nullable(),
  at: epochMsSchema,
  /**
   * The business day it counts on: a till's top-up's own, a QR top-up's the day its QR was made
   * (paid after the day's start, it is still that day's, as the member activity counts it).
   * Absent: the day of `at`.
   */
  businessDay: z.string().max(10).optional(),
});
export type StoredValueTopUp = z.infer<typeof storedValueTopUpSchema>;

export interface DayReportInput extends ZReportInput {
  now: number;
  pendingPayments: readonly PendingPayment[];
  storedValueTopUps: readonly StoredValueTopUp[];
  members: readonly Pick<Member, 'id' | 'name' | 'phone' | 'joinedAt'>[];
  devices: CompletenessInput['devices'];
  refusedOrderIds?: readonly string[];
  /** Operations for earlier, closed days that this report carries (see late-adjustment.ts). */
  lateAdjustments: readonly LateAdjustment[];
  /** Shifts of closed days closed since their close that this report carries, as counted now. */
  lateShiftCloses?: readonly LateShiftClose[];
}

export interface DayReport {
  businessDay: string;
  generatedAt: number;
  z: ZReport;
  wechat: {
    paidCount: number;
    paid: Fen;
    refunded: Fen;
    pendingCount: number;
    pending: Fen;
    pendingList: PendingPayment[];
  };
  storedValue: {
    spendCount: number;
    spent: Fen;
    refundedToBalance: Fen;
    topUpCount: number;
    toppedUp: Fen;
    topUpsByMethod: Array<{ method: StoredValueTopUp['method']; amount: Fen }>;
    /** toppedUp - spent + refundedToBalance: how the members' balances moved. */
    balanceChange: Fen;
  };
  members: {
    joined: number;
    list: Array<Pick<Member, 'id' | 'name' | 'phone' | 'joinedAt'>>;
  };
  completeness: Completeness;
  lateAdjustments: LateAdjustments;
  /** Absent in reports frozen before it was kept. */
  lateShiftCloses?: LateShiftClose[];
}

function tenderRow(z: ZReport, method: TenderMethod) {
  return z.byTender.find((row) => row.method === method) ?? { count: 0, sales: 0, refunds: 0 };
}

/**
 * A register that took only kiosk orders' payments made no order of its own to name its code in
 * the by-device rows: the store's device list does.
 */
function withDeviceCodes(report: ZReport, devices: DayReportInput['devices']): ZReport {
  const codes = new Map(devices.map((device) => [device.deviceId, device.code]));
  const byDevice = report.byDevice.map((row) =>
    row.deviceCode ? row : { ...row, deviceCode: codes.get(row.deviceId) ?? '' },
  );
  return { ...report, byDevice };
}

export function buildDayReport(input: DayReportInput): DayReport {
  const { businessDay, settings } = input;
  const z = withDeviceCodes(buildZReport(input), input.devices);
  const ofDay = (at: number) => businessDayOf(at, settings) === businessDay;
  // A payment or top-up is the day's by the day it names, the same key its source filtered on.
  const named = (item: { businessDay?: string }, at: number) =>
    item.businessDay === undefined ? ofDay(at) : item.businessDay === businessDay;
  const wechat = tenderRow(z, 'wechat');
  const pendingList = input.pendingPayments.filter((p) => named(p, p.createdAt));
  // Money taken but not on an order is listed, not counted as waiting for WeChat Pay.
  const waiting = pendingList.filter((p) => p.status !== 'paid_not_recorded');
  const stored = tenderRow(z, 'stored_value');
  const topUps = input.storedValueTopUps.filter((t) => named(t, t.at));
  const toppedUp = topUps.reduce((sum, t) => sum + t.amount, 0);
  const topUpsByMethod = (['cash', 'wechat'] as const).map((method) => ({
    method,
    amount: topUps.filter((t) => t.method === method).reduce((sum, t) => sum + t.amount, 0),
  }));
  const joined = input.members
    .filter((m) => ofDay(m.joinedAt))
    .sort((a, b) => a.joinedAt - b.joinedAt)
    .map(({ id, name, phone, joinedAt }) => ({ id, name, phone, joinedAt }));
  return {
    businessDay,
    generatedAt: input.now,
    z,
    wechat: {
      paidCount: wechat.count,
      paid: wechat.sales,
      refunded: wechat.refunds,
      pendingCount: waiting.length,
      pending: waiting.reduce((sum, p) => sum + p.amount, 0),
      pendingList,
    },
    storedValue: {
      spendCount: stored.count,
      spent: stored.sales,
      refundedToBalance: stored.refunds,
      topUpCount: topUps.length,
      toppedUp,
      topUpsByMethod,
      balanceChange: toppedUp - stored.sales + stored.refunds,
    },
    members: { joined: joined.length, list: joined },
    completeness: assessCompleteness({
      businessDay,
      settings,
      now: input.now,
      devices: input.devices,
      orders: input.orders.filter((o) => o.businessDay === businessDay),
      refusedOrderIds: input.refusedOrderIds,
    }),
    lateAdjustments: summarizeLateAdjustments(input.lateAdjustments),
    lateShiftCloses: [...(input.lateShiftCloses ?? [])],
  };
}
