/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The member at the register: attached by phone (member prices then lead in the grid and apply in
// the cart), joined when the phone is new (queued for the server), scanned from a member QR, and
// detached, through the real cart and catalog stores.
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, own, textOf, typeInto, vant, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });

const panel = (page: Node) => find(page, '#member-panel');
/** A class of the member panel's own, as simulate writes it (prefixed with its tag). */
const inPanel = (className: string) => vant('member-panel', className);

async function lookUp(page: Node, phone: string): Promise<void> {
  clickButton(panel(page), '#member-open');
  await settle(pages);
  typeInto(panel(page), '#member-phone', phone);
  await settle(pages);
  clickButton(panel(page), '#member-find');
  await settle(pages);
}

test('attached by phone: member prices lead in the grid and apply in the cart', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  const { cart } = till.device.client;
  expect(page.querySelectorAll('.tile__member--applies')).toHaveLength(0);

  await lookUp(page, '139 1234 5678');
  expect(cart.cart.memberId).toBe('m-0001');
  expect(textOf(page, inPanel('member-panel__summary'))).toBe('陈女士 13912345678');
  expect(textOf(page, inPanel('member-panel__meta'))).toContain('储值 ¥350.00');
  expect(page.querySelectorAll('.tile__member--applies').length).toBeGreaterThan(0);

  const americano = page
    .querySelectorAll('.tile')
    .find((tile) => tile.dom?.querySelector(own('tile__name'))?.textContent === '美式咖啡 中杯')!;
  americano.dispatchEvent('tap');
  await settle(pages);
  expect(textOf(page, own('cart-line__unit'))).toMatch(/^¥12\.00/);
  expect(textOf(page, own('cart-line__name'))).toContain('会员');
  expect(textOf(page, own('totals__total'))).toContain('¥12.00');

  clickButton(panel(page), '#member-detach');
  await settle(pages);
  expect(cart.cart.memberId).toBeNull();
  expect(textOf(page, own('totals__total'))).toContain('¥15.00');
});

test('a phone that is not a member’s: joining attaches the new member and queues it', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  await lookUp(page, '13700000001');
  expect(textOf(page, inPanel('member-panel__error'))).toBe('没有手机号为 13700000001 的会员');
  expect(till.device.client.cart.cart.memberId).toBeNull();

  clickButton(panel(page), '#member-join');
  await settle(pages);
  const joined = till.device.client.ledger.outbox.entries().map((entry) => entry.op);
  expect(joined).toEqual([
    expect.objectContaining({
      type: 'member.joined',
      payload: expect.objectContaining({ phone: '13700000001' }),
    }),
  ]);
  expect(till.device.client.cart.cart.memberId).toBe((joined[0].payload as { id: string }).id);
  expect(textOf(page, inPanel('member-panel__note'))).toBe('已办理会员（同步后生效于全店）');
  expect(textOf(page, inPanel('member-panel__summary'))).toContain('13700000001');
});

test('a member QR scanned with the camera attaches; a code that is not a member’s says so', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  clickButton(panel(page), '#member-open');
  await settle(pages);
  expect(panel(page).querySelector('#member-scan')!.querySelector('.van-button')).toBeDefined();

  pages.scanResult = 'hello world';
  clickButton(panel(page), '#member-scan');
  await settle(pages);
  expect(textOf(page, inPanel('member-panel__error'))).toBe(
    '这不是会员码：请扫描会员的二维码，或输入手机号',
  );

  pages.scanResult = 'https://shop.example/member?member=m-0002';
  clickButton(panel(page), '#member-scan');
  await settle(pages);
  expect(till.device.client.cart.cart.memberId).toBe('m-0002');
  expect(textOf(page, inPanel('member-panel__summary'))).toBe('刘先生 13800138001');
  expect(panel(page).dom?.querySelector(vant('van-tag'))?.textContent?.trim()).toBe('会员');
});
