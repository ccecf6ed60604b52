// Business days across midnight and the day's start, and the store's wall clock.
import fc from 'fast-check';
import {
  addBusinessDays,
  businessDayOf,
  businessDayStartMs,
  businessHourIndex,
  isBusinessDay,
  isBusinessDayInRange,
  LAST_YEAR,
  localHourOf,
  monthDayOf,
  storeClockTime,
  storeDateTime,
} from '../../shared/business-day';

const china = { businessDayStartMinutes: 240, utcOffsetMinutes: 480 };
const chinaMidnightStart = { businessDayStartMinutes: 0, utcOffsetMinutes: 480 };
const newYork = { businessDayStartMinutes: 0, utcOffsetMinutes: -300 };
/** Epoch ms of a wall-clock time in UTC+8. */
const beijing = (y: number, mo: number, d: number, h: number, mi = 0, s = 0, ms = 0) =>
  Date.UTC(y, mo - 1, d, h - 8, mi, s, ms);

describe('businessDayOf', () => {
  it.each([
    [
      '01:30 after midnight belongs to the previous day',
      beijing(2026, 11, 22, 1, 30),
      china,
      '2026-11-21',
    ],
    [
      'one ms before the 04:00 start is still yesterday',
      beijing(2026, 11, 22, 3, 59, 59, 999),
      china,
      '2026-11-21',
    ],
    ['04:00 exactly starts the new day', beijing(2026, 11, 22, 4), china, '2026-11-22'],
    ['late evening is the same date', beijing(2026, 11, 22, 23, 59), china, '2026-11-22'],
    [
      '08:00 local is 00:00 UTC and already the local date',
      beijing(2026, 11, 22, 8),
      china,
      '2026-11-22',
    ],
    [
      'with a midnight start, 00:00 is the new date',
      beijing(2026, 11, 22, 0),
      chinaMidnightStart,
      '2026-11-22',
    ],
    [
      'with a midnight start, 23:59:59 is the old one',
      beijing(2026, 11, 21, 23, 59, 59),
      chinaMidnightStart,
      '2026-11-21',
    ],
    [
      'new year after midnight still belongs to 31 December',
      beijing(2027, 1, 1, 2),
      china,
      '2026-12-31',
    ],
    ['a leap day', beijing(2028, 2, 29, 10), china, '2028-02-29'],
    ['early on 1 March belongs to the leap day', beijing(2028, 3, 1, 3), china, '2028-02-29'],
    [
      'a negative UTC offset: 03:00Z is 22:00 the evening before',
      Date.UTC(2026, 0, 1, 3),
      newYork,
      '2025-12-31',
    ],
  ])('%s', (_why, ms, settings, expected) => {
    expect(businessDayOf(ms, settings)).toBe(expected);
  });
});

describe('businessDayStartMs', () => {
  it('is 04:00 local time on the date', () => {
    expect(businessDayStartMs('2026-11-22', china)).toBe(beijing(2026, 11, 22, 4));
  });
  it('refuses a date that does not exist', () => {
    expect(() => businessDayStartMs('2026-02-30', china)).toThrow(/2026-02-30/);
  });
});

