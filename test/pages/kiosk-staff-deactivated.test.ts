/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A staff member deactivated by a manager (a synced change) while their screen is open: the device
// signs them out at once (session-store.ts's refresh), and the staff screen must not stay up with
// nobody signed in. On a kiosk it ends as the staff wait running out does (the cart emptied, back
// to the self-order screen): left up, the register would sell as the kiosk's customer and never
// time out. On a cashier's tablet it goes back to sign-in and keeps the cart for the next cashier,
// as signing out does. Time moves by hand.
import type { Staff } from '@pos/shared';
import { KIOSK_STAFF_MS } from '../../miniprogram/view/idle-timer';
import { signIn } from '../client/support/device';
import { demo } from '../support/test-server';
import type { SeededDevice } from './support/seeded';
import { seededPerTest } from './support/seeded';
import { setUpPages, settle } from './support/pages';
import type { Node } from './support/interact';

const pages = setUpPages();
const toKiosk = { api: 'reLaunch', url: '/pages/kiosk/index' };
const toSignIn = { api: 'reLaunch', url: '/pages/sign-in/index' };

/** The manager's edit, as sync brings it: this member is no longer active. */
function deactivate(seeded: SeededDevice, role: 'cashier' | 'manager'): void {
  const { ledger } = seeded.device.client;
  const id = demo.staffPins.find((s) => s.role === role)!.staffId;
  const member = ledger.replica.staff.get(id) as Staff;
  ledger.applyChanges([{ kind: 'staff', cursor: 2, staff: { ...member, active: false } }], 2);
}

/** Two lattes in the cart, with a member: what the staff member was ringing up. */
function ringUp(seeded: SeededDevice): void {
  const { cart, catalog } = seeded.device.client;
  const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  expect(cart.addItem(latte, 2).ok).toBe(true);
  expect(cart.attachMember('13800138001').ok).toBe(true);
}

/** WeChat's page events: shown again (back from the background), hidden. */
function pageEvent(page: Node, event: 'show' | 'hide'): void {
  (page as Node & { triggerPageLifeTime(name: string): void }).triggerPageLifeTime(event);
}

describe('a kiosk a manager left kiosk mode on', () => {
  const seeded = seededPerTest(pages, { kind: 'kiosk', staff: 'manager' });

  test('deactivated while on the register: the cart is emptied, back on the kiosk', async () => {
    const { session, cart, ledger } = seeded.device.client;
    ringUp(seeded);
    pages.render('pages/register/index');
    await settle(pages);
    const before = pages.navigations.length;
    const outboxBefore = ledger.outbox.size;

    deactivate(seeded, 'manager');
    await settle(pages);
    expect(session.isSignedIn).toBe(false);
    // Once: not again by the watch on the sign-out it does itself.
    expect(pages.navigations.slice(before)).toEqual([toKiosk]);
    expect(cart.isEmpty).toBe(true);
    expect(cart.cart.memberId).toBeNull();
    expect(ledger.outbox.size).toBe(outboxBefore);
  });

  test('deactivated while in the background: ended when the staff screen shows again', async () => {
    const { session, cart } = seeded.device.client;
    ringUp(seeded);
    const register = pages.render('pages/register/index');
    await settle(pages);
    pageEvent(register, 'hide');
    const before = pages.navigations.length;

    deactivate(seeded, 'manager');
    await settle(pages);
    expect(session.isSignedIn).toBe(false);
    // In the background nothing moves...
    expect(pages.navigations.length).toBe(before);

    // ...until the register shows again: not for the next customer.
    pageEvent(register, 'show');
    await settle(pages);
    expect(pages.navigations.slice(before)).toEqual([toKiosk]);
    expect(cart.isEmpty).toBe(true);
  });

  test('signed out on purpose or left untouched: one way back to the kiosk, not two', async () => {
    const { session } = seeded.device.client;
    const register = pages.render('pages/register/index');
    await settle(pages);
    let before = pages.navigations.length;
    seeded.clock.advance(KIOSK_STAFF_MS);
    await settle(pages);
    expect(session.isSignedIn).toBe(false);
    expect(pages.navigations.slice(before)).toEqual([toKiosk]);

    signIn(seeded.device, 'manager');
    pageEvent(register, 'show');
    await settle(pages);
    before = pages.navigations.length;
    const buttons = register.querySelectorAll('.register__header >>> .van-button');
    buttons.find((button) => button.dom?.textContent?.trim() === '退出登录')!.dispatchEvent('tap');
    await settle(pages);
    expect(session.isSignedIn).toBe(false);
    expect(pages.navigations.slice(before)).toEqual([toKiosk]);
  });

  test('the member made active again later is not signed back in', async () => {
    const { session, ledger } = seeded.device.client;
    pages.render('pages/settings/index');
    await settle(pages);
    const before = pages.navigations.length;
    deactivate(seeded, 'manager');
    await settle(pages);
    expect(pages.navigations.slice(before)).toEqual([toKiosk]);

    const id = demo.staffPins.find((s) => s.role === 'manager')!.staffId;
    const member = ledger.replica.staff.get(id) as Staff;
    ledger.applyChanges([{ kind: 'staff', cursor: 3, staff: { ...member, active: true } }], 3);
    await settle(pages);
    expect(session.isSignedIn).toBe(false);
    // And the wait of the staff screen that was up does not fire later either.
    seeded.clock.advance(KIOSK_STAFF_MS);
    await settle(pages);
    expect(pages.navigations.slice(before)).toEqual([toKiosk]);
  });
});

describe('a cashier tablet', () => {
  const seeded = seededPerTest(pages, { kind: 'tablet', staff: 'cashier' });

  test('its cashier deactivated while on the register: back to sign-in, the cart kept', async () => {
    const { session, cart } = seeded.device.client;
    ringUp(seeded);
    pages.render('pages/register/index');
    await settle(pages);
    const before = pages.navigations.length;

    deactivate(seeded, 'cashier');
    await settle(pages);
    expect(session.isSignedIn).toBe(false);
    expect(pages.navigations.slice(before)).toEqual([toSignIn]);
    // The next cashier takes the sale over, as after 退出登录.
    expect(cart.itemCount).toBe(2);
    expect(cart.cart.memberId).not.toBeNull();
  });

  test('another member deactivated: the cashier stays on the register', async () => {
    const { session } = seeded.device.client;
    pages.render('pages/register/index');
    await settle(pages);
    const before = pages.navigations.length;

    deactivate(seeded, 'manager');
    await settle(pages);
    expect(session.isSignedIn).toBe(true);
    expect(pages.navigations.length).toBe(before);
  });
});
