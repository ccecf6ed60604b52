// Barcodes: EAN-13, EAN-8 and UPC-A with their GS1 check digit, plus store-internal codes.

export type BarcodeKind = 'ean13' | 'ean8' | 'upca' | 'internal';
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
 * Accepts EAN-13, EAN-8 and UPC-A with a correct check digit, and store-internal codes
 * (a letter first, or digits of another length, 4 to 32 characters of [A-Za-z0-9-]).
 */
export function checkBarcode(code: string): BarcodeCheck {
  if (!/^[A-Za-z0-9-]{4,32}$/.test(code)) {
    return { ok: false, error: `barcode "${code}" must be 4-32 letters, digits or "-"` };
  }
  const kind = /^\d+$/.test(code) ? gs1Lengths[code.length] : undefined;
  if (!kind) return { ok: true, kind: 'internal' };
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
 * ("0036000291452" -> "036000291452").
 */
export function barcodeKey(code: string): string {
  const lower = code.toLowerCase();
  return /^0\d{12}$/.test(lower) ? lower.slice(1) : lower;
}
