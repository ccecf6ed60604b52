/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A kiosk device a manager left kiosk mode on (with their PIN, to the settings, the register...):
// left untouched for KIOSK_STAFF_MS the manager is signed out and the tablet goes back to the
// self-order screen, so the next customer finds no staff screen open; signing out there does the
// same, the cart emptied (a cashier tablet keeps it for the next cashier). Every touch on a staff
// screen waits again, and so does typing (a keyboard or a scanner makes no touch); a cashier
// tablet keeps its session however long it waits. Time moves by hand.
import { KIOSK_STAFF_MS } from '../../miniprogram/view/idle-timer';
import { demo } from '../support/test-server';
import { seededPerTest } from './support/seeded';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, typeInto, type Node } from './support/interact';
import { typePin } from './support/pin-pad';

const pages = setUpPages();
const toKiosk = { api: 'reLaunch', url: '/pages/kiosk/index' };

/** A finger on the screen: the touch, then the tap it makes. */
async function tap(node: Node): Promise<void> {
  node.dispatchEvent('touchstart');
  node.dispatchEvent('tap');
  await settle(pages);
}

/** The register's 退出登录 (Vant's inner button, in the header beside the sync badge's). */
function signOutOn(register: Node): void {
  const buttons = register.querySelectorAll('.register__header >>> .van-button');
  const signOut = buttons.find((button) => button.dom?.textContent?.trim() === '退出登录');
  if (!signOut) throw new Error('no 退出登录 on the register');
  signOut.dispatchEvent('tap');
}

