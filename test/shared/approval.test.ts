// A manager's approval covers the discount (or price overrides) it was given for: no larger in fen,
// no larger a share of the subtotal. A cart that shrinks under a fixed discount asks again; an
// unchanged or smaller discount stays approved. Orders keep the record, and old ones without it
// stay valid on the server.
import {
  addItem,
  approvalCovers,
  auditOfOperation,
  approvalsStillCovering,
  approveSale,
  cashTender,
  checkPlacedOrder,
  emptyCart,
  missingApprovals,
  operationSchema,
  orderSchema,
  placeOrder,
  priceCart,
  setOrderDiscount,
  setPriceOverride,
  setQuantity,
  type Approval,
  type Cart,
  type PricedCart,
} from '@pos/shared';
import { contextWith } from './cart-fixture';
import { device, noon, orderInput } from './fixtures';

const context = contextWith();
const price = (cart: Cart): PricedCart => priceCart(cart, context);

/** 5 lattes (¥18.00) and a candy (¥0.40): ¥90.40. */
function fiveLattesAndACandy(): Cart {
  return addItem(addItem(emptyCart(), { skuId: 'latte-m', qty: 5 }), { skuId: 'candy', qty: 1 });
}

function place(priced: PricedCart, approvals: Approval[]) {
  return placeOrder(
    orderInput(priced.lines, [cashTender(priced.total, priced.total)], { priced, approvals }),
  );
}

describe('a discount approval', () => {
  // ¥20.00 off ¥90.40 is 22%, above the store's 20%.
  const discounted = setOrderDiscount(fiveLattesAndACandy(), { kind: 'amount', fen: 2000 });
  const approval = approveSale(price(discounted), 'discount', 'mgr-1');

  it('records the discount and the subtotal it approved', () => {
    expect(price(discounted).approvalsNeeded).toEqual(['discount']);
    expect(approval).toEqual({
      reason: 'discount',
      managerId: 'mgr-1',
      covers: { fen: 2000, subtotal: 9040 },
    });
    expect(missingApprovals(price(discounted), [approval])).toEqual([]);
  });

  it('no longer covers a fixed discount that became all of a smaller cart', () => {
    const shrunk = price(setQuantity(discounted, 'L1', 1));
    expect(shrunk).toMatchObject({ subtotal: 1840, orderDiscount: 1840, total: 0 });
    expect(approvalCovers(approval, shrunk)).toBe(false);
    expect(missingApprovals(shrunk, [approval])).toEqual(['discount']);
    expect(approvalsStillCovering(shrunk, [approval])).toEqual([]);
    const refused = place(shrunk, [approval]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'approval_missing' } });
    expect(!refused.ok && refused.error.message).toMatch(/discount again/);
  });

  it('still covers the same discount on a larger cart, or a smaller discount', () => {
    const grown = price(addItem(discounted, { skuId: 'candy', qty: 1 }));
    expect(grown.approvalsNeeded).toEqual(['discount']);
    expect(missingApprovals(grown, [approval])).toEqual([]);
    const smaller = price(setOrderDiscount(discounted, { kind: 'amount', fen: 1900 }));
    expect(missingApprovals(smaller, [approval])).toEqual([]);
    expect(approvalsStillCovering(smaller, [approval])).toEqual([approval]);
    expect(place(price(discounted), [approval])).toMatchObject({
      ok: true,
      value: { approvals: [approval] },
    });
  });

  it('asks again when a larger discount is set on the same cart', () => {
    const larger = price(setOrderDiscount(discounted, { kind: 'amount', fen: 2100 }));
    expect(missingApprovals(larger, [approval])).toEqual(['discount']);
  });

  it('of a percent: covers fewer items at the same rate (rounding aside), not more', () => {
    // 25% off 3 teas (¥9.90) and a latte: ¥47.70 -> ¥11.93 (rounded up from 11.925).
    const teas = setOrderDiscount(
      addItem(addItem(emptyCart(), { skuId: 'tea', qty: 3 }), { skuId: 'latte-m', qty: 1 }),
      { kind: 'percent', basisPoints: 2500 },
    );
    const percent = approveSale(price(teas), 'discount', 'mgr-1');
    expect(percent.covers).toEqual({ fen: 1193, subtotal: 4770 });
    // One tea: ¥27.90 -> ¥6.98, a hair above 25% from rounding half-up: still the approved rate.
    const fewer = price(setQuantity(teas, 'L1', 1));
    expect(fewer.orderDiscount).toBe(698);
    expect(missingApprovals(fewer, [percent])).toEqual([]);
    const more = price(setQuantity(teas, 'L1', 4));
    expect(missingApprovals(more, [percent])).toEqual(['discount']);
  });

  it('that records nothing covers no cart', () => {
    const bare: Approval = { reason: 'discount', managerId: 'mgr-1' };
    expect(missingApprovals(price(discounted), [bare])).toEqual(['discount']);
  });
});

