// What each page's picture shows: one row per page, the state it is put in with demo data. A page
// author adds a row here; a page with no row gets the default (a cashier's tablet after two sales).
// `before` sets up the device and its stores; `after` drives the rendered page as a person would.
import type { Order } from '@pos/shared';
import type { TestDevice } from '../../test/client/support/device';
import { find, type Node } from '../../test/pages/support/interact';
import type { TestServer } from '../../test/support/test-server';

export interface ScreenContext {
  server: TestServer;
  /** A fresh device for this page, not yet paired. */
  device: TestDevice;
  /** Pairs the device with the server and waits for the catalog. */
  pair(kind?: 'tablet' | 'phone' | 'kiosk'): Promise<void>;
  signIn(role?: 'cashier' | 'manager'): void;
  /** Puts a product, by name, in the cart (its first SKU). */
  addToCart(name: string, qty?: number): void;
  /** Rings up products by name and takes exact cash. */
  sell(items: Array<[name: string, qty: number]>): Order;
  /** A manager's session token on the server's HTTP API (for the counter QR codes). */
  managerToken(): Promise<string>;
  /** A fresh pairing code of the server, for the pair page. */
  pairingCode(): string;
  /** Types into a van-field (by selector) as a person would; the picture shows the text. */
  type(page: Node, selector: string, text: string): void;
  /** Waits until the server has acknowledged everything the device queued. */
  synced(): Promise<void>;
  /** Cuts the device's network: what it does next waits in its outbox. */
  goOffline(): void;
  /** Lets the page's bindings and observers catch up. */
  settle(ms?: number): Promise<void>;
  /** Waits for a condition (a page's data after a tap). */
  until(condition: () => boolean, what: string): Promise<void>;
}

export interface Scenario {
  /** What the picture shows, in a few words (printed beside the file name). */
  shows: string;
  before(ctx: ScreenContext): Promise<void>;
  /** The page's options, as WeChat passes them to onLoad (a scanned code's `scene` or `q`). */
  query?(ctx: ScreenContext): Promise<Record<string, string>>;
  after?(page: Node, ctx: ScreenContext): Promise<void>;
}

async function cashierTablet(ctx: ScreenContext): Promise<void> {
  await ctx.pair('tablet');
  ctx.signIn('cashier');
}

function openShift(ctx: ScreenContext, floatFen: number): void {
  const opened = ctx.device.client.shift.open(floatFen);
  if (!opened.ok) throw new Error(opened.error.message);
}

function moveCash(ctx: ScreenContext, direction: 'in' | 'out', fen: number, reason: string): void {
  const moved = ctx.device.client.shift.moveCash(direction, fen, reason);
  if (!moved.ok) throw new Error(moved.error.message);
}

export const defaultScenario: Scenario = {
  shows: 'a manager’s tablet after two sales, all synced',
  async before(ctx) {
    await ctx.pair('tablet');
    ctx.signIn('manager');
    ctx.sell([['拿铁', 2]]);
    ctx.sell([['美式咖啡', 1]]);
    await ctx.synced();
  },
};

/** Page route (as in app.json) to its scenario. */
export const scenarios: Record<string, Scenario> = {
  'pages/pair/index': {
    shows: 'a new device, the server address and pairing code typed in',
    async before() {},
    async after(page, ctx) {
      ctx.type(page, '#address', '192.168.1.20:8787');
      ctx.type(page, '#code', ctx.pairingCode());
      await ctx.settle();
    },
  },
  'pages/sign-in/index': {
    shows: 'a paired tablet, the cashier picked, two digits of the PIN typed',
    async before(ctx) {
      await ctx.pair('tablet');
    },
    async after(page, ctx) {
      const cashier = page
        .querySelectorAll('.sign-in__person')
        .find((node) => node.dom?.textContent?.includes('收银'));
      if (cashier) find(cashier, '.van-button').dispatchEvent('tap');
      await ctx.settle();
      const keys = find(page, '#pin').querySelectorAll('.pin-pad__key');
      for (const digit of '12')
        keys.find((key) => key.dom?.textContent === digit)?.dispatchEvent('tap');
      await ctx.settle();
    },
  },
  'pages/register/index': {
    shows: 'a cart of three lines, one with two of a kind',
    async before(ctx) {
      await cashierTablet(ctx);
      ctx.addToCart('拿铁', 2);
      ctx.addToCart('美式咖啡', 1);
      ctx.addToCart('黄油可颂', 1);
    },
  },
  'pages/checkout/index': {
    shows: 'two lattes and a croissant, ¥100 cash typed in',
    async before(ctx) {
      await cashierTablet(ctx);
      ctx.addToCart('拿铁', 2);
      ctx.addToCart('黄油可颂', 1);
    },
    async after(page, ctx) {
      ctx.type(page, '#cash', '100');
      await ctx.settle();
    },
  },
  'pages/orders/index': {
    shows: 'two synced sales and one made offline, the latest one’s detail open',
    async before(ctx) {
      await cashierTablet(ctx);
      ctx.sell([['拿铁', 2]]);
      ctx.sell([
        ['美式咖啡', 1],
        ['黄油可颂', 2],
      ]);
      await ctx.synced();
      ctx.goOffline();
      ctx.sell([['燕麦拿铁', 1]]);
    },
    async after(page, ctx) {
      page.querySelectorAll('.order-row')[0]?.dispatchEvent('tap');
      await ctx.until(() => page.data.detail != null, 'the order detail');
      await ctx.settle();
    },
  },
  'pages/shift/index': {
    shows: 'a shift open with a ¥500 float, two sales, cash in and cash out',
    async before(ctx) {
      await cashierTablet(ctx);
      openShift(ctx, 50000);
      ctx.sell([['拿铁', 2]]);
      ctx.sell([['美式咖啡', 1]]);
      moveCash(ctx, 'in', 10000, '补零钱');
      moveCash(ctx, 'out', 20000, '交款');
      await ctx.synced();
    },
    async after(page, ctx) {
      if (page.querySelector('#amount')) ctx.type(page, '#amount', '50');
      await ctx.settle();
    },
  },
  'pages/kiosk/index': {
    shows: 'a kiosk nobody is signed in on, a latte and two croissants in the order',
    async before(ctx) {
      await ctx.pair('kiosk');
      ctx.addToCart('拿铁', 1);
      ctx.addToCart('黄油可颂', 2);
    },
  },
  'pages/manager/index': {
    shows: 'a manager’s day: this till’s shift and sales, the store’s from the server, the devices',
    async before(ctx) {
      await ctx.pair('tablet');
      ctx.signIn('manager');
      openShift(ctx, 50000);
      ctx.sell([['拿铁', 2]]);
      ctx.sell([['美式咖啡', 1]]);
      await ctx.synced();
    },
    async after(page, ctx) {
      await ctx.until(() => page.data.storeState !== 'loading', 'the store’s figures');
      await ctx.settle();
    },
  },
  'pages/settings/index': {
    shows: 'a till with a sale made offline: un-pairing refused, the reason shown',
    async before(ctx) {
      await cashierTablet(ctx);
      ctx.goOffline();
      ctx.sell([['拿铁', 1]]);
    },
    async after(page, ctx) {
      find(find(page, '#unpair'), '.van-button').dispatchEvent('tap');
      await ctx.settle();
    },
  },
};

