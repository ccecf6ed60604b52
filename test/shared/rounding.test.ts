// 抹零 and half-up division: worked examples, and the bounds that hold for every total.
import fc from 'fast-check';
import { divideHalfUp, roundingKind, roundingUnitFen, roundTotal } from '../../shared/rounding';
import type { RoundingRule } from '../../shared/settings';

describe('roundTotal', () => {
  it.each<[number, RoundingRule, number, number]>([
    [1582, { unit: 'none', mode: 'down' }, 1582, 0],
    [1582, { unit: 'none', mode: 'half-up' }, 1582, 0],
    [1589, { unit: 'jiao', mode: 'down' }, 1580, -9],
    [1580, { unit: 'jiao', mode: 'down' }, 1580, 0],
    [1584, { unit: 'jiao', mode: 'half-up' }, 1580, -4],
    [1585, { unit: 'jiao', mode: 'half-up' }, 1590, 5],
    [1599, { unit: 'yuan', mode: 'down' }, 1500, -99],
    [1549, { unit: 'yuan', mode: 'half-up' }, 1500, -49],
    [1550, { unit: 'yuan', mode: 'half-up' }, 1600, 50],
    [40, { unit: 'yuan', mode: 'half-up' }, 0, -40],
    [0, { unit: 'yuan', mode: 'half-up' }, 0, 0],
  ])('%i fen with %j -> %i (%i)', (total, rule, rounded, adjustment) => {
    expect(roundTotal(total, rule)).toEqual({ rounded, adjustment });
  });

  it('refuses negative or fractional totals', () => {
    expect(() => roundTotal(-1, { unit: 'jiao', mode: 'down' })).toThrow(
      'cannot round a negative total (-1 fen)',
    );
    expect(() => roundTotal(10.5, { unit: 'jiao', mode: 'down' })).toThrow(/whole number of fen/);
  });

  it('moves a total by less than its unit, onto the unit, never below zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e13 }),
        fc.constantFrom<RoundingRule['unit']>('none', 'jiao', 'yuan'),
        fc.constantFrom<RoundingRule['mode']>('down', 'half-up'),
        (total, unit, mode) => {
          const { rounded, adjustment } = roundTotal(total, { unit, mode });
          const step = roundingUnitFen[unit];
          expect(rounded).toBe(total + adjustment);
          expect(rounded % step).toBe(0);
          expect(rounded).toBeGreaterThanOrEqual(0);
          expect(Math.abs(adjustment)).toBeLessThan(step);
          if (mode === 'half-up') expect(Math.abs(adjustment) * 2).toBeLessThanOrEqual(step);
        },
      ),
    );
  });
});

describe('divideHalfUp', () => {
  it.each([
    [591888, 1000, 592],
    [649500, 1000, 650],
    [649499, 1000, 649],
    [0, 7, 0],
    [5, 10, 1],
    [4, 10, 0],
  ])('%i / %i -> %i', (numerator, divisor, quotient) => {
    expect(divideHalfUp(numerator, divisor)).toBe(quotient);
  });

  it('matches exact arithmetic on big whole numbers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (numerator, divisor) => {
          const exact = (2n * BigInt(numerator) + BigInt(divisor)) / (2n * BigInt(divisor));
          expect(divideHalfUp(numerator, divisor)).toBe(Number(exact));
        },
      ),
    );
  });

  it('refuses what it cannot divide exactly', () => {
    expect(() => divideHalfUp(-1, 10)).toThrow(/cannot divide -1/);
    expect(() => divideHalfUp(2 ** 53, 10)).toThrow(/not huge/);
    expect(() => divideHalfUp(10, 0)).toThrow('cannot divide by 0: it must be a whole number > 0');
  });
});

describe('roundingKind', () => {
  it('calls money taken off 抹零 (rounding) and money added 凑整 (roundedUp)', () => {
    expect(roundingKind(-4)).toBe('rounding');
    expect(roundingKind(5)).toBe('roundedUp');
    // A day whose half-up roundings outweigh the rest sums up, too.
    expect(roundingKind(roundTotal(1235, { unit: 'jiao', mode: 'half-up' }).adjustment)).toBe(
      'roundedUp',
    );
    expect(roundingKind(roundTotal(1234, { unit: 'jiao', mode: 'half-up' }).adjustment)).toBe(
      'rounding',
    );
  });
});
