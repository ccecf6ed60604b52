// Screenshots a page's HTML in headless Chromium (Debian's, through playwright-core) at a screen
// size. The page is handed to the browser at a loopback address, and every request to another
// machine is refused and recorded: a picture never depends on, or leaks to, the network.
import { chromium, type Browser, type BrowserContext, type Route } from 'playwright-core';
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

/** One shooter per run: pass a browser to share it (tests), or let it launch its own. */
export async function openShooter(shared?: Browser): Promise<Shooter> {
  const browser = shared ?? (await launchBrowser());
  const contexts = new Map<string, BrowserContext>();
  const refused: string[] = [];
  let html = '';

  const route = async (request: Route) => {
    const url = request.request().url();
    if (url === PAGE_URL) {
      await request.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    } else if (isLocalUrl(url)) {
      await request.continue();
    } else {
      refused.push(url);
      await request.abort('blockedbyclient');
    }
  };

  const contextFor = async (size: ScreenSize) => {
    let context = contexts.get(size.name);
    if (!context) {
      context = await browser.newContext({
        viewport: { width: size.width, height: size.height },
        deviceScaleFactor: size.scale,
        hasTouch: true,
        isMobile: size.width < 600,
        locale: 'zh-CN',
        serviceWorkers: 'block',
      });
      await context.route('**/*', route);
      contexts.set(size.name, context);
    }
    return context;
  };

  return {
    refused,
    async shoot(pageHtml, size) {
      const context = await contextFor(size);
      const page = await context.newPage();
      try {
        html = pageHtml;
        await page.goto(PAGE_URL, { waitUntil: 'load' });
        const fonts = await page.evaluate(async () => {
          await document.fonts.ready;
          return [...document.fonts].map((face) => ({ family: face.family, status: face.status }));
        });
        const png = await page.screenshot({ fullPage: true, animations: 'disabled' });
        return { png, fonts };
      } finally {
        await page.close();
      }
    },
    async close() {
      for (const context of contexts.values()) await context.close();
      if (!shared) await browser.close();
    },
  };
}
