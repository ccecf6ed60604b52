/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The attached member's account at the register, through the real cart and member stores: points
// redeemed as a discount (the total drops by it, and comes back when taken off), a cash top-up
// (the balance rises, unsynced until the till reconnects), the offline cap, and a member joined
// offline still shown once the server has merged the provisional id.
import { cashTender, type Tender } from '@pos/shared';
import { signIn } from '../client/support/device';
import { tillPerTest } from './support/till';
import { setUpPages, settle, until } from './support/pages';
import {
  clickButton,
  count,
  find,
  own,
  textOf,
  typeInto,
  vant,
  type Node,
} from './support/interact';

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
  await until(pages, () => !till.device.client.sync.isOnline, 'the till to be offline');
  return page;
}

/** The panel's form typed into and looked up: the card drawn, or the phone found unknown. */
async function attach(page: Node, phone: string): Promise<void> {
  clickButton(panel(page), '#member-open');
  await until(pages, () => panel(page).querySelector('#member-phone') !== undefined, 'the form');
  typeInto(panel(page), '#member-phone', phone);
  // Vant's field reports what was typed on wx.nextTick: 查找 before then would look up nothing.
  await until(pages, () => panel(page).data.phone === phone, `${phone} typed`);
  clickButton(panel(page), '#member-find');
  await until(
    pages,
    () =>
      count(page, inPanel('member-panel__card')) > 0 ||
      panel(page).querySelector('#member-join') !== undefined,
    `the member ${phone} looked up`,
  );
}

/**
 * Waits until the page shows what `shown` looks for at `selector`: the card, the points and the
 * totals are store bindings, rendered on wx.nextTick, which a loaded machine may run after a
 * settle. What it waits for says only that the render happened; the test then checks the figures.
 */
async function rendered(page: Node, selector: string, shown: (text: string) => boolean) {
  await until(pages, () => shown(textOf(page, selector)), `the page's ${selector}`);
}

/** The items in the cart as the register draws them. */
const itemsShown = (page: Node) =>
  (page.data.lines as { qty: number }[]).reduce((sum, line) => sum + line.qty, 0);

async function tapTile(page: Node, name: string, times = 1): Promise<void> {
  const tile = page
    .querySelectorAll('.tile')
    .find((t) => t.dom?.querySelector(own('tile__name'))?.textContent === name);
  if (!tile) throw new Error(`no tile named ${name}`);
  for (let i = 0; i < times; i++) {
    const before = itemsShown(page);
    tile.dispatchEvent('tap');
    await until(pages, () => itemsShown(page) === before + 1, `${name} added`);
  }
}

/** Types an amount into the open top-up form, once the form has it. */
async function typeAmount(page: Node, amount: string): Promise<void> {
  await until(pages, () => topUp(page).querySelector('#top-up-amount') !== undefined, 'the amount');
  typeInto(topUp(page), '#top-up-amount', amount);
  await until(pages, () => topUp(page).data.input === amount, `${amount} typed`);
}

/** Opens the top-up form on the member's card. */
async function openTopUp(page: Node): Promise<void> {
  clickButton(panel(page), '#member-top-up-open');
  await until(pages, () => count(page, inTopUp('member-top-up__amount')) > 0, 'the top-up form');
}

/**
 * Confirms the top-up the form asks about: the form closes with its outcome in the panel's note
 * at once, and the card (a store binding, drawn on wx.nextTick) shows the new balance after.
 */
async function confirmTopUp(page: Node): Promise<void> {
  const meta = textOf(page, inPanel('member-panel__meta'));
  clickButton(topUp(page), '#top-up-confirm');
  await until(
    pages,
    () =>
      panel(page).querySelector('#member-top-up') === undefined &&
      textOf(page, inPanel('member-panel__note')) !== '' &&
      textOf(page, inPanel('member-panel__meta')) !== meta,
    'the top-up on the card',
  );
}

