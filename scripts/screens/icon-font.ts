// Vant's icon font, served from this machine. @vant/weapp ships no font file: its wxss loads the
// font from a CDN. @vant/icons (the same "vant-icon" font, every code point @vant/weapp names)
// ships it embedded in a stylesheet as a base64 WOFF2, which becomes a data URL here.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The family Vant's icon wxss asks for. */
export const ICON_FONT_FAMILY = 'vant-icon';

const embeddedFont = path.join(
  path.dirname(require.resolve('@vant/icons/package.json')),
  'src',
  'encode-woff2.less',
);

let cached: string | null = null;

/** The icon font as a `data:font/woff2` URL. */
export function iconFontDataUrl(): string {
  if (cached) return cached;
  const less = fs.readFileSync(embeddedFont, 'utf8');
  const found = /url\(\s*['"]?(data:font\/woff2;[^'")]+)/.exec(less);
  if (!found) throw new Error(`no embedded WOFF2 font in ${embeddedFont}`);
  cached = found[1];
  return cached;
}

/** The @font-face that stands in for the CDN one Vant's wxss declares. */
export function iconFontFace(): string {
  return [
    '@font-face{',
    `font-family:${ICON_FONT_FAMILY};font-style:normal;font-weight:400;font-display:block;`,
    `src:url(${iconFontDataUrl()}) format("woff2")`,
    '}',
  ].join('');
}
