// Money in fen: formatting, parsing what people type, and splitting amounts without losing a fen.
import fc from 'fast-check';
import {
  allocateFen,
  fenToDecimal,
  formatFen,
  MoneyParseError,
  parseFen,
  sumFen,
} from '../../shared/money';
import { thrownBy } from './thrown-by';

describe('formatFen', () => {
  it.each([
    [0, '¥0.00'],
    [5, '¥0.05'],
    [50, '¥0.50'],
    [1230, '¥12.30'],
    [100000, '¥1000.00'],
    [-5, '-¥0.05'],
    [-1230, '-¥12.30'],
  ])('%i fen -> %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it('takes another symbol, or none for a plain decimal', () => {
    expect(formatFen(1230, 'CNY ')).toBe('CNY 12.30');
    expect(fenToDecimal(1230)).toBe('12.30');
    expect(fenToDecimal(-7)).toBe('-0.07');
  });

  it.each([1.5, NaN, Infinity, 2 ** 53])('refuses %p, which is not whole fen', (bad) => {
    expect(() => formatFen(bad)).toThrow(/whole number of fen/);
  });
});

describe('parseFen', () => {
  it.each([
    ['12.3', 1230],
    ['12.30', 1230],
    ['12', 1200],
    ['12.', 1200],
    ['0.05', 5],
    ['.5', 50],
    ['¥8', 800],
    ['￥8.88', 888],
    ['¥ 8', 800],
    ['  12.30  ', 1230],
    ['1,234.50', 123450],
    ['0', 0],
    ['007.10', 710],
  ])('"%s" -> %i fen', (text, fen) => {
    expect(parseFen(text)).toBe(fen);
  });

  it.each([
    ['', /it is empty/],
    ['   ', /it is empty/],
    ['¥', /it is empty/],
    ['abc', /use digits with at most two decimals/],
    ['-1', /use digits/],
    ['+1', /use digits/],
    ['1e3', /use digits/],
    ['.', /use digits/],
    ['12.3.4', /use digits/],
    ['12,3a', /use digits/],
    ['1.234', /more than two decimals/],
    ['0.001', /more than two decimals/],
    ['99999999999999999', /too large/],
  ])('refuses "%s" with a clear error', (text, reason) => {
    expect(() => parseFen(text)).toThrow(MoneyParseError);
    expect(() => parseFen(text)).toThrow(reason);
    expect(() => parseFen(text)).toThrow(`"${text}" is not an amount of money`);
  });

  it('keeps the input on the error for the UI to show', () => {
    const error = thrownBy(() => parseFen('1.234'));
    expect(error).toBeInstanceOf(MoneyParseError);
    expect(error).toMatchObject({ input: '1.234', name: 'MoneyParseError' });
  });

  it('reads back whatever fenToDecimal and formatFen write', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (fen) => {
        expect(parseFen(fenToDecimal(fen))).toBe(fen);
        expect(parseFen(formatFen(fen))).toBe(fen);
      }),
    );
  });
});

describe('allocateFen', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [100, [1, 2, 1], [25, 50, 25]],
    [10, [3, 7], [3, 7]],
    [1, [1, 1], [1, 0]],
    [100, [1800, 990], [65, 35]],
    [10, [0, 0], [5, 5]],
    [7, [0, 5], [0, 7]],
    [-5, [1, 1], [-3, -2]],
    [-2, [990, 592], [-1, -1]],
    [0, [], []],
  ])('splits %i over %j as %j', (total, weights, parts) => {
    expect(allocateFen(total, weights)).toEqual(parts);
  });

  it('refuses what it cannot split', () => {
    expect(() => allocateFen(1, [])).toThrow(/no parts/);
    expect(() => allocateFen(10, [1, -1])).toThrow(/>= 0/);
    expect(() => allocateFen(10, [1, Infinity])).toThrow(/finite/);
    expect(() => allocateFen(1.5, [1])).toThrow(/whole number of fen/);
  });

  it('always adds up exactly, each part within a fen of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 30 }),
        (total, weights) => {
          const parts = allocateFen(total, weights);
          expect(sumFen(parts)).toBe(total);
          const weightSum = sumFen(weights);
          parts.forEach((part, i) => {
            expect(Number.isInteger(part)).toBe(true);
            const exact =
              weightSum === 0 ? total / weights.length : (total * weights[i]) / weightSum;
            expect(Math.abs(part - exact)).toBeLessThan(1);
          });
        },
      ),
    );
  });
});
