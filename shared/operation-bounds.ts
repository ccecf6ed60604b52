// How large the numbers a device sends may be. Each is a safe integer on its own, but the server
// adds them up: stock levels, a shift's expected cash, the day's totals, members' points. Two
// stock receipts near 2^53 made a level its checkpoint could not read back (the server no longer
// started), a float near it made the day report fail, and line amounts summing past it failed
// the push. Far above any shop's real figures, these bounds keep every sum a safe integer.
import { maxLineQty } from './line-quantity';
import { formatFen, type Fen } from './money';
import type { Operation } from './operation';
import type { Tender } from './order';

/** The most any one amount may be: an order's figures, a tender, a float, a count (¥10,000,000). */
export const MAX_AMOUNT: Fen = 1_000_000_000;

/** The most a stock count may set or a delivery add, in pieces or grams (1,000 tonnes). */
export const MAX_STOCK_QTY = 1_000_000_000;

/** The most points one order may redeem. */
export const MAX_POINTS = 1_000_000_000;

export interface BoundsIssue {
  /** The field at fault, from the operation: ['payload', 'lines', 0, 'amount']. */
  path: Array<string | number>;
  message: string;
}

type Check = [path: Array<string | number>, value: number, max: number, describe?: string];

const fen = (path: Array<string | number>, value: number): Check => [
  path,
  Math.abs(value),
  MAX_AMOUNT,
  `must be at most ${formatFen(MAX_AMOUNT)}`,
];

/** The numbers of an operation's payload with their bounds (paths from the payload). */
function checksOf(op: Operation): Check[] {
  switch (op.type) {
    case 'order.placed': {
      const order = op.payload;
      return [
        ...order.lines.flatMap((line, i): Check[] => [
          [['lines', i, 'qty'], line.qty, maxLineQty],
          ...(
            [
              'listUnitPrice',
              'unitPrice',
              'amount',
              'lineDiscount',
              'orderDiscountShare',
              'roundingShare',
              'total',
            ] as const
          ).map((key) => fen(['lines', i, key], line[key])),
        ]),
        ...(['subtotal', 'lineDiscountTotal', 'orderDiscount', 'rounding', 'total'] as const).map(
          (key) => fen([key], order[key]),
        ),
        ...tenderChecks(order.tenders),
        ...(order.pointsRedeemed
          ? [[['pointsRedeemed', 'points'], order.pointsRedeemed.points, MAX_POINTS] as Check]
          : []),
      ];
    }
    case 'order.paid':
      return tenderChecks(op.payload.tenders);
    case 'order.refunded':
      return [
        ...op.payload.lines.flatMap((line, i): Check[] => [
          [['lines', i, 'qty'], line.qty, maxLineQty],
          fen(['lines', i, 'amount'], line.amount),
        ]),
        ...op.payload.tenders.map((tender, i) => fen(['tenders', i, 'amount'], tender.amount)),
      ];
    case 'shift.opened':
      return [fen(['float'], op.payload.float)];
    case 'shift.cash_moved':
      return [fen(['amount'], op.payload.amount)];
    case 'shift.closed':
      return [
        ...op.payload.counted.map(({ denomination, count }, i): Check => [
          ['counted', i, 'count'],
          count,
          Math.floor(MAX_AMOUNT / denomination),
        ]),
        fen(['countedTotal'], op.payload.countedTotal),
        fen(['expected'], op.payload.expected),
      ];
    case 'stock.counted':
      return [[['level'], Math.abs(op.payload.level), MAX_STOCK_QTY]];
    case 'stock.received':
      return [[['qty'], op.payload.qty, MAX_STOCK_QTY]];
    default:
      return [];
  }
}

function tenderChecks(tenders: readonly Tender[]): Check[] {
  return tenders.flatMap((tender, i): Check[] => [
    fen(['tenders', i, 'amount'], tender.amount),
    ...(tender.method === 'cash'
      ? [
          fen(['tenders', i, 'tendered'], tender.tendered),
          fen(['tenders', i, 'change'], tender.change),
        ]
      : []),
  ]);
}

/** The first number of the operation past its bound, or null when all are within theirs. */
export function operationBoundsIssue(op: Operation): BoundsIssue | null {
  for (const [path, value, max, describe] of checksOf(op))
    if (value > max)
      return { path: ['payload', ...path], message: describe ?? `must be at most ${max}` };
  return null;
}
