// A page rendered by miniprogram-simulate, written out as one HTML document for a screen size:
// the DOM as simulate built it (custom components are plain elements holding their inner DOM),
// what simulate keeps off the DOM put back (an input's value, an image's source, `hidden`),
// inline styles and every stylesheet with rpx converted for that screen's width.
import { wechatBaseCss } from './wechat-base';
import type { ComponentStyle } from './page-styles';
import { rpxToPx, wxssToCss } from './wxss-to-css';

export interface HtmlOptions {
  screenWidth: number;
  /** The document's title (the page's navigation bar title). */
  title?: string;
  /** Turns an image path of the mini-program ("/images/a.png") into a URL the browser loads. */
  resolveImage?: (src: string) => string | null;
}

export interface PageHtml {
  html: string;
  /** Rules left out of the stylesheets because they load from another machine. */
  dropped: string[];
}

type Attr = { name: string; value: unknown };

/**
 * The attributes the template gave a node. simulate drops those of built-in components it does
 * not model (an input's value), but keeps the template's virtual node on the exparser element.
 */
function templateAttrs(element: Element): Map<string, unknown> {
  const node = (element as unknown as { __wxElement?: { _vt?: { attrs?: Attr[] } } }).__wxElement;
  const attrs = new Map<string, unknown>();
  for (const attr of node?._vt?.attrs ?? []) {
    if (attr.value !== undefined) attrs.set(attr.name, attr.value);
  }
  return attrs;
}

/**
 * What a person typed into a native input: WeChat's input shows it though the page's data may not
 * say it (Vant's field keeps its value aside while typing), and simulate keeps no input state.
 * The typed text shows until the template sets another value.
 */
const typed = new WeakMap<Element, { text: string; templateValue: unknown }>();

export function rememberTyped(input: Element, text: string): void {
  typed.set(input, { text, templateValue: templateAttrs(input).get('value') });
}

function shownValue(input: Element, templateValue: unknown): string {
  const entry = typed.get(input);
  if (entry && entry.templateValue === templateValue) return entry.text;
  return templateValue === undefined || templateValue === null ? '' : String(templateValue);
}

const escapeText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (text: string) => escapeText(text).replace(/"/g, '&quot;');

/** WXML's boolean attributes: `hidden="{{false}}"` is false, a bare `hidden` is true. */
const isTrue = (value: unknown) => value !== undefined && value !== false && value !== 'false';

function attribute(name: string, value: string): string {
  return ` ${name}="${escapeAttr(value)}"`;
}

// Attributes of built-in components the base stylesheet styles by.
const styledAttrs: Record<string, string[]> = {
  'wx-button': ['size', 'type', 'plain'],
  'wx-image': ['mode'],
  'wx-scroll-view': ['scroll-x', 'scroll-y'],
};

function serialize(node: Node, options: HtmlOptions, out: string[]): void {
  if (node.nodeType === 3) {
    out.push(escapeText(node.textContent ?? ''));
    return;
  }
  if (node.nodeType !== 1) return;
  const element = node as Element;
  const tag = element.tagName.toLowerCase();
  const given = templateAttrs(element);
  out.push(`<${tag}`);
  for (const { name, value } of [...element.attributes]) {
    if (name === 'style') {
      if (value.trim()) out.push(attribute('style', rpxToPx(value, options.screenWidth)));
    } else out.push(attribute(name, value));
  }
  for (const name of styledAttrs[tag] ?? []) {
    const value = given.get(name);
    if (isTrue(value) && !element.hasAttribute(name))
      out.push(attribute(name, value === true ? '' : String(value)));
  }
  if (isTrue(given.get('hidden'))) out.push(' hidden');
  if (isTrue(given.get('disabled')) && tag === 'wx-button') out.push(' disabled');
  out.push('>');
  out.push(...inner(element, tag, given, options));
  for (const child of [...element.childNodes]) serialize(child, options, out);
  out.push(`</${tag}>`);
}

/** The real element a built-in stands for, inside it, so its classes still style the outside. */
function inner(
  element: Element,
  tag: string,
  given: Map<string, unknown>,
  options: HtmlOptions,
): string[] {
  const text = (name: string) => {
    const value = given.get(name);
    return value === undefined || value === null ? '' : String(value);
  };
  if (tag === 'wx-input') {
    const password = isTrue(given.get('password')) || text('type') === 'password';
    return [
      `<input${attribute('type', password ? 'password' : 'text')}`,
      attribute('value', shownValue(element, given.get('value'))),
      `${attribute('placeholder', text('placeholder'))} readonly>`,
    ];
  }
  if (tag === 'wx-textarea') {
    return [
      `<textarea${attribute('placeholder', text('placeholder'))} readonly>`,
      escapeText(shownValue(element, given.get('value'))),
      '</textarea>',
    ];
  }
  if (tag === 'wx-image') {
    const src = text('src');
    const url = src && !/^(data|https?):/.test(src) ? options.resolveImage?.(src) : src;
    return url ? [`<img${attribute('src', url)} alt="">`] : [];
  }
  return [];
}

/** The page's stylesheets as CSS for this screen width, app.wxss first and the page last. */
export function stylesheet(styles: ComponentStyle[], screenWidth: number): PageHtml {
  const dropped: string[] = [];
  const css = styles.map((style) => {
    const translated = wxssToCss(style.wxss, { screenWidth, hostTag: style.tag });
    dropped.push(...translated.dropped);
    return `/* ${style.tag}: ${style.source} */\n${translated.css}`;
  });
  return { html: css.join('\n'), dropped };
}

/**
 * The page as an HTML document: `root` is the page's element (simulate's `main`), whose children
 * go inside a `page` element as in WeChat, so that the wxss `page` selector applies.
 */
export function toHtml(root: Element, styles: ComponentStyle[], options: HtmlOptions): PageHtml {
  const body: string[] = [];
  for (const child of [...root.childNodes]) serialize(child, options, body);
  const css = stylesheet(styles, options.screenWidth);
  const html = [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<meta name="viewport" content="width=${options.screenWidth}">`,
    `<title>${escapeText(options.title ?? '')}</title>`,
    `<style>\n${wechatBaseCss()}\n</style>`,
    `<style>\n${css.html}\n</style>`,
    '</head><body><page>',
    body.join(''),
    '</page></body></html>',
  ].join('\n');
  return { html, dropped: css.dropped };
}
