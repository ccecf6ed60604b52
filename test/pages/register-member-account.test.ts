/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The attached member's account at the register, through the real cart and member stores: points
// redeemed as a discount (the total drops by it, and comes back when taken off), a cash top-up
// (the balance rises, unsynced until the till reconnects), the offline cap, and a member joined
// offline still shown once the server has merged the provisional id.
import { cashTender, type Tender } from '@pos/shared';
import { signIn } from '../client/support/device';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, own, textOf, typeInto, vant, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });

const panel = (page: Node) => find(page, '#member-panel');
/** A class of one of the member components, as simulate writes it (prefixed with its tag). */
const inPanel = (className: string) => vant('member-panel', className);
/** The points control and the top-up form: components of their own inside the panel. */
const points = (page: Node) => find(panel(page), '#member-points');
const topUp = (page: Node) => find(panel(page), '#member-top-up');
const inPoints = (className: string) => vant('member-points', className);
const inTopUp = (className: string) => vant('member-top-up', className);

async function render(): Promise<Node> {
  const page = pages.render('pages/register/index');
  await settle(pages);
  await until(() => !till.device.client.sync.isOnline, 'the till to be offline');
  return page;
}

async function attach(page: Node, phone: string): Promise<void> {
  clickButton(panel(page), '#member-open');
  await settle(pages);
  typeInto(panel(page), '#member-phone', phone);
  await settle(pages);
  clickButton(panel(page), '#member-find');
  await settle(pages);
}

/**
 * Waits until the panel shows what `shown` looks for: its card is a store binding, rendered on
 * wx.nextTick, which a loaded machine may run after a settle. What it waits for says only that
 * the render happened; the test then checks the figures.
 */
async function rendered(page: Node, className: string, shown: (text: string) => boolean) {
  await until(() => shown(textOf(page, inPanel(className))), `the member panel's ${className}`);
}

async function tapTile(page: Node, name: string, times = 1): Promise<void> {
  const tile = page
    .querySelectorAll('.tile')
    .find((t) => t.dom?.querySelector(own('tile__name'))?.textContent === name);
  if (!tile) throw new Error(`no tile named ${name}`);
  for (let i = 0; i < times; i++) {
    tile.dispatchEvent('tap');
    await settle(pages);
  }
}

async function goOnlineAndSync(): Promise<void> {
  const { client, standIn } = till.device;
  standIn.network.set({ isConnected: true });
  // Caught up too: until then the card holds stored value to the offline cap (同步中).
  await until(
    () => client.sync.isCaughtUp && client.sync.unsyncedCount === 0,
    'the outbox to sync and the catch-up to be applied',
    10_000,
  );
  await settle(pages);
}