/** The customer pages (subpackage "customer"), opened by scanning the counter's codes. */
Object.assign(scenarios, {
  'customer/join/index': {
    shows: 'the counter card’s join link opened, phone and name typed in',
    async before() {},
    async query(ctx) {
      const card = await fetch(`${ctx.server.url}/api/qr/join`, {
        headers: { authorization: `Bearer ${await ctx.managerToken()}` },
      });
      const link = card.headers.get('x-qr-text');
      if (!link) throw new Error(`no join link from the server (${card.status})`);
      return { q: encodeURIComponent(link) };
    },
    async after(page, ctx) {
      ctx.type(page, '#phone', '15655507777');
      ctx.type(page, '#name', '小李');
      await ctx.settle();
    },
  },
  'customer/pay/index': {
    shows: 'a ¥18.00 order’s pay code scanned, ready to pay',
    async before(ctx) {
      await cashierTablet(ctx);
      ctx.addToCart('拿铁', 1);
    },
    async query(ctx) {
      const { payments } = ctx.device.client;
      const placed = payments.payCartByQr([]);
      if (!placed.ok) throw new Error(placed.error.message);
      await ctx.until(() => payments.payment !== null, 'the pay QR');
      return { scene: encodeURIComponent(payments.payment!.scene) };
    },
    async after(page, ctx) {
      await ctx.until(() => page.data.state === 'ready', 'the payment');
      await ctx.settle();
    },
  },
} satisfies Record<string, Scenario>);

/**
 * More pictures of a page, in states its main picture does not show: route to a name (added to the
 * file name: register-member.tablet.png) and its scenario.
 */
export const variants: Record<string, Record<string, Scenario>> = {
  'pages/register/index': {
    member: {
      shows: 'a member attached: member prices on the tiles and the cart, the member’s panel',
      async before(ctx) {
        await cashierTablet(ctx);
        const member = ctx.device.client.catalog.members[0];
        if (!member) throw new Error('the demo store has no member');
        const attached = ctx.device.client.cart.attachMember(member.phone);
        if (!attached.ok) throw new Error(attached.error.message);
        ctx.addToCart('拿铁', 2);
        ctx.addToCart('黄油可颂', 1);
      },
    },
  },
  'pages/kiosk/index': {
    scanning: {
      shows: 'a kiosk customer paying by scanning: the server’s pay QR, the amount, the number',
      async before(ctx) {
        await ctx.pair('kiosk');
        ctx.addToCart('拿铁', 1);
        ctx.addToCart('黄油可颂', 2);
      },
      async after(page, ctx) {
        await ctx.until(() => page.data.scanAvailable === true, 'the kiosk online');
        find(find(page, '#pay-by-scan'), '.van-button').dispatchEvent('tap');
        await ctx.until(() => page.data.qr?.url !== '', 'the pay QR');
        await ctx.settle();
      },
    },
  },
};

export function scenarioFor(route: string): { scenario: Scenario; isDefault: boolean } {
  const scenario = scenarios[route];
  return scenario ? { scenario, isDefault: false } : { scenario: defaultScenario, isDefault: true };
}
