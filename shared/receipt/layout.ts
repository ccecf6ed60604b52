// Lays an order out as a receipt for 58 mm (32 columns) or 80 mm (48 columns) paper: header, the
// order's identity, lines, totals, tenders, member, a QR code and the footer, every line fitted.
import { storeDateTime } from '../business-day';
import { fenToDecimal, type Fen } from '../money';
import { countItems, type Order, type OrderLine } from '../order';
import { roundingKind } from '../rounding';
import { changeDue } from '../tenders';
import { centerColumns, columnsOf, spreadColumns, tableRow, wrapColumns } from './columns';
import { paperColumns, type PaperWidth, type ReceiptBlock, type ReceiptDocument } from './document';
import { zhReceiptLabels, type ReceiptLabels } from './receipt-labels';

/** What the order does not hold but the receipt prints; the caller looks it up. */
export interface ReceiptContext {
  storeName: string;
  /** Extra header lines under the name (address, phone). */
  storeLines?: string[];
  /** The store's offset from UTC, for the printed time. */
  utcOffsetMinutes: number;
  cashierName: string | null;
  member?: {
    name: string;
    phone: string;
    pointsEarned?: number;
    pointsBalance?: number;
    storedValueBalance?: Fen;
  } | null;
  /** A QR code to print (an e-receipt or membership link), made elsewhere and taken as it is. */
  qr?: { text: string; caption: string } | null;
  /** A second print of the same order: marked, and the cash drawer stays shut. */
  reprint?: boolean;
  footer?: string[];
  labels?: ReceiptLabels;
}

const money = (fen: Fen) => fenToDecimal(fen);
const minus = (fen: Fen) => (fen === 0 ? '0.00' : `-${fenToDecimal(fen)}`);
const signed = (fen: Fen) => (fen > 0 ? `+${fenToDecimal(fen)}` : fenToDecimal(fen));

/** "138****8000": enough for the customer to recognise, not enough to read off a dropped receipt. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}

/** Quantity as printed: pieces, or kilograms with three decimals for goods sold by weight. */
function quantityText(line: OrderLine): string {
  if (line.soldBy === 'piece') return String(line.qty);
  return `${(line.qty / 1000).toFixed(3)}kg`;
}

/** A price per piece, or per kilogram for goods sold by weight. */
const priceText = (line: OrderLine, price: Fen) =>
  line.soldBy === 'weight' ? `${money(price)}/kg` : money(price);

/** C0 controls, DEL and C1 controls, in runs. */
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f-\u009f]+/g;

/**
 * Free text (names, the store's own lines, a payment reference) as a receipt prints it: each run
 * of control characters becomes one space. To a printer they are commands (ESC @ resets it, GS V
 * cuts the paper) or line breaks that would tear the layout's lines; the layout makes its own.
 */
export function printableText(text: string): string {
  return text.replace(controlChars, ' ');
}

/** The receipt's lines as they are made: all text enters here, and only printable text stays. */
class Lines {
  readonly blocks: ReceiptBlock[] = [];
  constructor(readonly columns: number) {}

  text(text: string, style: { bold?: boolean; tall?: boolean } = {}): void {
    for (const line of wrapColumns(printableText(text), this.columns))
      this.blocks.push({ kind: 'text', text: line, ...style });
  }
  center(text: string, style: { bold?: boolean; wide?: boolean } = {}): void {
    const width = style.wide ? Math.floor(this.columns / 2) : this.columns;
    for (const line of wrapColumns(printableText(text), width))
      this.blocks.push({ kind: 'text', text: centerColumns(line, width).trimEnd(), ...style });
  }
  spread(left: string, right: string, style: { bold?: boolean; tall?: boolean } = {}): void {
    for (const line of spreadColumns(printableText(left), printableText(right), this.columns))
      this.blocks.push({ kind: 'text', text: line.trimEnd(), ...style });
  }
  rule(char = '-'): void {
    this.blocks.push({ kind: 'text', text: char.repeat(this.columns) });
  }
  raw(block: ReceiptBlock): void {
    this.blocks.push(block);
  }
}

function header(out: Lines, order: Order, context: ReceiptContext, labels: ReceiptLabels): void {
  out.center(context.storeName, { bold: true, wide: true });
  for (const line of context.storeLines ?? []) out.center(line);
  if (context.reprint) out.center(`** ${labels.reprint} **`);
  out.rule();
  out.text(`${labels.orderNo}: ${order.orderNo}`, { bold: true });
  out.text(`${labels.businessDay}: ${order.businessDay}`);
  out.text(
    `${labels.time}: ${storeDateTime(order.paidAt ?? order.createdAt, context.utcOffsetMinutes)}`,
  );
  const cashier = context.cashierName ?? (order.source === 'kiosk' ? labels.kiosk : null);
  if (cashier) out.text(`${labels.cashier}: ${cashier}`);
  out.rule();
}

/** Notes under a line: member price, a price override, the line's own discount. */
function lineNotes(out: Lines, line: OrderLine, labels: ReceiptLabels, indent: string): void {
  if (line.priceOverridden)
    out.text(`${indent}${labels.overridden} ${priceText(line, line.listUnitPrice)}`);
  else if (line.memberPriceApplied) out.text(`${indent}${labels.memberPrice}`);
  if (line.lineDiscount > 0)
    out.spread(`${indent}${labels.lineDiscount}`, minus(line.lineDiscount));
}

/**
 * 80 mm: a table of name, quantity, unit price and amount; a long name wraps inside its column. A
 * line whose quantity, price or amount does not fit its column with a space before it (a dear good
 * by weight: "18800.00/kg") prints them under its name instead, as on 58 mm: money is never cut.
 */
