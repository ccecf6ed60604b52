// Barcodes: GS1 check digits for EAN-13, EAN-8 and UPC-A, and store-internal codes.
import {
  barcodeKey,
  barcodeKeys,
  checkBarcode,
  gs1CheckDigit,
  withCheckDigit,
} from '../../shared/barcode';

describe('gs1CheckDigit', () => {
  it.each([
    ['690123456789', 2],
    ['400638133393', 1],
    ['978030640615', 7],
    ['9638507', 4],
    ['03600029145', 2],
  ])('%s -> %i', (digits, check) => {
    expect(gs1CheckDigit(digits)).toBe(check);
  });

  it('refuses anything but digits', () => {
    expect(() => gs1CheckDigit('69012a')).toThrow('"69012a" must be digits only');
    expect(() => gs1CheckDigit('')).toThrow(/digits only/);
  });

  it('withCheckDigit appends the check digit', () => {
    expect(withCheckDigit('690123456789')).toBe('6901234567892');
    expect(checkBarcode(withCheckDigit('123456789012'))).toEqual({ ok: true, kind: 'ean13' });
  });
});

describe('checkBarcode', () => {
  it.each([
    ['6901234567892', 'ean13'],
    ['4006381333931', 'ean13'],
    ['9780306406157', 'ean13'],
    ['96385074', 'ean8'],
    ['73513537', 'ean8'],
    ['036000291452', 'upca'],
    // UPC-E: 8 digits from 0 or 1 whose check digit is its UPC-A expansion's (042100005264).
    ['04252614', 'upce'],
    ['A123', 'internal'],
    ['SKU-0001', 'internal'],
    ['12345', 'internal'],
    ['1234567890', 'internal'],
  ])('accepts %s as %s', (code, kind) => {
    expect(checkBarcode(code)).toEqual({ ok: true, kind });
  });

  it.each([
    ['6901234567890', 2],
    ['4006381333932', 1],
    ['96385070', 4],
    ['036000291453', 2],
  ])('refuses %s, naming the check digit it expected (%i)', (code, expected) => {
    expect(checkBarcode(code)).toEqual({
      ok: false,
      error: `barcode "${code}" has a wrong check digit (expected ${expected})`,
    });
  });

  it.each(['', '123', 'ab c', '690123456789 ', '条码1234', 'A'.repeat(33), '12_34'])(
    'refuses "%s", which is not 4-32 letters, digits or "-"',
    (code) => {
      expect(checkBarcode(code)).toEqual({
        ok: false,
        error: `barcode "${code}" must be 4-32 letters, digits or "-"`,
      });
    },
  );
});

describe('barcodeKey', () => {
  it('ignores letter case, as the server and the till both compare codes by it', () => {
    expect(barcodeKey('ABC12345')).toBe(barcodeKey('abc12345'));
  });

  it('makes a UPC-A and its 0-prefixed EAN-13 one key', () => {
    expect(barcodeKey('0036000291452')).toBe(barcodeKey('036000291452'));
  });
});

describe('UPC-E', () => {
  it('expands to its UPC-A, so either form (and the EAN-13) finds one product', () => {
    expect(barcodeKey('04252614')).toBe(barcodeKey('042100005264'));
    expect(barcodeKey('04252614')).toBe(barcodeKey('0042100005264'));
  });

  it.each([
    ['01234505', '012000003455'],
    ['01234531', '012300000451'],
    ['01234543', '012340000053'],
    ['01234523', '012200003453'],
    ['11234502', '112000003452'],
  ])('expands %s as %s, by its sixth digit', (upcE, upcA) => {
    expect(checkBarcode(upcA)).toEqual({ ok: true, kind: 'upca' });
    expect(checkBarcode(upcE)).toEqual({ ok: true, kind: 'upce' });
    expect(barcodeKey(upcE)).toBe(upcA);
  });

  it('8 digits valid as both EAN-8 and UPC-E have both keys; other codes have their one key', () => {
    expect(barcodeKeys('01234558')).toEqual(['01234558', '012345000058']);
    expect(barcodeKeys('04252614')).toEqual(['042100005264']);
    expect(barcodeKeys('01234565')).toEqual(['01234565', '012345000065']);
    expect(barcodeKeys('69012345')).toEqual(['69012345']);
    expect(barcodeKeys('0036000291452')).toEqual(['036000291452']);
    expect(barcodeKeys('SKU-Latte')).toEqual(['sku-latte']);
  });

  it('a valid EAN-8 stays an EAN-8 and its own key; a wrong UPC-E check digit is refused', () => {
    expect(checkBarcode('01234565')).toEqual({ ok: true, kind: 'ean8' });
    expect(barcodeKey('01234565')).toBe('01234565');
    expect(checkBarcode('04252615')).toMatchObject({ ok: false });
  });
});
