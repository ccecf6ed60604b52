// A receipt laid out for one paper width: printed lines that already fit, a QR code, and what the
// printer does around them (open the cash drawer, cut). The ESC/POS encoder only turns it into bytes.
import { z } from 'zod';

/** Thermal paper widths and the columns of font A (12 dots) they hold: 384 and 576 dots. */
export const paperColumns = { '58mm': 32, '80mm': 48 } as const;
export type PaperWidth = keyof typeof paperColumns;
export const paperWidthSchema = z.enum(['58mm', '80mm']);

export type ReceiptBlock =
  /**
   * One printed line. Its text fills at most the line's columns: all of them normally, half when
   * `wide` (double-width characters). `tall` doubles the height only, so the columns stay.
   */
  | { kind: 'text'; text: string; bold?: boolean; wide?: boolean; tall?: boolean }
  /** A QR code printed by the printer itself, centred; `moduleDots` is the size of one square. */
  | { kind: 'qr'; data: string; moduleDots: number }
  /** Blank paper, in lines. */
  | { kind: 'feed'; lines: number };

export interface ReceiptDocument {
  paper: PaperWidth;
  columns: number;
  blocks: ReceiptBlock[];
  /** Kick the cash drawer (wired to the printer) open before the receipt prints. */
  openDrawer: boolean;
}

/** The columns a text block may fill: half the line for double-width text. */
export function blockColumns(document: ReceiptDocument, block: { wide?: boolean }): number {
  return block.wide ? Math.floor(document.columns / 2) : document.columns;
}
