// Reconnect delays: full jitter under a ceiling that doubles from 0.5 s to at most 30 s.
import { Backoff, backoffCeiling, backoffDelay } from '../../miniprogram/core/backoff';
import { seededRandom } from '../support/seeded-random';

test('the ceiling doubles from 500 ms and stops at 30 s', () => {
  expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 50].map((attempt) => backoffCeiling(attempt))).toEqual([
    500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000,
  ]);
});

test('delays are spread over the whole range below the ceiling (full jitter)', () => {
  const source = seededRandom(3);
  const random = () => source.int(1_000_000) / 1_000_000;
  const delays = Array.from({ length: 2000 }, () => backoffDelay(4, random));
  expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...delays)).toBeLessThan(8000);
  // Spread, not clustered: every eighth of the range is used.
  const buckets = new Set(delays.map((delay) => Math.floor(delay / 1000)));
  expect(buckets.size).toBe(8);
  expect(backoffDelay(4, () => 0)).toBe(0);
  expect(backoffDelay(4, () => 0.999999)).toBe(7999);
});

test('each failure raises the ceiling until a success resets it', () => {
  const backoff = new Backoff(() => 0.999999);
  const delays = Array.from({ length: 9 }, () => backoff.next());
  expect(delays).toEqual([499, 999, 1999, 3999, 7999, 15999, 29999, 29999, 29999]);
  backoff.reset();
  expect(backoff.next()).toBe(499);
});
