// The app's entry (miniprogram/app.ts) on a kiosk device a manager left kiosk mode on: in the
// background longer than KIOSK_STAFF_MS, the staff session ends when the app comes back (or starts
// again, when WeChat killed it meanwhile), and the tablet goes back to the self-order screen. A
// cashier's tablet keeps its cashier. Date.now is moved by hand (the app uses the system clock).
import { createClient, type PosClient } from '../../miniprogram/core/client';
import { KIOSK_STAFF_MS, kioskStaffLeft } from '../../miniprogram/view/idle-timer';
import { demo } from '../support/test-server';
import { createWxStandIn, type WxStandIn } from '../wx';
import { seedLedger, testIdentity } from './support/offline-seed';

interface AppConfig {
  client: PosClient;
  onLaunch(): void;
  onShow(): void;
  onHide(): void;
}

const globals = globalThis as Record<string, unknown>;
const standIns: WxStandIn[] = [];
const apps: AppConfig[] = [];
let now = Date.UTC(2026, 10, 22, 3, 0);
let reLaunched: string[] = [];

/** A device of this kind with a manager signed in (as when they left kiosk mode), saved. */
function deviceWithManager(kind: 'kiosk' | 'tablet'): WxStandIn {
  const standIn = createWxStandIn();
  standIns.push(standIn);
  const client = createClient({ wx: standIn.wx, autoStart: false, now: () => now });
  seedLedger(client.ledger, { ...testIdentity, kind });
  const manager = demo.staffPins.find((s) => s.role === 'manager')!;
  expect(client.session.signIn(manager.staffId, manager.pin).ok).toBe(true);
  client.dispose();
  return standIn;
}

/** Starts app.ts on this device's storage, as WeChat does: launch, then show. */
async function startApp(device: WxStandIn): Promise<AppConfig> {
  const standIn = createWxStandIn();
  standIns.push(standIn);
  standIn.storage.load(device.storage.dump());
  // The stand-in has no navigation: where the app sends the pages is noted.
  Object.assign(standIn.wx, { reLaunch: ({ url }: { url: string }) => reLaunched.push(url) });
  globals.wx = standIn.wx;
  let app: AppConfig | null = null;
  globals.App = (config: AppConfig) => (app = config);
  const entry = '../../miniprogram/app';
  await jest.isolateModulesAsync(async () => {
    await import(entry);
  });
  apps.push(app!);
  app!.onLaunch();
  app!.onShow();
  return app!;
}

beforeEach(() => {
  jest.spyOn(Date, 'now').mockImplementation(() => now);
  reLaunched = [];
  // A page is open (the settings the manager went to).
  globals.getCurrentPages = () => [{}];
});

afterEach(async () => {
  for (const app of apps.splice(0)) app.client.dispose();
  for (const standIn of standIns.splice(0)) await standIn.dispose();
  jest.restoreAllMocks();
  delete globals.wx;
  delete globals.App;
  delete globals.getCurrentPages;
});

test('the rule: only a signed-in kiosk runs out, counted from the last touch', () => {
  const kiosk = { isKiosk: true, isSignedIn: true, lastActiveAt: 1_000 };
  expect(kioskStaffLeft(kiosk, 1_000)).toBe(KIOSK_STAFF_MS);
  expect(kioskStaffLeft(kiosk, 1_000 + KIOSK_STAFF_MS - 1)).toBe(1);
  expect(kioskStaffLeft(kiosk, 1_000 + KIOSK_STAFF_MS)).toBe(0);
  expect(kioskStaffLeft(kiosk, 1_000 + 10 * KIOSK_STAFF_MS)).toBe(0);
  // A clock set back since: a full wait from now, never longer.
  expect(kioskStaffLeft(kiosk, 0)).toBe(KIOSK_STAFF_MS);
  expect(kioskStaffLeft({ ...kiosk, lastActiveAt: null }, 1_000)).toBe(0);
  expect(kioskStaffLeft({ ...kiosk, isSignedIn: false }, 1e12)).toBeNull();
  expect(kioskStaffLeft({ ...kiosk, isKiosk: false }, 1e12)).toBeNull();
});

test('a kiosk in the background past the wait: signed out on coming back, on the kiosk screen', async () => {
  const app = await startApp(deviceWithManager('kiosk'));
  const { session } = app.client;
  expect(session.isManager).toBe(true);

  // A short trip to the background changes nothing.
  app.onHide();
  now += KIOSK_STAFF_MS - 1_000;
  app.onShow();
  expect(session.isSignedIn).toBe(true);
  expect(reLaunched).toEqual([]);

  // A touch on a staff screen, then the background for longer than the wait.
  session.noteActivity();
  app.onHide();
  now += KIOSK_STAFF_MS;
  app.onShow();
  expect(session.isSignedIn).toBe(false);
  expect(reLaunched).toEqual(['/pages/kiosk/index']);
});

test('a kiosk killed in the background past the wait starts signed out', async () => {
  const device = deviceWithManager('kiosk');
  const first = await startApp(device);
  now += 60_000;
  first.client.session.noteActivity();
  first.onHide();
  device.storage.load(standIns.at(-1)!.storage.dump());

  // WeChat kills it; it starts again within the wait of the last touch (stored on going away).
  now += KIOSK_STAFF_MS - 1_000;
  globals.getCurrentPages = () => [];
  const soon = await startApp(device);
  expect(soon.client.session.isSignedIn).toBe(true);

  // Killed again untouched; much later it starts signed out.
  soon.onHide();
  device.storage.load(standIns.at(-1)!.storage.dump());
  now += KIOSK_STAFF_MS;
  const again = await startApp(device);
  expect(again.client.session.isSignedIn).toBe(false);
  // No page yet: the first one sends it to the kiosk screen (navigation.screenFor).
  expect(reLaunched).toEqual([]);
});

test('a cashier tablet in the background for long keeps its staff signed in', async () => {
  const app = await startApp(deviceWithManager('tablet'));
  app.onHide();
  now += 10 * KIOSK_STAFF_MS;
  app.onShow();
  expect(app.client.session.isSignedIn).toBe(true);
  expect(reLaunched).toEqual([]);
});
