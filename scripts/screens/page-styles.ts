// The stylesheets a rendered page needs: app.wxss, the page's wxss and the wxss of every component
// it uses (Vant's and ours, found through usingComponents as miniprogram-simulate finds them), each
// with its classes prefixed by its tag as simulate writes them into the DOM.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One stylesheet and the tag its classes belong to ("main" for the page and app.wxss). */
export interface ComponentStyle {
  tag: string;
  /** The component's path without extension, or app.wxss's. */
  source: string;
  /** WXSS with imports inlined and classes prefixed; rpx and :host still to translate. */
  wxss: string;
}

interface SimulateWxss {
  getContent(file: string): string;
  compile(wxss: string, options: { prefix: string }): string;
}

// simulate's own reader and prefixer: the classes must match what its renderer wrote.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulateWxss = require('miniprogram-simulate/src/wxss') as SimulateWxss;

/** The tag simulate gives a page's root: its classes are prefixed "main--". */
export const PAGE_TAG = 'main';

const compiled = new Map<string, string>();

function styleOf(tag: string, source: string, file: string): ComponentStyle {
  const key = `${tag}|${file}`;
  let wxss = compiled.get(key);
  if (wxss === undefined) {
    wxss = fs.existsSync(file)
      ? simulateWxss.compile(simulateWxss.getContent(file), { prefix: tag })
      : '';
    compiled.set(key, wxss);
  }
  return { tag, source, wxss };
}

type Json = { usingComponents?: Record<string, string> };

function readJson(file: string): Json {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Json) : {};
}

/**
 * The page's stylesheets in cascade order: app.wxss, then components (those used by others
 * first), the page last, as simulate injects them. `overrides` is the usingComponents map the
 * page harness passes simulate (npm component paths resolved to miniprogram_npm/).
 */
export function pageStyles(
  rootPath: string,
  route: string,
  overrides: Record<string, string>,
): ComponentStyle[] {
  const styles: ComponentStyle[] = [styleOf(PAGE_TAG, 'app', path.join(rootPath, 'app.wxss'))];
  const seen = new Set<string>();
  const visit = (componentPath: string, tag: string) => {
    const key = `${tag}|${componentPath}`;
    if (seen.has(key)) return;
    seen.add(key);
    const using = { ...readJson(`${componentPath}.json`).usingComponents, ...overrides };
    for (const [childTag, target] of Object.entries(using)) {
      const childPath = target.startsWith('/')
        ? path.join(rootPath, target)
        : path.join(path.dirname(componentPath), target);
      if (fs.existsSync(`${childPath}.json`)) visit(childPath, childTag);
    }
    const source = path.relative(rootPath, componentPath).split(path.sep).join('/');
    styles.push(styleOf(tag, source, `${componentPath}.wxss`));
  };
  visit(path.join(rootPath, route), PAGE_TAG);
  return styles;
}
