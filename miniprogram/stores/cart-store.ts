// The cart being rung up: items, quantities, discounts, price overrides and the member, priced by
// the core (member price, rounding). Kept in storage; a new sale is refused when storage is full
// or the device clock was set back before this till's last change (cart-limits.ts). Pricing is in
// cart-pricing.ts.
import { makeAutoObservable, observable } from 'mobx-miniprogram';
import {
  addItem,
  attachMember,
  countItems,
  detachMember,
  emptyCart,
  lineName,
  removeLine,
  ruleError,
  setLineDiscount,
  setOrderDiscount,
  setPriceOverride,
  setQuantity,
  unsellableLines,
  approvalsStillCovering,
  approveSale,
  missingApprovals,
  type Approval,
  type Cart,
  type Checked,
  type Discount,
  type Fen,
  type Member,
  type PointsRedemption,
  type PricedCart,
  type SaleApprovalReason,
  type UnsellableLine,
} from '@pos/shared';
import { approvingManager } from '../core/approvers';
import { loadCartDraft, saveCartDraft } from '../core/cart-draft';
import type { Ledger } from '../core/ledger';
import type { MemberAccount } from '../core/member-account';
import type { CatalogStore } from './catalog-store';
import { checkSaleStart, checkShelf } from './cart-limits';
import {
  cartChecked,
  checkPointsToRedeem,
  panelPricing,
  pricingContextOf,
  salePricing,
} from './cart-pricing';
import type { MemberStore } from './member-store';
import { PriceNotice } from './price-notice';
import type { SessionStore, StaffMember } from './session-store';

export interface CartDeps {
  ledger: Ledger;
  catalog: CatalogStore;
  random: () => number;
  /** Points to redeem are checked against the member's account (member-store.ts). */
  members?: MemberStore;
  /** Who is ordering: a kiosk's customer may not order past the shelf's stock. */
  session?: SessionStore;
}

export class CartStore {
  cart: Cart = emptyCart();
  /** Names this cart in its sale's outbox entry; a new one for every sale. */
  cartId: string;
  /** The last failure to keep the cart in storage, or null. */
  saveProblem: string | null = null;
  /**
   * Managers' approvals for this sale (a large discount, a price override), handed to checkout.
   * Each records what it covers; one the cart outgrows is withdrawn (the core's approval.ts).
   * Kept in memory only: after a restart the register asks again before checkout.
   */
  approvals: Approval[] = [];
  /** Lines whose price a catalog change moved since they were rung up, for the cashier to tell. */
  readonly priceNotice: PriceNotice;

  constructor(private readonly deps: CartDeps) {
    const draft = loadCartDraft(
      deps.ledger.storage,
      deps.ledger.counters,
      deps.ledger.outbox.entries(),
    );
    this.cart = draft?.cart ?? emptyCart();
    this.cartId = draft?.cartId ?? this.newCartId();
    const { catalog } = deps;
    this.priceNotice = new PriceNotice(
      () => this.cart,
      () => pricingContextOf(catalog),
    );
    makeAutoObservable<CartStore, 'deps'>(
      this,
      { deps: false, cart: observable.ref, priceNotice: false },
      { autoBind: true },
    );
  }

  get isEmpty(): boolean {
    return this.cart.lines.length === 0;
  }

  /**
   * Lines whose product was stopped (or SKU taken out of the catalog) since they were added, as a
   * catalog change synced while the cart was open does. Shown marked until the cashier removes them.
   */
  get unsellable(): UnsellableLine[] {
    return unsellableLines(this.cart, this.deps.catalog.catalogIndex);
  }

  /** The whole cart priced for the sale, or why it cannot be paid (a line no longer sold first). */
  get pricing(): Checked<PricedCart> {
    return salePricing(this.cart, this.unsellable, this.deps.catalog);
  }

  /**
   * The cart as the panel shows it: priced without the lines no longer sold (listed apart in
   * `unsellable`), so the rest stays visible and priced while they wait to be taken out.
   */
  get priced(): PricedCart | null {
    return panelPricing(this.cart, this.unsellable, this.deps.catalog);
  }

