// The "join membership" counter card a manager prints: an A6 PDF page (105 x 148 mm) with the
// store's name, a line of instructions and the signed join QR drawn as vector squares.
// PDF, not PNG: it prints at exactly A6 on any printer, and the code stays sharp at any
// resolution. Chinese text uses the reader's built-in STSong-Light (a standard PDF CJK font),
// so nothing is embedded and the file stays a few kilobytes.
import { qrModules } from './qr-image';

/** A6 in PDF points (1/72 inch). */
export const A6_POINTS = { width: 297.64, height: 419.53 } as const;

export interface CounterCard {
  storeName: string;
  /** What the QR encodes. */
  qrText: string;
  lines: string[];
  footer: string;
}

/** Text as the UniGB-UCS2-H encoding wants it: UTF-16BE code units in hex. */
function ucs2Hex(text: string): string {
  let hex = '';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0');
  return `<${hex}>`;
}

/** Roughly how wide the text is in ems: CJK is square, ASCII about half. */
function ems(text: string): number {
  let width = 0;
  for (const char of text) width += char.charCodeAt(0) < 0x80 ? 0.5 : 1;
  return width;
}

const n = (value: number) => Number(value.toFixed(2)).toString();

function centredText(text: string, size: number, y: number): string {
  const x = (A6_POINTS.width - ems(text) * size) / 2;
  return `BT /F1 ${n(size)} Tf ${n(x)} ${n(y)} Td ${ucs2Hex(text)} Tj ET`;
}

/** The card's page content: text, then the code's dark modules as runs of filled rectangles. */
function pageContent(card: CounterCard): string {
  const { size, dark } = qrModules(card.qrText);
  const qrSide = 170; // 60 mm: easy to scan from a counter
  const module = qrSide / (size + 8);
  const left = (A6_POINTS.width - qrSide) / 2 + 4 * module;
  const top = 300;
  const ops: string[] = ['0 g'];
  ops.push(centredText(card.storeName, 18, 380));
  card.lines.forEach((line, i) => ops.push(centredText(line, 13, 350 - i * 18)));
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size;) {
      if (!dark(row, col)) {
        col++;
        continue;
      }
      let end = col;
      while (end < size && dark(row, end)) end++;
      const x = left + col * module;
      const y = top - (row + 1) * module;
      ops.push(`${n(x)} ${n(y)} ${n((end - col) * module)} ${n(module)} re`);
      col = end;
    }
  }
  ops.push('f');
  ops.push(centredText(card.footer, 9, 40));
  return ops.join('\n');
}

/** The card as a one-page PDF. */
export function counterCardPdf(card: CounterCard): Buffer {
  const content = pageContent(card);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A6_POINTS.width} ${A6_POINTS.height}] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
