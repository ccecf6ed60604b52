// What this device's unsynced operations do to members' stored value and points: the server's
// balances are the truth, and these pending amounts are laid over them until it has seen them.
// Points an open sale here redeems are held too, until it is paid or voided. Pure: it reads
// outbox entries and orders, nothing else.
import {
  applyRefund,
  earnedRateOf,
  memberUndo,
  payOrder,
  pointsEarned,
  storedValueSpent,
  type Fen,
  type Member,
  type Order,
  type Refund,
  type UndoStep,
  withPointsRate,
} from '@pos/shared';
import type { OutboxEntry } from './outbox';

export interface PendingMemberEffects {
  /** Stored value spent here and not yet synced, by the member id the tender names. */
  spentByMember: Map<string, Fen>;
  /**
   * What the offline caps count, by member id and in all: the stored value sales here took that the
   * server has not seen, less what refunds and voids here gave back of those same sales (such a
   * sale took nothing in the end). Given back from a sale already synced, it frees nothing: that
   * spend is not counted, and the member must not spend it twice before the server knows.
   */
  capUsedByMember: Map<string, Fen>;
  capUsedOnDevice: Fen;
  /** Top-ups taken here and not yet synced, by member id. */
  toppedUpByMember: Map<string, Fen>;
  /** Stored value given back by refunds and voids made here and not yet synced, by member id. */
  returnedByMember: Map<string, Fen>;
  /** Less the redeemed points a whole refund or a void gives back. */
  pointsRedeemedByMember: Map<string, number>;
  /** Less the earned points a refund or a void takes back (below zero for a synced sale's). */
  pointsEarnedByMember: Map<string, number>;
  /**
   * Points this device's open sales redeem (a QR sale waiting for its payment), by order id: not
   * spent until the sale is paid, so never settled into a member, but not to be redeemed again
   * meanwhile. Paid here, a sale's points count as redeemed instead; voided, they are free.
   */
  pointsInOpenSales: Map<string, { memberId: string; points: number }>;
}

function add(map: Map<string, number>, id: string, amount: number): void {
  if (amount !== 0) map.set(id, (map.get(id) ?? 0) + amount);
}

/** Stored value each unsynced sale here still takes, by order id: what the caps are summed from. */
type CapUseBySale = Map<string, { memberId: string; amount: Fen }>;

/**
 * A paid order's effect on its members (stored-value tenders, points redeemed and earned at the
 * rate it carries, else `storeRate`).
 */
function layPaidOrder(
  effects: PendingMemberEffects,
  capUse: CapUseBySale,
  order: Order,
  storeRate: number,
): void {
  for (const tender of order.tenders)
    if (tender.method === 'stored_value') {
      add(effects.spentByMember, tender.memberId, tender.amount);
      const before = capUse.get(order.id)?.amount ?? 0;
      capUse.set(order.id, { memberId: tender.memberId, amount: before + tender.amount });
    }
  if (order.memberId === null) return;
  if (order.pointsRedeemed)
    add(effects.pointsRedeemedByMember, order.memberId, order.pointsRedeemed.points);
  const earned = pointsEarned(order.total, earnedRateOf(order, storeRate));
  add(effects.pointsEarnedByMember, order.memberId, earned);
}

function refundedIn(refunds: readonly Refund[]): Fen {
  let amount = 0;
  for (const refund of refunds) for (const line of refund.lines) amount += line.amount;
  return amount;
}

/**
 * What undoing part or all of a paid order gives back, as the server's fold does it
 * (apply-member-returns.ts): stored value to the member who paid with it, the points earned on
 * what was undone taken back at the rate the sale earned them (the store's now only for an order
 * that carries none), the points redeemed returned once nothing is left paid.
 */