  get total(): Fen {
    return this.priced?.total ?? 0;
  }

  /** Pieces, and one for each line of goods sold by weight (its grams are no count of items). */
  get itemCount(): number {
    const { catalogIndex } = this.deps.catalog;
    return countItems(
      this.cart.lines.map(({ skuId, qty }) => ({
        qty,
        soldBy: catalogIndex.get(skuId)?.product.soldBy ?? 'piece',
      })),
    );
  }

  /**
   * Adds an item. The first item starts a sale, which a nearly full storage refuses, and so does a
   * clock set back before this till's last change (the sale could not be recorded).
   */
  addItem(skuId: string, qty = 1): Checked<Cart> {
    if (this.isEmpty) {
      const start = checkSaleStart(this.deps.ledger);
      if (!start.ok) return start;
    }
    const entry = this.deps.catalog.catalogIndex.get(skuId);
    if (!entry)
      return ruleError('unknown_sku', `SKU "${skuId}" is not in the catalog: sync, then try again`);
    if (!entry.product.active)
      return ruleError('inactive', `${entry.product.name} is no longer sold`);
    const inCart = this.cart.lines.filter((line) => line.skuId === skuId);
    const wanted = inCart.reduce((n, line) => n + line.qty, 0) + qty;
    const shelf = checkShelf(this.deps.catalog, this.deps.session, skuId, wanted);
    if (!shelf.ok) return shelf;
    return this.change((cart) => addItem(cart, { skuId, qty }));
  }

  /** A scanned or typed barcode; one several products share adds none of them (no guessing). */
  addByBarcode(code: string, qty = 1): Checked<Cart> {
    const found = this.deps.catalog.findByBarcode(code);
    if (found.kind === 'none')
      return ruleError('unknown_barcode', `no product has the barcode ${code}`);
    if (found.kind === 'several') {
      const names = found.hits.map((hit) => lineName(hit.product, hit.sku)).join(', ');
      return ruleError('ambiguous_barcode', `the barcode ${code} is on several products: ${names}`);
    }
    return this.addItem(found.hit.sku.id, qty);
  }

  setQuantity(lineId: string, qty: number): Checked<Cart> {
    const line = this.cart.lines.find((candidate) => candidate.lineId === lineId);
    if (line && qty > line.qty) {
      const others = this.cart.lines.filter((l) => l.skuId === line.skuId && l !== line);
      const wanted = others.reduce((n, l) => n + l.qty, qty);
      const shelf = checkShelf(this.deps.catalog, this.deps.session, line.skuId, wanted);
      if (!shelf.ok) return shelf;
    }
    return this.change((cart) => setQuantity(cart, lineId, qty));
  }

  removeLine(lineId: string): Checked<Cart> {
    return this.change((cart) => removeLine(cart, lineId));
  }

  /** Large discounts need a manager's approval at checkout (priced.approvalsNeeded says so). */
  setLineDiscount(lineId: string, discount: Discount | null): Checked<Cart> {
    return this.change((cart) => setLineDiscount(cart, lineId, discount));
  }

  setPriceOverride(lineId: string, unitPrice: Fen | null): Checked<Cart> {
    return this.change((cart) => setPriceOverride(cart, lineId, unitPrice));
  }

  setOrderDiscount(discount: Discount | null): Checked<Cart> {
    return this.change((cart) => setOrderDiscount(cart, discount));
  }

  /**
   * Records a manager's approval (session.approveAsManager) of the sale as priced now: it covers
   * this discount or these overrides, and no larger. Refused (approval_missing) unless `managerId`
   * is an active manager here, as the server checks. Nothing is recorded for a cart that cannot
   * be priced (there is nothing to approve yet).
   */
  approve({ reason, managerId }: { reason: SaleApprovalReason; managerId: string }): Checked<null> {
    const manager = approvingManager(this.activeStaff, managerId);
    if (!manager.ok) return manager;
    const priced = this.priced;
    if (priced) {
      const approval = approveSale(priced, reason, managerId);
      this.approvals = [...this.approvals.filter((a) => a.reason !== reason), approval];
    }
    return { ok: true, value: null };
  }