function wideLines(out: Lines, order: Order, labels: ReceiptLabels): void {
  const widths = [out.columns - 28, 8, 10, 10];
  const aligns = ['left', 'right', 'right', 'right'] as const;
  out.text(tableRow([labels.item, labels.qty, labels.price, labels.amount], widths, aligns));
  for (const line of order.lines) {
    const figures = [quantityText(line), priceText(line, line.unitPrice), money(line.amount)];
    if (figures.some((figure, i) => columnsOf(figure) >= widths[i + 1])) {
      figuresUnderName(out, line);
      lineNotes(out, line, labels, '  ');
      continue;
    }
    // Made printable before it is cut into the name column, so the row's columns line up.
    const [first, ...rest] = wrapColumns(printableText(line.name), widths[0] - 1);
    out.text(tableRow([first, ...figures], widths, aligns).trimEnd());
    for (const more of rest) out.text(more);
    lineNotes(out, line, labels, '  ');
  }
}

/** The name on its own line(s), then "qty x price" and the amount. */
function figuresUnderName(out: Lines, line: OrderLine): void {
  out.text(line.name);
  out.spread(`  ${quantityText(line)} x ${priceText(line, line.unitPrice)}`, money(line.amount));
}

/** 58 mm: every line with its figures under its name. */
function narrowLines(out: Lines, order: Order, labels: ReceiptLabels): void {
  for (const line of order.lines) {
    figuresUnderName(out, line);
    lineNotes(out, line, labels, '  ');
  }
}

function totals(out: Lines, order: Order, labels: ReceiptLabels): void {
  out.text(labels.pieces(countItems(order.lines)));
  out.spread(labels.subtotal, money(order.subtotal));
  if (order.lineDiscountTotal > 0) out.spread(labels.lineDiscounts, minus(order.lineDiscountTotal));
  if (order.orderDiscount > 0) out.spread(labels.orderDiscount, minus(order.orderDiscount));
  if (order.rounding !== 0)
    out.spread(labels[roundingKind(order.rounding)], signed(order.rounding));
  out.spread(labels.total, money(order.total), { bold: true, tall: true });
}

function tenders(out: Lines, order: Order, labels: ReceiptLabels): void {
  if (order.tenders.length === 0) return;
  out.rule();
  for (const tender of order.tenders) {
    if (tender.method === 'cash') {
      out.spread(labels.cash, money(tender.amount));
      if (tender.tendered !== tender.amount)
        out.spread(`  ${labels.cashTendered}`, money(tender.tendered));
    } else if (tender.method === 'wechat') {
      out.spread(labels.wechat, money(tender.amount));
      if (tender.reference) out.text(`  ${tender.reference}`);
    } else {
      out.spread(labels.storedValue, money(tender.amount));
    }
  }
  const change = changeDue(order.tenders);
  if (change > 0) out.spread(labels.change, money(change), { bold: true });
}

function status(out: Lines, order: Order, labels: ReceiptLabels): void {
  if (order.status === 'voided') out.center(labels.voided, { bold: true });
  else if (order.status === 'refunded') out.center(labels.refunded, { bold: true });
  else if (order.status === 'open') out.center(labels.open, { bold: true });
  else if (order.status === 'partially_refunded') {
    const refunded = order.refunds.reduce(
      (sum, refund) => sum + refund.lines.reduce((lines, line) => lines + line.amount, 0),
      0,
    );
    out.spread(labels.partiallyRefunded, minus(refunded), { bold: true });
  }
}

function member(out: Lines, context: ReceiptContext, labels: ReceiptLabels): void {
  const who = context.member;
  if (!who) return;
  out.rule();
  out.text(`${labels.member}: ${who.name} ${maskPhone(who.phone)}`.trim());
  if (who.pointsEarned !== undefined) out.spread(labels.pointsEarned, `+${who.pointsEarned}`);
  if (who.pointsBalance !== undefined) out.spread(labels.pointsBalance, String(who.pointsBalance));
  if (who.storedValueBalance !== undefined)
    out.spread(labels.storedValueBalance, money(who.storedValueBalance));
}

/** The receipt of an order on the given paper. Pure: the same order and context give the same receipt. */
export function layoutReceipt(
  order: Order,
  context: ReceiptContext,
  paper: PaperWidth,
): ReceiptDocument {
  const labels = context.labels ?? zhReceiptLabels;
  const columns = paperColumns[paper];
  const out = new Lines(columns);
  header(out, order, context, labels);
  if (paper === '80mm') wideLines(out, order, labels);
  else narrowLines(out, order, labels);
  out.rule();
  totals(out, order, labels);
  tenders(out, order, labels);
  status(out, order, labels);
  member(out, context, labels);
  if (context.qr) {
    out.rule();
    out.raw({ kind: 'feed', lines: 1 });
    out.raw({ kind: 'qr', data: context.qr.text, moduleDots: paper === '80mm' ? 6 : 5 });
    out.center(context.qr.caption);
  }
  out.raw({ kind: 'feed', lines: 1 });
  for (const line of context.footer ?? labels.footer) out.center(line);
  const tookCash = order.tenders.some((tender) => tender.method === 'cash');
  return {
    paper,
    columns,
    blocks: out.blocks.map((block) => (block.kind === 'text' ? checkFits(block, columns) : block)),
    openDrawer: tookCash && !context.reprint && order.status === 'paid',
  };
}

/** A last guard: no line is ever handed to the printer wider than it can print. */
function checkFits<B extends { text: string; wide?: boolean }>(block: B, columns: number): B {
  const width = block.wide ? Math.floor(columns / 2) : columns;
  if (columnsOf(block.text) > width)
    throw new RangeError(`receipt line "${block.text}" is wider than ${width} columns`);
  return block;
}
