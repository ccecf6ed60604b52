// The customer's order on the kiosk as they build it: a tile tapped adds one, and each line's
// stepper changes its quantity. An emptied box or a 0 keeps the line; the minus button from 1 takes
// it out (view/quantity-stepper.ts). A Behavior the page mixes in.
import { pos } from '../../view/pos';
import { LineStepper, quantityShownAgain } from '../../view/quantity-stepper';
import type { DetailEvent } from '../../view/page-events';
import { kioskPage } from './kiosk-page';

/** The order lines' steppers: a 0 they emit waits to be told a minus tap from a box emptied. */
const stepper = new LineStepper();

export const orderLines = Behavior({
  lifetimes: {
    attached() {
      stepper.reset();
    },
  },
  methods: {
    onAdd(event: WechatMiniprogram.BaseEvent) {
      const page = kioskPage(this);
      const added = pos.cart.addItem(String(event.currentTarget.dataset.sku));
      page.touch();
      if (!added.ok) return page.fail(added.error);
      this.setData({ error: '' });
    },
    /**
     * A quantity stepped or typed; an emptied box or a 0 keeps the line (view/quantity-stepper.ts).
     * The stepper sets no maximum: the cart's limit decides, and a quantity past it is refused in
     * words, never quietly cut down.
     */
    onQuantity(event: DetailEvent<number | string>) {
      const page = kioskPage(this);
      const lineId = String(event.currentTarget.dataset.line);
      const qty = stepper.change(lineId, event.detail);
      page.touch();
      if (qty === null) return;
      const changed = pos.cart.setQuantity(lineId, qty);
      if (!changed.ok) return page.fail(changed.error);
      this.setData({ error: '' });
    },
    /** The minus button from 1 to 0 takes the line out. */
    onQuantityMinus(event: WechatMiniprogram.BaseEvent) {
      const page = kioskPage(this);
      const lineId = String(event.currentTarget.dataset.line);
      if (!stepper.minus(lineId)) return;
      const removed = pos.cart.removeLine(lineId);
      page.touch();
      if (!removed.ok) page.fail(removed.error);
    },
    /** The box left empty, at 0 or at a refused quantity shows the line's quantity again. */
    onQuantityBlur(event: DetailEvent<{ value?: number }>) {
      const lineId = String(event.currentTarget.dataset.line);
      const qty = pos.cart.cart.lines.find((line) => line.lineId === lineId)?.qty ?? null;
      const { lines } = kioskPage(this).data;
      for (const data of quantityShownAgain(lines, lineId, event.detail.value, qty))
        this.setData(data);
    },
  },
});
