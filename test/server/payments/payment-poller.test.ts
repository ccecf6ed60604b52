// The payment poller keeps one chain per payment: watching or poking it while its check is running
// (a QR asked about, a restart, the provider back) never starts a second timer or a second check.
// Jest's fake timers move time by hand: no check depends on how fast the machine is.
import { MAX_FAULT_DELAY_MS, PaymentPoller } from '../../../sync-server/payments/payment-poller';

interface Pending {
  id: string;
  answer(result: { open: boolean; reachable: boolean }): void;
  fail(error: Error): void;
}

function poller(pollMs = 1000, retryMs = 5000) {
  const checks: Pending[] = [];
  const inFlight = new Map<string, number>();
  let most = 0;
  const instance = new PaymentPoller({
    pollMs,
    retryMs,
    onError: () => undefined,
    check: (id) =>
      new Promise((resolve, reject) => {
        const now = (inFlight.get(id) ?? 0) + 1;
        inFlight.set(id, now);
        most = Math.max(most, now);
        const done = () => inFlight.set(id, (inFlight.get(id) ?? 1) - 1);
        checks.push({
          id,
          answer: (result) => {
            done();
            resolve(result);
          },
          fail: (error) => {
            done();
            reject(error);
          },
        });
      }),
  });
  return { instance, checks, mostAtOnce: () => most };
}

/** Lets the answered checks' continuations run (promise jobs), then due timers. */
async function settle(ms = 0): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await jest.advanceTimersByTimeAsync(ms);
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test('watch and poke while a check runs: one more check right after it, never a second chain', async () => {
  const { instance, checks, mostAtOnce } = poller();
  instance.watch('a', 0);
  await settle();
  expect(checks).toHaveLength(1);

  // The QR is asked about twice and the payment watched again while the first check runs.
  instance.poke('a');
  instance.watch('a');
  instance.poke('a');
  await settle(10_000);
  expect(checks).toHaveLength(1);

  checks[0].answer({ open: true, reachable: true });
  await settle();
  expect(checks).toHaveLength(2); // the poke's check, at once
  checks[1].answer({ open: true, reachable: true });
  await settle(999);
  expect(checks).toHaveLength(2);
  await settle(1);
  expect(checks).toHaveLength(3); // then every pollMs, one chain
  checks[2].answer({ open: true, reachable: true });
  await settle(1000);
  expect(checks).toHaveLength(4);
  expect(mostAtOnce()).toBe(1);
  expect(instance.watching).toBe(1);

  checks[3].answer({ open: false, reachable: true });
  await settle(60_000);
  expect(checks).toHaveLength(4);
  expect(instance.watching).toBe(0);
  instance.stop();
});

test('a poke while waiting replaces the timer; the provider back asks every waiting payment once', async () => {
  const { instance, checks, mostAtOnce } = poller(1000, 5000);
  instance.watch('a', 0);
  instance.watch('b', 0);
  await settle();
  expect(checks.map((check) => check.id)).toEqual(['a', 'b']);
  checks[0].answer({ open: true, reachable: false });
  checks[1].answer({ open: true, reachable: false });
  await settle();

  // Poked three times while waiting for the retry: one check, not three.
  instance.poke('a');
  instance.poke('a');
  instance.poke('a');
  await settle();
  expect(checks.map((check) => check.id)).toEqual(['a', 'b', 'a']);

  // WeChat Pay answers again: b, which waited for it, is asked about now, once.
  checks[2].answer({ open: true, reachable: true });
  await settle();
  expect(checks.map((check) => check.id)).toEqual(['a', 'b', 'a', 'b']);
  checks[3].answer({ open: false, reachable: true });
  await settle(1000);
  expect(checks.map((check) => check.id)).toEqual(['a', 'b', 'a', 'b', 'a']);
  expect(mostAtOnce()).toBe(1);
  instance.stop();
  checks[4].answer({ open: true, reachable: true });
  await settle(60_000);
  expect(checks).toHaveLength(5);
  expect(instance.watching).toBe(0);
});

test('a check that throws is retried ever more slowly, unhurried by pokes or the provider, until one works', async () => {
  const { instance, checks } = poller(1000, 5000);
  instance.watch('a', 0);
  instance.watch('b', 0);
  await settle();
  const asked = () => checks.filter((check) => check.id === 'a').length;
  const latest = () => checks.filter((check) => check.id === 'a').at(-1)!;
  checks[1].answer({ open: true, reachable: false }); // b waits for the provider

  // a's checks fail on this server: 5 s, then 10 s, 20 s...
  for (const wait of [5000, 10_000, 20_000]) {
    latest().fail(new Error('the store failed to make the change'));
    await settle();
    const before = asked();
    instance.poke('a');
    await settle(wait - 1);
    expect(asked()).toBe(before);
    await settle(1);
    expect(asked()).toBe(before + 1);
  }
  // The provider answering for b does not hurry a.
  const bCheck = checks.filter((check) => check.id === 'b').at(-1)!;
  bCheck.answer({ open: true, reachable: true });
  const before = asked();
  await settle();
  expect(asked()).toBe(before);

  // Capped, and back to the usual rhythm once a check works.
  for (let i = 0; i < 10; i++) {
    latest().fail(new Error('still failing'));
    await settle(MAX_FAULT_DELAY_MS);
  }
  const capped = asked();
  latest().fail(new Error('still failing'));
  await settle(MAX_FAULT_DELAY_MS - 1);
  expect(asked()).toBe(capped);
  await settle(1);
  expect(asked()).toBe(capped + 1);
  latest().answer({ open: true, reachable: true });
  await settle(1000);
  expect(asked()).toBe(capped + 2);
  instance.stop();
});
