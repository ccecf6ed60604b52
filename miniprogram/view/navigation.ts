// Where each screen lives and how to get there: pages ask for a screen by name, never by path.
export const routes = {
  pair: '/pages/pair/index',
  signIn: '/pages/sign-in/index',
  register: '/pages/register/index',
  checkout: '/pages/checkout/index',
  orders: '/pages/orders/index',
  shift: '/pages/shift/index',
  kiosk: '/pages/kiosk/index',
  manager: '/pages/manager/index',
  settings: '/pages/settings/index',
} as const;

export type Screen = keyof typeof routes;

/** Replaces every open page (after pairing, signing in or out: there is nothing to go back to). */
export function restartAt(screen: Screen): void {
  wx.reLaunch({ url: routes[screen] });
}

/** How long a screen being opened holds off the next one, should WeChat never answer. */
const OPENING_HOLD_MS = 1000;

/**
 * The screen being opened, if any: WeChat opens one page per navigateTo, so a second tap before the
 * first page shows (a double tap on 结账) would stack a second copy.
 */
let opening: symbol | null = null;

/**
 * Opens a screen on top of this one (checkout over the register), with what it should show in its
 * query (the page reads it in onLoad). Ignored while another screen is still opening.
 */
export function open(screen: Screen, query: Record<string, string> = {}): void {
  if (opening) return;
  const thisOne = Symbol(screen);
  opening = thisOne;
  const opened = () => {
    clearTimeout(holdOff);
    // A late answer for a screen given up on must not free the next one.
    if (opening === thisOne) opening = null;
  };
  const holdOff = setTimeout(opened, OPENING_HOLD_MS);
  const params = Object.entries(query).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  wx.navigateTo({
    url: params.length ? `${routes[screen]}?${params.join('&')}` : routes[screen],
    // Called once the page is shown, or when it could not be opened.
    complete: opened,
  });
}

/** Back to the screen underneath, or to `fallback` when this one was opened first. */
export function back(fallback: Screen): void {
  if (getCurrentPages().length > 1) wx.navigateBack({ delta: 1 });
  else restartAt(fallback);
}

/** From one menu screen to another: replaces this one, so the register stays underneath. */
export function switchTo(screen: Screen): void {
  if (screen === 'register') back('register');
  else wx.redirectTo({ url: routes[screen] });
}

/**
 * Which screen a device in this state should be on: pairing first, then a signed-in staff member;
 * a kiosk nobody is signed in on shows the self-order screen.
 */
export function screenFor(state: {
  isPaired: boolean;
  isSignedIn: boolean;
  isKiosk?: boolean;
}): Screen {
  if (!state.isPaired) return 'pair';
  if (state.isSignedIn) return 'register';
  return state.isKiosk ? 'kiosk' : 'signIn';
}
