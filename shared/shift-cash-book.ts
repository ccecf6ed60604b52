// A drawer's books: which sales, refunds, voids and cash top-ups went through a shift's drawer (a
// till's one drawer, from the opening float to the count), and what the drawer should hold.
import type { Fen } from './money';
import type { Order, Refund } from './order';
import {
  expectedCash,
  type CashFlows,
  type CashMovement,
  type DrawerTopUp,
  type ShiftClosed,
  type ShiftOpened,
} from './shift';

/** A shift's opening, with the device it was opened on (from its operation's envelope). */
export type ShiftOpenedOnDevice = ShiftOpened & { deviceId: string };

/** Which drawer and when: whose cash belongs to the shift. `to` is null while it is open. */
export interface ShiftWindow {
  shiftId: string;
  deviceId: string;
  staffId: string;
  from: number;
  to: number | null;
}

export function shiftWindow(opened: ShiftOpenedOnDevice, closed?: ShiftClosed | null): ShiftWindow {
  return {
    shiftId: opened.shiftId,
    deviceId: opened.deviceId,
    staffId: opened.staffId,
    from: opened.at,
    to: closed ? closed.at : null,
  };
}

function within(at: number, window: ShiftWindow): boolean {
  return at >= window.from && (window.to === null || at <= window.to);
}

/** Orders that count as sales: paid, perhaps refunded since (refunds are counted apart), not voided. */
export function wasPaid(order: Order): boolean {
  return (
    order.status === 'paid' || order.status === 'partially_refunded' || order.status === 'refunded'
  );
}

/** Orders whose tenders took money at some point, including those voided since. */
export function tookPayment(order: Order): boolean {
  return order.status !== 'open' && order.paidAt !== null;
}

/**
 * The device whose drawer (or pay QR) took an order's payment, where its tenders count: the
 * register that took a kiosk order's payment at the counter, else the device it was placed on.
 */
export function tenderDeviceOf(order: Order): string {
  return order.paidDeviceId ?? order.deviceId;
}

/**
 * When an order's payment went into its drawer, on that till's clock as the shift's window is: the
 * cash of a split paid by QR when the till took it (WeChat's paidAt may be minutes off that clock),
 * any other payment when it was paid. Null while unpaid.
 */
export function drawerTimeOf(order: Order): number | null {
  return order.cashTakenAt ?? order.paidAt;
}

/**
 * Whether an order's payment went into this shift's drawer: taken during the shift (drawerTimeOf)
 * on its device (tenderDeviceOf), whoever took it. A device has one drawer: a second cashier
 * selling while the first one's shift is open puts the cash in that drawer. A kiosk order paid
 * before orders named the device that took the payment: the cashier and the time decide. A voided
 * order's payment stays here: its cash went into this drawer, and came out of the one the void was
 * made at (voidedInShift), maybe on another day.
 */
export function paidInShift(order: Order, window: ShiftWindow): boolean {
  const at = drawerTimeOf(order);
  return (
    tookPayment(order) &&
    at !== null &&
    within(at, window) &&
    (tenderDeviceOf(order) === window.deviceId ||
      (order.source === 'kiosk' &&
        order.paidDeviceId === undefined &&
        order.cashierId === window.staffId))
  );
}

/**
 * Whether a top-up's cash went into this shift's drawer: paid in cash, taken on its device during
 * it. A WeChat Pay top-up never touches a drawer.
 */
export function toppedUpInShift(topUp: DrawerTopUp, window: ShiftWindow): boolean {
  return topUp.method === 'cash' && topUp.deviceId === window.deviceId && within(topUp.at, window);
}

/** Whether a refund's money came out of this shift's drawer: given on its device during it. */
export function refundedInShift(refund: Refund, window: ShiftWindow): boolean {
  return refund.deviceId === window.deviceId && within(refund.createdAt, window);
}

