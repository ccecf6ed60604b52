// A laid-out receipt as ESC/POS bytes for a Chinese thermal printer. @point-of-sale/receipt-printer-
// encoder makes the commands (init, styles, the printer's own QR code, drawer kick, cut); it has no
// GB18030 code page (its issue #103), so text goes in as GB bytes with the printer in Chinese mode.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { encodeGb } from './gb-code-page';
import type { ReceiptDocument } from './document';

/** FS &: the printer reads bytes 0x81-0xFE as the first of a two-byte GB character. */
const CHINESE_MODE = [0x1c, 0x26];

/** The receipt as the bytes a printer takes: one job, ending with a partial cut. */
export function encodeReceipt(document: ReceiptDocument): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns: document.columns,
    newline: '\n',
    // The cutter sits above the print head: feed the last lines past it before cutting.
    feedBeforeCut: 4,
  });
  encoder.initialize().raw(CHINESE_MODE);
  if (document.openDrawer) encoder.pulse();
  for (const block of document.blocks) {
    if (block.kind === 'feed') {
      encoder.newline(block.lines);
    } else if (block.kind === 'qr') {
      encoder
        .align('center')
        .qrcode(block.data, { model: 2, size: block.moduleDots, errorlevel: 'm' })
        .align('left');
    } else {
      const styled = block.bold || block.wide || block.tall;
      if (block.bold) encoder.bold(true);
      if (block.wide || block.tall)
        encoder.size(block.wide ? 2 : 1, block.tall || block.wide ? 2 : 1);
      encoder.raw(encodeGb(block.text)).newline();
      if (styled) encoder.bold(false).size(1, 1);
    }
  }
  return encoder.cut('partial').encode();
}

/** The drawer kick alone (ESC p), to open the cash drawer without a sale: nothing printed, no cut. */
export function encodeDrawerKick(): Uint8Array {
  return new ReceiptPrinterEncoder({ language: 'esc-pos' }).initialize().pulse().encode();
}
