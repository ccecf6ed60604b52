// `npm run receipts`: the sample receipt for each paper width rendered to a PNG by headless
// Chromium from its ESC/POS bytes. The pictures exist, are not blank, are as wide as their paper
// and carry a QR code that a phone would read as the receipt's payload.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderReceipts } from '../../scripts/render-receipts';
import { describeWithChromium } from '../support/chromium';
import { closePngWorker, readPng } from '../support/png';
import { receiptFixtureQr } from '../support/receipt-fixture';

describeWithChromium('receipt pictures', () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-receipts-'));
  let files: string[] = [];
  beforeAll(async () => {
    files = await renderReceipts(outDir);
  }, 60_000);
  afterAll(async () => {
    await closePngWorker();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('writes one PNG per paper width', () => {
    expect(files.map((file) => path.basename(file))).toEqual([
      'receipt-58mm.png',
      'receipt-80mm.png',
    ]);
  });

  it.each([
    ['58mm', 32],
    ['80mm', 48],
  ])('%s: printed, as wide as its %i columns, with a readable QR code', async (paper, columns) => {
    // Decoded, and its QR code read by jsQR, in a worker thread: see png.ts.
    const png = await readPng(path.join(outDir, `receipt-${paper}.png`), { qr: true });
    // 12 dots a column, the paper's margins and the page around it, at a device scale of 2.
    expect(png.width).toBeGreaterThan(columns * 12 * 2);
    expect(png.width).toBeLessThan((columns + 6) * 12 * 2);
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4)
      if (png.data[i] + png.data[i + 1] + png.data[i + 2] < 200) dark++;
    const share = dark / (png.width * png.height);
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.5);
    expect(png.qr).toBe(receiptFixtureQr);
  });
});
