// The member panel's pure helpers: the card's words for synced, unsynced, provisional and offline
// figures; the points offer and the stepper's steps; a typed top-up amount.
import type { Member, PricedCart } from '@pos/shared';
import type { MemberAccount } from '../../../miniprogram/core/member-account';
import { totals } from '../../../miniprogram/view/cart-view';
import {
  clampPoints,
  memberCard,
  parseTopUp,
  pointsOffer,
} from '../../../miniprogram/view/member-view';

const member: Member = {
  id: 'm-0001',
  phone: '13912345678',
  name: '陈女士',
  level: '金卡',
  points: 2680,
  balance: 35000,
  joinedAt: 0,
};

function account(changes: Partial<MemberAccount> = {}): MemberAccount {
  return {
    member,
    syncedBalance: 35000,
    syncedPoints: 2680,
    pendingSpent: 0,
    pendingTopUps: 0,
    pendingReturned: 0,
    pendingPointsRedeemed: 0,
    pendingPointsEarned: 0,
    pointsInOpenSales: 0,
    balance: 35000,
    points: 2680,
    provisional: false,
    ...changes,
  };
}

test('the card: synced and online says only what may be spent', () => {
  const card = memberCard(member, account(), {
    online: true,
    catchingUp: false,
    spendable: 35000,
    capLeft: 50000,
  });
  expect(card).toEqual({
    summary: '陈女士 13912345678',
    level: '金卡',
    points: '积分 2680',
    balance: '储值 ¥350.00',
    spendable: '可用储值 ¥350.00',
    provisional: false,
    unsynced: '',
    pointsPending: '',
  });
  expect(
    memberCard(null, account(), { online: true, catchingUp: false, spendable: 0, capLeft: 0 }),
  ).toBeNull();
  expect(
    memberCard(member, null, { online: true, catchingUp: false, spendable: 0, capLeft: 0 }),
  ).toBeNull();
});

test('the card offline: the cap, and every unsynced change named', () => {
  const card = memberCard(
    member,
    account({
      pendingSpent: 3000,
      pendingTopUps: 10000,
      pendingPointsRedeemed: 500,
      pendingPointsEarned: 36,
      balance: 42000,
      points: 2180,
      provisional: true,
    }),
    { online: false, catchingUp: false, spendable: 7000, capLeft: 47000 },
  )!;
  expect(card.spendable).toBe('离线可用储值 ¥70.00（本机离线额度剩余 ¥470.00）');
  expect(card.unsynced).toBe('含本机未同步：充值 +¥100.00，储值消费 -¥30.00，积分 -500');
  expect(card.pointsPending).toBe('另有 36 积分同步后可用');
  expect(card.balance).toBe('储值 ¥420.00');
  expect(card.provisional).toBe(true);
});

test('the card catching up: the cap it holds to is said to be for while it syncs', () => {
  const now = { online: true, catchingUp: true, spendable: 10000, capLeft: 50000 };
  expect(memberCard(member, account(), now)!.spendable).toBe('同步中，可用储值暂限 ¥100.00');
});

test('the points offer: the most, why none, and what is redeemed', () => {
  const base = { available: 2680, perYuanOff: 100, redeemed: null, cartEmpty: false };
  expect(pointsOffer({ ...base, redeemable: 2600 })).toMatchObject({
    most: 2600,
    step: 100,
    offer: '本单最多可用 2600 积分，抵 ¥26.00',
    rate: '100 积分抵 ¥1',
    applied: null,
  });
  expect(pointsOffer({ ...base, redeemable: 0, cartEmpty: true }).offer).toBe(
    '加入商品后可用积分抵扣',
  );
  expect(pointsOffer({ ...base, available: 40, redeemable: 0 }).offer).toBe('积分 40，还不够抵扣');
  expect(pointsOffer({ ...base, redeemable: 0 }).offer).toBe('本单没有可抵扣的金额');
  expect(
    pointsOffer({ ...base, redeemable: 2600, redeemed: { points: 1200, discount: 1200 } }).applied,
  ).toEqual({ points: 1200, text: '已用 1200 积分抵扣 -¥12.00' });
});

test('the stepper keeps to whole steps between one step and the most', () => {
  expect(clampPoints(2550, 2600, 100)).toBe(2500);
  expect(clampPoints(9000, 2600, 100)).toBe(2600);
  expect(clampPoints(0, 2600, 100)).toBe(100);
  expect(clampPoints(Number.NaN, 2600, 100)).toBe(2600);
  expect(clampPoints(500, 0, 100)).toBe(0);
});

test('a typed top-up: yuan with up to two decimals, above zero, at most ¥5,000', () => {
  expect(parseTopUp('100')).toEqual({ ok: true, fen: 10000 });
  expect(parseTopUp('¥50.5')).toEqual({ ok: true, fen: 5050 });
  expect(parseTopUp('5000')).toEqual({ ok: true, fen: 500000 });
  for (const typed of ['', '0', '一百', '-5', '1.234'])
    expect(parseTopUp(typed)).toEqual({ ok: false, error: '请输入充值金额，如 100 或 50.5' });
  expect(parseTopUp('5000.01')).toEqual({ ok: false, error: '单次充值不能超过 5000 元' });
});

test('the totals show points on a line of their own, apart from other discounts', () => {
  const priced = {
    subtotal: 3600,
    lineDiscountTotal: 0,
    orderDiscount: 3000,
    rounding: 0,
    total: 600,
    lines: [],
    approvalsNeeded: [],
    pointsRedeemed: { points: 2500, discount: 2500 },
  } as unknown as PricedCart;
  expect(totals(priced, 3)).toMatchObject({
    discount: '-¥5.00',
    points: '-¥25.00',
    pointsLabel: '积分抵扣（2500 积分）',
    total: '¥6.00',
  });
  const { pointsRedeemed: _points, ...withoutPoints } = priced;
  expect(totals({ ...withoutPoints, orderDiscount: 500 }, 3)).toMatchObject({
    discount: '-¥5.00',
    points: '',
  });
});
