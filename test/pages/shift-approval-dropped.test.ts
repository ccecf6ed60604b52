/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A manager approves a ¥20 shortfall with their PIN at a till that is offline, and is demoted on
// the dashboard meanwhile: the server records the close without the approval. The shift page's
// closed screen, said "approved" at the close, then says what the server kept: not approved, why,
// and that a manager approves it on the dashboard.
import { demo } from '../support/test-server';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { typePin } from './support/pin-pad';
import { clickButton, own, textOf, typeInto, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });

const manager = demo.staffPins.find((s) => s.role === 'manager')!;

async function countNotes(page: Node, denomination: number, pieces: number): Promise<void> {
  const row =
    page.querySelectorAll('.denomination__count')[
      [10000, 5000, 2000, 1000, 500, 100, 50, 10].indexOf(denomination)
    ];
  for (let i = 0; i < pieces; i++) {
    row.querySelector('.van-stepper__plus')!.dispatchEvent('tap');
    await settle(pages, 5);
  }
}

test('the closed screen follows the server: an approval it dropped shows as not approved, with why', async () => {
  const page = pages.render('pages/shift/index');
  await settle(pages);
  typeInto(page, '#float', '200');
  await settle(pages);
  clickButton(page, '#open');
  await until(() => page.data.flows !== null, 'the shift to open');
  await countNotes(page, 10000, 1);
  await countNotes(page, 5000, 1);
  await countNotes(page, 1000, 3);
  clickButton(page, '#close');
  await settle(pages);
  await typePin(pages, page, '#manager-pin', manager.pin);
  await until(() => page.data.closed !== null, 'the shift to close');
  await settle(pages);
  expect(textOf(page, own('shift__closed-approval'))).toBe(`差额已由店长 ${manager.name} 批准`);

  // Meanwhile the manager who approved is demoted (as the dashboard's staff page saves it).
  const { store } = till.server;
  const approver = store.state.staff[manager.staffId];
  await store.commit({ kind: 'staff.saved', staff: { ...approver, role: 'cashier' } });

  till.device.standIn.network.set({ isConnected: true });
  await until(() => page.data.closedApproval?.tone === 'dropped', 'the dropped approval shown');
  await settle(pages);
  const notice = textOf(page, own('shift__closed-approval'));
  expect(notice).toContain(`店长 ${manager.name} 的批准服务器没有接受`);
  expect(notice).toContain('批准人在服务器上不是店长');
  expect(notice).toContain('差额尚未批准，请店长在管理后台重新批准');
  expect(notice).not.toContain('差额已由店长');
});
