// The business day a moment belongs to, and the store's wall clock for receipts, reports and screens.
// A store open past midnight keeps selling into "yesterday" until its day starts (such as 04:00).

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** The two settings (from StoreSettings) that decide where one business day ends and the next begins. */
export interface BusinessDaySettings {
  /** Minutes after local midnight when the business day starts: 240 = 04:00. */
  businessDayStartMinutes: number;
  /** The store's offset from UTC in minutes: 480 for China. */
  utcOffsetMinutes: number;
}

/** 'YYYY-MM-DD' of the UTC calendar day that contains `ms`. */
function utcDateText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The business day of a moment, as 'YYYY-MM-DD'. With the day starting at 04:00, 01:30 local time
 * belongs to the previous date and 04:00 exactly to the new one.
 */
export function businessDayOf(epochMs: number, settings: BusinessDaySettings): string {
  const shiftMinutes = settings.utcOffsetMinutes - settings.businessDayStartMinutes;
  return utcDateText(epochMs + shiftMinutes * MS_PER_MINUTE);
}

/** Year, month (1-12) and day of a 'YYYY-MM-DD' text; throws RangeError for anything else. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The years a business day from outside may fall in: a report of a day reads the days after it,
 * and the day after 9999-12-31 has no 'YYYY-MM-DD'.
 */
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 9998;

/** A real date in FIRST_YEAR to LAST_YEAR: what the boundary takes as a business day. */
export function isBusinessDayInRange(text: string): boolean {
  const parts = datePartsOrNull(text);
  return parts !== null && parts.year >= FIRST_YEAR && parts.year <= LAST_YEAR;
}

/** The parts of a real calendar date 'YYYY-MM-DD', or null. Plain arithmetic: every order checks it. */
function datePartsOrNull(text: string): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const parts = { year: +match[1], month: +match[2], day: +match[3] };
  const valid =
    parts.month >= 1 &&
    parts.month <= 12 &&
    parts.day >= 1 &&
    parts.day <= daysInMonth(parts.year, parts.month);
  return valid ? parts : null;
}

function dateParts(businessDay: string): { year: number; month: number; day: number } {
  const parts = datePartsOrNull(businessDay);
  if (!parts) throw new RangeError(`"${businessDay}" is not a date such as 2026-11-22`);
  return parts;
}

/** Whether a text is a real calendar date written 'YYYY-MM-DD'. */
export function isBusinessDay(text: string): boolean {
  return datePartsOrNull(text) !== null;
}

/** The moment (epoch ms) a business day starts; the next day's start is where it ends. */
export function businessDayStartMs(businessDay: string, settings: BusinessDaySettings): number {
  const { year, month, day } = dateParts(businessDay);
  const localStartMinutes = settings.businessDayStartMinutes - settings.utcOffsetMinutes;
  return Date.UTC(year, month - 1, day) + localStartMinutes * MS_PER_MINUTE;
}

/** The business day `days` after (or before, when negative) the given one. */
export function addBusinessDays(businessDay: string, days: number): string {
  const { year, month, day } = dateParts(businessDay);
  return utcDateText(Date.UTC(year, month - 1, day + days));
}

/** 'MMDD' of a business day, as printed in order numbers: '2026-11-22' -> '1122'. */
export function monthDayOf(businessDay: string): string {
  dateParts(businessDay);
  return businessDay.slice(5, 7) + businessDay.slice(8, 10);
}

/**
 * '2026-11-22 14:05:09' on the store's wall clock. Every time a person reads uses the store's zone,
 * not the phone's: a till set to another zone still shows the times its receipts print.
 */
export function storeDateTime(epochMs: number, utcOffsetMinutes: number): string {
  const local = new Date(epochMs + utcOffsetMinutes * MS_PER_MINUTE).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}

/** '14:05' on the store's wall clock. */
export function storeClockTime(epochMs: number, utcOffsetMinutes: number): string {
  return storeDateTime(epochMs, utcOffsetMinutes).slice(11, 16);
}

/** The hour (0-23) on the store's wall clock at a moment. */
export function localHourOf(epochMs: number, utcOffsetMinutes: number): number {
  const localMs = epochMs + utcOffsetMinutes * MS_PER_MINUTE;
  return Math.floor((((localMs % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_HOUR);
}

/**
 * Where a local hour falls within the business day, 0-23: with the day starting at 04:00, hour 4 is
 * first and hour 3 (after midnight) is last. Sorting by it lists a day's hours as they happened.
 */
export function businessHourIndex(hour: number, settings: BusinessDaySettings): number {
  const firstHour = Math.floor(settings.businessDayStartMinutes / 60);
  return (hour - firstHour + 24) % 24;
}
