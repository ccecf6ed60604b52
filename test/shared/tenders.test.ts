// Tenders against a total: exact cover, change only from cash, one cash tender, split payments.
import fc from 'fast-check';
import type { Tender } from '../../shared/order';
import {
  addTender,
  amountDue,
  amountsByMethod,
  cashTender,
  cashTowards,
  changeDue,
  checkTenders,
  paidAmount,
} from '../../shared/tenders';
import { storedValue, tendersArbitrary, wechat } from './fixtures';

describe('cashTender and cashTowards', () => {
  it('works out the change from what was handed over', () => {
    expect(cashTender(4250, 5000)).toEqual({
      method: 'cash',
      amount: 4250,
      tendered: 5000,
      change: 750,
    });
    expect(cashTender(4250, 4250).change).toBe(0);
  });

  it('throws when the notes do not cover the amount, or the amount is not whole fen', () => {
    expect(() => cashTender(4250, 4000)).toThrow(/¥40.00 is less than ¥42.50/);
    expect(() => cashTender(42.5, 50)).toThrow(TypeError);
  });

  it.each([
    [4250, 10000, { amount: 4250, tendered: 10000, change: 5750 }],
    [4250, 4250, { amount: 4250, tendered: 4250, change: 0 }],
    [4250, 2000, { amount: 2000, tendered: 2000, change: 0 }],
  ])('towards %d due, %d handed over pays %j', (due, tendered, expected) => {
    expect(cashTowards(due, tendered)).toEqual({ method: 'cash', ...expected });
  });
});

describe('checkTenders', () => {
  const ok: Array<[string, number, Tender[]]> = [
    ['cash with change', 4250, [cashTender(4250, 5000)]],
    ['wechat exactly', 4250, [wechat(4250)]],
    [
      'a split over all three methods',
      4250,
      [storedValue(1000), wechat(250), cashTender(3000, 5000)],
    ],
    ['a free order with no tenders', 0, []],
  ];
  it.each(ok)('accepts %s', (_why, total, tenders) => {
    expect(checkTenders(total, tenders)).toEqual({ ok: true, value: tenders });
  });

  const refused: Array<[string, number, Tender[], string, RegExp]> = [
    ['nothing for a non-zero total', 4250, [], 'underpaid', /¥0.00 of ¥42.50: ¥42.50 still due/],
    ['too little', 4250, [wechat(4000)], 'underpaid', /¥2.50 still due/],
    [
      'a non-cash tender over the total',
      4250,
      [wechat(5000)],
      'overpaid',
      /¥50.00, more than the total ¥42.50/,
    ],
    [
      'cash whose amount exceeds the total',
      4250,
      [cashTender(5000, 5000)],
      'overpaid',
      /only cash may exceed/,
    ],
    [
      'two cash tenders',
      4250,
      [cashTender(2000, 2000), cashTender(2250, 2250)],
      'several_cash',
      /tender 2 \(cash\)/,
    ],
    [
      'a zero amount',
      4250,
      [wechat(4250), storedValue(0)],
      'amount_invalid',
      /tender 2 \(stored_value\)/,
    ],
    ['a negative amount', 4250, [wechat(5250), storedValue(-1000)], 'amount_invalid', /tender 2/],
    [
      'a fractional amount',
      4250,
      [wechat(4249.5), storedValue(0.5)],
      'amount_invalid',
      /tender 1 \(wechat\)/,
    ],
    [
      'cash handed over short of its amount',
      4250,
      [{ method: 'cash', amount: 4250, tendered: 4000, change: 0 }],
      'cash_short',
      /tender 1 \(cash\): tendered ¥40.00 is less than its amount ¥42.50/,
    ],
    [
      'cash with the wrong change',
      4250,
      [{ method: 'cash', amount: 4250, tendered: 5000, change: 800 }],
      'change_wrong',
      /change must be tendered - amount = ¥7.50, not ¥8.00/,
    ],
    ['a negative total', -1, [], 'total_invalid', /-1/],
  ];
  it.each(refused)('refuses %s', (_why, total, tenders, code, message) => {
    const checked = checkTenders(total, tenders);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.error.code).toBe(code);
      expect(checked.error.message).toMatch(message);
    }
  });
});

describe('split payments', () => {
  it('adds tenders until nothing is due, then refuses more', () => {
    let tenders: Tender[] = [];
    const step = (next: Tender) => {
      const added = addTender(4250, tenders, next);
      if (!added.ok) throw new Error(added.error.message);
      tenders = added.value;
    };
    step(storedValue(1000));
    expect(amountDue(4250, tenders)).toBe(3250);
    step(cashTowards(amountDue(4250, tenders), 2000));
    expect(amountDue(4250, tenders)).toBe(1250);
    step(wechat(1250));
    expect(amountDue(4250, tenders)).toBe(0);
    expect(checkTenders(4250, tenders).ok).toBe(true);
    expect(paidAmount(tenders)).toBe(4250);
    expect(amountsByMethod(tenders)).toEqual({ cash: 2000, wechat: 1250, stored_value: 1000 });

    const more = addTender(4250, tenders, wechat(1));
    expect(more).toEqual({
      ok: false,
      error: {
        code: 'overpaid',
        message: 'tender 4 (wechat): ¥0.01 is more than the ¥0.00 still due',
      },
    });
  });

  it('refuses a second cash tender', () => {
    const added = addTender(4250, [cashTender(1000, 1000)], cashTender(500, 500));
    expect(added.ok || added.error.code).toBe('several_cash');
  });

  it('reports the change only from cash', () => {
    expect(changeDue([wechat(1000), cashTender(3250, 5000)])).toBe(1750);
    expect(changeDue([wechat(1000)])).toBe(0);
  });
});

describe('properties', () => {
  const totalArbitrary = fc.integer({ min: 0, max: 1_000_000 });

  it('random split tenders cover the total exactly and are accepted', () => {
    fc.assert(
      fc.property(
        totalArbitrary.chain((total) => fc.tuple(fc.constant(total), tendersArbitrary(total))),
        ([total, tenders]) => {
          expect(checkTenders(total, tenders).ok).toBe(true);
          expect(paidAmount(tenders)).toBe(total);
          expect(amountDue(total, tenders)).toBe(0);
          expect(tenders.filter((t) => t.method === 'cash').length).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('any total other than what the tenders pay is refused as under- or overpaid', () => {
    fc.assert(
      fc.property(
        totalArbitrary.chain((total) => fc.tuple(fc.constant(total), tendersArbitrary(total))),
        fc.integer({ min: -1000, max: 1000 }).filter((d) => d !== 0),
        ([total, tenders], delta) => {
          fc.pre(total + delta >= 0);
          const checked = checkTenders(total + delta, tenders);
          expect(checked.ok).toBe(false);
          if (!checked.ok) expect(checked.error.code).toBe(delta > 0 ? 'underpaid' : 'overpaid');
        },
      ),
    );
  });

  it('paying what is due in cash, whatever is handed over, leaves nothing due or less due', () => {
    fc.assert(
      fc.property(totalArbitrary, fc.integer({ min: 1, max: 2_000_000 }), (due, handed) => {
        fc.pre(due > 0);
        const cash = cashTowards(due, handed);
        expect(cash.amount + amountDue(due, [cash])).toBe(due);
        expect(cash.change).toBe(cash.tendered - cash.amount);
        expect(cash.change === 0 || cash.amount === due).toBe(true);
      }),
    );
  });
});
