// Stored value: what a till may take (the balance; offline also the caps per member and per
// device), the server's debit that never goes below zero, and refunds settling an overspend first.
import fc from 'fast-check';
import {
  checkStoredValueSpend,
  debit,
  refundCredit,
  spendableNow,
  storedValueSpent,
  topUpSchema,
  type SpendCheck,
} from '@pos/shared';
import { storedValue, wechat } from './fixtures';

const cap = { perMember: 10000, perDevice: 50000 };
const base: SpendCheck = {
  amount: 3000,
  available: 35000,
  online: false,
  unsyncedForMember: 0,
  unsyncedOnDevice: 0,
  cap,
};
const codeOf = (check: Partial<SpendCheck>) => {
  const checked = checkStoredValueSpend({ ...base, ...check });
  return checked.ok ? 'ok' : checked.error.code;
};

describe('spending stored value at the till', () => {
  it('never takes more than the balance the device knows', () => {
    expect(codeOf({ online: true, amount: 35000 })).toBe('ok');
    expect(codeOf({ online: true, amount: 35001 })).toBe('balance_short');
    expect(codeOf({ amount: 0 })).toBe('amount_invalid');
    expect(codeOf({ amount: 10.5 })).toBe('amount_invalid');
  });

  it('online, the offline caps do not apply', () => {
    expect(codeOf({ online: true, amount: 30000, unsyncedOnDevice: 49000 })).toBe('ok');
  });

  it('offline, stops at the cap per member, saying how much is left', () => {
    expect(codeOf({ amount: 10000 })).toBe('ok');
    expect(codeOf({ amount: 4000, unsyncedForMember: 6000 })).toBe('ok');
    const refused = checkStoredValueSpend({ ...base, amount: 4001, unsyncedForMember: 6000 });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'offline_member_cap',
        message: expect.stringMatching(/at most ¥100\.00.*¥60\.00 spent.*¥40\.01.*¥40\.00 left/),
      },
    });
  });

  it('offline, stops at the cap per device, across members', () => {
    expect(codeOf({ amount: 2000, unsyncedOnDevice: 48000 })).toBe('ok');
    expect(codeOf({ amount: 2001, unsyncedOnDevice: 48000 })).toBe('offline_device_cap');
  });

  it('says what is spendable now, and that amount is always accepted (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (available, online, forMember, onDevice, amount) => {
          const check = {
            available,
            online,
            unsyncedForMember: forMember,
            unsyncedOnDevice: Math.max(onDevice, forMember),
            cap,
          };
          const most = spendableNow(check);
          if (most > 0) expect(checkStoredValueSpend({ ...check, amount: most }).ok).toBe(true);
          expect(checkStoredValueSpend({ ...check, amount: most + 1 }).ok).toBe(false);
          expect(checkStoredValueSpend({ ...check, amount }).ok).toBe(amount <= most);
        },
      ),
    );
  });

  it('sums stored-value tenders, per member or all', () => {
    const tenders = [storedValue(1500, 'm-1'), wechat(500), storedValue(700, 'm-2')];
    expect(storedValueSpent(tenders)).toBe(2200);
    expect(storedValueSpent(tenders, 'm-1')).toBe(1500);
  });
});

describe('the server debit', () => {
  it('covers what the balance can and flags the rest', () => {
    expect(debit(5000, 3000)).toEqual({ balance: 2000, covered: 3000, shortfall: 0 });
    expect(debit(2000, 3000)).toEqual({ balance: 0, covered: 2000, shortfall: 1000 });
    expect(debit(0, 3000)).toEqual({ balance: 0, covered: 0, shortfall: 3000 });
  });

  it('never leaves a negative balance, and covered + shortfall is what was asked (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        fc.array(fc.nat(100_000), { maxLength: 20 }),
        (start, spends) => {
          let balance = start;
          let covered = 0;
          let shortfall = 0;
          for (const amount of spends) {
            const step = debit(balance, amount);
            expect(step.balance).toBeGreaterThanOrEqual(0);
            expect(step.covered + step.shortfall).toBe(amount);
            ({ balance } = step);
            covered += step.covered;
            shortfall += step.shortfall;
          }
          expect(balance).toBe(start - covered);
          expect(covered + shortfall).toBe(spends.reduce((a, b) => a + b, 0));
        },
      ),
    );
  });

  it('settles an overspend before crediting a refund', () => {
    expect(refundCredit(3000, 1000)).toEqual({ credit: 2000, outstanding: 0 });
    expect(refundCredit(500, 1000)).toEqual({ credit: 0, outstanding: 500 });
    expect(refundCredit(500, 0)).toEqual({ credit: 500, outstanding: 0 });
  });
});

describe('a top-up', () => {
  const topUp = {
    id: 'tab-0001:topup:3',
    memberId: 'm-0001',
    amount: 20000,
    payment: { method: 'cash' },
    staffId: 'staff-cashier-1',
    at: 0,
    businessDay: '2026-11-22',
  };

  it('carries cash or a WeChat Pay reference', () => {
    expect(topUpSchema.safeParse(topUp).success).toBe(true);
    expect(
      topUpSchema.safeParse({ ...topUp, payment: { method: 'wechat', reference: 'wx-42' } })
        .success,
    ).toBe(true);
    expect(topUpSchema.safeParse({ ...topUp, payment: { method: 'wechat' } }).success).toBe(false);
  });

  it('is refused above ¥5,000, at zero, or in part of a fen', () => {
    expect(topUpSchema.safeParse({ ...topUp, amount: 500_001 }).success).toBe(false);
    expect(topUpSchema.safeParse({ ...topUp, amount: 0 }).success).toBe(false);
    expect(topUpSchema.safeParse({ ...topUp, amount: 10.5 }).success).toBe(false);
  });
});
