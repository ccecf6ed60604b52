// A business day of membership as the server tallies it, for the day-end report: joins, top-ups
// (cash ones are in a drawer), stored value spent and given back, points, overspends flagged.
import { z } from 'zod';
import type { Fen } from './money';
import type { TopUpMethod } from './stored-value';

const tallySchema = z.object({ count: z.number().int().nonnegative(), amount: z.number().int() });
export type Tally = z.infer<typeof tallySchema>;

export const memberDaySchema = z.object({
  businessDay: z.string(),
  /** New members, and joins that turned out to be an existing member's phone (merged). */
  joined: z.number().int().nonnegative(),
  merged: z.number().int().nonnegative(),
  topUps: z.object({ cash: tallySchema, wechat: tallySchema }),
  /** Cash top-ups per device: money that went into that device's drawer, outside any order. */
  cashTopUpsByDevice: z.record(z.string(), z.number().int()),
  /** Stored value taken by orders (what the balances covered). */
  spent: tallySchema,
  /** Stored value given back by refunds and voids. */
  returned: tallySchema,
  pointsEarned: z.number().int(),
  pointsRedeemed: z.number().int(),
  /** Points taken back (refunds, voids) and given back (redemptions undone). */
  pointsReversed: z.number().int(),
  pointsReturned: z.number().int(),
  /** Overspends flagged that day: stored value in fen, points in points. */
  overspends: z.object({ storedValue: tallySchema, points: tallySchema }),
});
export type MemberDay = z.infer<typeof memberDaySchema>;

export function emptyMemberDay(businessDay: string): MemberDay {
  const none = (): Tally => ({ count: 0, amount: 0 });
  return {
    businessDay,
    joined: 0,
    merged: 0,
    topUps: { cash: none(), wechat: none() },
    cashTopUpsByDevice: {},
    spent: none(),
    returned: none(),
    pointsEarned: 0,
    pointsRedeemed: 0,
    pointsReversed: 0,
    pointsReturned: 0,
    overspends: { storedValue: none(), points: none() },
  };
}

/** Adds one to a tally (changed in place). */
export function tally(target: Tally, amount: Fen | number): void {
  target.count += 1;
  target.amount += amount;
}

/** Total top-ups of the day, any method. */
export function topUpTotal(day: MemberDay): Fen {
  return (Object.keys(day.topUps) as TopUpMethod[]).reduce(
    (sum, m) => sum + day.topUps[m].amount,
    0,
  );
}
