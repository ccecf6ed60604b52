// A cart line's Vant stepper, as the cart takes what it emits. Its box emits a `change` with each
// keystroke's number, and 0 when it is left empty or a 0 is typed: neither is a quantity, so the
// line keeps the one it has (the box shows it again once left). The minus button stepping 1 down to
// 0 emits the same `change` 0 and then `minus`: that one takes the line out. Pure.

/** The quantity a stepper's `change` asks for, or null when it is none (0, empty, not a number). */
export function steppedQuantity(detail: unknown): number | null {
  const qty = typeof detail === 'number' ? detail : Number(String(detail).trim() || NaN);
  return Number.isSafeInteger(qty) && qty > 0 ? qty : null;
}

/**
 * Tells the minus button stepping to 0 (remove the line) from a 0 typed or an emptied box (keep
 * it): Vant emits `change` 0 first, then `minus` for the button only. One per page.
 */
export class LineStepper {
  /** The line whose stepper last emitted a 0, until its next event. */
  private zeroed: string | null = null;

  /** A `change`: the quantity to set, or null to keep the line as it is. */
  change(lineId: string, detail: unknown): number | null {
    const qty = steppedQuantity(detail);
    this.zeroed = qty === null ? lineId : null;
    return qty;
  }

  /** A `minus`: true when it stepped the line to 0, so the line goes. */
  minus(lineId: string): boolean {
    const removes = this.zeroed === lineId;
    this.zeroed = null;
    return removes;
  }

  /** A new page, or another cart: nothing held. */
  reset(): void {
    this.zeroed = null;
  }
}

/**
 * What the page sets to show a line's quantity again in a stepper left showing something else (an
 * emptied box, a 0, a quantity the cart refused): none when it shows the quantity or the line is
 * gone. Vant's stepper follows its `value` only when it changes, and the page's value is still
 * the quantity: first what the box shows, then the quantity.
 */
export function quantityShownAgain(
  lines: readonly { lineId: string }[],
  lineId: string,
  left: unknown,
  qty: number | null,
): Array<Record<string, number>> {
  const index = lines.findIndex((line) => line.lineId === lineId);
  if (index < 0 || qty === null || steppedQuantity(left) === qty) return [];
  const key = `lines[${index}].qty`;
  return [{ [key]: Number(left) || 0 }, { [key]: qty }];
}
