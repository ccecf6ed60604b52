// Order ids and receipt numbers made on the device: their format, parsing and uniqueness.
import fc from 'fast-check';
import { orderId, orderNumber, parseOrderId, parseOrderNumber } from '../../shared/order-number';
import { orderSchema } from '../../shared/order';
import { addBusinessDays } from '../../shared/business-day';

describe('orderNumber', () => {
  it.each([
    ['T1', '2026-11-22', 42, 'T1-1122-0042'],
    ['K2', '2026-01-05', 1, 'K2-0105-0001'],
    ['P12', '2026-12-31', 9999, 'P12-1231-9999'],
    ['T1', '2026-11-22', 10000, 'T1-1122-10000'],
    ['T9999', '2026-11-22', 123456, 'T9999-1122-123456'],
  ])('%s, %s, %d -> %s', (code, businessDay, seq, expected) => {
    expect(orderNumber(code, businessDay, seq)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses sequence %d', (seq) => {
    expect(() => orderNumber('T1', '2026-11-22', seq)).toThrow(RangeError);
  });

  it('refuses a malformed business day', () => {
    expect(() => orderNumber('T1', '2026-11-31', 1)).toThrow(/2026-11-31/);
  });

  it('fits the order schema even for the longest device code and a large sequence', () => {
    expect(
      orderSchema.shape.orderNo.safeParse(orderNumber('T9999', '2026-11-22', 999_999_999)).success,
    ).toBe(true);
  });
});

describe('parseOrderNumber', () => {
  it.each([
    ['T1-1122-0042', { deviceCode: 'T1', monthDay: '1122', seq: 42 }],
    [' t1-1122-42 ', { deviceCode: 'T1', monthDay: '1122', seq: 42 }],
    ['K12-0105-10000', { deviceCode: 'K12', monthDay: '0105', seq: 10000 }],
  ])('reads %j', (text, expected) => {
    expect(parseOrderNumber(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['X1-1122-0042', 'joined by'],
    ['T0-1122-0042', 'joined by'],
    ['T1-1122', 'joined by'],
    ['T1-1322-0042', 'month 13'],
    ['T1-1100-0042', 'day 00'],
    ['T1-1122-0000', 'starts at 1'],
  ])('refuses %j, saying %j', (text, why) => {
    const parsed = parseOrderNumber(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toContain(text);
      expect(parsed.error).toContain(why);
    }
  });
});

describe('orderId', () => {
  it('joins device id, business day and sequence', () => {
    expect(orderId('tab-0001', '2026-11-22', 42)).toBe('tab-0001:2026-11-22:42');
  });

  it.each(['tab-0001/2026-11-22/42', 'tab:2026-11-22:1', 'tab-0001:2026-11-22:0'])(
    'parseOrderId refuses %j',
    (id) => {
      expect(parseOrderId(id).ok).toBe(false);
    },
  );

  const deviceIdArbitrary = fc.stringMatching(/^[A-Za-z0-9_-]{4,40}$/);
  const dayArbitrary = fc
    .integer({ min: 0, max: 3650 })
    .map((n) => addBusinessDays('2025-01-01', n));
  const seqArbitrary = fc.integer({ min: 1, max: 1_000_000 });

  it('splits back into the parts it was made of, so two different orders never share an id', () => {
    fc.assert(
      fc.property(deviceIdArbitrary, dayArbitrary, seqArbitrary, (deviceId, businessDay, seq) => {
        const id = orderId(deviceId, businessDay, seq);
        expect(parseOrderId(id)).toEqual({ ok: true, value: { deviceId, businessDay, seq } });
        expect(orderSchema.shape.id.safeParse(id).success).toBe(true);
      }),
    );
  });

  it('gives distinct ids to distinct devices, days and sequences', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(deviceIdArbitrary, dayArbitrary, seqArbitrary), {
          selector: ([d, b, s]) => `${d}|${b}|${s}`,
          maxLength: 50,
        }),
        (triples) => {
          const ids = new Set(triples.map(([d, b, s]) => orderId(d, b, s)));
          expect(ids.size).toBe(triples.length);
        },
      ),
    );
  });

  it('an order number reads back as the device code, MMDD and sequence', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[TPK][1-9][0-9]{0,3}$/),
        dayArbitrary,
        seqArbitrary,
        (code, businessDay, seq) => {
          const parsed = parseOrderNumber(orderNumber(code, businessDay, seq));
          expect(parsed).toEqual({
            ok: true,
            value: {
              deviceCode: code,
              monthDay: businessDay.slice(5, 7) + businessDay.slice(8),
              seq,
            },
          });
        },
      ),
    );
  });
});
