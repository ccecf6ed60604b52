// What the cart panel and the totals show, from the priced cart: lines with quantities and
// amounts, lines repriced since they were rung up, and subtotal, discounts, rounding (抹零/凑整) and
// total as text. Pure.
import { formatFen, roundingKind, type PricedCart, type UnsellableLine } from '@pos/shared';
import { text } from '../i18n/index';
import type { RepricedLine } from '../stores/price-notice';
import { weightText } from './weight-entry';

export interface CartLineView {
  lineId: string;
  name: string;
  qty: number;
  byWeight: boolean;
  /** "¥18.00", or the weight for weighed goods ("500 克", "1.25 kg"). */
  unit: string;
  total: string;
  memberPrice: boolean;
  /** No longer sold (stopped or taken out of the catalog since it was added): to be removed. */
  unsellable: boolean;
}

export interface TotalsView {
  itemCount: string;
  subtotal: string;
  /** Line and order discounts; empty when there is none. */
  discount: string;
  /** The member's points taken off, on a line of its own ("-¥25.00"); empty when none. */
  points: string;
  pointsLabel: string;
  /** Signed ("-¥0.04"); empty when the store does not round or nothing was rounded. */
  rounding: string;
  /** 抹零 when rounding took money off, 凑整 when a half-up rule added some. */
  roundingLabel: string;
  total: string;
  totalFen: number;
}

export const emptyTotals: TotalsView = {
  itemCount: text.totals.items(0),
  subtotal: formatFen(0),
  discount: '',
  points: '',
  pointsLabel: '',
  rounding: '',
  roundingLabel: '',
  total: formatFen(0),
  totalFen: 0,
};

/** The priced lines, with the lines no longer sold shown marked in their places. */
export function cartLines(
  priced: PricedCart | null,
  unsellable: readonly UnsellableLine[] = [],
): CartLineView[] {
  const shown: CartLineView[] = (priced?.lines ?? []).map((line) => ({
    lineId: line.lineId,
    name: line.name,
    qty: line.qty,
    byWeight: line.soldBy === 'weight',
    unit: line.soldBy === 'weight' ? weightText(line.qty) : formatFen(line.unitPrice),
    total: formatFen(line.total),
    memberPrice: line.memberPriceApplied,
    unsellable: false,
  }));
  // Ascending positions: each goes in after the lines before it are in place.
  for (const line of [...unsellable].sort((a, b) => a.position - b.position)) {
    shown.splice(Math.min(line.position, shown.length), 0, {
      lineId: line.lineId,
      name: line.name ?? text.register.unknownSku(line.skuId),
      qty: line.qty,
      byWeight: false,
      unit: text.register.notSold,
      total: '',
      memberPrice: false,
      unsellable: true,
    });
  }
  return shown;
}

/** The price notice's lines: "拿铁 大杯 ¥18.00 → ¥20.00", per kg for goods sold by weight. */
export function repricedNotes(lines: readonly RepricedLine[]): string[] {
  return lines.map((line) => {
    const unit = line.byWeight ? text.register.perKg : '';
    return text.register.repricedLine(
      line.name,
      formatFen(line.was) + unit,
      formatFen(line.now) + unit,
    );
  });
}

function signed(fen: number): string {
  return fen < 0 ? `-${formatFen(-fen)}` : `+${formatFen(fen)}`;
}

export function totals(priced: PricedCart | null, itemCount: number): TotalsView {
  if (!priced) return { ...emptyTotals, itemCount: text.totals.items(itemCount) };
  // The points discount is part of the order discount in pricing; shown apart from it here.
  const redeemed = priced.pointsRedeemed;
  const discount =
    priced.lineDiscountTotal + priced.orderDiscount - (redeemed ? redeemed.discount : 0);
  return {
    itemCount: text.totals.items(itemCount),
    subtotal: formatFen(priced.subtotal),
    discount: discount > 0 ? `-${formatFen(discount)}` : '',
    points: redeemed ? `-${formatFen(redeemed.discount)}` : '',
    pointsLabel: redeemed ? text.member.pointsLine(redeemed.points) : '',
    rounding: priced.rounding !== 0 ? signed(priced.rounding) : '',
    roundingLabel: text.totals[roundingKind(priced.rounding)],
    total: formatFen(priced.total),
    totalFen: priced.total,
  };
}
