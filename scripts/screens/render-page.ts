// Renders the mini-program's pages with demo data the way the page tests do: the built app
// (dist/miniprogram, built first when stale), Vant resolved from miniprogram_npm, a real sync
// server with the demo store, and for each page a fresh device put in its scenario's state.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  launch,
  pair,
  sellForCash,
  shutDown,
  signIn,
  type TestDevice,
} from '../../test/client/support/device';
import { until } from '../../test/client/support/until';
import { find, type Node } from '../../test/pages/support/interact';
import { builtRoot, npmComponentPaths, setUpPages } from '../../test/pages/support/pages';
import { removeDir } from '../../test/support/temp-dir';
import {
  signIn as staffToken,
  startTestServer,
  type TestServer,
} from '../../test/support/test-server';
import { appRoutes, type AppJson } from './app-routes';
import { ensureDomGlobals } from './dom-globals';
import { pageStyles, type ComponentStyle } from './page-styles';
import type { ScreenContext, Scenario } from './scenarios';
import type { ScreenSize } from './sizes';
import { rememberTyped, toHtml, type PageHtml } from './to-html';

export interface RenderedPage {
  route: string;
  title: string;
  styles: ComponentStyle[];
  /** The page as HTML for each size, by size name. */
  html: Record<string, PageHtml>;
  /** The page's text as rendered, for a quick check that it is not empty. */
  text: string;
}

export interface ScreenRenderer {
  server: TestServer;
  builtRoot: string;
  /** Every page of app.json, subpackages included, in app.json's order. */
  routes(): string[];
  render(route: string, scenario: Scenario, sizes: ScreenSize[]): Promise<RenderedPage>;
  close(): Promise<void>;
}

