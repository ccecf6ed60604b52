// Barcodes: EAN-13, EAN-8, UPC-A and UPC-E with their GS1 check digit, plus store-internal codes.

export type BarcodeKind = 'ean13' | 'ean8' | 'upca' | 'upce' | 'internal';
export type BarcodeCheck = { ok: true; kind: BarcodeKind } | { ok: false; error: string };

/** The GS1 mod-10 check digit for the digits before it (weights 3,1,3,... from the right). */
export function gs1CheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new RangeError(`"${digits}" must be digits only`);
  let sum = 0;
  for (let i = digits.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight)
    sum += Number(digits[i]) * weight;
  return (10 - (sum % 10)) % 10;
}

/** Appends the check digit: "690123456789" -> "6901234567892". */
export function withCheckDigit(digits: string): string {
  return digits + gs1CheckDigit(digits);
}

const gs1Lengths: Record<number, BarcodeKind> = { 13: 'ean13', 8: 'ean8', 12: 'upca' };

/**
 * The UPC-A a UPC-E stands for (number system 0 or 1, six digits, check digit), without its check
 * digit: the zeros UPC-E suppresses go back where its sixth digit says. "04252614" -> "04210000526".
 */
function upcEBody(code: string): string {
  const [system, d1, d2, d3, d4, d5, d6] = code;
  if (d6 <= '2') return `${system}${d1}${d2}${d6}0000${d3}${d4}${d5}`;
  if (d6 === '3') return `${system}${d1}${d2}${d3}00000${d4}${d5}`;
  if (d6 === '4') return `${system}${d1}${d2}${d3}${d4}00000${d5}`;
  return `${system}${d1}${d2}${d3}${d4}${d5}0000${d6}`;
}

/**
 * An 8-digit code from 0 or 1 that is no valid EAN-8 but carries its UPC-A expansion's check digit.
 * Both read 8 digits, so a code valid as either stays an EAN-8 (for a sixth digit of 5-9 the two
 * check digits always agree: such a UPC-E reads as the EAN-8 of the same digits).
 */
function isUpcE(code: string): boolean {
  if (!/^[01]\d{7}$/.test(code)) return false;
  const check = Number(code[7]);
  return gs1CheckDigit(code.slice(0, 7)) !== check && gs1CheckDigit(upcEBody(code)) === check;
}

/**
 * Accepts EAN-13, EAN-8, UPC-A and UPC-E with a correct check digit, and store-internal codes
 * (a letter first, or digits of another length, 4 to 32 characters of [A-Za-z0-9-]).
 */
export function checkBarcode(code: string): BarcodeCheck {
  if (!/^[A-Za-z0-9-]{4,32}$/.test(code)) {
    return { ok: false, error: `barcode "${code}" must be 4-32 letters, digits or "-"` };
  }
  const kind = /^\d+$/.test(code) ? gs1Lengths[code.length] : undefined;
  if (!kind) return { ok: true, kind: 'internal' };
  if (isUpcE(code)) return { ok: true, kind: 'upce' };
  const expected = gs1CheckDigit(code.slice(0, -1));
  if (Number(code[code.length - 1]) !== expected) {
    return { ok: false, error: `barcode "${code}" has a wrong check digit (expected ${expected})` };
  }
  return { ok: true, kind };
}

/**
 * The key a code is looked up by, by the till and by the server's one-owner-per-code check alike.
 * Letter case does not count (a scanner's caps lock, a manager's typing): keys are lower case. A
 * UPC-A and the EAN-13 that is it with a leading 0 name the same product (GS1 pads a GTIN-12 so),
 * and scanners send either form, whichever the catalog holds: both become the 12 digits
 * ("0036000291452" -> "036000291452"). A UPC-E becomes the UPC-A it stands for, so it finds a
 * product stored in either of those forms ("04252614" -> "042100005264").
 */
export function barcodeKey(code: string): string {
  const lower = code.toLowerCase();
  if (isUpcE(lower)) return withCheckDigit(upcEBody(lower));
  return /^0\d{12}$/.test(lower) ? lower.slice(1) : lower;
}

/**
 * Every key a code may stand for: its barcodeKey, and for 8 digits that are both a valid EAN-8 and
 * a valid UPC-E (always so when the sixth digit is 5-9), also the UPC-A that UPC-E stands for. The
 * digits alone cannot say which symbol was printed, so the till indexes and looks up both.
 */
export function barcodeKeys(code: string): string[] {
  const key = barcodeKey(code);
  if (!/^[01]\d{7}$/.test(key)) return [key];
  const upcA = withCheckDigit(upcEBody(key));
  return upcA.endsWith(key[7]) ? [key, upcA] : [key];
}