async function goOnlineAndSync(): Promise<void> {
  const { client, standIn } = till.device;
  standIn.network.set({ isConnected: true });
  // Caught up too: until then the card holds stored value to the offline cap (同步中).
  await until(
    pages,
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
  await rendered(page, inPoints('member-points__offer'), (text) => text !== '');
  expect(textOf(page, inPoints('member-points__offer'))).toBe('加入商品后可用积分抵扣');
  expect(points(page).querySelector('#points-redeem')).toBeUndefined();
  await tapTile(page, '美式咖啡 中杯', 3);
  // The points control follows the cart in its own binding: drawn with a stepper once there is
  // something to take points off.
  await until(
    pages,
    () => points(page).querySelector('#points-stepper') !== undefined,
    'the offer',
  );
  expect(textOf(page, own('totals__total'))).toContain('¥36.00');
  expect(textOf(page, inPoints('member-points__rate'))).toBe('100 积分抵 ¥1');
  expect(textOf(page, inPoints('member-points__offer'))).toBe('本单最多可用 2600 积分，抵 ¥26.00');

  // One step down on Vant's stepper: 2500 points, ¥25.00.
  const stepper = find(points(page), '#points-stepper');
  expect(stepper.dom?.querySelector(vant('van-stepper'))).not.toBeNull();
  stepper.querySelector('.van-stepper__minus')!.dispatchEvent('tap');
  await until(pages, () => points(page).data.picked > 0, 'fewer points picked');
  const redeem = find(points(page), '#points-redeem');
  expect(redeem.dom?.querySelector(vant('van-button'))?.textContent?.trim()).toBe(
    '用 2500 积分抵 ¥25.00',
  );
  clickButton(points(page), '#points-redeem');
  await until(
    pages,
    () =>
      textOf(page, inPoints('member-points__redeemed')) !== '' &&
      count(page, own('totals__points')) === 1,
    'the redemption shown',
  );
  expect(cart.pointsRedeemed).toEqual({ points: 2500, discount: 2500 });
  expect(textOf(page, inPoints('member-points__redeemed'))).toBe('已用 2500 积分抵扣 -¥25.00');
  // The register's totals: a line of its own (not folded into 优惠), and a total ¥25.00 lower.
  expect(textOf(page, own('totals__points'))).toBe('积分抵扣（2500 积分）-¥25.00');
  expect(page.dom?.querySelectorAll(own('totals__discount'))).toHaveLength(1);
  expect(textOf(page, own('totals__total'))).toContain('¥11.00');
  expect(cart.total).toBe(3600 - 2500);

  // With an order discount too, 优惠 shows only that, and the points stay on their own line.
  cart.setOrderDiscount({ kind: 'amount', fen: 500 });
  await until(pages, () => count(page, own('totals__discount')) === 2, 'the order discount shown');
  expect(textOf(page, own('totals__discount'))).toMatch(/-¥5\.00$/);
  expect(textOf(page, own('totals__points'))).toBe('积分抵扣（2500 积分）-¥25.00');
  expect(textOf(page, own('totals__total'))).toContain('¥6.00');
  cart.setOrderDiscount(null);
  await until(pages, () => count(page, own('totals__discount')) === 1, 'the order discount gone');

  // Fewer items: the redemption shrinks to what is left to pay, never below zero.
  for (const left of [2, 1]) {
    find(page, '.cart-line__qty').querySelector('.van-stepper__minus')!.dispatchEvent('tap');
    await until(pages, () => itemsShown(page) === left, `${left} left in the cart`);
  }
  await rendered(page, inPoints('member-points__redeemed'), (text) => !text.includes('2500'));
  expect(textOf(page, inPoints('member-points__redeemed'))).toBe('已用 1200 积分抵扣 -¥12.00');
  expect(textOf(page, own('totals__total'))).toContain('¥0.00');

  clickButton(points(page), '#points-remove');
  await until(
    pages,
    () =>
      count(page, own('totals__points')) === 0 &&
      textOf(page, inPoints('member-points__offer')) !== '',
    'the redemption taken off',
  );
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
  // Drawn first for an empty cart: the offer for the sale replaces it.
  await rendered(page, inPoints('member-points__offer'), (text) => !text.startsWith('加入商品'));
  expect(textOf(page, inPoints('member-points__offer'))).toBe('积分 40，还不够抵扣');
  expect(points(page).querySelector('#points-redeem')).toBeUndefined();
});