interface PageMethods {
  onLoad?(query: Record<string, string>): unknown;
  onShow?(): unknown;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/**
 * simulate converts rpx to px one to one in inline styles as it renders; WeChat's rpx depends on
 * the screen's width, unknown until the page is written out for a size. Keep rpx as written.
 */
function keepRpxInInlineStyles(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const utils = require('j-component/src/tool/utils') as { transformRpx: (s: string) => string };
  utils.transformRpx = (style) => style;
}

/** The part of miniprogram-simulate used outside the page harness. */
export interface SimulateApi {
  load(definition: { template: string }): string;
  render(id: string): { dom?: Element; attach(parent: Element): void };
}

/**
 * A DOM for simulate to render into, rpx kept in inline styles, and simulate itself, for a
 * component of its own (a test's). The page harness requires simulate after setting `wx`.
 */
export function prepareSimulate(): SimulateApi {
  ensureDomGlobals();
  keepRpxInInlineStyles();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('miniprogram-simulate') as SimulateApi;
}

/**
 * Call once per process: simulate runs each component's code once per module registry, so a
 * second page with the same components renders them empty under jest (hence a child process).
 */
export async function openScreenRenderer(): Promise<ScreenRenderer> {
  ensureDomGlobals();
  keepRpxInInlineStyles();
  // Builds the app when stale and loads simulate, now that the DOM globals are in place.
  const pages = setUpPages();
  const overrides = npmComponentPaths();
  const appJson = readJson<AppJson>(path.join(builtRoot, 'app.json'));
  const server = await startTestServer();

  const contextFor = (device: TestDevice): ScreenContext => {
    const skuOf = (name: string) => {
      const product = device.client.catalog.products.find((p) => p.name === name);
      if (!product) throw new Error(`no product named ${name} in the demo catalog`);
      return product.skus[0].id;
    };
    return {
      server,
      device,
      pair: (kind = 'tablet') => pair(device, server, server.pos.pairingCodes.issue().code, kind),
      signIn: (role = 'cashier') => signIn(device, role),
      addToCart(name, qty = 1) {
        const added = device.client.cart.addItem(skuOf(name), qty);
        if (!added.ok) throw new Error(added.error.message);
      },
      sell: (items) =>
        sellForCash(
          device,
          items.map(([name, qty]) => ({ skuId: skuOf(name), qty })),
        ),
      pairingCode: () => server.pos.pairingCodes.issue().code,
      managerToken: () => staffToken(server, 'manager'),
      type(page, selector, text) {
        // As interact.ts's typeInto: the field's native input is its last control.
        const controls = find(page, selector).querySelectorAll('.van-field__control');
        const input = controls[controls.length - 1];
        if (!input?.dom) throw new Error(`no van-field input in ${selector}`);
        rememberTyped(input.dom, text);
        input.dispatchEvent('input', { detail: { value: text } });
      },
      synced: () =>
        until(() => device.client.sync.unsyncedCount === 0, 'the outbox to sync', 10_000),
      goOffline: () => device.standIn.network.set({ isConnected: false }),
      settle: (ms = 30) => pages.simulate.sleep(ms),
      until: (condition, what) => until(condition, what),
    };
  };

  const titleOf = (route: string) => {
    const pageJson = path.join(builtRoot, `${route}.json`);
    const own = fs.existsSync(pageJson)
      ? readJson<{ navigationBarTitleText?: string }>(pageJson).navigationBarTitleText
      : undefined;
    return own ?? appJson.window?.navigationBarTitleText ?? route;
  };

  return {
    server,
    builtRoot,
    routes: () => appRoutes(appJson),
    async render(route, scenario, sizes) {
      const device = launch();
      const ctx = contextFor(device);
      try {
        await scenario.before(ctx);
        pages.useClient(device.client);
        const query = (await scenario.query?.(ctx)) ?? {};
        const page = pages.render(route);
        // WeChat calls a page's onLoad with its options, then onShow; simulate calls neither.
        const instance = (page as Node & { instance?: PageMethods }).instance;
        await instance?.onLoad?.(query);
        await instance?.onShow?.();
        await ctx.settle();
        await scenario.after?.(page, ctx);
        await ctx.settle();
        const root = page.dom;
        if (!root) throw new Error(`${route} rendered nothing`);
        const styles = pageStyles(builtRoot, route, overrides);
        const title = titleOf(route);
        const resolveImage = (src: string) => imageUrl(builtRoot, route, src);
        const html: Record<string, PageHtml> = {};
        for (const size of sizes) {
          const page = toHtml(root, styles, { screenWidth: size.width, title, resolveImage });
          html[size.name] = { ...page, html: await inlineServerImages(page.html) };
        }
        const text = root.textContent?.replace(/\s+/g, ' ').trim() ?? '';
        (page as Node & { detach?: () => void }).detach?.();
        return { route, title, styles, html, text };
      } finally {
        await shutDown(device);
      }
    },
    async close() {
      await server.close();
      removeDir(server.dataDir);
    },
  };
}

/**
 * Images the test server serves (a payment's QR) as data URLs, fetched now while the page's state
 * is current: the picture then holds them whatever Chromium may reach (on some machines it cannot
 * open loopback ports at all) and however the server has moved on.
 */
async function inlineServerImages(html: string): Promise<string> {
  const sources = new Set(
    [...html.matchAll(/<img src="(http:\/\/127\.0\.0\.1:\d+\/[^"]+)"/g)].map((m) => m[1]),
  );
  for (const source of sources) {
    const url = source.replace(/&amp;/g, '&');
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the picture's image ${url} answered ${response.status}`);
    const type = response.headers.get('content-type') ?? 'image/png';
    const data = Buffer.from(await response.arrayBuffer()).toString('base64');
    html = html.split(`src="${source}"`).join(`src="data:${type};base64,${data}"`);
  }
  return html;
}

const imageTypes: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

/** An image of the mini-program's own files, as a data URL (the picture needs no file server). */
function imageUrl(builtRoot: string, route: string, src: string): string | null {
  const file = src.startsWith('/')
    ? path.join(builtRoot, src)
    : path.join(builtRoot, path.dirname(route), src);
  const type = imageTypes[path.extname(file).toLowerCase()];
  if (!type || !fs.existsSync(file)) return null;
  return `data:${type};base64,${fs.readFileSync(file).toString('base64')}`;
}
