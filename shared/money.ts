// Money is an integer number of fen (1/100 yuan) everywhere: stored, sent and computed.
// Only this module turns fen into text and text into fen.

/** An amount in fen. Always a safe integer; negative only where a sign means something (rounding). */
export type Fen = number;

export class MoneyParseError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`"${input}" is not an amount of money: ${reason}`);
    this.name = 'MoneyParseError';
  }
}

/** Formats fen as yuan with two decimals: 1230 -> "¥12.30", -5 -> "-¥0.05". */
export function formatFen(fen: Fen, symbol = '¥'): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${symbol}${yuan}.${cents}`;
}

/** Formats fen as a plain decimal for CSV and inputs: 1230 -> "12.30". */
export function fenToDecimal(fen: Fen): string {
  return formatFen(fen, '');
}

/**
 * Parses what a person types into fen: "12.3" -> 1230, "¥8" -> 800, "0.05" -> 5.
 * Refuses more than two decimals, signs, exponents and anything that is not a plain amount.
 */
export function parseFen(input: string): Fen {
  const text = input
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/,/g, '');
  if (text === '') throw new MoneyParseError(input, 'it is empty');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text) ?? /^()\.(\d+)$/.exec(text);
  if (!match)
    throw new MoneyParseError(input, 'use digits with at most two decimals, such as 12.30');
  const [, whole, fraction = ''] = match;
  if (fraction.length > 2) throw new MoneyParseError(input, 'it has more than two decimals');
  const fen = Number(whole || '0') * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new MoneyParseError(input, 'it is too large');
  return fen;
}

/** Throws unless `fen` is a safe integer: the guard at every place a float could slip in. */
export function assertFen(fen: number, what = 'amount'): asserts fen is Fen {
  if (!Number.isSafeInteger(fen))
    throw new TypeError(`${what} must be a whole number of fen, got ${fen}`);
}

/** Sums amounts in fen. */
export function sumFen(amounts: readonly Fen[]): Fen {
  let total = 0;
  for (const amount of amounts) total += amount;
  return total;
}

/**
 * Splits `total` over `weights` in proportion, in whole fen, so that the parts add up to `total`
 * exactly (largest-remainder method; ties go to the earliest part). Weights must be >= 0.
 */
export function allocateFen(total: Fen, weights: readonly number[]): Fen[] {
  assertFen(total, 'total');
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero amount over no parts');
    return [];
  }
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weights.some((w) => w < 0 || !Number.isFinite(w)))
    throw new RangeError('weights must be finite and >= 0');
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  // With no weight at all, split evenly.
  const effective = weightSum === 0 ? weights.map(() => 1) : weights;
  const effectiveSum = weightSum === 0 ? weights.length : weightSum;
  const exact = effective.map((w) => (abs * w) / effectiveSum);
  const parts = exact.map(Math.floor);
  let remainder = abs - sumFen(parts);
  const order = exact
    .map((value, index) => ({ index, fraction: value - Math.floor(value) }))
    .sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (let i = 0; remainder > 0; i = (i + 1) % order.length, remainder--)
    parts[order[i].index] += 1;
  // `+ 0` turns -0 into 0: a JSON round trip would not keep -0, and equality checks tell them apart.
  return parts.map((p) => p * sign + 0);
}
