// A small ESC/POS reader, written apart from the encoder: it plays bytes back the way a Chinese
// thermal printer would (GB18030 text via iconv-lite in Chinese mode, styles, the native QR code,
// drawer kicks, cuts) and refuses any byte it does not understand, naming the offset.
import iconv from 'iconv-lite';

export interface PrintedLine {
  text: string;
  bold: boolean;
  /** Character width and height multipliers (GS !). */
  width: number;
  height: number;
  align: 'left' | 'center' | 'right';
}

export interface PrintedQr {
  data: string;
  model: number;
  moduleDots: number;
  errorLevel: 'L' | 'M' | 'Q' | 'H';
}

export type PrintEvent =
  | { kind: 'line'; line: PrintedLine }
  | { kind: 'qr'; qr: PrintedQr }
  | { kind: 'drawer'; pin: number }
  | { kind: 'cut'; partial: boolean }
  /** DLE EOT n: a real-time status request (4: the paper roll sensor). */
  | { kind: 'status-request'; n: number };

export interface Printout {
  events: PrintEvent[];
  lines: PrintedLine[];
  qrCodes: PrintedQr[];
  cuts: number;
  drawerKicks: number;
  /** Whether text bytes 0x81-0xFE were read as GB characters when they came. */
  chineseModeUsed: boolean;
}

export class EscPosReadError extends Error {}

const ALIGNS = ['left', 'center', 'right'] as const;
const ERROR_LEVELS = { 0x30: 'L', 0x31: 'M', 0x32: 'Q', 0x33: 'H' } as const;

export function readEscPos(input: Uint8Array): Printout {
  const bytes = Buffer.from(input);
  const events: PrintEvent[] = [];
  let style = { bold: false, width: 1, height: 1, align: 'left' as PrintedLine['align'] };
  let chinese = false;
  let chineseModeUsed = false;
  let text: number[] = [];
  // Styles in force when the line's first character was printed.
  let lineStyle: typeof style | null = null;
  const qr = { model: 2, moduleDots: 3, errorLevel: 'L' as PrintedQr['errorLevel'], data: '' };
  let i = 0;

  const need = (count: number, what: string) => {
    if (i + count > bytes.length)
      throw new EscPosReadError(
        `${what} at offset ${i} is cut short (${bytes.length - i} bytes left)`,
      );
  };
  const endLine = () => {
    const decoded = iconv.decode(Buffer.from(text), chinese ? 'gb18030' : 'latin1');
    events.push({ kind: 'line', line: { text: decoded, ...(lineStyle ?? style) } });
    text = [];
    lineStyle = null;
  };

  while (i < bytes.length) {
    const b = bytes[i];
    const at = i;
    if (b === 0x0a) {
      endLine();
      i++;
    } else if (b === 0x0d) {
      i++;
    } else if (b >= 0x20 && b !== 0x7f) {
      if (b >= 0x80 && !chinese)
        throw new EscPosReadError(`byte 0x${b.toString(16)} at offset ${at} outside Chinese mode`);
      if (b >= 0x80) chineseModeUsed = true;
      lineStyle ??= { ...style };
      text.push(b);
      i++;
    } else if (b === 0x1b) {
      need(2, 'ESC');
      const command = bytes[i + 1];
      const n = bytes[i + 2];
      if (command === 0x40) {
        style = { bold: false, width: 1, height: 1, align: 'left' };
        chinese = false;
        i += 2;
      } else if (command === 0x45) {
        need(3, 'ESC E');
        style.bold = (n & 1) === 1;
        i += 3;
      } else if (command === 0x61) {
        need(3, 'ESC a');
        style.align = ALIGNS[n % 48] ?? 'left';
        i += 3;
      } else if (command === 0x70) {
        need(5, 'ESC p');
        events.push({ kind: 'drawer', pin: n });
        i += 5;
      } else if (command === 0x64) {
        need(3, 'ESC d');
        for (let k = 0; k < n; k++) endLine();
        i += 3;
      } else if ([0x4d, 0x74, 0x2d, 0x47, 0x21, 0x33, 0x4a, 0x52, 0x56, 0x7b].includes(command)) {
        // Font, code table, underline, double strike, print mode, spacing, feed dots, country,
        // rotation, upside down: one parameter each, nothing the checks here look at.
        need(3, `ESC ${String.fromCharCode(command)}`);
        i += 3;
      } else if (command === 0x32) {
        i += 2;
      } else {
        throw new EscPosReadError(`unknown command ESC 0x${command.toString(16)} at offset ${at}`);
      }
    } else if (b === 0x10) {
      need(3, 'DLE');
      if (bytes[i + 1] !== 0x04)
        throw new EscPosReadError(
          `unknown command DLE 0x${bytes[i + 1].toString(16)} at offset ${at}`,
        );
      events.push({ kind: 'status-request', n: bytes[i + 2] });
      i += 3;
    } else if (b === 0x1c) {
      need(2, 'FS');
      const command = bytes[i + 1];
      if (command === 0x26) chinese = true;
      else if (command === 0x2e) chinese = false;
      else
        throw new EscPosReadError(`unknown command FS 0x${command.toString(16)} at offset ${at}`);
      i += 2;
    } else if (b === 0x1d) {
      need(2, 'GS');
      const command = bytes[i + 1];
      if (command === 0x21) {
        need(3, 'GS !');
        style.width = (bytes[i + 2] >> 4) + 1;
        style.height = (bytes[i + 2] & 0x0f) + 1;
        i += 3;
      } else if (command === 0x56) {
        need(3, 'GS V');
        const m = bytes[i + 2];
        events.push({ kind: 'cut', partial: m === 1 || m === 49 || m === 66 });
        i += m >= 65 ? 4 : 3;
      } else if (command === 0x28 && bytes[i + 2] === 0x6b) {
        need(7, 'GS ( k');
        const length = bytes[i + 3] + bytes[i + 4] * 256;
        need(5 + length, 'GS ( k');
        const [cn, fn, ...rest] = bytes.subarray(i + 5, i + 5 + length);
        if (cn !== 0x31) throw new EscPosReadError(`GS ( k for symbol ${cn} at offset ${at}`);
        if (fn === 0x41) qr.model = rest[0] - 0x30;
        else if (fn === 0x43) qr.moduleDots = rest[0];
        else if (fn === 0x45) qr.errorLevel = ERROR_LEVELS[rest[0] as keyof typeof ERROR_LEVELS];
        else if (fn === 0x50) qr.data = iconv.decode(Buffer.from(rest.slice(1)), 'gb18030');
        else if (fn === 0x51) events.push({ kind: 'qr', qr: { ...qr } });
        else throw new EscPosReadError(`unknown QR function 0x${fn.toString(16)} at offset ${at}`);
        i += 5 + length;
      } else {
        throw new EscPosReadError(`unknown command GS 0x${command.toString(16)} at offset ${at}`);
      }
    } else {
      throw new EscPosReadError(`unexpected control byte 0x${b.toString(16)} at offset ${at}`);
    }
  }
  if (text.length > 0) throw new EscPosReadError(`text after the last line feed is never printed`);

  const lines = events.flatMap((e) => (e.kind === 'line' ? [e.line] : []));
  return {
    events,
    lines,
    qrCodes: events.flatMap((e) => (e.kind === 'qr' ? [e.qr] : [])),
    cuts: events.filter((e) => e.kind === 'cut').length,
    drawerKicks: events.filter((e) => e.kind === 'drawer').length,
    chineseModeUsed,
  };
}
