// Rounding in whole fen: 抹零 on a sale's total, and the half-up division that prices need.
// Integer math only: every division says which way it rounds.
import { assertFen, type Fen } from './money';
import type { RoundingRule } from './settings';

/** The step a rounded total lands on: 1 fen (no rounding), 1 jiao (10 fen) or 1 yuan (100 fen). */
export const roundingUnitFen: Readonly<Record<RoundingRule['unit'], Fen>> = {
  none: 1,
  jiao: 10,
  yuan: 100,
};

/**
 * numerator / divisor rounded half-up to a whole number, for numerator >= 0 and divisor > 0:
 * divideHalfUp(1255, 10) -> 126. The remainder is taken with %, so no float quotient is trusted.
 */
export function divideHalfUp(numerator: number, divisor: number): number {
  if (!Number.isSafeInteger(numerator) || numerator < 0)
    throw new RangeError(`cannot divide ${numerator}: it must be a whole number >= 0 and not huge`);
  if (!Number.isSafeInteger(divisor) || divisor <= 0)
    throw new RangeError(`cannot divide by ${divisor}: it must be a whole number > 0`);
  const remainder = numerator % divisor;
  const quotient = (numerator - remainder) / divisor;
  return remainder * 2 >= divisor ? quotient + 1 : quotient;
}

export interface RoundedTotal {
  rounded: Fen;
  /** rounded - total: negative when rounded down, never larger than the unit. */
  adjustment: Fen;
}

/**
 * Rounds a total (>= 0) to the rule's unit. Down never goes below zero; half-up goes up from half
 * a unit: roundTotal(1234, jiao/down) -> 1230 (-4), roundTotal(1235, jiao/half-up) -> 1240 (+5).
 */
export function roundTotal(total: Fen, rule: RoundingRule): RoundedTotal {
  assertFen(total, 'total');
  if (total < 0) throw new RangeError(`cannot round a negative total (${total} fen)`);
  const unit = roundingUnitFen[rule.unit];
  const remainder = total % unit;
  const roundedDown = total - remainder;
  const roundUp = rule.mode === 'half-up' && remainder * 2 >= unit;
  const rounded = roundUp ? roundedDown + unit : roundedDown;
  return { rounded, adjustment: rounded - total };
}

/**
 * What a rounding adjustment (one sale's, or a day's sum) is called: 抹零 ('rounding') when it took
 * money off, 凑整 ('roundedUp') when a half-up rule added some. Each UI words the key.
 */
export function roundingKind(adjustment: Fen): 'rounding' | 'roundedUp' {
  return adjustment > 0 ? 'roundedUp' : 'rounding';
}
