// A kiosk whose clock the test moves by hand (a payment's polls, the idle and staff waits), paired
// with one real server for the test file, which keeps real time; a fresh kiosk for each test.
import { launch, pair, shutDownAll, type TestDevice } from '../../client/support/device';
import { ManualClock } from '../../client/support/manual-clock';
import { removeDir } from '../../support/temp-dir';
import { startTestServer, type TestServer } from '../../support/test-server';
import { settle, type PageHarness } from './pages';

export interface KioskOnClock {
  server: TestServer;
  device: TestDevice;
  clock: ManualClock;
  /** Moves the client's clock on in steps, letting sockets, HTTP and the page answer in between. */
  pass(ms: number, step?: number): Promise<void>;
  /** Time goes by on the client (100 ms a step) until the condition holds. */
  until(condition: () => boolean, what: string): Promise<void>;
}

/**
 * While a test waits, the kiosk's clock runs 20 times as fast as the server's (100 ms a step of
 * about 5 ms): a welcome or a pong held up 500 ms by a busy machine would be 10 s late to the
 * kiosk, which would drop a healthy line and turn 扫码支付 off. These tests drop the line by the
 * network; how long a line may stay silent is sync-engine.test.ts's.
 */
const lineTimersAtTestSpeed = { pongTimeoutMs: 600_000, connectTimeoutMs: 600_000 };

/** Registers the hooks and returns the kiosk, filled in before each test. */
export function kioskOnClockPerTest(pages: PageHarness): KioskOnClock {
  const kiosk = {
    async pass(ms: number, step = 100) {
      for (let passed = 0; passed < ms; passed += step) {
        kiosk.clock.advance(step);
        await settle(pages, 5);
      }
    },
    async until(condition: () => boolean, what: string) {
      for (let i = 0; i < 300 && !condition(); i++) await kiosk.pass(100);
      if (!condition()) throw new Error(`the kiosk never got to ${what}`);
      await settle(pages);
    },
  } as KioskOnClock;
  beforeAll(async () => (kiosk.server = await startTestServer()));
  afterAll(async () => {
    await kiosk.server.close();
    removeDir(kiosk.server.dataDir);
  });
  beforeEach(async () => {
    kiosk.clock = new ManualClock(Date.now());
    kiosk.device = launch({ client: { clock: kiosk.clock, sync: lineTimersAtTestSpeed } });
    await pair(kiosk.device, kiosk.server, kiosk.server.pos.pairingCodes.issue().code, 'kiosk');
    pages.useClient(kiosk.device.client);
  });
  afterEach(() => shutDownAll());
  return kiosk;
}