describe('a price override approval', () => {
  // Lattes at ¥9.00 instead of ¥18.00: ¥45.00 off the list.
  const overridden = setPriceOverride(fiveLattesAndACandy(), 'L1', 900);
  const approval = approveSale(price(overridden), 'price_override', 'mgr-1');

  it('records how far the overrides move prices from the list', () => {
    expect(approval.covers).toEqual({ fen: 4500, subtotal: 4540 });
  });

  it('covers fewer overridden items, not more, nor another override', () => {
    expect(missingApprovals(price(setQuantity(overridden, 'L1', 4)), [approval])).toEqual([]);
    expect(missingApprovals(price(setQuantity(overridden, 'L1', 6)), [approval])).toEqual([
      'price_override',
    ]);
    expect(missingApprovals(price(setPriceOverride(overridden, 'L1', 800)), [approval])).toEqual([
      'price_override',
    ]);
    // The candy raised to ¥5.00 moves a price further from the list.
    expect(missingApprovals(price(setPriceOverride(overridden, 'L2', 500)), [approval])).toEqual([
      'price_override',
    ]);
  });
});

describe('the audit of a price override', () => {
  const audited = (priced: PricedCart) => {
    const placed = place(priced, [approveSale(priced, 'price_override', 'mgr-1')]);
    if (!placed.ok) throw new Error(placed.error.message);
    const op = operationSchema.parse({
      id: `${device.id}:1`,
      deviceId: device.id,
      seq: 1,
      createdAt: noon,
      type: 'order.placed',
      payload: placed.value,
    });
    const [entry] = auditOfOperation(op, placed.value);
    return entry;
  };
  const auditedAmount = (priced: PricedCart) => audited(priced).amount;

  it('counts what the override took off, in fen, as the approval does', () => {
    const lattes = price(setPriceOverride(fiveLattesAndACandy(), 'L1', 900));
    expect(auditedAmount(lattes)).toBe(4500);
  });

  it('records each line overridden with its list and sold price, for the dashboard to word', () => {
    const lattes = price(setPriceOverride(fiveLattesAndACandy(), 'L1', 900));
    const line = lattes.lines[0];
    expect(audited(lattes)).toMatchObject({
      reason: '',
      facts: {
        kind: 'price_override',
        lines: [{ name: line.name, listUnitPrice: line.listUnitPrice, unitPrice: 900 }],
      },
    });
  });

  it('counts a weighed line by its weight: 500 g at ¥10.00/kg instead of ¥12.98/kg is ¥1.49', () => {
    const apples = price(
      setPriceOverride(addItem(emptyCart(), { skuId: 'apple', qty: 500 }), 'L1', 1000),
    );
    // ¥6.49 at the list price (half-up), ¥5.00 as sold.
    expect(approveSale(apples, 'price_override', 'mgr-1').covers?.fen).toBe(149);
    expect(auditedAmount(apples)).toBe(149);
  });
});

describe('orders carrying approvals', () => {
  const discounted = price(setOrderDiscount(fiveLattesAndACandy(), { kind: 'amount', fen: 2000 }));
  const placed = place(discounted, [approveSale(discounted, 'discount', 'mgr-1')]);
  if (!placed.ok) throw new Error(placed.error.message);
  const order = placed.value;
  const op = (payload: unknown) => ({
    id: `${device.id}:1`,
    deviceId: device.id,
    seq: 1,
    createdAt: noon,
    type: 'order.placed',
    payload,
  });

  it('keep what an approval covers through the schemas, and the server accepts them', () => {
    expect(orderSchema.parse(order).approvals).toEqual(order.approvals);
    const parsed = operationSchema.parse(op(order));
    expect(parsed.type === 'order.placed' && parsed.payload).toEqual(order);
    expect(checkPlacedOrder(order, device.id)).toEqual({ ok: true, value: order });
  });

  it('placed before approvals recorded it stay valid', () => {
    const old = { ...order, approvals: [{ reason: 'discount', managerId: 'mgr-1' }] };
    const parsed = operationSchema.parse(op(old));
    expect(parsed.type === 'order.placed' && parsed.payload).toEqual(old);
    expect(checkPlacedOrder(orderSchema.parse(old), device.id).ok).toBe(true);
  });
});