describe('a kiosk device', () => {
  const seeded = seededPerTest(pages, { kind: 'kiosk', staff: null });

  /** A manager's PIN on the kiosk: signed in, sent to the settings, which open. */
  async function leaveKioskMode(): Promise<Node> {
    const kiosk = pages.render('pages/kiosk/index');
    await settle(pages);
    await tap(find(kiosk, '#kiosk-staff'));
    const manager = demo.staffPins.find((s) => s.role === 'manager')!;
    await typePin(pages, kiosk, '#leave-pin', manager.pin);
    expect(seeded.device.client.session.isManager).toBe(true);
    expect(pages.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/settings/index' });
    const settings = pages.render('pages/settings/index');
    await settle(pages);
    return settings;
  }

  /** Still signed in and on the same screen; then, untouched for the whole wait, back on the kiosk. */
  async function signedInUntilLeftAlone(screensBefore: number): Promise<void> {
    const { session } = seeded.device.client;
    expect(session.isSignedIn).toBe(true);
    expect(pages.navigations).toHaveLength(screensBefore);
    seeded.clock.advance(KIOSK_STAFF_MS);
    await settle(pages);
    expect(session.isSignedIn).toBe(false);
    expect(pages.navigations.at(-1)).toEqual(toKiosk);
  }

  test('a manager who leaves kiosk mode and walks away is signed out, back on the kiosk', async () => {
    await leaveKioskMode();
    const { session, ledger } = seeded.device.client;
    const outboxBefore = ledger.outbox.size;

    seeded.clock.advance(KIOSK_STAFF_MS - 1_000);
    await settle(pages);
    expect(session.isSignedIn).toBe(true);

    seeded.clock.advance(1_000);
    await settle(pages);
    expect(session.isSignedIn).toBe(false);
    expect(pages.navigations.at(-1)).toEqual(toKiosk);
    // Nothing unsynced is touched: only the session ended.
    expect(ledger.outbox.size).toBe(outboxBefore);

    // The register (reached by a stale link) does not open for the next customer either.
    pages.render('pages/register/index');
    await settle(pages);
    expect(pages.navigations.at(-1)).toEqual(toKiosk);
  });

  test('a manager who signs out on the register leaves the next customer an empty order', async () => {
    await leaveKioskMode();
    const { session, cart, catalog, ledger } = seeded.device.client;
    const manager = demo.staffPins.find((s) => s.role === 'manager')!;
    const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
    expect(cart.addItem(latte, 2).ok).toBe(true);
    const lineId = cart.cart.lines[0].lineId;
    expect(cart.setPriceOverride(lineId, 100).ok).toBe(true);
    cart.approve({ reason: 'price_override', managerId: manager.staffId });
    expect(cart.setLineDiscount(lineId, { kind: 'percent', basisPoints: 5000 }).ok).toBe(true);
    cart.approve({ reason: 'discount', managerId: manager.staffId });
    expect(cart.attachMember('13800138001').ok).toBe(true);
    const register = pages.render('pages/register/index');
    await settle(pages);
    const outboxBefore = ledger.outbox.size;

    signOutOn(register);
    await settle(pages);
    expect(session.isSignedIn).toBe(false);
    // Nothing of the manager's sale is left to the customer: lines, member, prices, approvals.
    expect(cart.isEmpty).toBe(true);
    expect(cart.cart.memberId).toBeNull();
    expect(cart.approvals).toEqual([]);
    expect(ledger.outbox.size).toBe(outboxBefore);
    // Straight to the self-order screen (the sign-in screen would only send it on).
    expect(pages.navigations.at(-1)).toEqual(toKiosk);

    // The kiosk shows an empty order: 到柜台付款 has nothing to place.
    const kiosk = pages.render('pages/kiosk/index');
    await settle(pages);
    expect(kiosk.data.lines).toEqual([]);
    clickButton(kiosk, '#pay-at-counter');
    await settle(pages);
    expect(kiosk.data.stage).toBe('ordering');
    expect(ledger.outbox.size).toBe(outboxBefore);
  });

  test('a manager who signs out in the settings leaves the next customer an empty order', async () => {
    const settings = await leaveKioskMode();
    const { session, cart, catalog } = seeded.device.client;
    const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
    expect(cart.addItem(latte, 2).ok).toBe(true);
    expect(cart.attachMember('13800138001').ok).toBe(true);

    clickButton(settings, '#sign-out');
    await settle(pages);
    expect(session.isSignedIn).toBe(false);
    expect(cart.isEmpty).toBe(true);
    expect(cart.cart.memberId).toBeNull();
    expect(pages.navigations.at(-1)).toEqual(toKiosk);
  });

  test('a manager who keeps working is not signed out: each touch waits again', async () => {
    await leaveKioskMode();
    const register = pages.render('pages/register/index');
    await settle(pages);
    const before = pages.navigations.length;

    for (let i = 0; i < 4; i++) {
      seeded.clock.advance(KIOSK_STAFF_MS - 10_000);
      await settle(pages);
      await tap(register.querySelectorAll('.tile')[0]);
    }
    // Four times nearly the limit, in all far past it.
    await signedInUntilLeftAlone(before);
  });

  test('a manager who only types (a search, a quantity, a cash amount) is not signed out', async () => {
    await leaveKioskMode();
    const { session, cart, catalog } = seeded.device.client;
    const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
    expect(cart.addItem(latte).ok).toBe(true);
    const checkout = pages.render('pages/checkout/index');
    await settle(pages);
    const register = pages.render('pages/register/index');
    await settle(pages);
    const before = pages.navigations.length;

    // Keys on a keyboard (or a scanner's) reach the fields' inputs with no touch at all.
    const typing = [
      () => typeInto(register, '#search', '拿'),
      () =>
        find(find(register, '.cart-line__qty'), '.van-stepper__input').dispatchEvent('input', {
          detail: { value: '3' },
        }),
      () => typeInto(checkout, '#cash', '100'),
    ];
    for (const type of typing) {
      seeded.clock.advance(KIOSK_STAFF_MS - 10_000);
      await settle(pages);
      expect(session.isSignedIn).toBe(true);
      type();
      await settle(pages);
    }
    // Each field took what was typed: the typing reached the page.
    expect(register.data.query).toBe('拿');
    expect(cart.cart.lines[0].qty).toBe(3);
    expect(checkout.data.cashInput).toBe('100');
    // Three times nearly the limit, in all far past it.
    await signedInUntilLeftAlone(before);
  });
});

describe('a cashier tablet', () => {
  const seeded = seededPerTest(pages, { kind: 'tablet', staff: 'cashier' });

  test('keeps its cashier signed in however long nobody touches it', async () => {
    pages.render('pages/register/index');
    await settle(pages);
    const before = pages.navigations.length;
    seeded.clock.advance(10 * KIOSK_STAFF_MS);
    await settle(pages);
    expect(seeded.device.client.session.isSignedIn).toBe(true);
    expect(pages.navigations).toHaveLength(before);
  });

  test('signing out on the register keeps the cart: the next cashier takes the sale over', async () => {
    const { session, cart, catalog } = seeded.device.client;
    const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
    expect(cart.addItem(latte, 2).ok).toBe(true);
    expect(cart.attachMember('13800138001').ok).toBe(true);
    const register = pages.render('pages/register/index');
    await settle(pages);

    signOutOn(register);
    await settle(pages);
    expect(session.isSignedIn).toBe(false);
    expect(pages.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/sign-in/index' });
    expect(cart.itemCount).toBe(2);
    expect(cart.cart.memberId).not.toBeNull();
  });
});
