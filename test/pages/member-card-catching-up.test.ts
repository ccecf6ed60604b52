/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The register's member card while the till catches up, against the real server: back online, the
// till holds stored value to the offline caps until the server's catch-up is in, so the card says
// the figure is limited while syncing (not a bare 可用储值 the cashier would take for the balance),
// and shows the real balance once caught up.
import { formatFen } from '@pos/shared';
import { until } from '../client/support/until';
import { demo } from '../support/test-server';
import { catchingUpForEachTest } from './support/catching-up';
import { textOf, vant, type Node } from './support/interact';
import { setUpPages, settle } from './support/pages';

const pages = setUpPages();
const liu = demo.members[1]; // ¥120.00 of stored value
const cap = demo.settings.offlineStoredValueCap.perMember;

const { tablet, blipWithCatchUpHeld, releaseCatchUp } = catchingUpForEachTest(pages);

/** The card's line of what stored value may pay, once the panel shows `expected`. */
async function spendableLine(page: Node, expected: string): Promise<string> {
  const line = () => textOf(page, vant('member-panel', 'member-panel__spendable'));
  await until(() => line() === expected, `the member card to say ${expected}`).catch(() => {});
  return line();
}

test('catching up, the card says stored value is limited while syncing; caught up, the real balance', async () => {
  expect(cap).toBeLessThan(liu.balance);
  const device = await tablet();
  const { cart, members } = device.client;
  const page = pages.render('pages/register/index');
  expect(cart.attachMember(liu.phone).ok).toBe(true);
  await settle(pages);
  expect(await spendableLine(page, `可用储值 ${formatFen(liu.balance)}`)).toBe(
    `可用储值 ${formatFen(liu.balance)}`,
  );

  // The Wi-Fi drops; a colleague tops up another member here, so the till has something to push
  // when it is back, and the server holds its catch-up while another till pushes its backlog.
  await blipWithCatchUpHeld(device);
  expect(members.spendable(liu.phone)).toBe(cap);
  const limited = `同步中，可用储值暂限 ${formatFen(cap)}`;
  expect(await spendableLine(page, limited)).toBe(limited);

  // The other till is done: the catch-up comes, and the card shows what liu really has.
  await releaseCatchUp(device);
  const real = `可用储值 ${formatFen(liu.balance)}`;
  expect(await spendableLine(page, real)).toBe(real);
});
