/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Closing a shift whose count is off by more than ¥10: the shift page shows the variance (expected,
// counted, difference) and asks for a manager's PIN before it closes. The manager approves (the
// close in the outbox carries approvedBy), or the cashier recounts, or closes without the approval
// and is told a manager must approve it on the dashboard.
import { demo } from '../support/test-server';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { typePin } from './support/pin-pad';
import { clickButton, count, own, textOf, typeInto, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });

const manager = demo.staffPins.find((s) => s.role === 'manager')!;
const cashier = demo.staffPins.find((s) => s.role === 'cashier')!;

/** Sets a denomination's count through its Vant stepper. */
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

/** The shift page with a ¥200 float, counted at ¥180: ¥20 short. */
async function countedShort(): Promise<Node> {
  const page = pages.render('pages/shift/index');
  await settle(pages);
  typeInto(page, '#float', '200');
  await settle(pages);
  clickButton(page, '#open');
  await until(() => page.data.flows !== null, 'the shift to open');
  await settle(pages);
  await countNotes(page, 10000, 1);
  await countNotes(page, 5000, 1);
  await countNotes(page, 1000, 3);
  await settle(pages);
  return page;
}

const closeOps = () =>
  till.device.client.ledger.outbox
    .entries()
    .map((entry) => entry.op)
    .filter((op) => op.type === 'shift.closed');

test("a variance beyond ¥10 is shown and a manager's PIN asked; the close carries the approval", async () => {
  const page = await countedShort();
  clickButton(page, '#close');
  await settle(pages);
  // Not closed yet: the variance and the question.
  expect(till.device.client.shift.current).not.toBeNull();
  expect(page.data.approval).toEqual({
    expected: '¥200.00',
    counted: '¥180.00',
    variance: '少 ¥20.00',
    tone: 'short',
    title: '差额超过 ±¥10.00，需要店长批准',
  });
  const panel = textOf(page, own('shift__approval'));
  for (const shown of ['差额超过 ±¥10.00，需要店长批准', '¥200.00', '¥180.00', '少 ¥20.00'])
    expect(panel).toContain(shown);
  expect(page.querySelector('#manager-pin')).toBeDefined();
  expect(page.querySelector('#close')).toBeUndefined();

  // A cashier's PIN approves nothing.
  await typePin(pages, page, '#manager-pin', cashier.pin);
  expect(page.data.error).toBe('不是店长的 PIN，未批准');
  expect(till.device.client.shift.current).not.toBeNull();
  expect(closeOps()).toEqual([]);

  await typePin(pages, page, '#manager-pin', manager.pin);
  await until(() => page.data.closed !== null, 'the shift to close');
  await settle(pages);
  expect(till.device.client.shift.current).toBeNull();
  expect(textOf(page, own('shift__closed'))).toContain('少 ¥20.00');
  expect(textOf(page, own('shift__closed-approval'))).toBe(`差额已由店长 ${manager.name} 批准`);
  // The end of it: the close waiting in the outbox names the approving manager.
  expect(closeOps()).toEqual([
    expect.objectContaining({
      type: 'shift.closed',
      payload: expect.objectContaining({
        staffId: cashier.staffId,
        approvedBy: manager.staffId,
        countedTotal: 18000,
        expected: 20000,
      }),
    }),
  ]);
});

test('the cashier recounts instead: the question goes, and an even count closes at once', async () => {
  const page = await countedShort();
  clickButton(page, '#close');
  await settle(pages);
  expect(page.data.approval).not.toBeNull();
  clickButton(page, '#recount');
  await settle(pages);
  expect(page.data.approval).toBeNull();
  expect(page.querySelector('#manager-pin')).toBeUndefined();
  expect(till.device.client.shift.current).not.toBeNull();

  // The ¥20 note was under the tray.
  await countNotes(page, 2000, 1);
  await settle(pages);
  expect(page.data.preview.variance).toBe('无差额');
  clickButton(page, '#close');
  await until(() => page.data.closed !== null, 'the shift to close');
  await settle(pages);
  expect(page.data.closedApproval).toBeNull();
  expect(count(page, own('shift__closed-approval'))).toBe(0);
  expect(closeOps()).toHaveLength(1);
  expect(closeOps()[0].payload).not.toHaveProperty('approvedBy');
});

test('counting again while the manager is asked withdraws the question', async () => {
  const page = await countedShort();
  clickButton(page, '#close');
  await settle(pages);
  expect(page.data.approval).not.toBeNull();
  await countNotes(page, 500, 1);
  expect(page.data.approval).toBeNull();
  clickButton(page, '#close');
  await settle(pages);
  expect(page.data.approval).toMatchObject({ counted: '¥185.00', variance: '少 ¥15.00' });
});

test('closed without an approval: the shift closes and the cashier is told a manager must approve it on the dashboard', async () => {
  const page = await countedShort();
  clickButton(page, '#close');
  await settle(pages);
  clickButton(page, '#close-unapproved');
  await until(() => page.data.closed !== null, 'the shift to close');
  await settle(pages);
  expect(till.device.client.shift.current).toBeNull();
  const notice = textOf(page, own('shift__closed-approval'));
  expect(notice).toBe('差额超过 ±¥10.00，尚未批准：请店长在管理后台批准这笔差额');
  expect(page.data.closedApproval.tone).toBe('pending');
  expect(closeOps()).toHaveLength(1);
  expect(closeOps()[0].payload).not.toHaveProperty('approvedBy');
});