describe('calendar helpers', () => {
  it.each([
    ['2026-11-22', 1, '2026-11-23'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2027-03-01', -1, '2027-02-28'],
  ])('%s + %d day(s) is %s', (from, days, expected) => {
    expect(addBusinessDays(from, days)).toBe(expected);
  });

  it.each([
    ['2026-11-22', '1122'],
    ['2027-01-05', '0105'],
  ])('monthDayOf(%s) is %s', (businessDay, expected) => {
    expect(monthDayOf(businessDay)).toBe(expected);
  });

  it.each(['2026-11-22', '2028-02-29'])('%s is a business day', (text) => {
    expect(isBusinessDay(text)).toBe(true);
  });
  it.each(['2027-02-29', '2026-13-01', '2026-11-2', '22-11-2026', ''])('%s is not', (text) => {
    expect(isBusinessDay(text)).toBe(false);
    expect(() => monthDayOf(text)).toThrow(RangeError);
  });
  it.each(['9999-12-30', '1969-12-31'])('%s is a date, but not one the boundary takes', (text) => {
    expect(isBusinessDay(text)).toBe(true);
    expect(isBusinessDayInRange(text)).toBe(false);
  });
  it('the last business day the boundary takes still has its next days', () => {
    expect(isBusinessDayInRange(`${LAST_YEAR}-12-31`)).toBe(true);
    expect(addBusinessDays(`${LAST_YEAR}-12-31`, 1)).toBe(`${LAST_YEAR + 1}-01-01`);
  });
});

describe('local hours', () => {
  it.each([
    [beijing(2026, 11, 22, 0, 30), 480, 0],
    [beijing(2026, 11, 22, 7, 59), 480, 7],
    [beijing(2026, 11, 22, 8), 480, 8],
    [beijing(2026, 11, 22, 23, 59), 480, 23],
    [Date.UTC(2026, 0, 1, 3), -300, 22],
    [0, -60, 23],
  ])('localHourOf(%d, %d) is %d', (ms, offset, hour) => {
    expect(localHourOf(ms, offset)).toBe(hour);
  });

  it('orders the hours of a day that starts at 04:30 from hour 4 to hour 3', () => {
    const settings = { businessDayStartMinutes: 270, utcOffsetMinutes: 480 };
    const hours = Array.from({ length: 24 }, (_, h) => h);
    hours.sort((a, b) => businessHourIndex(a, settings) - businessHourIndex(b, settings));
    expect(hours).toEqual([
      4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3,
    ]);
  });
});

describe("the store's wall clock", () => {
  it.each([
    [beijing(2026, 11, 22, 14, 5, 9), 480, '2026-11-22 14:05:09'],
    [beijing(2026, 11, 22, 0, 30), 480, '2026-11-22 00:30:00'],
    // 00:30 in Beijing is still the evening before in New York.
    [beijing(2026, 11, 22, 0, 30), -300, '2026-11-21 11:30:00'],
    [Date.UTC(2026, 11, 31, 23, 59, 59), 0, '2026-12-31 23:59:59'],
  ])('storeDateTime(%d, %d) is %s', (ms, offset, text) => {
    expect(storeDateTime(ms, offset)).toBe(text);
    expect(storeClockTime(ms, offset)).toBe(text.slice(11, 16));
  });
});

describe('properties', () => {
  const settingsArbitrary = fc.record({
    businessDayStartMinutes: fc.integer({ min: 0, max: 1439 }),
    utcOffsetMinutes: fc.integer({ min: -720, max: 840 }),
  });
  const momentArbitrary = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });

  it('a moment lies between its business day start and the next day start', () => {
    fc.assert(
      fc.property(momentArbitrary, settingsArbitrary, (ms, settings) => {
        const businessDay = businessDayOf(ms, settings);
        const start = businessDayStartMs(businessDay, settings);
        const nextStart = businessDayStartMs(addBusinessDays(businessDay, 1), settings);
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(nextStart);
        expect(nextStart - start).toBe(86_400_000);
      }),
    );
  });

  it('the day changes exactly at the cutoff, and the moment before is the previous day', () => {
    fc.assert(
      fc.property(momentArbitrary, settingsArbitrary, (ms, settings) => {
        const businessDay = businessDayOf(ms, settings);
        const start = businessDayStartMs(businessDay, settings);
        expect(businessDayOf(start, settings)).toBe(businessDay);
        expect(businessDayOf(start - 1, settings)).toBe(addBusinessDays(businessDay, -1));
      }),
    );
  });

  it('the local hour at the start of a business day is its first hour', () => {
    fc.assert(
      fc.property(momentArbitrary, settingsArbitrary, (ms, settings) => {
        const start = businessDayStartMs(businessDayOf(ms, settings), settings);
        expect(businessHourIndex(localHourOf(start, settings.utcOffsetMinutes), settings)).toBe(0);
      }),
    );
  });
});
