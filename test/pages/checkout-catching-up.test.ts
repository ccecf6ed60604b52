/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Checkout when the Wi-Fi drops and comes back mid-sale, against the real server: online again, the
// till's balances are as old as its last socket until the server's catch-up is applied (held back
// while another till pushes), so stored value is held to the offline cap meanwhile, and the
// cashier reads why and that a few seconds will do.
import { formatFen } from '@pos/shared';
import { until } from '../client/support/until';
import { demo } from '../support/test-server';
import { catchingUpForEachTest } from './support/catching-up';
import { clickButton, find, own, textOf } from './support/interact';
import { setUpPages, settle } from './support/pages';

const pages = setUpPages();
const liu = demo.members[1]; // ¥120.00 of stored value

const { tablet, blipWithCatchUpHeld, releaseCatchUp } = catchingUpForEachTest(pages);

test('stored value taken before a Wi-Fi blip is refused until the catch-up is in, in words that say so', async () => {
  const device = await tablet();
  const { cart, catalog, orders } = device.client;
  expect(cart.attachMember(liu.phone).ok).toBe(true);
  cart.addItem(catalog.products.find((p) => p.name === '拿铁')!.skus[0].id, 7);
  // Seven lattes at the member price, all of it from stored value: more than the offline cap.
  const due = cart.total;
  expect(due).toBeGreaterThan(demo.settings.offlineStoredValueCap.perMember);
  expect(due).toBeLessThanOrEqual(liu.balance);
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  expect(find(page, '#stored-value').dom?.textContent).toContain('¥120.00');
  clickButton(page, '#stored-value');
  await until(() => page.data.tenders.length === 1, 'the stored-value tender');

  // The Wi-Fi drops; meanwhile a colleague tops up another member's card on this till. Back on,
  // the till pushes that, and its catch-up waits while another till pushes its own backlog.
  await blipWithCatchUpHeld(device);
  await settle(pages);

  // Online, but the balances are not the server's of now yet: the offline cap holds.
  expect(find(page, '#stored-value').dom?.textContent).toContain('¥100.00');
  clickButton(page, '#pay');
  await settle(pages);
  expect(page.data.paid).toBeNull();
  expect(textOf(page, own('checkout__error'))).toBe(
    `本机刚连上门店服务器，会员余额还在同步：同步完成前储值按离线上限收，这次要用 ${formatFen(due)}，最多还能用 ¥100.00。请稍等几秒再试，或改用其他方式付款`,
  );

  // The other till is done: the catch-up comes, and the same payment goes through.
  await releaseCatchUp(device);
  clickButton(page, '#pay');
  await until(() => page.data.paid !== null, 'the paid screen');
  expect(orders.views[0].order.tenders).toContainEqual(
    expect.objectContaining({ method: 'stored_value', amount: due }),
  );
});
