// Changing a cart line's price (改价): the editor's words for the line, what the cashier typed as
// a unit price in fen (per kg for goods sold by weight), how the cart shows a changed price, and
// whether a manager must approve it: any changed price needs an approval that covers how far the
// prices move from the list (the core's approval.ts), asked for at once as a large discount is.
// Pure.
import {
  formatFen,
  MoneyParseError,
  parseFen,
  setPriceOverride,
  type Approval,
  type Cart,
  type Fen,
  type OrderLine,
  type PricedCart,
  type PricingContext,
  type SaleApprovalReason,
} from '@pos/shared';
import { text } from '../i18n/index';
import { asksApproval } from './discount-view';

/** The price editor for one line. */
export interface PriceEditor {
  lineId: string;
  /** "拿铁 大杯 改价", "富士苹果 改价（每千克的价格）". */
  title: string;
  /** "标价 ¥18.00", per kg for goods sold by weight ("标价 ¥12.80/kg"). */
  listPrice: string;
  /** The catalog's price in fen: typing it takes the changed price off. */
  listFen: Fen;
  /** The price was changed: it can go back to the list price. */
  removable: boolean;
}

/** A unit price as the cart shows it: "¥18.00", "¥12.80/kg" for goods sold by weight. */
function unitText(fen: Fen, soldBy: OrderLine['soldBy']): string {
  return formatFen(fen) + (soldBy === 'weight' ? text.register.perKg : '');
}

export function priceEditor(line: OrderLine): PriceEditor {
  const perKg = line.soldBy === 'weight';
  return {
    lineId: line.lineId,
    title: perKg ? text.priceOverride.titlePerKg(line.name) : text.priceOverride.title(line.name),
    listPrice: text.priceOverride.listPrice(unitText(line.listUnitPrice, line.soldBy)),
    listFen: line.listUnitPrice,
    removable: line.priceOverridden,
  };
}

/**
 * The price typed, in fen ("15" -> 1500, "12.5" -> 1250, "¥9.90" -> 990), or a sentence saying
 * what is wrong: empty, a sign, letters, more than two decimals. 0 is a price (given away).
 */
export function parseUnitPrice(
  input: string,
): { ok: true; fen: Fen } | { ok: false; error: string } {
  try {
    return { ok: true, fen: parseFen(input) };
  } catch (error) {
    if (error instanceof MoneyParseError) return { ok: false, error: text.priceOverride.invalid };
    throw error;
  }
}

/** The override to set for a price typed in the editor: none (null) when it is the list price. */
export function overrideFor(fen: Fen, editor: PriceEditor): Fen | null {
  return fen === editor.listFen ? null : fen;
}

/**
 * What each line whose price was changed shows beside its unit, by line id: the list price it
 * was ("原价 ¥18.00"), and for goods sold by weight (whose unit is the weight) the new price per
 * kg first ("¥10.00/kg，原价 ¥12.80/kg").
 */
export function priceOverrideNotes(priced: PricedCart | null): Record<string, string> {
  const notes: Record<string, string> = {};
  for (const line of priced?.lines ?? []) {
    if (!line.priceOverridden) continue;
    const was = text.priceOverride.was(unitText(line.listUnitPrice, line.soldBy));
    notes[line.lineId] =
      line.soldBy === 'weight' ? `${unitText(line.unitPrice, line.soldBy)}，${was}` : was;
  }
  return notes;
}

/**
 * Whether the cart with this line's price set (null: back to the list price) needs a manager's
 * PIN: a changed price no approval already given covers (one covers prices moved no further from
 * the list in fen, nor as a share of the subtotal). False when it cannot be priced.
 */
export function overrideNeedsApproval(
  cart: Cart,
  lineId: string,
  unitPrice: Fen | null,
  context: PricingContext,
  approvals: readonly Approval[] = [],
): boolean {
  let changed: Cart;
  try {
    changed = setPriceOverride(cart, lineId, unitPrice);
  } catch {
    return false; // the store refuses it and says why
  }
  return asksApproval(changed, 'price_override', context, approvals);
}

/** What the manager's PIN pad says it is asked for: a changed price, a large discount, or both. */
export function approvalTitle(
  asking: 'discount' | 'price' | 'checkout',
  missing: readonly SaleApprovalReason[],
): string {
  const price = asking === 'price' || (asking === 'checkout' && missing.includes('price_override'));
  const discount = asking === 'discount' || (asking === 'checkout' && missing.includes('discount'));
  if (price && discount) return text.priceOverride.bothNeedApproval;
  return price ? text.priceOverride.needsApproval : text.discount.needsApproval;
}

/** Below the cart: what a manager has still to approve before checkout; '' when nothing. */
export function missingApprovalText(missing: readonly SaleApprovalReason[]): string {
  const price = missing.includes('price_override');
  const discount = missing.includes('discount');
  if (price && discount) return text.priceOverride.missingBoth;
  if (price) return text.priceOverride.missingApproval;
  return discount ? text.discount.missingApproval : '';
}