test('points: the most this sale allows is offered, fewer by the stepper; the total drops by the discount and comes back', async () => {
  const page = await render();
  const { cart } = till.device.client;
  // 陈女士: 2680 points at 100 a yuan; three americanos at the member price ¥12.00.
  await attach(page, '13912345678');
  expect(textOf(page, inPoints('member-points__offer'))).toBe('加入商品后可用积分抵扣');
  expect(points(page).querySelector('#points-redeem')).toBeUndefined();
  await tapTile(page, '美式咖啡 中杯', 3);
  expect(textOf(page, own('totals__total'))).toContain('¥36.00');
  expect(textOf(page, inPoints('member-points__rate'))).toBe('100 积分抵 ¥1');
  expect(textOf(page, inPoints('member-points__offer'))).toBe('本单最多可用 2600 积分，抵 ¥26.00');

  // One step down on Vant's stepper: 2500 points, ¥25.00.
  const stepper = find(points(page), '#points-stepper');
  expect(stepper.dom?.querySelector(vant('van-stepper'))).not.toBeNull();
  stepper.querySelector('.van-stepper__minus')!.dispatchEvent('tap');
  await settle(pages);
  const redeem = find(points(page), '#points-redeem');
  expect(redeem.dom?.querySelector(vant('van-button'))?.textContent?.trim()).toBe(
    '用 2500 积分抵 ¥25.00',
  );
  clickButton(points(page), '#points-redeem');
  await settle(pages);
  expect(cart.pointsRedeemed).toEqual({ points: 2500, discount: 2500 });
  expect(textOf(page, inPoints('member-points__redeemed'))).toBe('已用 2500 积分抵扣 -¥25.00');
  // The register's totals: a line of its own (not folded into 优惠), and a total ¥25.00 lower.
  expect(textOf(page, own('totals__points'))).toBe('积分抵扣（2500 积分）-¥25.00');
  expect(page.dom?.querySelectorAll(own('totals__discount'))).toHaveLength(1);
  expect(textOf(page, own('totals__total'))).toContain('¥11.00');
  expect(cart.total).toBe(3600 - 2500);

  // With an order discount too, 优惠 shows only that, and the points stay on their own line.
  cart.setOrderDiscount({ kind: 'amount', fen: 500 });
  await settle(pages);
  expect(textOf(page, own('totals__discount'))).toMatch(/-¥5\.00$/);
  expect(textOf(page, own('totals__points'))).toBe('积分抵扣（2500 积分）-¥25.00');
  expect(textOf(page, own('totals__total'))).toContain('¥6.00');
  cart.setOrderDiscount(null);
  await settle(pages);

  // Fewer items: the redemption shrinks to what is left to pay, never below zero.
  find(page, '.cart-line__qty').querySelector('.van-stepper__minus')!.dispatchEvent('tap');
  await settle(pages);
  find(page, '.cart-line__qty').querySelector('.van-stepper__minus')!.dispatchEvent('tap');
  await settle(pages);
  expect(textOf(page, inPoints('member-points__redeemed'))).toBe('已用 1200 积分抵扣 -¥12.00');
  expect(textOf(page, own('totals__total'))).toContain('¥0.00');

  clickButton(points(page), '#points-remove');
  await settle(pages);
  expect(cart.pointsRedeemed).toBeNull();
  expect(textOf(page, own('totals__total'))).toContain('¥12.00');
  expect(page.dom?.querySelector(own('totals__points'))).toBeNull();
  expect(textOf(page, inPoints('member-points__offer'))).toBe('本单最多可用 1200 积分，抵 ¥12.00');
});

test('points: a member with too few says so and is offered nothing', async () => {
  const page = await render();
  // 17759203318 has 40 points: not one yuan's worth at 100 a yuan.
  await attach(page, '17759203318');
  await tapTile(page, '美式咖啡 中杯');
  expect(textOf(page, inPoints('member-points__offer'))).toBe('积分 40，还不够抵扣');
  expect(points(page).querySelector('#points-redeem')).toBeUndefined();
});

