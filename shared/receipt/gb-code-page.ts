// Text in the code page of Chinese thermal printers: the one- and two-byte part of GB18030 (= GBK).
// The mapping is iconv-lite's own GBK tables. A character fills as many columns on the paper as it
// has bytes: one for ASCII, two for everything else, which the receipt layout counts on.
import cp936 from 'iconv-lite/encodings/tables/cp936.json';
import gbkAdded from 'iconv-lite/encodings/tables/gbk-added.json';

type TableChunk = ReadonlyArray<string | number>;

/**
 * What prints in place of a character GBK lacks (an emoji, a rare character): a full-width question
 * mark, two columns, which is also what `charColumns` counts for it, so the layout still holds.
 */
export const UNPRINTABLE = '？';
const UNPRINTABLE_CODE = 0xa3bf;

let twoByteCodes: Map<number, number> | null = null;

/**
 * Unicode code point -> two-byte GB code, read once from iconv-lite's chunks: `[startHex, ...parts]`
 * where a string part is characters at consecutive codes and a number part continues the previous
 * character's code point that many times. The first code seen for a character wins, as in iconv-lite.
 * The private use area (vendor glyphs no receipt font has) is left out.
 */
function codes(): Map<number, number> {
  if (twoByteCodes) return twoByteCodes;
  const map = new Map<number, number>();
  for (const chunk of [...cp936, ...gbkAdded] as TableChunk[]) {
    let code = parseInt(chunk[0] as string, 16);
    let previous = 0;
    const assign = (codePoint: number) => {
      const isPrivateUse = codePoint >= 0xe000 && codePoint <= 0xf8ff;
      if (code > 0xff && !isPrivateUse && !map.has(codePoint)) map.set(codePoint, code);
      previous = codePoint;
      code++;
    };
    for (const part of chunk.slice(1)) {
      if (typeof part === 'number') for (let i = 0; i < part; i++) assign(previous + 1);
      else for (const char of part) assign(char.codePointAt(0) ?? 0);
    }
  }
  // GB18030 moved the euro sign from cp936's single byte 0x80 to A2E3.
  map.set(0x20ac, 0xa2e3);
  twoByteCodes = map;
  return map;
}

/**
 * The GB code of one character: 0x20-0x7E for ASCII, a two-byte code, or null when it has none.
 * Control characters come out as a space: text must never smuggle a printer command in.
 */
export function gbCodeOf(char: string): number | null {
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint < 0x20 || codePoint === 0x7f) return 0x20;
  if (codePoint < 0x80) return codePoint;
  return codes().get(codePoint) ?? null;
}

/**
 * Columns a character fills on a GB printer (font A: 12 dots per column): one per byte, so ASCII
 * is 1 and everything else 2: Chinese, full-width punctuation, also ·, × and é (two bytes in
 * GBK), and what GBK lacks (printed as the full-width UNPRINTABLE). No table needed to measure.
 */
export function charColumns(char: string): 1 | 2 {
  return (char.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
}

/** Text as the printer's GB bytes; characters it has no code for print as `UNPRINTABLE`. */
export function encodeGb(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const code = gbCodeOf(char) ?? UNPRINTABLE_CODE;
    if (code > 0xff) bytes.push(code >> 8, code & 0xff);
    else bytes.push(code);
  }
  return Uint8Array.from(bytes);
}
