// Orders on this device: its own and other devices' (from sync), each with its sync state. Selling
// goes through here: checkout, a kiosk's order for the counter (cart-sale.ts), paying it (or a sale
// of this till left unpaid), refunds and voids (refund-and-void.ts). An order older than the
// history kept here is looked up on the store's server and refunded as any.
import { makeAutoObservable, observable } from 'mobx-miniprogram';
import {
  parseOrderNumber,
  payOrder,
  ruleError,
  type Approval,
  type Checked,
  type Order,
  type OrderNumberParts,
  type SuggestedRefund,
  type Tender,
} from '@pos/shared';
import type { HttpClient } from '../adapters/http-request';
import { counterQueueOf, unpaidHereOf } from '../core/awaiting-payment';
import { commit } from '../core/commit';
import type { OrderView } from '../core/local-view';
import {
  fetchServerOrder,
  keepServerOrder,
  orderKeyOf,
  writeOrderFirst,
  type OrderKey,
} from '../core/server-order';
import { checkMemberSpend, placeCartSale, type CartSaleDeps } from './cart-sale';
import {
  recordRefund,
  recordVoid,
  suggestedRefund,
  type OrderReturns,
  type RefundRequest,
} from './refund-and-void';

/** What selling reads and writes (cart-sale.ts), which is all the orders store needs. */
export type OrdersDeps = CartSaleDeps;

/** The device's code, MMDD and sequence of an order's number: what a receipt's number names. */
function sameNumber(order: Order, { deviceCode, monthDay, seq }: OrderNumberParts): boolean {
  return (
    order.deviceCode === deviceCode &&
    order.businessDay.slice(5).replace('-', '') === monthDay &&
    order.orderNo.endsWith(`-${String(seq).padStart(4, '0')}`)
  );
}

export class OrdersStore {
  /** Counts the ledger's changes to orders, so what reads `views` is recomputed after one. */
  private revision = 0;
  /** The store's business day now: moved on by refresh(), which the client calls at its start. */
  businessDay: string;
  /**
   * The one order looked up on the store's server (older than the history kept here), while Orders
   * shows it: in memory only, until it is refunded or voided (then the ledger's history holds it,
   * until pruned). Followed to the ledger's version while the ledger has one, so once pruned again
   * what is shown is the last state known here, never the copy first fetched.
   */
  lookedUp: Order | null = null;

  constructor(private readonly deps: OrdersDeps) {
    this.businessDay = deps.ledger.businessDay();
    makeAutoObservable<OrdersStore, 'deps' | 'revision'>(
      this,
      { deps: false, revision: true, lookedUp: observable.ref },
      { autoBind: true },
    );
  }

  /**
   * The orders changed, or the day (a new business day, the day's start moved): cheap, the list is
   * only sorted again when something reads it.
   */
  refresh(): void {
    this.revision++;
    this.businessDay = this.deps.ledger.businessDay();
    const held = this.lookedUp;
    if (held) this.lookedUp = this.inLedger(held.id)?.order ?? held;
  }

  /** Newest first. */
  get views(): readonly OrderView[] {
    void this.revision;
    return this.deps.ledger.orders();
  }

  get today(): OrderView[] {
    const day = this.businessDay;
    return this.views.filter((view) => view.order.businessDay === day);
  }

  /** Kiosk orders waiting to be paid at the counter, oldest first (awaiting-payment.ts). */
  get counterQueue(): OrderView[] {
    return counterQueueOf(this.views);
  }

  /** This till's own sales left unpaid, newest first: Orders offers to take payment for them. */
  get unpaidHere(): OrderView[] {
    return unpaidHereOf(this.views, this.deps.ledger.identity?.deviceId);
  }

  /** An open order this till takes payment for: a kiosk's at the counter, or its own unpaid sale. */
  awaitingPaymentHere(id: string): OrderView | null {
    const awaiting = (view: OrderView) => view.order.id === id;
    return this.counterQueue.find(awaiting) ?? this.unpaidHere.find(awaiting) ?? null;
  }

  get unsynced(): OrderView[] {
    return this.views.filter((view) => view.sync !== 'synced');
  }

  /** An order held here, or the one looked up on the server while it is shown. */
  find(id: string): OrderView | null {
    return this.inLedger(id) ?? this.heldFromServer((order) => order.id === id);
  }

  /** By the number on a receipt, typed loosely ("t1-1122-42"). */
  findByNumber(text: string): OrderView | null {
    const parsed = parseOrderNumber(text);
    if (!parsed.ok) return null;
    return (
      this.views.find(({ order }) => sameNumber(order, parsed.value)) ??
      this.heldFromServer((order) => sameNumber(order, parsed.value))
    );
  }

  /** By what a receipt's QR or a person gives: an order's id, or its number. */
  findByReceipt(text: string): OrderView | null {
    const key = orderKeyOf(text);
    if (key?.kind === 'id') return this.find(key.id);
    return this.findByNumber(text);
  }

  /** Whether the order shown is the one looked up on the store's server. */
  isFromServer(id: string): boolean {
    return this.lookedUp?.id === id;
  }

