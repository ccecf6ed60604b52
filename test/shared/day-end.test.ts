// Day-end math beside the Z-report: completeness from hand-made device facts, scoped reports, late
// adjustments (QR payments paid after the close too), the close's blockers (QR payments still
// waiting), which day a QR payment or top-up is listed on, variance approvals, and CSV quoting
// (with a property).
import fc from 'fast-check';
import {
  assessCompleteness,
  buildDayReport,
  buildZReport,
  checkDayClose,
  closeBlockers,
  csvCell,
  lateAdjustmentOf,
  lateAdjustmentOfPayment,
  money,
  sequenceRuns,
  toCsv,
  type DayReportInput,
  type DeviceSyncFacts,
  type Operation,
  type PendingPayment,
} from '@pos/shared';
import { cashTender } from '../../shared/tenders';
import { chinaSettings, day, line, order, wechat } from './fixtures';

/** Epoch ms of a wall-clock time in UTC+8 on 2026-11-22 (the next morning with nextDay). */
const at = (h: number, m = 0, nextDay = false) => Date.UTC(2026, 10, nextDay ? 23 : 22, h - 8, m);
const dayEnd = at(4, 0, true);

function device(overrides: Partial<DeviceSyncFacts> = {}): DeviceSyncFacts {
  return {
    deviceId: 'tab-0001',
    code: 'T1',
    name: 'Till 1',
    pairedAt: at(8) - 86_400_000,
    revokedAt: null,
    lastSeenAt: at(22),
    connected: false,
    lastOp: { seq: 10, createdAt: at(21) },
    gaps: [],
    ...overrides,
  };
}

