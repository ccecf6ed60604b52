// The UI's language: pages read their words from `text` and turn a store's refusal into a sentence
// with `describeError`. Switching language means pointing `text` at another file shaped like zh.ts.
import { formatFen, type RuleError } from '@pos/shared';
import { zh, type Texts } from './zh';

export const text: Texts = zh;

/**
 * A refusal in the UI's language: the code's own sentence where there is one (with the amounts a
 * refusal carries, such as the offline stored-value cap's: member-store.ts, or the time of the last
 * change a clock set back is behind: clock-floor.ts); otherwise the store's message (English for
 * now), so what is wrong is never hidden.
 */
export function describeError(error: RuleError): string {
  if (error.code === 'locked') {
    const minutes = /(\d+) minute/.exec(error.message);
    return text.signIn.locked(minutes ? Number(minutes[1]) : 1);
  }
  const { asked, left, lastAt } = error as RuleError & {
    asked?: unknown;
    left?: unknown;
    lastAt?: unknown;
  };
  const withAmounts = text.errorsWithAmounts[error.code];
  if (withAmounts && typeof asked === 'number' && typeof left === 'number')
    return withAmounts(formatFen(asked), formatFen(left));
  const withTime = text.errorsWithTime[error.code];
  if (withTime && typeof lastAt === 'string') return withTime(lastAt);
  return text.errors[error.code] ?? text.errorFallback(error.message);
}

/** A section's fixed words for a page's data: templates cannot call functions, so those are left out. */
export type Words<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K];
};

export function words<T extends object>(section: T): Words<T> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section))
    if (typeof value !== 'function') kept[key] = value;
  return kept as Words<T>;
}
