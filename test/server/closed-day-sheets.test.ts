// A closed day's CSV sheets against its frozen Z-report, over real HTTP and WebSockets: a sale, a
// refund and a void that arrive after the close are listed in the orders, lines and payments sheets
// (they stand as they are now) but marked in `after_close`, so the rows the close counted still add
// up to the frozen z-report.csv, and the late ones are there to see.
import { businessDayOf, type Operation } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation } from '../support/sales';
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  signIn,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
let till: PairedTestDevice;
let manager: string;
let socket: ProtocolClient | undefined;
const day = () => businessDayOf(Date.now(), demo.settings);

serverForEachTest((started) => (server = started), { beforeClose: () => socket?.close() });
beforeEach(async () => {
  till = await pairTestDevice(server, 'Till 1', 'tablet');
  manager = await signIn(server);
  socket = await ProtocolClient.open(server.url, till.token);
});

type Sale = ReturnType<typeof saleOperation>;
const operation = (seq: number, type: string, payload: Record<string, unknown>) =>
  ({
    id: `${till.deviceId}:${seq}`,
    deviceId: till.deviceId,
    seq,
    createdAt: Date.now(),
    type,
    payload,
  }) as unknown as Operation;

/** The till gives back its sale's first line in cash, as operation `seq`. */
function refundOfFirstLine(sale: Sale, seq: number): Operation {
  const [line] = sale.payload.lines;
  return operation(seq, 'order.refunded', {
    id: `${till.deviceId}:refund:${seq}`,
    orderId: sale.payload.id,
    deviceId: till.deviceId,
    staffId: 'staff-cashier-1',
    approvedBy: 'staff-manager',
    reason: 'returned',
    createdAt: Date.now(),
    businessDay: day(),
    lines: [{ lineId: line.lineId, qty: 1, amount: line.total }],
    tenders: [{ method: 'cash', amount: line.total }],
    restock: true,
  });
}

function voidOf(sale: Sale, seq: number): Operation {
  return operation(seq, 'order.voided', {
    orderId: sale.payload.id,
    staffId: 'staff-cashier-1',
    approvedBy: 'staff-manager',
    reason: 'rang up twice',
    at: Date.now(),
    deviceId: till.deviceId,
  });
}

/** A sheet as records keyed by its header (RFC 4180 quotes read back). */
async function sheet(name: string): Promise<Array<Record<string, string>>> {
  const text = await fetch(`${server.url}/api/reports/days/${day()}/${name}.csv`, {
    headers: { authorization: `Bearer ${manager}` },
  }).then((r) => r.text());
  // fetch's text() has already taken the byte order mark off.
  const [header, ...rows] = text.trimEnd().split('\r\n').map(cellsOf);
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
}

/** One CSV row's cells: a quoted cell may hold commas and doubled quotes. */
function cellsOf(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let at = 0; at < row.length; at++) {
    const char = row[at];
    if (quoted && char === '"' && row[at + 1] === '"') cell += row[++at];
    else if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  return [...cells, cell];
}

const fen = (cell: string) => Math.round(Number(cell) * 100);
const sum = (rows: Array<Record<string, string>>, column: string) =>
  rows.reduce((total, row) => total + fen(row[column]), 0);
const inClose = (row: Record<string, string>) => row.after_close === '';

it('marks what arrived after the close in the orders, lines and payments sheets, so the rest adds up to the frozen Z-report', async () => {
  // Sales 1, 3 and 5 and a refund of sale 1 reach the server; sale 2 stays on the till, offline.
  const sales = [1, 2, 3, 5].map((seq) => saleOperation({ device: till, seq }));
  const [first, lost, third, fifth] = sales;
  const onTime = [first, third, refundOfFirstLine(first, 4), fifth];
  expect((await socket!.push(onTime)).results.map((r) => r.status)).toEqual(
    onTime.map(() => 'applied'),
  );
  const closed = await api(server, 'POST', `/api/reports/days/${day()}/close`, {
    token: manager,
    body: { override: true, note: 'till 1 sale 2 not synced' },
  });
  expect(closed.status).toBe(201);
  const frozen = await sheet('z-report');

  // After the close: sale 2, a refund of sale 3 and a void of sale 5.
  const lateRefund = refundOfFirstLine(third, 6);
  const late = [lost, lateRefund, voidOf(fifth, 7)];
  expect((await socket!.push(late)).results.map((r) => r.status)).toEqual(
    late.map(() => 'applied'),
  );
  const zReport = await sheet('z-report');
  expect(zReport).toEqual(frozen);
  const frozenCash = fen(zReport.find((r) => r.section === 'tender' && r.item === 'cash')!.net);
  const frozenNet = fen(zReport.find((r) => r.section === 'summary' && r.item === 'orders')!.net);
  const refundOf = (sale: Sale) => sale.payload.lines[0].total;
  expect(frozenCash).toBe(3 * first.payload.total - refundOf(first));

  const payments = await sheet('payments');
  expect(payments.every((row) => 'after_close' in row)).toBe(true);
  expect(sum(payments.filter(inClose), 'amount')).toBe(frozenCash);
  expect(
    payments.filter((row) => !inClose(row)).map((r) => [r.order_no, r.kind, r.after_close]),
  ).toEqual(
    expect.arrayContaining([
      [lost.payload.orderNo, 'payment', 'sold'],
      [third.payload.orderNo, 'refund', 'refunded'],
      [fifth.payload.orderNo, 'void', 'voided'],
    ]),
  );
  expect(payments.filter((row) => !inClose(row))).toHaveLength(3);
  // Every row together is the money as it stands now.
  expect(sum(payments, 'amount')).toBe(
    frozenCash + lost.payload.total - refundOf(third) - fifth.payload.total,
  );

  // The lines the close counted as sales and refunds add up to its net sales; the voided sale's
  // lines are marked: the frozen report counted them as a sale.
  const lines = await sheet('lines');
  const sold = (row: Record<string, string>) =>
    ['paid', 'partially_refunded', 'refunded'].includes(row.status) || row.kind === 'refund';
  const wasSaleAtClose = (row: Record<string, string>) =>
    (inClose(row) && sold(row)) || row.after_close === 'voided';
  expect(sum(lines.filter(wasSaleAtClose), 'total')).toBe(frozenNet);
  const lateLines = lines.filter((row) => !inClose(row));
  expect(lateLines.map((r) => [r.order_no, r.kind, r.after_close])).toEqual(
    expect.arrayContaining([
      [third.payload.orderNo, 'refund', 'refunded'],
      [lost.payload.orderNo, 'sale', 'sold'],
      [fifth.payload.orderNo, 'sale', 'voided'],
    ]),
  );
  expect(lateLines).toHaveLength(3);

  const orders = await sheet('orders');
  expect(orders.filter((row) => !inClose(row)).map((r) => [r.order_no, r.after_close])).toEqual(
    expect.arrayContaining([
      [lost.payload.orderNo, 'sold'],
      [third.payload.orderNo, 'refunded'],
      [fifth.payload.orderNo, 'voided'],
    ]),
  );
});