describe('completeness', () => {
  const orders = [1, 2, 4, 7].map((seq) => ({
    id: `tab-0001:${day}:${seq}`,
    deviceId: 'tab-0001',
    deviceCode: 'T1',
  }));

  it('is final when every device has sent an operation made after the day ended, or is connected', () => {
    const result = assessCompleteness({
      businessDay: day,
      settings: chinaSettings,
      now: at(9, 0, true),
      devices: [
        device({ lastOp: { seq: 11, createdAt: dayEnd + 1 } }),
        device({ deviceId: 'tab-0002', code: 'T2', connected: true, lastOp: null }),
      ],
      orders: [],
    });
    expect(result).toMatchObject({ dayOver: true, final: true });
  });

  it('names a device whose last contact came before the day ended, with its last sequence', () => {
    const result = assessCompleteness({
      businessDay: day,
      settings: chinaSettings,
      now: at(9, 0, true),
      devices: [device()],
      orders: [],
    });
    expect(result.final).toBe(false);
    expect(result.devices[0].problems).toEqual([
      {
        kind: 'unsynced',
        since: at(22),
        lastSeenAt: at(22),
        lastSeq: 10,
        revoked: false,
        pushing: false,
      },
    ]);
  });

  it('during the day, compares with now: a device seen after its last sale may still be selling offline', () => {
    const now = at(15);
    const quiet = device({ lastSeenAt: at(14), lastOp: { seq: 3, createdAt: at(13) } });
    expect(
      assessCompleteness({
        businessDay: day,
        settings: chinaSettings,
        now,
        devices: [quiet],
        orders: [],
      }).devices[0].problems,
    ).toHaveLength(1);
    const current = device({ lastOp: { seq: 3, createdAt: now } });
    expect(
      assessCompleteness({
        businessDay: day,
        settings: chinaSettings,
        now,
        devices: [current],
        orders: [],
      }).final,
    ).toBe(true);
  });

  it('lists gaps that touch the day, missing order numbers, and leaves out refused orders and other days', () => {
    const result = assessCompleteness({
      businessDay: day,
      settings: chinaSettings,
      now: at(9, 0, true),
      devices: [
        device({
          connected: true,
          gaps: [
            {
              from: 2,
              to: 3,
              after: { seq: 1, createdAt: at(10) - 2 * 86_400_000 },
              before: { seq: 4, createdAt: at(9) - 86_400_000 },
            },
            {
              from: 6,
              to: 6,
              after: { seq: 5, createdAt: at(11) },
              before: { seq: 7, createdAt: at(12) },
            },
            { from: 9, to: 9, after: { seq: 8, createdAt: at(20) }, before: null },
          ],
        }),
      ],
      orders,
      refusedOrderIds: [`tab-0001:${day}:5`],
    });
    expect(result.devices[0].problems).toEqual([
      { kind: 'missing_operations', from: 6, to: 6, between: [at(11), at(12)] },
      { kind: 'missing_operations', from: 9, to: 9, between: [at(20), null] },
      { kind: 'missing_orders', orderNos: ['T1-1122-0003', 'T1-1122-0006'] },
    ]);
  });

  describe("with the device's word on its outbox (hello's pending, its pull)", () => {
    const assess = (facts: Partial<DeviceSyncFacts>) =>
      assessCompleteness({
        businessDay: day,
        settings: chinaSettings,
        now: at(9, 0, true),
        devices: [device(facts)],
        orders: [],
      }).devices[0];
    // Back the next morning after selling offline until 22:00: the last operation that arrived
    // was made at 21:00, and the device was seen at 08:30, after the day's end.
    const backInTheMorning = {
      lastSeenAt: at(8, 30, true),
      lastOp: { seq: 10, createdAt: at(21) },
    };

    it('a device that came back with operations to push and left before saying it had pushed them all is not final', () => {
      // Without the outbox word, a contact after the day's end counts as caught up (protocol 1).
      expect(assess(backInTheMorning).final).toBe(true);
      expect(assess({ ...backInTheMorning, outboxEmptyAt: null }).problems).toEqual([
        {
          kind: 'unsynced',
          since: at(8, 30, true),
          lastSeenAt: at(8, 30, true),
          lastSeq: 10,
          revoked: false,
          pushing: false,
        },
      ]);
      // It said so before the day ended: the evening's sales may still be on it.
      expect(assess({ ...backInTheMorning, outboxEmptyAt: at(19) }).final).toBe(false);
    });

    it('a connected device still pushing its outbox is named as sending, until it pulls', () => {
      const sending = { ...backInTheMorning, connected: true, pushing: true, outboxEmptyAt: null };
      expect(assess(sending).problems).toEqual([
        expect.objectContaining({ kind: 'unsynced', lastSeq: 10, pushing: true }),
      ]);
      // It pulled at 08:31 (outbox drained) and went away: nothing of the day is left on it.
      const drained = {
        ...sending,
        connected: false,
        pushing: false,
        outboxEmptyAt: at(8, 31, true),
      };
      expect(assess(drained)).toMatchObject({ final: true, problems: [] });
      // Still on the socket with nothing more to push.
      expect(assess({ ...drained, connected: true }).final).toBe(true);
    });

    it('a device that said hello with an empty outbox after the day ended is final, however early its last sale', () => {
      expect(assess({ ...backInTheMorning, outboxEmptyAt: at(8, 30, true) }).final).toBe(true);
      // During the day the horizon is now: an empty outbox an hour ago says nothing of the hour since.
      const during = assessCompleteness({
        businessDay: day,
        settings: chinaSettings,
        now: at(15),
        devices: [
          device({
            lastSeenAt: at(14),
            lastOp: { seq: 3, createdAt: at(13) },
            outboxEmptyAt: at(14),
          }),
        ],
        orders: [],
      });
      expect(during.final).toBe(false);
    });
  });

  it('names exactly the order numbers below the highest that neither arrived nor were refused (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 10 }),
        (arrived, refused) => {
          const result = assessCompleteness({
            businessDay: day,
            settings: chinaSettings,
            now: at(9, 0, true),
            devices: [device({ connected: true })],
            orders: arrived.map((seq) => ({
              id: `tab-0001:${day}:${seq}`,
              deviceId: 'tab-0001',
              deviceCode: 'T1',
            })),
            refusedOrderIds: refused.map((seq) => `tab-0001:${day}:${seq}`),
          });
          const highest = Math.max(...arrived);
          const missing: string[] = [];
          for (let seq = 1; seq < highest; seq++)
            if (!arrived.includes(seq) && !refused.includes(seq))
              missing.push(`T1-1122-${String(seq).padStart(4, '0')}`);
          const problems = result.devices[0].problems;
          expect(problems).toEqual(
            missing.length === 0 ? [] : [{ kind: 'missing_orders', orderNos: missing }],
          );
          expect(result.final).toBe(missing.length === 0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('leaves out devices revoked before the day or paired after it', () => {
    const result = assessCompleteness({
      businessDay: day,
      settings: chinaSettings,
      now: at(9, 0, true),
      devices: [device({ revokedAt: at(3) }), device({ deviceId: 'new-01', pairedAt: dayEnd + 5 })],
      orders: [],
    });
    expect(result.devices).toEqual([]);
  });

  it('collapses sequences into runs', () => {
    expect(sequenceRuns([9, 3, 4, 5, 12, 11])).toEqual([
      { from: 3, to: 5 },
      { from: 9, to: 9 },
      { from: 11, to: 12 },
    ]);
  });
});

describe('scoped reports and variance approvals', () => {
  const o1 = order([line({ unitPrice: 1000 })], [cashTender(1000, 1000)], {
    id: 'o1',
    createdAt: at(10),
    cashierId: 'c-1',
  });
  const o2 = order([line({ unitPrice: 2500 })], [wechat(2500)], {
    id: 'o2',
    createdAt: at(11),
    cashierId: 'c-2',
    device: { id: 'tab-0002', code: 'T2' },
  });
  const shifts = {
    opened: [{ shiftId: 's1', staffId: 'c-1', deviceId: 'tab-0001', float: 10000, at: at(9) }],
    movements: [],
    closed: [
      {
        shiftId: 's1',
        staffId: 'c-1',
        counted: [],
        countedTotal: 9000,
        expected: 11000,
        note: 'short',
        at: at(18),
      },
    ],
  };
  const input = { businessDay: day, orders: [o1, o2], shifts, settings: chinaSettings };

  it('narrows to one device or one cashier, and breaks the store down by device', () => {
    expect(buildZReport({ ...input, scope: { deviceId: 'tab-0002' } }).sales.total).toBe(2500);
    expect(buildZReport({ ...input, scope: { cashierId: 'c-1' } }).sales.total).toBe(1000);
    expect(buildZReport({ ...input, scope: { cashierId: 'c-2' } }).shifts).toEqual([]);
    expect(buildZReport(input).byDevice.map((r) => [r.deviceCode, r.orderCount, r.net])).toEqual([
      ['T2', 1, 2500],
      ['T1', 1, 1000],
    ]);
  });

  it('asks a manager to approve a variance beyond the threshold, until one has', () => {
    const z = buildZReport(input);
    expect(z.shifts[0]).toMatchObject({ variance: -2000, needsApproval: true, note: 'short' });
    expect(z.cash.unapprovedShiftIds).toEqual(['s1']);
    const approved = buildZReport({
      ...input,
      shiftApprovals: [{ shiftId: 's1', managerId: 'mgr-1', note: 'counted twice', at: at(19) }],
    });
    expect(approved.shifts[0]).toMatchObject({ needsApproval: false, approvedBy: 'mgr-1' });
    // The store's own threshold: ¥50 lets this ¥20 shortfall pass unapproved.
    const lenient = { ...input.settings, cashVarianceApprovalFen: 5000 };
    expect(buildZReport({ ...input, settings: lenient }).cash.unapprovedShiftIds).toEqual([]);
  });

  it('refuses the close while the variance is unapproved, unless overridden with a note', () => {
    const report = buildDayReport({
      ...input,
      now: at(9, 0, true),
      pendingPayments: [
        {
          reference: 'p1',
          orderId: null,
          orderNo: null,
          deviceId: null,
          amount: 800,
          createdAt: at(12),
        },
      ],
      storedValueTopUps: [
        {
          id: 't1',
          memberId: 'm-1',
          amount: 5000,
          method: 'cash',
          deviceId: 'tab-0001',
          staffId: 'c-1',
          at: at(13),
        },
      ],
      members: [{ id: 'm-1', name: '', phone: '13800000000', joinedAt: at(13) }],
      devices: [],
      lateAdjustments: [],
    });
    expect(report.wechat).toMatchObject({ paid: 2500, pending: 800, pendingCount: 1 });
    expect(report.storedValue).toMatchObject({ toppedUp: 5000, spent: 0, balanceChange: 5000 });
    expect(report.members.joined).toBe(1);
    const refused = checkDayClose(report, { override: false, note: '' }, false);
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_final' } });
    expect(checkDayClose(report, { override: true, note: '' }, false)).toMatchObject({
      ok: false,
      error: { code: 'note_required' },
    });
    const closed = checkDayClose(report, { override: true, note: 'recounted tomorrow' }, false);
    // The QR payment still waiting for the customer stands in the way too.
    expect(closed).toMatchObject({
      ok: true,
      value: [
        { code: 'variance_unapproved' },
        { code: 'payment_pending', payment: { reference: 'p1', amount: 800, status: 'pending' } },
      ],
    });
    expect(checkDayClose(report, { override: true, note: 'x' }, true)).toMatchObject({
      ok: false,
      error: { code: 'already_closed' },
    });
  });
});

describe('by-device rows', () => {
  it("name a register by its code when it only took kiosk orders' payments", () => {
    const kioskOrder = order([line({ unitPrice: 1800 })], [cashTender(1800, 2000)], {
      id: 'k1',
      createdAt: at(10),
      device: { id: 'kiosk-01', code: 'K1' },
    });
    const report = buildDayReport({
      businessDay: day,
      orders: [{ ...kioskOrder, paidDeviceId: 'tab-0003' }],
      shifts: { opened: [], movements: [], closed: [] },
      settings: chinaSettings,
      now: at(9, 0, true),
      pendingPayments: [],
      storedValueTopUps: [],
      members: [],
      devices: [device({ deviceId: 'tab-0003', code: 'T3' }), device()],
      lateAdjustments: [],
    });
    expect(report.z.byDevice.map((r) => [r.deviceId, r.deviceCode, r.sales])).toEqual([
      ['tab-0003', 'T3', 1800],
    ]);
  });
});

describe('late adjustments', () => {
  const sold = order([line({ unitPrice: 1200 })], [cashTender(700, 1000), wechat(500)], {
    id: 'o9',
    orderNo: 'T1-1122-0009',
  });
  const envelope = { id: 'tab-0001:9', deviceId: 'tab-0001', seq: 9, createdAt: at(23) };

  it('adds a late sale and takes back a late void, per tender', () => {
    const placed = { ...envelope, type: 'order.placed', payload: sold } as Operation;
    expect(lateAdjustmentOf(placed, sold, at(10, 0, true), day)).toMatchObject({
      netSales: 1200,
      orderNo: 'T1-1122-0009',
      tenders: [
        { method: 'cash', amount: 700 },
        { method: 'wechat', amount: 500 },
      ],
    });
    const voided = {
      ...envelope,
      type: 'order.voided',
      payload: { orderId: 'o9', staffId: 'c-1', approvedBy: 'm', reason: 'x', at: at(23) },
    } as Operation;
    expect(
      lateAdjustmentOf(voided, { ...sold, status: 'voided' }, at(10, 0, true), day),
    ).toMatchObject({ netSales: -1200 });
  });
});

describe('late QR payments', () => {
  // A QR payment the server recorded paid after the order's day closed; no operation carries it.
  const payment = { id: 'p7', deviceId: 'tab-0001', orderNo: 'T1-1122-0009', amount: 500 };
  const paid = order([line({ unitPrice: 1200 })], [cashTender(700, 1000), wechat(500)], {
    id: 'o9',
    orderNo: 'T1-1122-0009',
  });

  it('adds the sale its payment completed, per tender, named by the order and the amount', () => {
    const adjustment = lateAdjustmentOfPayment(payment, paid, at(10, 0, true), day);
    expect(adjustment).toEqual({
      receivedAt: at(10, 0, true),
      forDay: day,
      opId: 'payment:p7',
      deviceId: 'tab-0001',
      type: 'payment.paid',
      orderNo: 'T1-1122-0009',
      netSales: 1200,
      tenders: [
        { method: 'cash', amount: 700 },
        { method: 'wechat', amount: 500 },
      ],
      description: 'late payment of T1-1122-0009 ¥12.00: cash ¥7.00 + wechat ¥5.00',
    });
  });

  it('says what a top-up or money its order could not take was, moving no sales figure', () => {
    const topUp = { ...payment, orderNo: 'T1-Vp7', topUp: { memberId: 'm-1', staffId: null } };
    expect(lateAdjustmentOfPayment(topUp, null, at(10, 0, true), day)).toMatchObject({
      type: 'payment.top_up',
      orderNo: 'T1-Vp7',
      netSales: 0,
      tenders: [],
      description: 'late wechat top-up ¥5.00 for member m-1 (T1-Vp7)',
    });
    expect(lateAdjustmentOfPayment(payment, null, at(10, 0, true), day)).toMatchObject({
      type: 'payment.not_recorded',
      netSales: 0,
      description: expect.stringMatching(/^late wechat payment ¥5\.00 for T1-1122-0009 .*refund/),
    });
  });
});

describe('QR payments at the day end', () => {
  const pending = (overrides: Partial<PendingPayment>): PendingPayment => ({
    reference: 'T120261122000101',
    orderId: 'o1',
    orderNo: 'T1-1122-0001',
    deviceId: 'tab-0001',
    amount: 900,
    createdAt: at(12),
    status: 'pending',
    problem: null,
    ...overrides,
  });
  const input = (more: Partial<DayReportInput>): DayReportInput => ({
    businessDay: day,
    orders: [],
    shifts: { opened: [], movements: [], closed: [] },
    settings: chinaSettings,
    now: at(23),
    pendingPayments: [],
    storedValueTopUps: [],
    members: [],
    devices: [],
    lateAdjustments: [],
    ...more,
  });

  it("are the day's by the business day they name, not the moment their QR was made", () => {
    // The order was placed at 03:50 on the 23rd (still the 22nd's), its QR made at 04:05.
    const afterStart = pending({ createdAt: at(4, 5, true), businessDay: day });
    const nextDays = pending({ reference: 'x2', createdAt: at(12), businessDay: '2026-11-23' });
    // Frozen before the day was recorded: by the moment.
    const older = pending({ reference: 'x3' });
    const report = buildDayReport(input({ pendingPayments: [afterStart, nextDays, older] }));
    expect(report.wechat.pendingList.map((p) => p.reference)).toEqual([afterStart.reference, 'x3']);
    const topUp = {
      id: 't1',
      memberId: 'm-1',
      amount: 5000,
      method: 'wechat' as const,
      deviceId: 'tab-0001',
      staffId: null,
      // Its QR was made at 03:59, paid at 04:01.
      at: at(4, 1, true),
      businessDay: day,
    };
    expect(buildDayReport(input({ storedValueTopUps: [topUp] })).storedValue.toppedUp).toBe(5000);
  });

  it('stand in the way of the close while the customer may still pay, not once paid', () => {
    const report = buildDayReport(
      input({
        pendingPayments: [
          pending({}),
          pending({
            reference: 'x2',
            status: 'pending_verification',
            problem: 'WeChat Pay did not answer',
          }),
          pending({ reference: 'x3', status: 'paid_not_recorded', problem: 'paid in cash' }),
        ],
      }),
    );
    const blockers = closeBlockers(report);
    expect(blockers.map((b) => [b.code, b.payment?.reference, b.payment?.status])).toEqual([
      ['payment_pending', 'T120261122000101', 'pending'],
      ['payment_pending', 'x2', 'pending_verification'],
    ]);
    expect(blockers[0].message).toMatch(/T1-1122-0001 is waiting for the customer/);
    expect(blockers[1].message).toMatch(/WeChat Pay did not answer/);
    expect(checkDayClose(report, { override: false, note: '' }, false)).toMatchObject({
      ok: false,
      error: { code: 'not_final' },
    });
  });
});

describe('CSV', () => {
  it('defuses formulas, quotes separators and writes money as decimals, with a BOM and CRLF', () => {
    expect(csvCell('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell(money(-1230))).toBe('-12.30');
    expect(csvCell(-5)).toBe('-5');
    expect(toCsv(['a', 'b'], [['美式', money(1500)]])).toBe('\uFEFFa,b\r\n美式,15.00\r\n');
  });

  it('reads back every text cell as written (a spreadsheet never sees a formula)', () => {
    const parse = (row: string): string[] => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < row.length; i++) {
        const c = row[i];
        if (quoted) {
          if (c === '"' && row[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (c === '"') quoted = false;
          else cell += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') {
          cells.push(cell);
          cell = '';
        } else cell += c;
      }
      cells.push(cell);
      return cells;
    };
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }),
        (texts) => {
          const cells = parse(texts.map(csvCell).join(','));
          expect(cells).toHaveLength(texts.length);
          cells.forEach((cell, i) => {
            expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
            expect(cell).toBe(/^[=+\-@\t\r]/.test(texts[i]) ? `'${texts[i]}` : texts[i]);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