/**
 * Whether a paid order's void handed its cash back out of this shift's drawer: made on its device
 * during it (as refunds are, refundedInShift). A void recorded before voids named their device is
 * taken as made at the register that took the payment (where voids are made).
 */
export function voidedInShift(order: Order, window: ShiftWindow): boolean {
  const record = order.void;
  return (
    order.status === 'voided' &&
    record !== null &&
    tookPayment(order) &&
    within(record.at, window) &&
    (record.deviceId ?? tenderDeviceOf(order)) === window.deviceId
  );
}

/**
 * Whether any of an order's cash went through this shift's drawer: its payment, a refund or its
 * void. A device keeps such orders while the shift is open, so the drawer's expected cash does not
 * lose a sale when its history is pruned (a shift left open for days, a nearly full storage).
 */
export function touchedShiftDrawer(order: Order, window: ShiftWindow): boolean {
  return (
    paidInShift(order, window) ||
    voidedInShift(order, window) ||
    order.refunds.some((refund) => refundedInShift(refund, window))
  );
}

export function cashTaken(order: Order): Fen {
  let cash = 0;
  for (const tender of order.tenders) if (tender.method === 'cash') cash += tender.amount;
  return cash;
}

export function cashGivenBack(refund: Refund): Fen {
  let cash = 0;
  for (const tender of refund.tenders) if (tender.method === 'cash') cash += tender.amount;
  return cash;
}

export interface ShiftSummary extends CashFlows {
  shiftId: string;
  staffId: string;
  deviceId: string;
  openedAt: number;
  closedAt: number | null;
  expected: Fen;
  /** Null while the shift is open. */
  counted: Fen | null;
  /** counted - expected: positive when the drawer holds more than it should. Null while open. */
  variance: Fen | null;
  /** The cashier's note at the close ('' while open or when none was given). */
  note: string;
  /** The manager who approved the variance, when one did. */
  approvedBy: string | null;
}

function summaryOf(
  window: ShiftWindow,
  flows: CashFlows,
  closed: ShiftClosed | null,
): ShiftSummary {
  const expected = expectedCash(flows);
  const counted = closed ? closed.countedTotal : null;
  return {
    shiftId: window.shiftId,
    staffId: window.staffId,
    deviceId: window.deviceId,
    openedAt: window.from,
    closedAt: window.to,
    ...flows,
    expected,
    counted,
    variance: counted === null ? null : counted - expected,
    note: closed?.note ?? '',
    approvedBy: closed?.approvedBy ?? null,
  };
}

export interface ShiftCashBook {
  /** Counts an order's cash payment, its refunds' and its void's cash, in the shifts they belong to. */
  addOrder(order: Order): void;
  /** Counts a cash top-up in the shift whose drawer took it (see toppedUpInShift). */
  addTopUp(topUp: DrawerTopUp): void;
  /** One summary per opened shift, in the order they were given. */
  summaries(): ShiftSummary[];
}

/**
 * Tallies the cash of several shifts in one pass over orders, for the Z-report and summarizeShift
 * alike. Movements count by shift id; orders, refunds, voids and top-ups by drawer and time (see
 * paidInShift), each in exactly one shift. The till opens one shift at a time, but should two
 * shifts of one device overlap in the data (one closed and the next opened in the same
 * millisecond), the cash goes to the shift of whoever moved it, else to the one opened last.
 */
