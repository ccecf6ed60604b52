// QR images with the `qrcode` package: PNG for screens and SVG for anything that scales.
// Error correction M and a four-module quiet zone: what phone cameras read from a screen.
import QRCode from 'qrcode';

const options = { errorCorrectionLevel: 'M', margin: 4 } as const;

export function qrPng(text: string, scale = 8): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...options, type: 'png', scale });
}

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...options, type: 'svg' });
}

/** The dark modules, row by row: for drawing the code into a document (the counter card). */
export function qrModules(text: string): {
  size: number;
  dark: (row: number, col: number) => boolean;
} {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (row, col) => Boolean(modules.get(row, col)) };
}
