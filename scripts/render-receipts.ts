// Renders the sample receipt for each paper width to a PNG for a person to look at
// (`npm run receipts` -> screens/receipts/). It draws what the ESC/POS bytes say, read back by the
// tests' reader: each character in its printer columns (12 dots, two for Chinese), the styles, the
// printer's QR code, the drawer kick and the cut. Headless Chromium takes the picture.
import * as fs from 'node:fs';
import * as path from 'node:path';
import QRCode from 'qrcode';
import {
  charColumns,
  encodeReceipt,
  layoutReceipt,
  paperColumns,
  type PaperWidth,
} from '@pos/shared';
import { launchChromium } from '../test/support/chromium';
import { readEscPos, type Printout } from '../test/support/escpos-reader';
import { receiptFixtureContext, receiptFixtureOrder } from '../test/support/receipt-fixture';

const DOT = 1; // CSS px per printer dot (the screenshot doubles it)
const COLUMN = 12 * DOT;
const LINE = 30 * DOT; // 24-dot characters and the printer's default spacing
const papers: PaperWidth[] = ['58mm', '80mm'];

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

async function paperHtml(printout: Printout, columns: number): Promise<string> {
  const rows: string[] = [];
  for (const event of printout.events) {
    if (event.kind === 'line') {
      const { text, bold, width, height } = event.line;
      let column = 0;
      const cells = [...text].map((char) => {
        const span = charColumns(char) * width;
        const cell = `<span class="c" style="left:${column * COLUMN}px;width:${span * COLUMN}px;transform:scaleX(${width}) scaleY(${height});transform-origin:${(span * COLUMN) / 2}px 100%">${escape(char)}</span>`;
        column += span;
        return char === ' ' ? '' : cell;
      });
      rows.push(
        `<div class="l${bold ? ' b' : ''}" style="height:${LINE * height}px">${cells.join('')}</div>`,
      );
    } else if (event.kind === 'qr') {
      const url = await QRCode.toDataURL(event.qr.data, {
        errorCorrectionLevel: event.qr.errorLevel,
        margin: 0,
        scale: event.qr.moduleDots * DOT,
      });
      rows.push(`<div class="qr"><img src="${url}"></div>`);
    } else if (event.kind === 'cut') {
      rows.push('<div class="cut">✂ - - - - - - - - - - - - - - - -</div>');
    } else if (event.kind === 'drawer') {
      rows.push('<div class="note">[钱箱弹开]</div>');
    }
  }
  return `<div class="paper" style="width:${columns * COLUMN}px">${rows.join('\n')}</div>`;
}

function page(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; background: #d9d9d9; display: inline-block; padding: 16px; }
  .paper { background: #fff; padding: 16px ${COLUMN}px; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
  .l { position: relative; }
  .c { position: absolute; bottom: 3px; text-align: center; font-size: ${22 * DOT}px; line-height: 1;
       font-family: 'WenQuanYi Micro Hei Mono', 'WenQuanYi Micro Hei', 'Noto Sans Mono CJK SC', monospace; color: #111; }
  .b .c { font-weight: 700; }
  .qr { text-align: center; padding: 4px 0; }
  .qr img { image-rendering: pixelated; }
  .cut { color: #999; font: 12px monospace; text-align: center; padding-top: 6px; }
  .note { color: #c00; font: 12px sans-serif; }
</style></head><body>${body}</body></html>`;
}

/** Writes receipt-58mm.png and receipt-80mm.png into `outDir`; returns their paths. */
export async function renderReceipts(outDir: string): Promise<string[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await launchChromium();
  const written: string[] = [];
  try {
    const tab = await browser.newPage({ deviceScaleFactor: 2 });
    for (const paper of papers) {
      const receipt = layoutReceipt(receiptFixtureOrder(), receiptFixtureContext, paper);
      const printout = readEscPos(encodeReceipt(receipt));
      await tab.setContent(page(await paperHtml(printout, paperColumns[paper])));
      await tab.evaluate('document.fonts.ready');
      const file = path.join(outDir, `receipt-${paper}.png`);
      await tab.locator('body').screenshot({ path: file });
      written.push(file);
    }
  } finally {
    await browser.close();
  }
  return written;
}

if (require.main === module) {
  const outDir = path.resolve(__dirname, '..', 'screens', 'receipts');
  renderReceipts(outDir)
    .then((files) =>
      console.log(files.map((f) => `wrote ${path.relative(process.cwd(), f)}`).join('\n')),
    )
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
