// A page-test setting without a server: for each test a fresh device holding the demo store's
// data (as if synced earlier, now offline), on a clock the test moves by hand, with the page
// harness bound to its client. For screens that wait (the kiosk) or time keys (the scanner).
import { launch, shutDownAll, signIn, type TestDevice } from '../../client/support/device';
import { ManualClock } from '../../client/support/manual-clock';
import { seedLedger, testIdentity } from '../../client/support/offline-seed';
import type { PageHarness } from './pages';

export interface SeededDevice {
  device: TestDevice;
  clock: ManualClock;
}

export function seededPerTest(
  pages: PageHarness,
  {
    kind = 'tablet',
    staff = 'cashier',
  }: {
    kind?: 'tablet' | 'kiosk';
    /** Who is signed in; null: nobody (a kiosk). */
    staff?: 'cashier' | 'manager' | null;
  } = {},
): SeededDevice {
  const seeded = {} as SeededDevice;
  beforeEach(() => {
    seeded.clock = new ManualClock();
    seeded.device = launch({ client: { autoStart: false, clock: seeded.clock } });
    seedLedger(seeded.device.client.ledger, { ...testIdentity, kind });
    if (staff) signIn(seeded.device, staff);
    pages.useClient(seeded.device.client);
  });
  afterEach(async () => {
    await shutDownAll();
    // Closing writes what the hand-moved clock never got round to; the pages update from it.
    // Let that happen while the test's document is still there.
    await pages.simulate.sleep(50);
  });
  return seeded;
}
