// Turns a component's WXSS (classes already prefixed the way miniprogram-simulate writes them into
// the DOM) into CSS a browser applies: rpx to px for the screen's width, `:host` to the component's
// tag, WeChat's built-in tags to the `wx-` elements simulate renders, remote fonts dropped.

/** WeChat's built-in components, rendered by simulate as `wx-<name>` elements. */
export const BUILT_IN_TAGS = [
  'view',
  'scroll-view',
  'swiper',
  'swiper-item',
  'movable-area',
  'movable-view',
  'cover-view',
  'cover-image',
  'icon',
  'text',
  'rich-text',
  'progress',
  'button',
  'checkbox',
  'checkbox-group',
  'form',
  'input',
  'label',
  'picker',
  'picker-view',
  'radio',
  'radio-group',
  'slider',
  'switch',
  'textarea',
  'navigator',
  'image',
  'video',
  'camera',
  'canvas',
  'map',
  'web-view',
] as const;

/** WeChat's rule: the screen is 750rpx wide, whatever its width in px. */
export function pxPerRpx(screenWidth: number): number {
  return screenWidth / 750;
}

// A number in rpx; strings and url(...) are matched first so that what is inside them stays.
const rpxNumber =
  /("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|url\([^)]*\))|(-?(?:\d+\.?\d*|\.\d+))rpx\b/gi;

/** Every `<n>rpx` in a declaration list or a style attribute, as px for this screen width. */
export function rpxToPx(text: string, screenWidth: number): string {
  const ratio = pxPerRpx(screenWidth);
  return text.replace(rpxNumber, (all, kept: string | undefined, value: string) => {
    if (kept) return all;
    const px = Math.round(Number(value) * ratio * 1000) / 1000;
    return `${px}px`;
  });
}

export interface CssOptions {
  screenWidth: number;
  /** The component's tag, what `:host` means in its styles ("van-icon"); the page's is "main". */
  hostTag: string;
}

export interface TranslatedCss {
  css: string;
  /** Rules left out because they load something from another machine (Vant's CDN icon font). */
  dropped: string[];
}

const builtInPattern = new RegExp(
  // A type selector: at the start or after a combinator, comma or "(", not part of a longer name.
  `(^|[\\s,>+~(])(${[...BUILT_IN_TAGS].sort((a, b) => b.length - a.length).join('|')})(?![\\w-])`,
  'g',
);

/** A selector list in WeChat's terms, as selectors on the DOM simulate renders. */
export function translateSelectors(prelude: string, hostTag: string): string {
  return prelude
    .replace(/:host\(([^)]*)\)/g, `${hostTag}$1`)
    .replace(/:host(?![\w-])/g, hostTag)
    .replace(builtInPattern, (_all, before: string, tag: string) => `${before}wx-${tag}`);
}

/** Whether a block of declarations loads from another machine (an absolute or `//host` URL). */
function loadsRemotely(declarations: string): boolean {
  return /url\(\s*['"]?(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(
    declarations.replace(/url\(\s*['"]?data:[^)]*\)/gi, ''),
  );
}

/**
 * Index of the first of `stops` at `from` or after, outside strings, comments and parentheses
 * (a data URL holds ";" and a `:not(...)` may hold ","), or the length when there is none.
 */
function indexOfStop(css: string, from: number, stops: string): number {
  let depth = 0;
  for (let i = from; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") {
      for (i++; i < css.length && css[i] !== c; i++) if (css[i] === '\\') i++;
    } else if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? css.length : end + 1;
    } else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && stops.includes(c)) return i;
  }
  return css.length;
}

const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '');

// At-rules whose block holds rules; the others (font-face, page) hold declarations. Keyframes hold
// blocks too, whose "selectors" (from, 50%) are kept as they are.
const groupingAtRules = /^@(media|supports|document|layer|container)\b/i;
const keyframesAtRule = /^@(-webkit-)?keyframes\b/i;

/** Translates a sequence of rules until the end or an unmatched "}"; returns where it stopped. */
function translateRules(
  css: string,
  start: number,
  options: CssOptions,
  out: string[],
  dropped: string[],
  inKeyframes = false,
): number {
  let i = start;
  while (i < css.length) {
    const stop = indexOfStop(css, i, '{};');
    const prelude = stripComments(css.slice(i, stop)).trim();
    if (stop >= css.length || css[stop] === '}') {
      return stop;
    }
    if (css[stop] === ';') {
      if (prelude) out.push(`${prelude};`); // an at-rule statement (@charset)
      i = stop + 1;
      continue;
    }
    if (groupingAtRules.test(prelude) || keyframesAtRule.test(prelude)) {
      out.push(`${rpxToPx(prelude, options.screenWidth)}{`);
      const nested = keyframesAtRule.test(prelude);
      const end = translateRules(css, stop + 1, options, out, dropped, nested);
      out.push('}');
      i = end + 1;
      continue;
    }
    const end = indexOfStop(css, stop + 1, '}');
    const declarations = rpxToPx(
      stripComments(css.slice(stop + 1, end)).trim(),
      options.screenWidth,
    );
    if (prelude.startsWith('@')) {
      if (/^@font-face/i.test(prelude) && loadsRemotely(declarations)) {
        dropped.push(`${prelude}{${declarations}}`);
      } else {
        out.push(`${prelude}{${declarations}}`);
      }
    } else {
      const selectors = inKeyframes ? prelude : translateSelectors(prelude, options.hostTag);
      out.push(`${selectors}{${declarations}}`);
    }
    i = end + 1;
  }
  return i;
}

export function wxssToCss(wxss: string, options: CssOptions): TranslatedCss {
  const out: string[] = [];
  const dropped: string[] = [];
  let i = 0;
  while (i < wxss.length) {
    // A stray "}" at the top level is skipped, as a browser would.
    i = translateRules(wxss, i, options, out, dropped) + 1;
  }
  return { css: out.join('\n'), dropped };
}
