// A device's pull waits while other devices have pushes under way (their sales reach the disk
// first), at most maxDelayMs; devices that wait on each other's pulls do not hold each other up.
import { PushesFirst } from '../../sync-server/sync/pushes-first';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function watch(promise: Promise<void>): { done: boolean } {
  const state = { done: false };
  void promise.then(() => (state.done = true));
  return state;
}

const settle = () => Promise.resolve().then(() => undefined);

test('with no other push under way, a pull is served at once; its own pushes do not count', async () => {
  const first = new PushesFirst<string>(2000);
  first.pushReceived('a');
  const pull = watch(first.othersDone('a'));
  await settle();
  expect(pull.done).toBe(true);
});

test("a pull waits for the other devices' pushes to be answered", async () => {
  const first = new PushesFirst<string>(2000);
  first.pushReceived('b');
  first.pushReceived('b');
  first.pushReceived('c');
  const pull = watch(first.othersDone('a'));
  first.pushAnswered('b');
  first.pushAnswered('c');
  await settle();
  expect(pull.done).toBe(false);
  first.pushAnswered('b');
  await settle();
  expect(pull.done).toBe(true);
});

test('a pull waits at most maxDelayMs', async () => {
  const first = new PushesFirst<string>(2000);
  first.pushReceived('b');
  const pull = watch(first.othersDone('a'));
  jest.advanceTimersByTime(1999);
  await settle();
  expect(pull.done).toBe(false);
  jest.advanceTimersByTime(1);
  await settle();
  expect(pull.done).toBe(true);
});

test('a device that went away holds nobody back', async () => {
  const first = new PushesFirst<string>(2000);
  first.pushReceived('b');
  const pull = watch(first.othersDone('a'));
  first.forget('b');
  await settle();
  expect(pull.done).toBe(true);
});

test('two devices whose next pushes wait behind their own pulls do not wait on each other', async () => {
  const first = new PushesFirst<string>(2000);
  // Each sold again while its pull waited: those pushes are queued behind the pull.
  first.pushReceived('c');
  first.pushReceived('a');
  const pullA = watch(first.othersDone('a'));
  first.pushReceived('b');
  const pullB = watch(first.othersDone('b'));
  await settle();
  expect([pullA.done, pullB.done]).toEqual([false, false]);
  // c's push is answered: a and b only have pushes behind their own pulls, and one goes first.
  first.pushAnswered('c');
  await settle();
  expect([pullA.done, pullB.done]).toEqual([true, false]);
  // Then a's next push, now under way, is answered before b's catch-up.
  first.pushAnswered('a');
  await settle();
  expect(pullB.done).toBe(true);
});

test('a device that came with operations to push holds pulls back between its batches, until it pulls', async () => {
  const first = new PushesFirst<string>(2000);
  first.willPush('b');
  first.pushReceived('b');
  const pull = watch(first.othersDone('a'));
  // b's first batch is answered; its next one is not sent yet, but b has not said it is done.
  first.pushAnswered('b');
  await settle();
  expect(pull.done).toBe(false);
  // b's own pull says its outbox is pushed: a is served at once, and b too (a only waits).
  const pullB = watch(first.othersDone('b'));
  await settle();
  expect([pull.done, pullB.done]).toEqual([true, true]);
});

test('a device that said it would push and went away holds nobody back', async () => {
  const first = new PushesFirst<string>(2000);
  first.willPush('b');
  const pull = watch(first.othersDone('a'));
  await settle();
  expect(pull.done).toBe(false);
  first.forget('b');
  await settle();
  expect(pull.done).toBe(true);
});
