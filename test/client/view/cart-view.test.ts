// The register's and the checkout's totals: rounding is called by what it did to the total, 抹零
// when it took money off, 凑整 when a half-up rule added some.
import { addItem, emptyCart, priceCart, setLineDiscount } from '@pos/shared';
import type { RoundingRule } from '../../../shared/settings';
import { totals } from '../../../miniprogram/view/cart-view';
import { contextWith } from '../../shared/cart-fixture';

/** A tea at ¥9.90 with ¥0.04 off: ¥9.86, which rounds to the jiao up or down by the rule. */
function pricedTea(rounding: RoundingRule) {
  const cart = setLineDiscount(addItem(emptyCart(), { skuId: 'tea', qty: 1 }), 'L1', {
    kind: 'amount',
    fen: 4,
  });
  return priceCart(cart, contextWith(rounding));
}

test('a total rounded up by a half-up rule is labelled 凑整, with a plus', () => {
  const priced = pricedTea({ unit: 'jiao', mode: 'half-up' });
  expect(priced.rounding).toBe(4);
  const view = totals(priced, 1);
  expect(view).toMatchObject({ rounding: '+¥0.04', roundingLabel: '凑整', total: '¥9.90' });
});

test('a total rounded down is labelled 抹零, with a minus', () => {
  const priced = pricedTea({ unit: 'jiao', mode: 'down' });
  expect(priced.rounding).toBe(-6);
  const view = totals(priced, 1);
  expect(view).toMatchObject({ rounding: '-¥0.06', roundingLabel: '抹零', total: '¥9.80' });
});

test('nothing rounded shows no rounding row', () => {
  const view = totals(pricedTea({ unit: 'none', mode: 'down' }), 1);
  expect(view.rounding).toBe('');
});