test('a cash top-up: quick amount, confirm, the balance and what may be spent rise; unsynced until the till reconnects', async () => {
  const page = await render();
  const { client } = till.device;
  // 17759203318 holds ¥20.00, under the offline cap of ¥100.00 a member.
  await attach(page, '17759203318');
  await rendered(page, inPanel('member-panel__meta'), (text) => text !== '');
  expect(textOf(page, inPanel('member-panel__meta'))).toContain('储值 ¥20.00');
  expect(textOf(page, inPanel('member-panel__spendable'))).toBe(
    '离线可用储值 ¥20.00（本机离线额度剩余 ¥500.00）',
  );

  await openTopUp(page);
  const form = topUp(page);
  expect(form.dom?.querySelectorAll(vant('van-button')).length).toBeGreaterThanOrEqual(5);
  expect(form.dom?.querySelector(vant('van-field'))).not.toBeNull();
  // ¥50 from the quick amounts: asked to confirm before anything is recorded.
  const fifty = form.querySelectorAll('.member-top-up__amount')[0];
  fifty.querySelector('.van-button')!.dispatchEvent('tap');
  await rendered(page, inTopUp('member-top-up__question'), (text) => text !== '');
  expect(textOf(page, inTopUp('member-top-up__question'))).toBe(
    '收取现金 ¥50.00，为 会员 17759203318 充值？',
  );
  expect(client.members.unsyncedTopUps).toHaveLength(0);
  await confirmTopUp(page);

  expect(client.members.unsyncedTopUps).toEqual([
    expect.objectContaining({ memberId: 'm-0005', amount: 5000, payment: { method: 'cash' } }),
  ]);
  expect(panel(page).querySelector('#member-top-up')).toBeUndefined();
  await rendered(page, inPanel('member-panel__unsynced'), (text) => text !== '');
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
  await rendered(page, inPanel('member-panel__spendable'), (text) => text.startsWith('可用储值'));
  await until(
    pages,
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
  await openTopUp(page);
  const error = () => textOf(page, inTopUp('member-top-up__error'));

  await typeAmount(page, '一百');
  clickButton(topUp(page), '#top-up-next');
  await until(pages, () => error() !== '', 'the amount refused');
  expect(error()).toBe('请输入充值金额，如 100 或 50.5');

  // Typing clears the refusal; the next one is this amount's own.
  await typeAmount(page, '6000');
  expect(error()).toBe('');
  clickButton(topUp(page), '#top-up-next');
  await until(pages, () => error() !== '', 'the amount refused');
  expect(textOf(page, inTopUp('member-top-up__error'))).toBe('单次充值不能超过 5000 元');
  expect(topUp(page).querySelector('#top-up-confirm')).toBeUndefined();

  // The store's own refusal, in words: the cashier signed out while the form was open.
  await typeAmount(page, '100');
  clickButton(topUp(page), '#top-up-next');
  await rendered(page, inTopUp('member-top-up__question'), (text) => text !== '');
  expect(textOf(page, inTopUp('member-top-up__question'))).toBe(
    '收取现金 ¥100.00，为 陈女士 13912345678 充值？',
  );
  client.session.signOut();
  clickButton(topUp(page), '#top-up-confirm');
  await until(pages, () => error() !== '', 'the top-up refused');
  expect(error()).toBe('请先用 PIN 登录');
  expect(client.members.unsyncedTopUps).toHaveLength(0);
  expect(textOf(page, inPanel('member-panel__meta'))).toContain('储值 ¥350.00');
  signIn(till.device, 'cashier');

  // Back at the amount: corrected, it goes through.
  await typeAmount(page, '88.8');
  clickButton(topUp(page), '#top-up-next');
  await until(
    pages,
    () => topUp(page).querySelector('#top-up-confirm') !== undefined,
    'to confirm',
  );
  await confirmTopUp(page);
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
  await until(
    pages,
    () => count(page, inPanel('member-panel__unsynced')) === 2,
    'the sale on the card',
  );
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
  await rendered(page, inPanel('member-panel__summary'), (text) => text !== '');
  const provisionalId = client.cart.cart.memberId!;
  expect(provisionalId).toContain(':member:');
  expect(textOf(page, inPanel('member-panel__summary'))).toBe('会员 13700000009');
  expect(textOf(page, inPanel('member-panel__provisional'))).toBe('待同步');
  expect(textOf(page, inPanel('member-panel__spendable'))).toBe(
    '离线可用储值 ¥0.00（本机离线额度剩余 ¥500.00）',
  );

  // A cash top-up for the provisional member, then the till reconnects.
  await openTopUp(page);
  topUp(page)
    .querySelectorAll('.member-top-up__amount')[1]
    .querySelector('.van-button')!
    .dispatchEvent('tap');
  await until(
    pages,
    () => topUp(page).querySelector('#top-up-confirm') !== undefined,
    'to confirm',
  );
  await confirmTopUp(page);
  expect(textOf(page, inPanel('member-panel__meta'))).toContain('储值 ¥100.00');

  await goOnlineAndSync();
  await until(
    pages,
    () => client.catalog.findMember('13700000009')?.id.startsWith('m-') === true,
    'the server’s id for the member',
  );
  // The caught-up card (可用储值, no longer 同步中) is the one the figures below are checked on.
  await rendered(page, inPanel('member-panel__spendable'), (text) => text.startsWith('可用储值'));
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
