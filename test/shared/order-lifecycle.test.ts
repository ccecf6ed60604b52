// An order's life: placing, paying a kiosk order, voiding and refunding, with the rules that guard each step.
import fc from 'fast-check';
import type { Order, Refund, TenderMethod } from '../../shared/order';
import {
  applyRefund,
  approveSale,
  checkPlacedOrder,
  payOrder,
  placeOrder,
  refundableByLine,
  refundableByTender,
  suggestRefund,
  voidOrder,
} from '@pos/shared';
import { allocateFen } from '../../shared/money';
import { cashTender, type Checked } from '../../shared/tenders';
import {
  line,
  noon,
  order,
  orderInput,
  paidOrderArbitrary,
  pricedOf,
  storedValue,
  wechat,
} from './fixtures';

/** The error of a refused step; fails the test when the step went through. */
function refusal<T>(result: Checked<T>) {
  if (result.ok) throw new Error('expected the step to be refused');
  return result.error;
}
function accepted<T>(result: Checked<T>): T {
  if (!result.ok) throw new Error(`expected the step to go through: ${result.error.message}`);
  return result.value;
}

const voidRecord = {
  staffId: 'c-1',
  approvedBy: 'mgr-1',
  reason: 'rang up twice',
  at: noon + 60_000,
};