  /**
   * What pricing says a manager must approve and no manager's approval covers (asked for again):
   * one by a manager demoted or gone since counts for nothing.
   */
  get approvalsMissing(): SaleApprovalReason[] {
    const priced = this.priced;
    const byManagers = this.approvals.filter(
      (a) => approvingManager(this.activeStaff, a.managerId).ok,
    );
    return priced ? missingApprovals(priced, byManagers) : [];
  }

  private get activeStaff(): StaffMember[] {
    return this.deps.session?.staffList ?? [];
  }

  /** Member price applies once a known member is attached. */
  attachMember(phoneOrId: string): Checked<Cart> {
    const member = this.deps.catalog.findMember(phoneOrId);
    if (!member) return ruleError('unknown_member', `no member with phone or id ${phoneOrId}`);
    return this.change((cart) => attachMember(cart, member.id));
  }

  detachMember(): Checked<Cart> {
    return this.change(detachMember);
  }

  /** The attached member (found by a merged provisional id too); null when none or unknown. */
  get member(): Member | null {
    const id = this.cart.memberId;
    return id === null ? null : this.deps.catalog.memberById(id);
  }

  /** The attached member's balance and points as this device may spend them. */
  get memberAccount(): MemberAccount | null {
    const id = this.cart.memberId;
    return id === null || !this.deps.members ? null : this.deps.members.accountOf(id);
  }

  /** The points this sale redeems and the discount they give, once priced; null when none. */
  get pointsRedeemed(): PointsRedemption | null {
    return this.priced?.pointsRedeemed ?? null;
  }

  /**
   * Spends the attached member's points on this sale, in whole yuan (the store's rate), no more
   * than the member has or the sale costs. 0 takes the redemption off.
   */
  redeemPoints(points: number): Checked<Cart> {
    if (points === 0) return this.change(({ pointsToRedeem: _points, ...cart }) => cart);
    const id = this.cart.memberId;
    if (id === null) return ruleError('no_member', 'attach a member before redeeming points');
    const account = this.deps.members?.accountOf(id);
    if (!account) return ruleError('unknown_member', `member ${id} is not known on this device`);
    const checked = checkPointsToRedeem(this.cart, points, account.points, this.deps.catalog);
    if (!checked.ok) return checked;
    return this.change((cart) => ({ ...cart, pointsToRedeem: points }));
  }

  /** Empties the cart without selling it. */
  clear(): void {
    this.cart = emptyCart();
    this.approvals = [];
    this.priceNotice.follow();
    this.persist();
  }

  /** After the sale's write: the next sale gets a new cart id. */
  soldAndCleared(): void {
    this.cart = emptyCart();
    this.approvals = [];
    this.priceNotice.follow();
    this.cartId = this.newCartId();
    this.persist();
  }

  private change(apply: (cart: Cart) => Cart): Checked<Cart> {
    const changed = cartChecked(() => apply(this.cart));
    if (!changed.ok) return changed;
    this.cart = changed.value;
    // An approval the changed cart outgrew (a larger discount, in fen or as a share) is withdrawn.
    const priced = this.priced;
    if (priced) this.approvals = approvalsStillCovering(priced, this.approvals);
    this.priceNotice.follow();
    this.persist();
    return { ok: true, value: this.cart };
  }

  private persist(): void {
    try {
      saveCartDraft(this.deps.ledger.storage, { cartId: this.cartId, cart: this.cart });
      this.saveProblem = null;
      this.deps.ledger.refreshUsage();
    } catch (error) {
      // The cart is kept in memory; only a restart would lose it.
      this.saveProblem = (error as Error).message;
    }
  }

  private newCartId(): string {
    return `c${Math.floor(this.deps.random() * 2 ** 48).toString(36)}`;
  }
}
