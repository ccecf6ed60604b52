// The scanner detector: a burst of fast keys ended by Enter is a scan (even after text the cashier
// typed); the same characters typed at a person's pace are typing.
import {
  classifyEnter,
  emptyTrack,
  scannedTail,
  trackInput,
  type KeyTrack,
} from '../../../miniprogram/view/scanner-input';

/** Types `text` after what the box holds, one key every `gapMs` from `start`; returns the track and the time of the last key. */
function type(track: KeyTrack, text: string, start: number, gapMs: number) {
  let at = start;
  for (const char of text) {
    track = trackInput(track, track.value + char, at);
    at += gapMs;
  }
  return { track, last: at - gapMs };
}

const code = '6920001000019';

test('a burst of fast digits ended by Enter is a scan', () => {
  const { track, last } = type(emptyTrack, code, 1_000, 8);
  expect(classifyEnter(track, last + 15)).toEqual({ kind: 'scan', code, rest: '' });
});

test('the same digits typed at a person’s pace are typing: a barcode typed by hand', () => {
  const { track, last } = type(emptyTrack, code, 1_000, 180);
  expect(classifyEnter(track, last + 300)).toEqual({ kind: 'typed', value: code, barcode: code });
});

test('a scan after a typed search keeps what was typed', () => {
  const typed = type(emptyTrack, 'nt', 1_000, 250);
  const { track, last } = type(typed.track, code, typed.last + 2_000, 5);
  expect(classifyEnter(track, last + 10)).toEqual({ kind: 'scan', code, rest: 'nt' });
});

test('a three-key fast burst, letters only, or Enter long after the keys is not a scan', () => {
  const short = type(emptyTrack, '123', 0, 5);
  expect(classifyEnter(short.track, short.last + 10).kind).toBe('typed');
  const letters = type(emptyTrack, 'latte', 0, 5);
  expect(classifyEnter(letters.track, letters.last + 10)).toEqual({
    kind: 'typed',
    value: 'latte',
    barcode: null,
  });
  const late = type(emptyTrack, code, 0, 5);
  expect(classifyEnter(late.track, late.last + 2_000)).toMatchObject({
    kind: 'typed',
    barcode: code,
  });
});

test('an internal code with dashes is scanned whole, not cut at its last dash', () => {
  const typed = type(emptyTrack, 'nt', 1_000, 250);
  const { track, last } = type(typed.track, 'ITEM-100234', typed.last + 2_000, 5);
  expect(classifyEnter(track, last + 10)).toEqual({
    kind: 'scan',
    code: 'ITEM-100234',
    rest: 'nt',
  });
});

test('codes as short as checkBarcode takes (4 characters) are scans; a burst starting with a dash is not', () => {
  const short = type(emptyTrack, 'A123', 0, 5);
  expect(classifyEnter(short.track, short.last + 10)).toEqual({
    kind: 'scan',
    code: 'A123',
    rest: '',
  });
  const dashed = type(emptyTrack, '-100234', 0, 5);
  expect(classifyEnter(dashed.track, dashed.last + 10).kind).toBe('typed');
});

test('one slow key in the middle splits the burst: only the fast tail counts', () => {
  const head = type(emptyTrack, '692000', 0, 5);
  const { track, last } = type(head.track, '1000019', head.last + 500, 5);
  // The tail "1000019" is 7 fast characters: a scan of those, leaving the head as typed text.
  expect(classifyEnter(track, last + 5)).toEqual({ kind: 'scan', code: '1000019', rest: '692000' });
});

test('characters arriving together share a time; a deleted character forgets its time', () => {
  const together = trackInput(emptyTrack, code, 500);
  expect(together.stamps).toEqual(Array(code.length).fill(500));
  expect(classifyEnter(together, 520)).toMatchObject({ kind: 'scan', code });
  const edited = trackInput(trackInput(together, code.slice(0, -1), 600), code, 700);
  expect(edited.stamps.at(-1)).toBe(700);
  expect(edited.stamps.at(-2)).toBe(500);
});

test('an order number from a receipt’s QR, dashes and all, is the scanner’s tail; typing is not', () => {
  const orderNo = 'T1-1122-0042';
  const typed = type(emptyTrack, 'ab', 1_000, 200);
  const scanned = type(typed.track, orderNo, typed.last + 400, 6);
  expect(scannedTail(scanned.track, scanned.last + 20)).toBe(orderNo);
  // Enter long after the last key: a person pressed it.
  expect(scannedTail(scanned.track, scanned.last + 1_000)).toBeNull();
  const byHand = type(emptyTrack, orderNo, 1_000, 180);
  expect(scannedTail(byHand.track, byHand.last + 50)).toBeNull();
  // Too short to be a code.
  const short = type(emptyTrack, '42', 1_000, 5);
  expect(scannedTail(short.track, short.last + 10)).toBeNull();
});
