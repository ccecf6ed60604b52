// Tells a hardware barcode scanner from a person at the keyboard. A scanner is a keyboard that
// types a whole code within a few milliseconds per key and ends with Enter; a person types slower.
// Pure: the page hands in the search box's value and the time of each change.

/** The box's text with the time each of its characters arrived. */
export interface KeyTrack {
  value: string;
  stamps: number[];
}

export interface ScannerRules {
  /** The longest pause between two keys of one scan (scanners: 1-20 ms; people: 80 ms and up). */
  maxGapMs: number;
  /** A scan ends with Enter at most this long after its last key. */
  maxEnterDelayMs: number;
  /** Shortest and longest code taken as a scan. */
  minLength: number;
  maxLength: number;
}

/**
 * A scan takes every code the catalog may hold (checkBarcode in shared/barcode.ts: 4 to 32
 * characters): a shorter burst rule cut a stored code and read what was left as another one.
 */
export const scannerRules: ScannerRules = {
  maxGapMs: 40,
  maxEnterDelayMs: 120,
  minLength: 4,
  maxLength: 32,
};

export const emptyTrack: KeyTrack = { value: '', stamps: [] };

/**
 * The track after the box changed to `value` at `at`: characters kept from before keep their
 * times, new ones get `at` (several at once, as a fast scanner's keys may arrive, share it).
 */
export function trackInput(track: KeyTrack, value: string, at: number): KeyTrack {
  let kept = 0;
  while (kept < track.value.length && kept < value.length && track.value[kept] === value[kept])
    kept++;
  const stamps = track.stamps.slice(0, kept);
  for (let i = kept; i < value.length; i++) stamps.push(at);
  return { value, stamps };
}

export type EnterOutcome =
  /** A scanner's burst: `code` goes into the cart; `rest` is what the person had typed before it. */
  | { kind: 'scan'; code: string; rest: string }
  /** A person pressed Enter: `barcode` when what they typed looks like one, else null. */
  | { kind: 'typed'; value: string; barcode: string | null };

/** A code starts with a letter or digit; '-' may follow inside it (internal codes: ITEM-100234). */
const codeStart = /[0-9A-Za-z]/;
const codeCharacter = /[0-9A-Za-z-]/;
const typedBarcode = /^\d{6,14}$/;

/**
 * Where the scanner's burst that Enter at `at` ends begins: walking back from the last key while
 * keys came fast and `belongs` takes them. Null when the last key came too long before Enter.
 */
function burstStart(
  { value, stamps }: KeyTrack,
  at: number,
  rules: ScannerRules,
  belongs: (character: string) => boolean,
): number | null {
  const last = stamps.length - 1;
  if (last < 0 || at - stamps[last] > rules.maxEnterDelayMs) return null;
  let start = last;
  while (
    start > 0 &&
    stamps[start] - stamps[start - 1] <= rules.maxGapMs &&
    belongs(value[start - 1])
  )
    start--;
  return start;
}

/** What Enter at `at` means for the box as tracked. */
export function classifyEnter(
  track: KeyTrack,
  at: number,
  rules: ScannerRules = scannerRules,
): EnterOutcome {
  const { value } = track;
  const start = burstStart(track, at, rules, (character) => codeCharacter.test(character));
  if (start !== null) {
    const code = value.slice(start);
    const length = code.length;
    // A burst starting with '-' is no code of the catalog's: typed, never cut to what follows.
    // One without a digit is an IME's word arriving at once ("latte"), not a scan.
    if (
      codeStart.test(value[start] ?? '') &&
      length >= rules.minLength &&
      length <= rules.maxLength &&
      /^[0-9A-Za-z-]+$/.test(code) &&
      /\d/.test(code)
    )
      return { kind: 'scan', code, rest: value.slice(0, start) };
  }
  const trimmed = value.trim();
  return { kind: 'typed', value, barcode: typedBarcode.test(trimmed) ? trimmed : null };
}

/**
 * What a scanner typed just before Enter at `at`, whatever its characters (an order number's
 * dashes too, which `classifyEnter` does not take for a barcode), or null when the end of the box
 * was typed by a person. Orders looks a receipt's QR up with it.
 */
export function scannedTail(
  track: KeyTrack,
  at: number,
  rules: ScannerRules = scannerRules,
): string | null {
  const start = burstStart(track, at, rules, (character) => character !== ' ');
  if (start === null) return null;
  const tail = track.value.slice(start).trim();
  return tail.length >= rules.minLength && tail.length <= rules.maxLength ? tail : null;
}
