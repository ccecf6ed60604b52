// Pinyin initials made on the device (a SKU's label, which the server gives no initials): read off
// the GB code page the core already carries for printing, since pinyin-pro stays on the server.
import { gbCodeOf } from './receipt/gb-code-page';

/**
 * GB2312's 3,755 common characters (B0A1-D7F9) are in pinyin order, so where each initial's run
 * starts in that range tells a character's initial (a polyphone counts at the reading GB2312 put
 * it under: 调 is d). No Chinese syllable starts with i, u or v.
 */
const RUNS: ReadonlyArray<readonly [start: number, initial: string]> = [
  [0xb0a1, 'a'],
  [0xb0c5, 'b'],
  [0xb2c1, 'c'],
  [0xb4ee, 'd'],
  [0xb6ea, 'e'],
  [0xb7a2, 'f'],
  [0xb8c1, 'g'],
  [0xb9fe, 'h'],
  [0xbbf7, 'j'],
  [0xbfa6, 'k'],
  [0xc0ac, 'l'],
  [0xc2e8, 'm'],
  [0xc4c3, 'n'],
  [0xc5b6, 'o'],
  [0xc5be, 'p'],
  [0xc6da, 'q'],
  [0xc8bb, 'r'],
  [0xc8f6, 's'],
  [0xcbfa, 't'],
  [0xcdda, 'w'],
  [0xcef4, 'x'],
  [0xd1b9, 'y'],
  [0xd4d1, 'z'],
];
const LAST_COMMON = 0xd7f9;

/** The pinyin initial of one common Chinese character; null for any other character. */
export function hanziInitial(char: string): string | null {
  const code = gbCodeOf(char);
  if (code === null || code < RUNS[0][0] || code > LAST_COMMON || (code & 0xff) < 0xa1) return null;
  let initial = RUNS[0][1];
  for (const [start, letter] of RUNS) if (code >= start) initial = letter;
  return initial;
}

/**
 * Initials as the server makes a product's ('大杯' -> 'db', '500ml' -> '500ml'): ASCII letters
 * (lower case) and digits kept, other signs dropped. Null when a Chinese character is not among
 * the common ones: initials with a letter missing would find the wrong goods.
 */
export function hanziInitials(text: string): string | null {
  let initials = '';
  // NFKD and no accents, as the server: full-width "ＡＤ钙奶１" is "AD钙奶1", "Café" is "Cafe".
  for (const char of text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')) {
    if (/[a-z0-9]/i.test(char)) initials += char.toLowerCase();
    else if (isHan(char)) {
      const initial = hanziInitial(char);
      if (initial === null) return null;
      initials += initial;
    }
  }
  return initials;
}

/** CJK ideographs (the unified block, extension A, the supplementary planes' extensions). */
function isHan(char: string): boolean {
  const point = char.codePointAt(0) ?? 0;
  return (
    (point >= 0x4e00 && point <= 0x9fff) ||
    (point >= 0x3400 && point <= 0x4dbf) ||
    (point >= 0x20000 && point <= 0x3134f)
  );
}