  /**
   * An order this device no longer holds (or never did: another till's, older than the days kept)
   * from the store's server, by its id or number: held in memory while Orders shows it, refunded
   * or voided through the usual operations (the server's own checks decide, as for any refund).
   * Null when the server has no such order; `unreachable` when it does not answer.
   */
  async lookUpOnServer(key: OrderKey, http: HttpClient): Promise<Checked<OrderView | null>> {
    const here = key.kind === 'id' ? this.find(key.id) : this.findByNumber(key.number);
    if (here) return { ok: true, value: here };
    const identity = this.deps.ledger.identity;
    if (!identity) return ruleError('not_paired', "pair this device with the store's server first");
    const fetched = await fetchServerOrder(http, identity, key);
    if (!fetched.ok) return fetched;
    if (!fetched.value) return { ok: true, value: null };
    // Synced here meanwhile: the ledger's copy, with whatever this device has pending on it.
    const synced = this.inLedger(fetched.value.id);
    if (synced) return { ok: true, value: synced };
    this.lookedUp = fetched.value;
    return { ok: true, value: { order: fetched.value, sync: 'synced' } };
  }

  /** Orders no longer shows the order looked up on the server: it is let go. */
  forgetLookedUp(): void {
    this.lookedUp = null;
  }

  private inLedger(id: string): OrderView | null {
    return this.views.find((view) => view.order.id === id) ?? null;
  }

  /**
   * The order looked up on the server, if it is the one asked for. Not in the ledger: either never
   * taken in, or pruned once settled (nothing in the outbox refers to it), so the server has what
   * it shows.
   */
  private heldFromServer(matches: (order: Order) => boolean): OrderView | null {
    const held = this.lookedUp;
    return held && matches(held) ? { order: held, sync: 'synced' } : null;
  }

  /**
   * Before a refund or void is recorded: the order looked up on the server into the ledger's
   * history, so the operation is laid on it and the outbox keeps it while it waits; and the
   * history's copy (that one, or one synced here) written, even at a full storage.
   */
  private keepLookedUp(id: string): Checked<null> {
    if (!this.inLedger(id)) {
      const held = this.lookedUp;
      if (held?.id !== id || !keepServerOrder(this.deps.ledger, held))
        return ruleError('unknown_order', `order ${id} is not on this device`);
    }
    return writeOrderFirst(this.deps.ledger, id);
  }

  /**
   * Sells the cart: the order and its outbox entry in one storage write, and only then "paid".
   * On a register a signed-in cashier is needed; approvals for overrides and large discounts too.
   */
  checkout(tenders: Tender[], approvals: Approval[] = []): Checked<Order> {
    const seller = this.deps.session.seller;
    if (!seller) return ruleError('not_signed_in', 'sign in with your PIN first');
    return placeCartSale(this.deps, tenders, approvals, seller);
  }

  /** A kiosk sends its cart to the counter, to pay there. */
  sendToCounter(): Checked<Order> {
    if (!this.deps.session.isKiosk)
      return ruleError('not_kiosk', 'only a kiosk sends orders to the counter');
    return placeCartSale(this.deps, [], [], { source: 'kiosk', cashierId: null });
  }

  /** A cashier takes payment for an open order (a kiosk's at the counter, or an unpaid sale). */
  payOpenOrder(id: string, tenders: Tender[]): Checked<Order> {
    const staff = this.deps.session.staff;
    if (!staff) return ruleError('not_signed_in', 'sign in with your PIN first');
    const view = this.find(id);
    if (!view) return ruleError('unknown_order', `order ${id} is not on this device`);
    const { memberId, pointsRedeemed } = view.order;
    const spend = checkMemberSpend(this.deps.members, tenders, memberId, pointsRedeemed, id);
    if (!spend.ok) return spend;
    const device = this.deps.ledger.identity;
    if (!device) return ruleError('not_paired', "pair this device with the store's server first");
    const payment = {
      orderId: id,
      cashierId: staff.id,
      tenders,
      paidAt: this.deps.clock.now(),
      // The kiosk's order is this register's sale: its cash is in this drawer.
      deviceId: device.deviceId,
    };
    const paid = payOrder(view.order, payment);
    if (!paid.ok) return paid;
    const committed = commit(this.deps.ledger, () => ({ type: 'order.paid', payload: payment }));
    return committed.ok ? { ok: true, value: paid.value } : committed;
  }

  /** What to give back for some quantities of some lines (each line's share, split by tender). */
  suggestRefund(
    id: string,
    lines: Array<{ lineId: string; qty: number }>,
  ): Checked<SuggestedRefund> {
    return suggestedRefund(this.find(id), id, lines);
  }

  refund(id: string, request: RefundRequest): Checked<Order> {
    return recordRefund(this.returns(), id, request);
  }

  voidOrder(id: string, request: { reason: string; approvedBy: string }): Checked<Order> {
    return recordVoid(this.returns(), id, request);
  }

  private returns(): OrderReturns {
    const { ledger, clock, session } = this.deps;
    return { ledger, clock, session, find: this.find, keepLookedUp: this.keepLookedUp };
  }
}
