// The rate a sale earned its points at, on the order: a paid member's sale carries it, other orders
// none, and an order that has it already is left as it is (the server journals it once then).
import { earnedRateOf, orderSchema, withPointsRate } from '@pos/shared';
import { cashTender } from '../../shared/tenders';
import { line, order } from './fixtures';

const paid = (memberId: string | null) =>
  order([line({ unitPrice: 10000 })], [cashTender(10000, 10000)], { memberId });

test('a paid member’s sale carries the rate; one that has it is the same object', () => {
  const stamped = withPointsRate(paid('m-1'), 1);
  expect(stamped.pointsPerYuan).toBe(1);
  expect(withPointsRate(stamped, 1)).toBe(stamped);
  expect(withPointsRate(stamped, 10).pointsPerYuan).toBe(10);
  // Where an order read back has it: the till's copy and the server's compare equal as JSON.
  expect(JSON.stringify(orderSchema.parse(stamped))).toBe(JSON.stringify(stamped));
});

test('an open order, or one without a member, carries none, whatever was written on it', () => {
  const open = { ...paid('m-1'), status: 'open' as const, paidAt: null, tenders: [] };
  const noMember = paid(null);
  expect(withPointsRate(noMember, 1)).toBe(noMember);
  expect(withPointsRate({ ...open, pointsPerYuan: 7 }, 1)).not.toHaveProperty('pointsPerYuan');
  expect(withPointsRate({ ...noMember, pointsPerYuan: 7 }, 1)).not.toHaveProperty('pointsPerYuan');
});

test('undone at the rate it carries; the store’s only for an order kept before orders had one', () => {
  expect(earnedRateOf(withPointsRate(paid('m-1'), 1), 10)).toBe(1);
  expect(earnedRateOf(paid('m-1'), 10)).toBe(10);
});