export function shiftCashBook(
  opened: readonly ShiftOpenedOnDevice[],
  movements: readonly CashMovement[],
  closed: readonly ShiftClosed[],
): ShiftCashBook {
  const closedById = new Map(closed.map((c) => [c.shiftId, c]));
  type Tally = { window: ShiftWindow; flows: CashFlows; closed: ShiftClosed | null };
  const tallies: Tally[] = [];
  const byId = new Map<string, Tally>();
  // A device has few shifts a day, so a payment is tested against a handful of windows at most.
  const byDevice = new Map<string, Tally[]>();
  for (const shift of opened) {
    const shiftClosed = closedById.get(shift.shiftId) ?? null;
    const tally: Tally = {
      window: shiftWindow(shift, shiftClosed),
      flows: {
        float: shift.float,
        cashSales: 0,
        cashRefunds: 0,
        cashVoids: 0,
        cashIn: 0,
        cashOut: 0,
        cashTopUps: 0,
      },
      closed: shiftClosed,
    };
    tallies.push(tally);
    byId.set(shift.shiftId, tally);
    const ofDevice = byDevice.get(shift.deviceId);
    if (ofDevice) ofDevice.push(tally);
    else byDevice.set(shift.deviceId, [tally]);
  }
  for (const movement of movements) {
    const flows = byId.get(movement.shiftId)?.flows;
    if (!flows) continue;
    if (movement.direction === 'in') flows.cashIn += movement.amount;
    else flows.cashOut += movement.amount;
  }
  /** The one shift, of those `holds` the money, that counts it. */
  const shiftOf = (
    candidates: readonly Tally[] | undefined,
    staffId: string | null,
    holds: (window: ShiftWindow) => boolean,
  ): CashFlows | null => {
    let chosen: Tally | null = null;
    for (const tally of candidates ?? []) {
      if (!holds(tally.window)) continue;
      const own = tally.window.staffId === staffId;
      const chosenOwn = chosen?.window.staffId === staffId;
      if (
        !chosen ||
        (own && !chosenOwn) ||
        (own === chosenOwn && tally.window.from > chosen.window.from)
      )
        chosen = tally;
    }
    return chosen?.flows ?? null;
  };
  return {
    addOrder(order) {
      const cash = cashTaken(order);
      if (cash > 0) {
        // Before orders named the register that took a kiosk order's payment, any drawer could have.
        const legacyKiosk = order.source === 'kiosk' && order.paidDeviceId === undefined;
        const candidates = legacyKiosk ? tallies : byDevice.get(tenderDeviceOf(order));
        const flows = shiftOf(candidates, order.cashierId, (w) => paidInShift(order, w));
        if (flows) flows.cashSales += cash;
      }
      for (const refund of order.refunds) {
        const back = cashGivenBack(refund);
        const flows =
          back > 0 &&
          shiftOf(byDevice.get(refund.deviceId), refund.staffId, (w) => refundedInShift(refund, w));
        if (flows) flows.cashRefunds += back;
      }
      if (order.void !== null) {
        // A void hands back all the cash the order took: no refund can come before one (voidOrder).
        const back = cashTaken(order);
        const device = order.void.deviceId ?? tenderDeviceOf(order);
        const flows =
          back > 0 &&
          shiftOf(byDevice.get(device), order.void.staffId, (w) => voidedInShift(order, w));
        if (flows) flows.cashVoids += back;
      }
    },
    addTopUp(topUp) {
      if (topUp.method !== 'cash' || topUp.deviceId === null) return;
      const flows = shiftOf(byDevice.get(topUp.deviceId), topUp.staffId, (w) =>
        toppedUpInShift(topUp, w),
      );
      if (flows) flows.cashTopUps += topUp.amount;
    },
    summaries: () => tallies.map((t) => summaryOf(t.window, t.flows, t.closed)),
  };
}

/**
 * Expected, counted and variance of one shift. `movements`, `orders` and `topUps` may hold more
 * than this shift's. Pass the orders refunded or voided during the shift too, even when they were
 * sold on an earlier day.
 */
export function summarizeShift(
  opened: ShiftOpenedOnDevice,
  movements: readonly CashMovement[],
  orders: readonly Order[],
  closed?: ShiftClosed | null,
  topUps: readonly DrawerTopUp[] = [],
): ShiftSummary {
  const book = shiftCashBook([opened], movements, closed ? [closed] : []);
  for (const order of orders) book.addOrder(order);
  for (const topUp of topUps) book.addTopUp(topUp);
  return book.summaries()[0];
}
