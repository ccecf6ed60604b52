// How long, in a cashier's words: '40 分钟', '6 小时', '8 天'. Pure.
import { text } from '../i18n/index';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Rounded, as a cashier reads it: minutes below an hour, hours below two days, then days. */
export function durationWords(ms: number): string {
  const t = text.sync;
  if (ms < HOUR) return t.minutes(Math.round(ms / MINUTE));
  if (ms < 2 * DAY) return t.hours(Math.round(ms / HOUR));
  return t.days(Math.round(ms / DAY));
}