describe('placeOrder', () => {
  const lines = [
    line({ lineId: 'L1', qty: 2, unitPrice: 1500, lineDiscount: 300 }),
    line({ lineId: 'L2', skuId: 'sku-2', unitPrice: 800 }),
  ];

  it('makes a paid register order from the priced lines', () => {
    const placed = accepted(placeOrder(orderInput(lines, [cashTender(3500, 5000)])));
    expect(placed).toMatchObject({
      status: 'paid',
      paidAt: noon,
      cashierId: 'c-1',
      subtotal: 3800,
      lineDiscountTotal: 300,
      total: 3500,
      refunds: [],
      void: null,
    });
    expect(placed.lines.map((l) => l.total)).toEqual([2700, 800]);
  });

  it('leaves a kiosk order without tenders open for the counter', () => {
    const placed = accepted(
      placeOrder(orderInput(lines, [], { source: 'kiosk', cashierId: null })),
    );
    expect(placed).toMatchObject({ status: 'open', paidAt: null, cashierId: null, tenders: [] });
  });

  it('marks a kiosk order paid by QR as paid, with no cashier', () => {
    const placed = accepted(
      placeOrder(orderInput(lines, [wechat(3500)], { source: 'kiosk', cashierId: null })),
    );
    expect(placed).toMatchObject({ status: 'paid', paidAt: noon, cashierId: null });
  });

  const priceOverridden = { ...pricedOf(lines), approvalsNeeded: ['price_override' as const] };
  it.each([
    [
      'a register order without a cashier',
      orderInput(lines, [wechat(3500)], { cashierId: null }),
      'cashier_missing',
      /cashier/,
    ],
    [
      'an underpaid register order',
      orderInput(lines, [wechat(3000)]),
      'underpaid',
      /¥5.00 still due/,
    ],
    ['a register order with no tenders', orderInput(lines, []), 'underpaid', /¥35.00 still due/],
    [
      'a price override nobody approved',
      orderInput(lines, [wechat(3500)], { priced: priceOverridden }),
      'approval_missing',
      /price override/,
    ],
    [
      'a price override whose approval records nothing it covers (as made before it did)',
      orderInput(lines, [wechat(3500)], {
        priced: priceOverridden,
        approvals: [{ reason: 'price_override', managerId: 'mgr-1' }],
      }),
      'approval_missing',
      /price override again/,
    ],
    ['no lines', orderInput([], []), 'empty_order', /at least one line/],
    [
      'a line whose total does not follow from its amount',
      orderInput([{ ...lines[0], total: 2600 }, lines[1]], [wechat(3400)]),
      'totals_inconsistent',
      /line L1/,
    ],
    [
      'a total that disagrees with its lines',
      orderInput(lines, [wechat(3400)], { priced: { ...pricedOf(lines), total: 3400 } }),
      'totals_inconsistent',
      /total ¥34.00 is not the sum of its lines' \(¥35.00\)/,
    ],
    [
      'a discount figure that disagrees with its lines',
      orderInput(lines, [wechat(3500)], {
        priced: { ...pricedOf(lines), lineDiscountTotal: 0, subtotal: 3500 },
      }),
      'totals_inconsistent',
      /subtotal ¥35.00 is not the sum of its lines' \(¥38.00\)/,
    ],
  ])('refuses %s', (_why, input, code, message) => {
    const error = refusal(placeOrder(input));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('accepts the override once a manager approved it, recording what the approval covers', () => {
    const approval = approveSale(priceOverridden, 'price_override', 'mgr-1');
    const input = orderInput(lines, [wechat(3500)], {
      priced: priceOverridden,
      approvals: [approval],
    });
    expect(accepted(placeOrder(input)).approvals).toEqual([
      { reason: 'price_override', managerId: 'mgr-1', covers: { fen: 0, subtotal: 3800 } },
    ]);
  });
});

describe('payOrder', () => {
  const open = order([line({ unitPrice: 2000 })], [], { source: 'kiosk', cashierId: null });
  const payment = { cashierId: 'c-2', tenders: [cashTender(2000, 5000)], paidAt: noon + 300_000 };

  it('takes payment for an open kiosk order', () => {
    expect(accepted(payOrder(open, { ...payment, orderId: open.id }))).toMatchObject({
      status: 'paid',
      cashierId: 'c-2',
      paidAt: noon + 300_000,
      tenders: payment.tenders,
    });
  });

  it('names the device that took the payment, when a device took it', () => {
    expect(accepted(payOrder(open, payment)).paidDeviceId).toBeUndefined();
    expect(accepted(payOrder(open, { ...payment, deviceId: 'tab-0002' })).paidDeviceId).toBe(
      'tab-0002',
    );
  });

  it('is the only way an order says another device took its payment', () => {
    const placed = { ...order([line()], [cashTender(1000, 1000)]), paidDeviceId: 'tab-0002' };
    expect(refusal(checkPlacedOrder(placed, placed.deviceId))).toMatchObject({
      code: 'order_status',
      message: expect.stringMatching(/before another device takes its payment/),
    });
  });

  it('leaves when the cash of a QR split was taken to the server recording the payment', () => {
    const placed = { ...order([line()], [cashTender(1000, 1000)]), cashTakenAt: noon };
    expect(refusal(checkPlacedOrder(placed, placed.deviceId))).toMatchObject({
      code: 'order_status',
      message: expect.stringMatching(/before the server records its payment by QR/),
    });
  });

  it.each([
    [
      'an order already paid (on another till, or by the customer’s QR)',
      accepted(payOrder(open, payment)),
      payment,
      'already_paid_elsewhere',
      /is paid/,
    ],
    [
      'an order paid and refunded since',
      { ...accepted(payOrder(open, payment)), status: 'partially_refunded' as const },
      payment,
      'already_paid_elsewhere',
      /is partially_refunded/,
    ],
    [
      'an order voided meanwhile',
      accepted(voidOrder(open, voidRecord)),
      payment,
      'voided_meanwhile',
      /is voided/,
    ],
    ['a payment for another order', open, { ...payment, orderId: 'other' }, 'wrong_order', /other/],
    [
      'tenders short of the total',
      open,
      { ...payment, tenders: [wechat(1500)] },
      'underpaid',
      /¥5.00 still due/,
    ],
  ])('refuses %s', (_why, target, pay, code, message) => {
    const error = refusal(payOrder(target, pay));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

// An order of 3 x ¥10 coffee and 1 x ¥15 tea, ¥45 paid ¥25 in cash (¥30 handed over) and ¥20 by WeChat.
const sale = order(
  [
    line({ lineId: 'L1', qty: 3, unitPrice: 1000 }),
    line({ lineId: 'L2', skuId: 'sku-2', categoryId: 'tea', unitPrice: 1500 }),
  ],
  [cashTender(2500, 3000), wechat(2000)],
);
function refund(
  lines: Refund['lines'],
  tenders: Refund['tenders'],
  overrides: Partial<Refund> = {},
): Refund {
  return {
    id: `r-${JSON.stringify(lines)}`,
    orderId: sale.id,
    deviceId: 'tab-0001',
    staffId: 'c-1',
    approvedBy: 'mgr-1',
    reason: 'customer changed mind',
    createdAt: noon + 3_600_000,
    businessDay: '2026-11-22',
    lines,
    tenders,
    restock: true,
    ...overrides,
  };
}
const oneCoffeeBack = refund(
  [{ lineId: 'L1', qty: 1, amount: 1000 }],
  [{ method: 'cash', amount: 1000 }],
);
const afterOne = accepted(applyRefund(sale, oneCoffeeBack));

describe('voidOrder', () => {
  it('voids a paid order, keeping who and why', () => {
    expect(accepted(voidOrder(sale, voidRecord))).toMatchObject({
      status: 'voided',
      void: voidRecord,
    });
  });
  it('voids an open kiosk order', () => {
    const open = order([line()], [], { source: 'kiosk', cashierId: null });
    expect(accepted(voidOrder(open, voidRecord)).status).toBe('voided');
  });
  it.each([
    ['an order with a refund', afterOne, 'already_refunded'],
    ['an order already voided', accepted(voidOrder(sale, voidRecord)), 'already_voided'],
  ])('refuses %s', (_why, target, code) => {
    expect(refusal(voidOrder(target, voidRecord)).code).toBe(code);
  });

  describe('naming the status the till voided', () => {
    const open = order([line()], [], { source: 'kiosk', cashierId: null });
    const paidMeanwhile = accepted(
      payOrder(open, { cashierId: 'c-2', tenders: [cashTender(1000, 1000)], paidAt: noon }),
    );
    const ofOpen = { ...voidRecord, voidedFrom: 'open' as const };
    const ofPaid = { ...voidRecord, voidedFrom: 'paid' as const };

    it('voids an order still in that status, keeping it on the record', () => {
      expect(accepted(voidOrder(open, ofOpen)).void).toEqual(ofOpen);
      expect(accepted(voidOrder(sale, ofPaid)).void).toEqual(ofPaid);
    });
    it.each([
      ['an open order paid meanwhile', paidMeanwhile, ofOpen, 'order_paid_meanwhile'],
      ['an open order paid and refunded meanwhile', afterOne, ofOpen, 'order_paid_meanwhile'],
      [
        'an open order voided meanwhile',
        accepted(voidOrder(open, voidRecord)),
        ofOpen,
        'already_voided',
      ],
      ['a paid order refunded meanwhile', afterOne, ofPaid, 'already_refunded'],
      ['an order said paid that is open', open, ofPaid, 'order_status'],
    ])('refuses %s', (_why, target, record, code) => {
      expect(refusal(voidOrder(target, record)).code).toBe(code);
    });
    it('voids an order of either status when the void names none (recorded by an older till)', () => {
      expect(accepted(voidOrder(paidMeanwhile, voidRecord)).status).toBe('voided');
      expect(accepted(voidOrder(open, voidRecord)).status).toBe('voided');
    });
  });
});

describe('applyRefund', () => {
  it('gives back part of an order', () => {
    expect(afterOne.status).toBe('partially_refunded');
    expect(afterOne.refunds).toEqual([oneCoffeeBack]);
    expect(refundableByLine(afterOne).map((l) => [l.lineId, l.qty, l.amount])).toEqual([
      ['L1', 2, 2000],
      ['L2', 1, 1500],
    ]);
    expect(refundableByTender(afterOne)).toEqual([
      { method: 'cash', amount: 1500 },
      { method: 'wechat', amount: 2000 },
    ]);
  });

  it('marks the order refunded once every piece is back', () => {
    const rest = refund(
      [
        { lineId: 'L1', qty: 2, amount: 2000 },
        { lineId: 'L2', qty: 1, amount: 1500 },
      ],
      [
        { method: 'cash', amount: 1500 },
        { method: 'wechat', amount: 2000 },
      ],
    );
    const done = accepted(applyRefund(afterOne, rest));
    expect(done.status).toBe('refunded');
    expect(refundableByTender(done)).toEqual([
      { method: 'cash', amount: 0 },
      { method: 'wechat', amount: 0 },
    ]);
    expect(
      refusal(
        applyRefund(
          done,
          refund([{ lineId: 'L2', qty: 1, amount: 0 }], [{ method: 'cash', amount: 0 }]),
        ),
      ).code,
    ).toBe('not_refundable');
  });

  const cases: Array<[string, Order, Refund, string, RegExp]> = [
    [
      'a refund for another order',
      sale,
      { ...oneCoffeeBack, orderId: 'other' },
      'wrong_order',
      /for order other/,
    ],
    [
      'a line not in the order',
      sale,
      refund([{ lineId: 'L9', qty: 1, amount: 100 }], [{ method: 'cash', amount: 100 }]),
      'unknown_line',
      /line L9 is not in order T1-1122-0001/,
    ],
    [
      'the same line twice',
      sale,
      refund(
        [
          { lineId: 'L1', qty: 1, amount: 100 },
          { lineId: 'L1', qty: 1, amount: 100 },
        ],
        [{ method: 'cash', amount: 200 }],
      ),
      'duplicate_line',
      /line L1 \(Item sku-1\) appears twice/,
    ],
    [
      'more pieces than were sold',
      sale,
      refund(
        [{ lineId: 'L1', qty: 4, amount: 3000 }],
        [
          { method: 'cash', amount: 2500 },
          { method: 'wechat', amount: 500 },
        ],
      ),
      'qty_exceeds',
      /line L1 \(Item sku-1\): refunding 4 but only 3 left/,
    ],
    [
      'more pieces than are left after a refund',
      afterOne,
      refund([{ lineId: 'L1', qty: 3, amount: 100 }], [{ method: 'cash', amount: 100 }]),
      'qty_exceeds',
      /only 2 left/,
    ],
    [
      'more money than the line cost',
      sale,
      refund([{ lineId: 'L2', qty: 1, amount: 1501 }], [{ method: 'wechat', amount: 1501 }]),
      'amount_exceeds',
      /line L2 \(Item sku-2\): refunding ¥15.01 but only ¥15.00/,
    ],
    [
      'a method the order was not paid by',
      sale,
      refund([{ lineId: 'L2', qty: 1, amount: 1500 }], [{ method: 'stored_value', amount: 1500 }]),
      'unknown_tender',
      /not paid by stored_value/,
    ],
    [
      'more cash than cash took (not what was handed over)',
      sale,
      refund(
        [
          { lineId: 'L1', qty: 2, amount: 2000 },
          { lineId: 'L2', qty: 1, amount: 600 },
        ],
        [{ method: 'cash', amount: 2600 }],
      ),
      'tender_exceeds',
      /refund via cash: ¥26.00 is more than the ¥25.00/,
    ],
    [
      'more cash than is left after a refund',
      afterOne,
      refund(
        [{ lineId: 'L2', qty: 1, amount: 1500 }],
        [
          { method: 'cash', amount: 1000 },
          { method: 'cash', amount: 501 },
        ],
      ),
      'tender_exceeds',
      /¥15.01 is more than the ¥15.00/,
    ],
    [
      'tenders that disagree with the lines',
      sale,
      refund([{ lineId: 'L1', qty: 1, amount: 1000 }], [{ method: 'cash', amount: 900 }]),
      'tender_sum_mismatch',
      /¥9.00 by tender but ¥10.00 by line/,
    ],
    ['the same refund twice', afterOne, oneCoffeeBack, 'duplicate_refund', /already on order/],
    [
      'a voided order',
      accepted(voidOrder(sale, voidRecord)),
      oneCoffeeBack,
      'not_refundable',
      /voided/,
    ],
    [
      'an unpaid kiosk order',
      order([line()], [], { source: 'kiosk', cashierId: null, id: sale.id }),
      oneCoffeeBack,
      'not_refundable',
      /open/,
    ],
  ];
  it.each(cases)('refuses %s', (_why, target, attempt, code, message) => {
    const error = refusal(applyRefund(target, attempt));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('suggestRefund', () => {
  // 3 pieces for ¥10.00 after a line discount, paid ¥6 cash and ¥4 WeChat.
  const odd = order(
    [line({ lineId: 'L1', qty: 3, unitPrice: 400, lineDiscount: 200 })],
    [cashTender(600, 600), wechat(400)],
  );

  it('shares a line by quantity and the money by what each tender can give back, to the fen', () => {
    const steps: Array<[number, number, Array<[TenderMethod, number]>]> = [
      // 1/3 of ¥10 = 333.3 -> 333; split 600:400 -> 199.8, 133.2 -> 200, 133.
      [
        1,
        333,
        [
          ['cash', 200],
          ['wechat', 133],
        ],
      ],
      // Half of the 667 left = 333.5 -> 334 (ties to the first); 400:267 -> 200.3, 133.7 -> 200, 134.
      [
        1,
        334,
        [
          ['cash', 200],
          ['wechat', 134],
        ],
      ],
      // The last piece takes all that is left.
      [
        1,
        333,
        [
          ['cash', 200],
          ['wechat', 133],
        ],
      ],
    ];
    let current = odd;
    steps.forEach(([qty, amount, split], i) => {
      const suggested = accepted(suggestRefund(current, [{ lineId: 'L1', qty }]));
      expect(suggested.lines).toEqual([{ lineId: 'L1', qty, amount }]);
      expect(suggested.tenders).toEqual(split.map(([method, a]) => ({ method, amount: a })));
      current = accepted(
        applyRefund(
          current,
          refund(suggested.lines, suggested.tenders, { id: `r${i}`, orderId: odd.id }),
        ),
      );
    });
    expect(current.status).toBe('refunded');
  });

  it('proposes a zero refund for a free item, which applyRefund accepts', () => {
    const free = order([line({ unitPrice: 0 })], []);
    const suggested = accepted(suggestRefund(free, [{ lineId: 'L1', qty: 1 }]));
    expect(suggested).toEqual({
      lines: [{ lineId: 'L1', qty: 1, amount: 0 }],
      tenders: [{ method: 'cash', amount: 0 }],
    });
    expect(
      accepted(applyRefund(free, refund(suggested.lines, suggested.tenders, { orderId: free.id })))
        .status,
    ).toBe('refunded');
  });

  it.each([
    ['no lines', [], 'empty_refund'],
    ['a zero quantity', [{ lineId: 'L1', qty: 0 }], 'qty_invalid'],
    ['an unknown line', [{ lineId: 'L7', qty: 1 }], 'unknown_line'],
    ['too many pieces', [{ lineId: 'L2', qty: 2 }], 'qty_exceeds'],
  ])('refuses %s', (_why, lineQtys, code) => {
    expect(refusal(suggestRefund(sale, lineQtys)).code).toBe(code);
  });
  it('storedValue tenders can be refunded like any other', () => {
    const paid = order([line({ unitPrice: 1200 })], [storedValue(1200)]);
    const suggested = accepted(suggestRefund(paid, [{ lineId: 'L1', qty: 1 }]));
    expect(suggested.tenders).toEqual([{ method: 'stored_value', amount: 1200 }]);
  });
});

describe('properties of refunds', () => {
  /** What earlier refunds gave back, per method and per line, checked against what was paid and sold. */
  function expectWithinPayments(target: Order): void {
    const took = new Map<string, number>();
    for (const t of target.tenders) took.set(t.method, (took.get(t.method) ?? 0) + t.amount);
    const given = new Map<string, number>();
    for (const r of target.refunds) {
      const byLines = r.lines.reduce((s, l) => s + l.amount, 0);
      expect(r.tenders.reduce((s, t) => s + t.amount, 0)).toBe(byLines);
      for (const t of r.tenders) given.set(t.method, (given.get(t.method) ?? 0) + t.amount);
    }
    for (const [method, amount] of given) expect(amount).toBeLessThanOrEqual(took.get(method) ?? 0);
    for (const l of refundableByLine(target)) {
      expect(l.qty).toBeGreaterThanOrEqual(0);
      expect(l.amount).toBeGreaterThanOrEqual(0);
    }
    for (const t of refundableByTender(target)) expect(t.amount).toBeGreaterThanOrEqual(0);
  }

  const attemptArbitrary = fc.record({
    /** suggested: as suggestRefund proposes; nudged: all that is left and a few fen more; random: anything. */
    mode: fc.constantFrom('suggested', 'nudged', 'random'),
    picks: fc.array(
      fc.record({
        index: fc.nat(6),
        qty: fc.integer({ min: 1, max: 7 }),
        share: fc.double({ min: 0, max: 1.3, noNaN: true }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    split: fc.array(
      fc.record({
        method: fc.constantFrom<TenderMethod>('cash', 'wechat', 'stored_value'),
        weight: fc.nat(5),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    nudge: fc.integer({ min: 1, max: 60 }),
    nudgeLine: fc.boolean(),
  });
  type Attempt = typeof attemptArbitrary extends fc.Arbitrary<infer A> ? A : never;

  /** The refund an attempt makes against the order as it stands, and whether the rules must accept it. */
  function refundFor(
    current: Order,
    attempt: Attempt,
  ): { lines: Refund['lines']; tenders: Refund['tenders']; valid: boolean } {
    const picks = attempt.picks.map((p) => ({
      ...p,
      line: current.lines[p.index % current.lines.length],
    }));
    const suggested = suggestRefund(
      current,
      picks.map((p) => ({ lineId: p.line.lineId, qty: p.qty })),
    );
    if (suggested.ok && attempt.mode === 'suggested') return { ...suggested.value, valid: true };
    if (attempt.mode === 'nudged') {
      // Everything that is left, to the fen, then a few fen too many on a line or a method: each
      // method and line is at its limit, so the rules must catch even one fen over.
      const lines = refundableByLine(current)
        .filter((l) => l.qty > 0)
        .map((l) => ({ lineId: l.lineId, qty: l.qty, amount: l.amount }));
      const tenders = refundableByTender(current).filter((t) => t.amount > 0);
      const to = attempt.split[0].method;
      if (lines.length === 0 || tenders.length === 0)
        return { lines: [], tenders: [], valid: false };
      if (attempt.nudgeLine) {
        // One line in full and a few fen more, paid from methods that still have room: only the
        // line's own limit stands in the way.
        const [first] = lines;
        const amount = first.amount + attempt.nudge;
        const split = allocateFen(
          amount,
          tenders.map((t) => t.amount),
        );
        return {
          lines: [{ ...first, amount }],
          tenders: tenders.map((t, i) => ({ method: t.method, amount: split[i] })),
          valid: false,
        };
      }
      const from = tenders.findIndex((t) => t.method !== to);
      // Nothing to move: exactly what is left, valid unless an earlier refund left money on a line
      // whose pieces all came back (so the lines now owe less than the tenders have room for).
      const owed = lines.reduce((sum, l) => sum + l.amount, 0);
      const room = tenders.reduce((sum, t) => sum + t.amount, 0);
      if (from < 0) return { lines, tenders: [...tenders], valid: owed === room };
      const moved = Math.min(attempt.nudge, tenders[from].amount);
      return {
        lines,
        tenders: tenders
          .map((t, i) => (i === from ? { ...t, amount: t.amount - moved } : t))
          .concat({ method: to, amount: moved }),
        valid: false,
      };
    }
    const lines = picks.map((p) => ({
      lineId: p.line.lineId,
      qty: p.qty,
      amount: Math.round(p.line.total * p.share),
    }));
    const split = allocateFen(
      lines.reduce((sum, l) => sum + l.amount, 0),
      attempt.split.map((t) => t.weight),
    );
    return {
      lines,
      tenders: attempt.split.map((t, i) => ({ method: t.method, amount: split[i] })),
      valid: false,
    };
  }

  it('random refunds against random orders never give back more than each tender took', () => {
    const outcomes = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(
        paidOrderArbitrary,
        fc.array(attemptArbitrary, { maxLength: 8 }),
        (placed, attempts) => {
          let current = placed;
          attempts.forEach((attempt, i) => {
            const { lines, tenders, valid } = refundFor(current, attempt);
            const result = applyRefund(
              current,
              refund(lines, tenders, { id: `r${i}`, orderId: current.id }),
            );
            if (valid) expect(result.ok).toBe(true);
            outcomes[result.ok ? 'accepted' : 'refused']++;
            if (result.ok) current = result.value;
            expectWithinPayments(current);
          });
        },
      ),
      { numRuns: 300 },
    );
    // The run must have exercised both sides of the rules, or it proves little.
    expect(outcomes.accepted).toBeGreaterThan(50);
    expect(outcomes.refused).toBeGreaterThan(50);
  });

  it('refunding everything left, as suggested, gives back exactly what each tender took', () => {
    fc.assert(
      fc.property(paidOrderArbitrary, fc.nat(3), (placed, firstQty) => {
        let current = placed;
        // A partial refund first, so the second has to work with what is left.
        const first = suggestRefund(current, [
          { lineId: current.lines[0].lineId, qty: Math.min(firstQty + 1, current.lines[0].qty) },
        ]);
        current = accepted(
          applyRefund(
            current,
            refund(accepted(first).lines, accepted(first).tenders, {
              id: 'r1',
              orderId: current.id,
            }),
          ),
        );
        const left = refundableByLine(current).filter((l) => l.qty > 0);
        if (left.length > 0) {
          const rest = accepted(
            suggestRefund(
              current,
              left.map((l) => ({ lineId: l.lineId, qty: l.qty })),
            ),
          );
          current = accepted(
            applyRefund(
              current,
              refund(rest.lines, rest.tenders, { id: 'r2', orderId: current.id }),
            ),
          );
        }
        expect(current.status).toBe('refunded');
        expect(refundableByTender(current).every((t) => t.amount === 0)).toBe(true);
        const given = current.refunds.flatMap((r) => r.lines).reduce((s, l) => s + l.amount, 0);
        expect(given).toBe(placed.total);
      }),
    );
  });
});
