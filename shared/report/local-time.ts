// Wall-clock text in the store's time zone for reports and exports: '2026-11-22 14:05:09'.
const MS_PER_MINUTE = 60_000;

export function formatLocalDateTime(epochMs: number, utcOffsetMinutes: number): string {
  const local = new Date(epochMs + utcOffsetMinutes * MS_PER_MINUTE).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}
