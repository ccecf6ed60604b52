// Screenshots a page's HTML in headless Chromium (Debian's, through playwright-core) at a screen
// size. The page is handed to the browser at a loopback address, and every request to another
// machine is refused and recorded: a picture never depends on, or leaks to, the network.
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import { chromiumPath } from '../../test/support/chromium';
import type { ScreenSize } from './sizes';

/** Where the page's HTML seems to come from: loopback, served by the route below, not a server. */
const PAGE_URL = 'http://127.0.0.1/screen.html';

export interface Shot {
  png: Buffer;
  /** Each web font of the page and whether it loaded ("loaded", "error", "unloaded"). */
  fonts: Array<{ family: string; status: string }>;
}

export interface Shooter {
  /** Shots at different sizes may be taken at once; those at one size take turns. */
  shoot(html: string, size: ScreenSize): Promise<Shot>;
  /** Every request to another machine that a page attempted (all refused). */
  readonly refused: readonly string[];
  /** Closes the contexts, and the browser when the shooter launched it. */
  close(): Promise<void>;
}

// As PLATFORM.md advises for this machine; --no-sandbox because CI runs as root.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium is not installed (apt-get install chromium)');
  return chromium.launch({ executablePath, headless: true, args: chromiumArgs });
}

/** Loopback and in-page URLs are this machine's; anything else is another's. */
export function isLocalUrl(url: string): boolean {
  if (/^(data|blob|about):/i.test(url)) return true;
  try {
    const { hostname } = new URL(url);
    return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
  } catch {
    return false;
  }
}

/** A size's page, in a browser context of its own, kept for the whole run. */
interface Tab {
  page: Page;
  /** The HTML its next document is served. */
  html: string;
  /** Its last shot: the next one waits for it. */
  busy: Promise<unknown>;
}

/** One shooter per run: pass a browser to share it (tests), or let it launch its own. */
export async function openShooter(shared?: Browser): Promise<Shooter> {
  const browser = shared ?? (await launchBrowser());
  const tabs = new Map<string, Promise<Tab>>();
  const refused: string[] = [];

  const openTab = async (size: ScreenSize): Promise<Tab> => {
    const context = await browser.newContext({
      viewport: { width: size.width, height: size.height },
      deviceScaleFactor: size.scale,
      hasTouch: true,
      isMobile: size.width < 600,
      locale: 'zh-CN',
      serviceWorkers: 'block',
    });
    // One page per size, each shot a new document in it: a new page costs Chromium a renderer
    // process, which took as long as the shot.
    const tab: Tab = { page: await context.newPage(), html: '', busy: Promise.resolve() };
    await context.route('**/*', async (route: Route) => {
      const url = route.request().url();
      if (url === PAGE_URL) {
        await route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: tab.html,
        });
      } else if (isLocalUrl(url)) {
        await route.continue();
      } else {
        refused.push(url);
        await route.abort('blockedbyclient');
      }
    });
    return tab;
  };

  const take = async (tab: Tab, html: string): Promise<Shot> => {
    tab.html = html;
    await tab.page.goto(PAGE_URL, { waitUntil: 'load' });
    const fonts = await tab.page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].map((face) => ({ family: face.family, status: face.status }));
    });
    const png = await tab.page.screenshot({ fullPage: true, animations: 'disabled' });
    return { png, fonts };
  };

  return {
    refused,
    async shoot(html, size) {
      if (!tabs.has(size.name)) tabs.set(size.name, openTab(size));
      const tab = await tabs.get(size.name)!;
      const shot = tab.busy.then(() => take(tab, html));
      tab.busy = shot.catch(() => {});
      return shot;
    },
    async close() {
      for (const tab of tabs.values()) {
        await tab.then(
          ({ page }) => page.context().close(),
          () => {}, // a context that failed to open has nothing to close
        );
      }
      if (!shared) await browser.close();
    },
  };
}
