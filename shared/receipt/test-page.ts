// The printer's test page: the paper's full width of columns, Chinese text, a QR code and a cut,
// so a person setting a printer up sees at once whether width, code page and QR are right.
import { centerColumns, wrapColumns } from './columns';
import { paperColumns, type PaperWidth, type ReceiptBlock, type ReceiptDocument } from './document';

export interface TestPageText {
  title: string;
  body: string;
  qrText: string;
  qrCaption: string;
}

export function testPageDocument(paper: PaperWidth, text: TestPageText): ReceiptDocument {
  const columns = paperColumns[paper];
  const half = Math.floor(columns / 2);
  // 1234567890 repeated: the last digit printed shows how many columns the paper really holds.
  const ruler = Array.from({ length: columns }, (_, i) => String((i + 1) % 10)).join('');
  const blocks: ReceiptBlock[] = [
    ...wrapColumns(text.title, half).map((line): ReceiptBlock => ({
      kind: 'text',
      text: centerColumns(line, half).trimEnd(),
      bold: true,
      wide: true,
    })),
    { kind: 'text', text: centerColumns(`${paper} / ${columns}`, columns).trimEnd() },
    { kind: 'text', text: ruler },
    { kind: 'text', text: '-'.repeat(columns) },
    ...wrapColumns(text.body, columns).map((line): ReceiptBlock => ({ kind: 'text', text: line })),
    { kind: 'feed', lines: 1 },
    { kind: 'qr', data: text.qrText, moduleDots: paper === '80mm' ? 6 : 5 },
    { kind: 'text', text: centerColumns(text.qrCaption, columns).trimEnd() },
  ];
  return { paper, columns, blocks, openDrawer: false };
}
