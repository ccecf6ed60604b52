/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// What the kiosk's customers see of sync: nothing while the store's server is reached, and one
// quiet word (离线) while it is not, beside 扫码支付 being off; never the counts of what is not yet
// synced or was refused, the storage warnings or a 重试 button, which are the staff's. A manager
// who leaves kiosk mode sees the whole badge on the staff screens.
import { seededPerTest } from './support/seeded';
import { kioskOnClockPerTest } from './support/kiosk-on-clock';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, textOf, type Node } from './support/interact';
import { signIn } from '../client/support/device';

const pages = setUpPages();

/** The sync badge's own elements, as simulate prefixes them with the component's tag. */
const badge = (className: string) => `.sync-badge--${className}`;

function badgeText(page: Node): string {
  return textOf(page, 'sync-badge');
}

describe('a kiosk out of reach of the store’s server', () => {
  const seeded = seededPerTest(pages, { kind: 'kiosk', staff: null });

  test('shows its customers 离线 only: no counts, no warnings, no 重试', async () => {
    const page = pages.render('pages/kiosk/index');
    await settle(pages);
    const { catalog, cart, ledger } = seeded.device.client;
    const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
    expect(cart.addItem(latte).ok).toBe(true);
    await settle(pages);
    clickButton(page, '#pay-at-counter');
    await settle(pages);
    // Unsynced here, which the customer need not know.
    expect(ledger.outbox.size).toBe(1);

    expect(badgeText(page)).toBe('离线');
    expect(count(page, badge('sync-badge__unsynced'))).toBe(0);
    expect(count(page, badge('sync-badge__refused'))).toBe(0);
    expect(count(page, badge('sync-badge__storage'))).toBe(0);
    expect(count(page, 'sync-badge .van-button--van-button')).toBe(0);
    expect(page.dom!.textContent).not.toContain('重试');
    expect(page.dom!.textContent).not.toContain('未同步');
  });

  test('a staff screen on the kiosk shows the whole badge', async () => {
    signIn(seeded.device, 'manager');
    const register = pages.render('pages/register/index');
    await settle(pages);
    expect(count(register, badge('sync-badge__unsynced'))).toBe(1);
    // The connection's own word (not the customer's 离线); 重试 only where it can help (not here).
    expect(count(register, badge('sync-badge__state'))).toBe(1);
  });
});

describe('a kiosk online', () => {
  const kiosk = kioskOnClockPerTest(pages);

  test('shows nothing of sync while online, 离线 once the network is gone', async () => {
    const page = pages.render('pages/kiosk/index');
    await kiosk.until(() => page.data.scanAvailable === true, 'being online');
    expect(badgeText(page)).toBe('');
    expect(count(page, badge('sync-badge__state'))).toBe(0);

    kiosk.device.standIn.network.set({ isConnected: false });
    await kiosk.until(() => page.data.scanAvailable === false, 'being offline');
    expect(badgeText(page)).toBe('离线');
  });
});