function layUndo(
  effects: PendingMemberEffects,
  capUse: CapUseBySale,
  order: Order,
  step: UndoStep,
  storeRate: number,
): void {
  const back = memberUndo(order, step, earnedRateOf(order, storeRate));
  if (back.storedValueTo) {
    add(effects.returnedByMember, back.storedValueTo.memberId, back.storedValueTo.amount);
    // Only a sale the server has not seen frees room, and never more than it took.
    const used = capUse.get(order.id);
    if (used) {
      const left = Math.max(0, used.amount - back.storedValueTo.amount);
      capUse.set(order.id, { ...used, amount: left });
    }
  }
  if (order.memberId === null) return;
  add(effects.pointsEarnedByMember, order.memberId, -back.pointsTakenBack);
  if (back.pointsReturned > 0)
    add(effects.pointsRedeemedByMember, order.memberId, -back.pointsReturned);
}

/** A refund's effect on the order it refunds, as that order stood before it. */
function layRefund(
  effects: PendingMemberEffects,
  capUse: CapUseBySale,
  order: Order,
  refund: Refund,
  storeRate: number,
): Order {
  // Once acknowledged, the history's order has the refund in it already.
  const index = order.refunds.findIndex((earlier) => earlier.id === refund.id);
  const before: Order =
    index < 0
      ? order
      : {
          ...order,
          refunds: order.refunds.slice(0, index),
          status: index === 0 ? 'paid' : 'partially_refunded',
        };
  if (before.status !== 'paid' && before.status !== 'partially_refunded') return order;
  const after = index < 0 ? applyRefund(before, refund) : null;
  if (after && !after.ok) return order;
  const refundedBefore = refundedIn(before.refunds);
  let storedValue = 0;
  for (const tender of refund.tenders)
    if (tender.method === 'stored_value') storedValue += tender.amount;
  layUndo(
    effects,
    capUse,
    before,
    {
      storedValue,
      refundedBefore,
      refundedAfter: refundedBefore + refundedIn([refund]),
      whollyUndone: after
        ? after.value.status === 'refunded'
        : order.status === 'refunded' && index === order.refunds.length - 1,
    },
    storeRate,
  );
  return after ? after.value : order;
}

/**
 * The pending effects of the outbox. Refused entries count for nothing (the server did not apply
 * them); an open order paid here counts through its 'order.paid' entry, found in `orderOf`.
 * `storeRate`: the store's points per yuan now (this till's settings), what a sale paid here earns
 * and what an order carrying no rate of its own is undone at; a sale placed here, or one the
 * server sent, carries the rate it earned at. `openHere`: this device's sales the server holds
 * open (the history's), whose points are held as those of open sales in the outbox are.
 */
