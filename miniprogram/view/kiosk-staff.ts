// A kiosk device a manager took out of kiosk mode: their session ends after KIOSK_STAFF_MS
// untouched, and the tablet goes back to the self-order screen for the next customer. WeChat has
// no app-wide touch event, so each staff page uses `kioskStaffWatch` and binds a touch on its root
// (`capture-bind:touchstart="onStaffTouch"`, which nothing inside can catch first); the app checks
// again when it comes back from the background (`endIdleKioskStaff`). Typing is activity too, but
// WeChat's input events neither bubble nor have a capture phase, and a keyboard (or a scanner
// typing as one) makes no touch: each field's handler calls `noteStaffActivity`. A pay QR left up
// is closed and the sale rung up for it voided (staff-pay-qr.ts); the outbox and the other orders
// stay as they are. Elsewhere (a cashier's tablet) the wait does nothing.
// The rule and the ending itself are in idle-timer.ts, for the app too: this module defines a
// Behavior as it loads, which only pages and components can.
//
// The staff member can also be signed out from under a staff screen: a manager deactivated them
// and sync brought the change (the session store forgets a member no longer active). A staff screen
// on screen with nobody signed in then ends as 退出登录 does (signOutStaff): on a kiosk as when left
// untouched, back to the self-order screen (left up, it would sell as the kiosk's customer and
// never time out, kioskStaffLeft being null with nobody signed in); on a cashier's tablet back to
// sign-in, the cart kept. Seen as it happens while a staff page shows, or when one shows again.
import { reaction } from 'mobx-miniprogram';
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { PosClient } from '../core/client';
import {
  endIdleKioskStaff,
  endKioskStaff,
  IdleTimer,
  KIOSK_STAFF_MS,
  kioskStaffLeft,
} from './idle-timer';
import { restartAt, screenFor } from './navigation';
import { posClient } from './pos';

/** The wait of each staff page on screen (one under another, or in the background, waits not). */
const waits = new WeakMap<object, IdleTimer>();

/** Over: back to the kiosk. Otherwise this page waits for what is left. */
function watch(page: object): void {
  const client = posClient();
  if (endingHere(() => endIdleKioskStaff(client))) return restartAt('kiosk');
  const left = kioskStaffLeft(client.session, client.clock.now());
  if (left === null) return stop(page);
  let wait = waits.get(page);
  if (!wait) {
    wait = new IdleTimer(client.clock, KIOSK_STAFF_MS, () => watch(page));
    waits.set(page, wait);
  }
  wait.touch(left);
}

function stop(page: object): void {
  waits.get(page)?.stop();
  waits.delete(page);
}

/**
 * The staff pages on screen (shown, not hidden or gone) and the watch on who is signed in, one for
 * the app's client (a test hands the app a new client: a new watch, none of the old pages).
 */
let signedInWatch: { client: PosClient; pages: Set<object>; stop(): void } | null = null;
/** Set while this module signs the staff out itself: it goes on to the next screen after. */
let signingOut = false;

function onScreen(): Set<object> {
  const client = posClient();
  if (signedInWatch?.client === client) return signedInWatch.pages;
  signedInWatch?.stop();
  const pages = new Set<object>();
  const stop = reaction(
    () => client.session.isSignedIn,
    (signedIn) => {
      if (signedIn || signingOut || pages.size === 0) return;
      // Once the change that signed them out is through (the store's other listeners run first).
      void Promise.resolve().then(() => {
        if (signedInWatch?.pages === pages && pages.size > 0 && signedOutUnder(client))
          signOutStaff();
      });
    },
  );
  signedInWatch = { client, pages, stop };
  return pages;
}

/**
 * A staff screen showing with nobody signed in (a member deactivated meanwhile). Un-paired, the
 * page that un-paired the device goes to pairing itself.
 */
function signedOutUnder(client: PosClient): boolean {
  return client.session.isPaired && !client.session.isSignedIn;
}

/** This module's own endings (the wait run out, 退出登录): the watch above leaves them be. */
function endingHere<T>(end: () => T): T {
  signingOut = true;
  try {
    return end();
  } finally {
    signingOut = false;
  }
}

/**
 * Someone is working on a staff screen (a touch, a key in a field): the session waits again, unless
 * it already ran out, when the tablet goes back to the kiosk instead.
 */
export function noteStaffActivity(): void {
  const client = posClient();
  if (endingHere(() => endIdleKioskStaff(client))) return restartAt('kiosk');
  client.session.noteActivity();
}

/**
 * 退出登录 on a staff page, then the screen this device shows with nobody signed in. On a kiosk
 * device the next one at it is a customer: the session ends as when left untouched (the pay QR
 * closed, the cart emptied, endKioskStaff), or what the staff member rang up would be theirs to
 * place at the counter. A cashier's tablet keeps its cart for the next cashier (a handover).
 */
export function signOutStaff(): void {
  const client = posClient();
  endingHere(() => {
    if (client.session.isKiosk) endKioskStaff(client);
    else client.session.signOut();
  });
  restartAt(screenFor(client.session));
}

/** For every staff page (the register, checkout, orders, shift, manager, settings). */
export const kioskStaffWatch = Behavior({
  lifetimes: {
    attached() {
      // With nobody signed in, the page's own check sends it on (screenFor).
      onScreen().add(this);
      watch(this);
    },
    detached() {
      onScreen().delete(this);
      stop(this);
    },
  },
  pageLifetimes: {
    show() {
      onScreen().add(this);
      // Back from the background (or from a page above) after the member was deactivated.
      if (signedOutUnder(posClient())) return signOutStaff();
      watch(this);
    },
    hide() {
      onScreen().delete(this);
      stop(this);
    },
  },
  methods: {
    /** Any touch on the page: the wait starts again (unless it already ran out). */
    onStaffTouch() {
      noteStaffActivity();
      if (posClient().session.isSignedIn) watch(this);
    },
  },
});

/** ComponentWithStore's options, with the `behaviors` its typings leave out (it passes them on). */
type StaffPageOptions<
  TData extends WechatMiniprogram.Component.DataOption,
  TProperty extends WechatMiniprogram.Component.PropertyOption,
  TMethod extends WechatMiniprogram.Component.MethodOption,
> = Parameters<typeof ComponentWithStore<TData, TProperty, TMethod>>[0] & { behaviors?: string[] };

/** ComponentWithStore for a staff page: `kioskStaffWatch` first among its behaviors, its own after. */
export function StaffPageWithStore<
  TData extends WechatMiniprogram.Component.DataOption,
  TProperty extends WechatMiniprogram.Component.PropertyOption,
  TMethod extends WechatMiniprogram.Component.MethodOption,
>(options: StaffPageOptions<TData, TProperty, TMethod>): string {
  const behaviors = [kioskStaffWatch, ...(options.behaviors ?? [])];
  return ComponentWithStore({ ...options, behaviors } as typeof options);
}