test('a cash top-up: quick amount, confirm, the balance and what may be spent rise; unsynced until the till reconnects', async () => {
  const page = await render();
  const { client } = till.device;
  // 17759203318 holds ¥20.00, under the offline cap of ¥100.00 a member.
  await attach(page, '17759203318');
  await rendered(page, 'member-panel__meta', (text) => text !== '');
  expect(textOf(page, inPanel('member-panel__meta'))).toContain('储值 ¥20.00');
  expect(textOf(page, inPanel('member-panel__spendable'))).toBe(
    '离线可用储值 ¥20.00（本机离线额度剩余 ¥500.00）',
  );

  clickButton(panel(page), '#member-top-up-open');
  await settle(pages);
  const form = topUp(page);
  expect(form.dom?.querySelectorAll(vant('van-button')).length).toBeGreaterThanOrEqual(5);
  expect(form.dom?.querySelector(vant('van-field'))).not.toBeNull();
  // ¥50 from the quick amounts: asked to confirm before anything is recorded.
  const fifty = form.querySelectorAll('.member-top-up__amount')[0];
  fifty.querySelector('.van-button')!.dispatchEvent('tap');
  await settle(pages);
  expect(textOf(page, inTopUp('member-top-up__question'))).toBe(
    '收取现金 ¥50.00，为 会员 17759203318 充值？',
  );
  expect(client.members.unsyncedTopUps).toHaveLength(0);
  clickButton(topUp(page), '#top-up-confirm');
  await settle(pages);

  expect(client.members.unsyncedTopUps).toEqual([
    expect.objectContaining({ memberId: 'm-0005', amount: 5000, payment: { method: 'cash' } }),
  ]);
  expect(panel(page).querySelector('#member-top-up')).toBeUndefined();
  await rendered(page, 'member-panel__unsynced', (text) => text !== '');
  expect(textOf(page, inPanel('member-panel__note'))).toBe(
    '已充值 ¥50.00，储值余额 ¥70.00 · 本机尚未同步：联网后计入门店服务器',
  );
  expect(textOf(page, inPanel('member-panel__meta'))).toContain('储值 ¥70.00');
  expect(textOf(page, inPanel('member-panel__spendable'))).toBe(
    '离线可用储值 ¥70.00（本机离线额度剩余 ¥500.00）',
  );
  expect(textOf(page, inPanel('member-panel__unsynced'))).toBe('含本机未同步：充值 +¥50.00');

  // Online and synced: the server's balance, nothing left unsynced, no offline cap. Shown from
  // the server's ack on, before its member change arrives: never the ¥20.00 from before.
  await goOnlineAndSync();
  expect(till.server.store.memberByPhone('17759203318')?.balance).toBe(7000);
  await rendered(page, 'member-panel__spendable', (text) => text.startsWith('可用储值'));
  await until(
    () => page.dom?.querySelector(inPanel('member-panel__unsynced')) === null,
    'the member panel to show nothing unsynced',
  );
  expect(textOf(page, inPanel('member-panel__spendable'))).toBe('可用储值 ¥70.00');
  expect(textOf(page, inPanel('member-panel__meta'))).toContain('储值 ¥70.00');
  expect(page.dom?.querySelector(inPanel('member-panel__unsynced'))).toBeNull();
});

test('a top-up typed wrong or too large is refused with a clear message and nothing recorded', async () => {
  const page = await render();
  const { client } = till.device;
  await attach(page, '13912345678');
  clickButton(panel(page), '#member-top-up-open');
  await settle(pages);

  typeInto(topUp(page), '#top-up-amount', '一百');
  await settle(pages);
  clickButton(topUp(page), '#top-up-next');
  await settle(pages);
  expect(textOf(page, inTopUp('member-top-up__error'))).toBe('请输入充值金额，如 100 或 50.5');

  typeInto(topUp(page), '#top-up-amount', '6000');
  await settle(pages);
  clickButton(topUp(page), '#top-up-next');
  await settle(pages);
  expect(textOf(page, inTopUp('member-top-up__error'))).toBe('单次充值不能超过 5000 元');
  expect(topUp(page).querySelector('#top-up-confirm')).toBeUndefined();

  // The store's own refusal, in words: the cashier signed out while the form was open.
  typeInto(topUp(page), '#top-up-amount', '100');
  await settle(pages);
  clickButton(topUp(page), '#top-up-next');
  await settle(pages);
  expect(textOf(page, inTopUp('member-top-up__question'))).toBe(
    '收取现金 ¥100.00，为 陈女士 13912345678 充值？',
  );
  client.session.signOut();
  clickButton(topUp(page), '#top-up-confirm');
  await settle(pages);
  expect(textOf(page, inTopUp('member-top-up__error'))).toBe('请先用 PIN 登录');
  expect(client.members.unsyncedTopUps).toHaveLength(0);
  expect(textOf(page, inPanel('member-panel__meta'))).toContain('储值 ¥350.00');
  signIn(till.device, 'cashier');

  // Back at the amount: corrected, it goes through.
  typeInto(topUp(page), '#top-up-amount', '88.8');
  await settle(pages);
  clickButton(topUp(page), '#top-up-next');
  await settle(pages);
  clickButton(topUp(page), '#top-up-confirm');
  await settle(pages);
  expect(client.members.unsyncedTopUps.map((t) => t.amount)).toEqual([8880]);
  expect(textOf(page, inPanel('member-panel__meta'))).toContain('储值 ¥438.80');
});

