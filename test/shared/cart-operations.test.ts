// The cart operations: each returns a new cart, merges plain lines and refuses bad input by name.
import {
  addItem,
  attachMember,
  CartError,
  cartSchema,
  detachMember,
  emptyCart,
  removeLine,
  setLineDiscount,
  setOrderDiscount,
  setPriceOverride,
  setQuantity,
  type Cart,
} from '../../shared/cart';
import { maxLineQty } from '../../shared/line-quantity';

const withTeaAndLatte = (): Cart =>
  addItem(addItem(emptyCart(), { skuId: 'tea', qty: 1 }), { skuId: 'latte-m', qty: 2 });

describe('cart operations', () => {
  it('start from an empty cart that fits the stored schema', () => {
    expect(cartSchema.parse(emptyCart())).toEqual({
      lines: [],
      orderDiscount: null,
      memberId: null,
    });
  });

  it('give lines ids L1, L2, ... and never reuse one in the cart', () => {
    const cart = withTeaAndLatte();
    expect(cart.lines.map((line) => [line.lineId, line.skuId, line.qty])).toEqual([
      ['L1', 'tea', 1],
      ['L2', 'latte-m', 2],
    ]);
    const afterRemove = addItem(removeLine(cart, 'L1'), { skuId: 'candy', qty: 1 });
    expect(afterRemove.lines.map((line) => line.lineId)).toEqual(['L2', 'L3']);
    expect(cartSchema.parse(afterRemove)).toEqual(afterRemove);
  });

  it('take a line id from the caller, and refuse one already in use', () => {
    const cart = addItem(emptyCart(), { skuId: 'tea', qty: 1, lineId: 'scan-7' });
    expect(cart.lines[0].lineId).toBe('scan-7');
    expect(() => addItem(cart, { skuId: 'candy', qty: 1, lineId: 'scan-7' })).toThrow(
      'line id "scan-7" is already in the cart',
    );
  });

  it('merge the same SKU into its plain line', () => {
    const cart = addItem(withTeaAndLatte(), { skuId: 'tea', qty: 3 });
    expect(cart.lines).toHaveLength(2);
    expect(cart.lines[0]).toMatchObject({ lineId: 'L1', skuId: 'tea', qty: 4 });
  });

  it('do not merge into a line with a discount or an override', () => {
    const discounted = setLineDiscount(withTeaAndLatte(), 'L1', { kind: 'amount', fen: 100 });
    const added = addItem(discounted, { skuId: 'tea', qty: 1 });
    expect(added.lines.map((line) => [line.lineId, line.skuId, line.qty])).toEqual([
      ['L1', 'tea', 1],
      ['L2', 'latte-m', 2],
      ['L3', 'tea', 1],
    ]);
    const overridden = setPriceOverride(withTeaAndLatte(), 'L1', 500);
    expect(addItem(overridden, { skuId: 'tea', qty: 1 }).lines).toHaveLength(3);
  });

  it('leave the cart they were given untouched', () => {
    const cart = withTeaAndLatte();
    const snapshot = structuredClone(cart);
    addItem(cart, { skuId: 'tea', qty: 1 });
    setQuantity(cart, 'L1', 5);
    removeLine(cart, 'L2');
    setLineDiscount(cart, 'L1', { kind: 'percent', basisPoints: 500 });
    setPriceOverride(cart, 'L1', 1);
    setOrderDiscount(cart, { kind: 'amount', fen: 1 });
    attachMember(cart, 'member-1');
    expect(cart).toEqual(snapshot);
  });

  it('set a quantity, and remove the line at 0', () => {
    const cart = setQuantity(withTeaAndLatte(), 'L2', 5);
    expect(cart.lines[1].qty).toBe(5);
    expect(setQuantity(cart, 'L2', 0).lines.map((line) => line.lineId)).toEqual(['L1']);
  });

  it('set and clear discounts, overrides and the member', () => {
    let cart = setLineDiscount(withTeaAndLatte(), 'L2', { kind: 'percent', basisPoints: 1200 });
    cart = setPriceOverride(cart, 'L1', 0);
    cart = setOrderDiscount(cart, { kind: 'amount', fen: 50 });
    cart = attachMember(cart, 'member-1');
    expect(cartSchema.parse(cart)).toMatchObject({
      lines: [
        { lineId: 'L1', priceOverride: 0, discount: null },
        { lineId: 'L2', priceOverride: null, discount: { kind: 'percent', basisPoints: 1200 } },
      ],
      orderDiscount: { kind: 'amount', fen: 50 },
      memberId: 'member-1',
    });
    cart = setLineDiscount(setPriceOverride(cart, 'L1', null), 'L2', null);
    cart = detachMember(setOrderDiscount(cart, null));
    expect(cart).toEqual(withTeaAndLatte());
  });

  it('name a line that is not in the cart', () => {
    const cart = withTeaAndLatte();
    for (const change of [
      () => setQuantity(cart, 'L9', 1),
      () => removeLine(cart, 'L9'),
      () => setLineDiscount(cart, 'L9', null),
      () => setPriceOverride(cart, 'L9', 100),
    ]) {
      expect(change).toThrow(CartError);
      expect(change).toThrow('there is no line "L9" in the cart');
    }
  });

  it.each([0, -1, 1.5, NaN, maxLineQty + 1, 6901234567892])('refuse a quantity of %p', (qty) => {
    expect(() => addItem(emptyCart(), { skuId: 'tea', qty })).toThrow(
      `quantity must be a whole number from 1 to ${maxLineQty}, got ${qty}`,
    );
  });

  it('refuse a merge that would go over the largest quantity', () => {
    const cart = addItem(emptyCart(), { skuId: 'tea', qty: maxLineQty });
    expect(() => addItem(cart, { skuId: 'tea', qty: 1 })).toThrow(/quantity must be/);
    expect(() => setQuantity(cart, 'L1', -2)).toThrow(/got -2/);
  });

  it('say what kind of mistake each is, for the till to word it (CartError.code)', () => {
    const cart = withTeaAndLatte();
    const codeOf = (change: () => unknown) => {
      try {
        change();
      } catch (error) {
        return error instanceof CartError ? error.code : `not a CartError: ${String(error)}`;
      }
      return 'nothing thrown';
    };
    expect(codeOf(() => setQuantity(cart, 'L1', 6901234567892))).toBe('quantity_invalid');
    expect(codeOf(() => setPriceOverride(cart, 'L1', -1))).toBe('price_invalid');
    expect(codeOf(() => setLineDiscount(cart, 'L1', { kind: 'amount', fen: -5 }))).toBe(
      'discount_invalid',
    );
    expect(codeOf(() => setOrderDiscount(cart, { kind: 'percent', basisPoints: 10001 }))).toBe(
      'discount_invalid',
    );
    expect(codeOf(() => removeLine(cart, 'L9'))).toBe('cart_changed');
  });

  it('refuse bad ids, prices and discounts with the reason', () => {
    const cart = withTeaAndLatte();
    expect(() => addItem(cart, { skuId: '', qty: 1 })).toThrow('SKU id must be 1-40 characters');
    expect(() => attachMember(cart, '')).toThrow('member id must be 1-60 characters');
    expect(() => setPriceOverride(cart, 'L1', -1)).toThrow(
      'the overridden price must be a whole number of fen >= 0, got -1',
    );
    expect(() => setPriceOverride(cart, 'L1', 9.99)).toThrow(/got 9.99/);
    expect(() => setLineDiscount(cart, 'L1', { kind: 'amount', fen: 0.5 })).toThrow(
      'a discount must be a whole number of fen >= 0, got 0.5',
    );
    expect(() => setOrderDiscount(cart, { kind: 'percent', basisPoints: 10001 })).toThrow(
      'a percent discount must be 0-10000 basis points, got 10001',
    );
    expect(() => setOrderDiscount(cart, { kind: 'percent', basisPoints: 12.5 })).toThrow(
      /got 12.5/,
    );
  });
});
