// Store-wide settings that the server owns and syncs to every device.
import { z } from 'zod';
import { nonNegativeFenSchema } from './money-schema';

export const roundingSchema = z.object({
  /** 抹零: none, to 0.1 yuan (jiao) or to 1 yuan. */
  unit: z.enum(['none', 'jiao', 'yuan']),
  mode: z.enum(['down', 'half-up']),
});
export type RoundingRule = z.infer<typeof roundingSchema>;

export const storeSettingsSchema = z.object({
  storeName: z.string().min(1).max(40),
  /** Minutes after local midnight when the business day starts (a cafe open past midnight: 240 = 04:00). */
  businessDayStartMinutes: z.number().int().min(0).max(1439),
  /** Store's offset from UTC in minutes (China: 480, no daylight saving). */
  utcOffsetMinutes: z.number().int().min(-720).max(840),
  rounding: roundingSchema,
  /** A discount above this share of the list amount needs a manager's PIN (basis points: 1000 = 10%). */
  discountApprovalBasisPoints: z.number().int().min(0).max(10000),
  /** Points a member earns per whole yuan paid. */
  pointsPerYuan: z.number().int().min(0).max(100),
  /** Points that take one yuan off an order; 100 when not set (points.ts). */
  pointsRedeemPerYuan: z.number().int().min(1).max(100000).optional(),
  /** What a device may spend of stored value while offline, per member and in all. */
  offlineStoredValueCap: z.object({
    perMember: nonNegativeFenSchema,
    perDevice: nonNegativeFenSchema,
  }),
  /**
   * A shift's cash variance beyond this, either way, needs a manager's approval; ¥10 when not set
   * (`cashVarianceApprovalFenOf` in report/cash-variance.ts). Optional: journals and devices from
   * before the setting existed have none.
   */
  cashVarianceApprovalFen: nonNegativeFenSchema.optional(),
});
export type StoreSettings = z.infer<typeof storeSettingsSchema>;

export const defaultStoreSettings: StoreSettings = {
  storeName: '小店',
  businessDayStartMinutes: 240,
  utcOffsetMinutes: 480,
  rounding: { unit: 'none', mode: 'down' },
  discountApprovalBasisPoints: 2000,
  pointsPerYuan: 1,
  offlineStoredValueCap: { perMember: 10000, perDevice: 50000 },
};