export function pendingMemberEffects(
  entries: readonly OutboxEntry[],
  storeRate: number,
  orderOf: (id: string) => Order | undefined,
  openHere: readonly Order[] = [],
): PendingMemberEffects {
  const effects: PendingMemberEffects = {
    spentByMember: new Map(),
    capUsedByMember: new Map(),
    capUsedOnDevice: 0,
    toppedUpByMember: new Map(),
    returnedByMember: new Map(),
    pointsRedeemedByMember: new Map(),
    pointsEarnedByMember: new Map(),
    pointsInOpenSales: new Map(),
  };
  // Orders as the entries so far leave them: a refund or void here may follow their sale here.
  const orders = new Map<string, Order>();
  const orderNow = (id: string) => orders.get(id) ?? orderOf(id);
  const openSales = new Set(openHere.map((order) => order.id));
  const capUse: CapUseBySale = new Map();
  for (const { op, refused } of entries) {
    if (refused) continue;
    switch (op.type) {
      case 'order.placed':
        orders.set(op.payload.id, op.payload);
        if (op.payload.status === 'paid') layPaidOrder(effects, capUse, op.payload, storeRate);
        else if (op.payload.status === 'open') openSales.add(op.payload.id);
        break;
      case 'order.paid': {
        const order = orderNow(op.payload.orderId);
        if (!order) break;
        // Laid as the order it pays, as payOrder makes it: its own tenders, the order's member and
        // points, and its paidAt, by which a void here gives back what the payment took. Once
        // acknowledged, the history's order is paid already. It earns at the rate of its payment,
        // as on the server, not at one the till that placed it wrote.
        const paid = order.status === 'open' ? payOrder(order, op.payload) : null;
        if (paid && !paid.ok) break;
        const laid = withPointsRate(
          paid ? paid.value : { ...order, tenders: op.payload.tenders, status: 'paid' },
          storeRate,
        );
        orders.set(laid.id, laid);
        layPaidOrder(effects, capUse, laid, storeRate);
        break;
      }
      case 'order.refunded': {
        const order = orderNow(op.payload.orderId);
        if (order) orders.set(order.id, layRefund(effects, capUse, order, op.payload, storeRate));
        break;
      }
      case 'order.voided': {
        const order = orderNow(op.payload.orderId);
        if (!order) break;
        // An open one took and earned nothing; voided, it no longer holds the points it redeems.
        if (order.status === 'open') {
          orders.set(order.id, { ...order, status: 'voided' });
          break;
        }
        // Voided here while open, paid since by another till or the customer's QR: the server
        // refuses this void (order_paid_meanwhile), so it gives back nothing meanwhile either.
        if (op.payload.voidedFrom === 'open') break;
        // A paid order voided (the history's is voided already once acknowledged).
        if (order.paidAt === null || order.refunds.length > 0) break;
        if (order.status !== 'paid' && order.status !== 'voided') break;
        layUndo(
          effects,
          capUse,
          order,
          {
            storedValue: storedValueSpent(order.tenders),
            refundedBefore: 0,
            refundedAfter: order.total,
            whollyUndone: true,
          },
          storeRate,
        );
        orders.set(order.id, { ...order, status: 'voided' });
        break;
      }
      case 'member.topped_up':
        add(effects.toppedUpByMember, op.payload.memberId, op.payload.amount);
        break;
      default:
        break;
    }
  }
  for (const { memberId, amount } of capUse.values()) {
    add(effects.capUsedByMember, memberId, amount);
    effects.capUsedOnDevice += amount;
  }
  // Still open once the entries are laid: neither paid here (laid as redeemed above) nor voided.
  for (const id of openSales) {
    const order = orderNow(id);
    if (order?.status === 'open' && order.memberId !== null && order.pointsRedeemed)
      effects.pointsInOpenSales.set(id, {
        memberId: order.memberId,
        points: order.pointsRedeemed.points,
      });
  }
  return effects;
}

/** Sums a by-id map over every id a member is known by. */
export function sumFor(map: ReadonlyMap<string, number>, ids: readonly string[]): number {
  let sum = 0;
  for (const id of ids) sum += map.get(id) ?? 0;
  return sum;
}

/**
 * The members these effects touch, with the effects laid on their figures: what the server holds
 * once it has applied the operations. The ledger settles an acknowledged operation's effects into
 * the replica's members this way, as it settles an acknowledged sale into the order history: the
 * server's member change comes only after its ack, and until then the till must not show the old
 * balance. `find` resolves an id, or a merged provisional id, to the member known; effects on a
 * member not known (joined here, not merged yet) are left out.
 */
export function settledMembers(
  effects: PendingMemberEffects,
  find: (id: string) => Member | undefined,
): Member[] {
  const touched = new Map<string, Member>();
  for (const map of [
    effects.spentByMember,
    effects.toppedUpByMember,
    effects.returnedByMember,
    effects.pointsRedeemedByMember,
    effects.pointsEarnedByMember,
  ])
    for (const id of map.keys()) {
      const member = find(id);
      if (member) touched.set(member.id, member);
    }
  return [...touched.values()].map((member) => {
    const ids = [member.id, ...(member.aliases ?? [])];
    const balance =
      member.balance -
      sumFor(effects.spentByMember, ids) +
      sumFor(effects.toppedUpByMember, ids) +
      sumFor(effects.returnedByMember, ids);
    const points =
      member.points -
      sumFor(effects.pointsRedeemedByMember, ids) +
      sumFor(effects.pointsEarnedByMember, ids);
    return { ...member, balance: Math.max(0, balance), points: Math.max(0, points) };
  });
}