test('offline: stored value is capped per member and per device, and the card says how much is left', async () => {
  const page = await render();
  const { cart, orders } = till.device.client;
  // 陈女士 holds ¥350.00; offline she may spend ¥100.00 and the device ¥500.00 in all.
  await attach(page, '13912345678');
  expect(textOf(page, inPanel('member-panel__spendable'))).toBe(
    '离线可用储值 ¥100.00（本机离线额度剩余 ¥500.00）',
  );

  // A sale paid ¥30.00 from her stored value while offline, through the real orders store.
  await tapTile(page, '美式咖啡 中杯', 3);
  const memberId = cart.cart.memberId!;
  const tenders: Tender[] = [
    { method: 'stored_value', amount: 3000, memberId },
    cashTender(cart.total - 3000, cart.total - 3000),
  ];
  const sold = orders.checkout(tenders);
  if (!sold.ok) throw new Error(sold.error.message);
  cart.attachMember('13912345678');
  await settle(pages);
  expect(textOf(page, inPanel('member-panel__meta'))).toContain('储值 ¥320.00');
  expect(textOf(page, inPanel('member-panel__spendable'))).toBe(
    '离线可用储值 ¥70.00（本机离线额度剩余 ¥470.00）',
  );
  const notes = page.dom!.querySelectorAll(inPanel('member-panel__unsynced'));
  expect([...notes].map((n) => n.textContent?.trim())).toEqual([
    '含本机未同步：储值消费 -¥30.00',
    '另有 36 积分同步后可用',
  ]);
});

test('a member joined offline stays attached and shown after the server merges the provisional id', async () => {
  const page = await render();
  const { client } = till.device;
  await attach(page, '13700000009');
  clickButton(panel(page), '#member-join');
  await settle(pages);
  await rendered(page, 'member-panel__summary', (text) => text !== '');
  const provisionalId = client.cart.cart.memberId!;
  expect(provisionalId).toContain(':member:');
  expect(textOf(page, inPanel('member-panel__summary'))).toBe('会员 13700000009');
  expect(textOf(page, inPanel('member-panel__provisional'))).toBe('待同步');
  expect(textOf(page, inPanel('member-panel__spendable'))).toBe(
    '离线可用储值 ¥0.00（本机离线额度剩余 ¥500.00）',
  );

  // A cash top-up for the provisional member, then the till reconnects.
  clickButton(panel(page), '#member-top-up-open');
  await settle(pages);
  topUp(page)
    .querySelectorAll('.member-top-up__amount')[1]
    .querySelector('.van-button')!
    .dispatchEvent('tap');
  await settle(pages);
  clickButton(topUp(page), '#top-up-confirm');
  await settle(pages);
  expect(textOf(page, inPanel('member-panel__meta'))).toContain('储值 ¥100.00');

  await goOnlineAndSync();
  await until(
    () => client.catalog.findMember('13700000009')?.id.startsWith('m-') === true,
    'the server’s id for the member',
  );
  // The caught-up card (可用储值, no longer 同步中) is the one the figures below are checked on.
  await rendered(page, 'member-panel__spendable', (text) => text.startsWith('可用储值'));
  const merged = client.catalog.findMember('13700000009')!;
  expect(merged.aliases).toEqual([provisionalId]);
  // The cart still names the provisional id; the panel finds the merged member through it.
  expect(client.cart.cart.memberId).toBe(provisionalId);
  expect(client.catalog.members.some((m) => m.id === provisionalId)).toBe(false);
  expect(textOf(page, inPanel('member-panel__summary'))).toBe('会员 13700000009');
  expect(page.dom?.querySelector(inPanel('member-panel__provisional'))).toBeNull();
  expect(textOf(page, inPanel('member-panel__meta'))).toContain('储值 ¥100.00');
  expect(textOf(page, inPanel('member-panel__spendable'))).toBe('可用储值 ¥100.00');
  expect(page.dom?.querySelector(inPanel('member-panel__unsynced'))).toBeNull();
});
