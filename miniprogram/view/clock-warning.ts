// The sync badge's warning about the device clock: set back before this till's last change (no
// sale can be recorded), or off from the store server's (sales filed on the wrong business day).
// Pure.
import { storeDateTime } from '@pos/shared';
import { CLOCK_SKEW_WARNING_MS } from '../core/server-clock';
import type { SyncStatus } from '../core/sync-status';
import { text } from '../i18n/index';
import { durationWords } from './durations';

/** The warning to show, or '' when the clock is fine as far as the till knows. */
export function clockWarning(
  status: Pick<SyncStatus, 'clockBehind' | 'serverClock'>,
  utcOffsetMinutes: number,
): string {
  if (status.clockBehind !== null)
    return text.sync.clockBehind(storeDateTime(status.clockBehind, utcOffsetMinutes).slice(0, 16));
  const skew = status.serverClock?.skewMs ?? 0;
  if (Math.abs(skew) <= CLOCK_SKEW_WARNING_MS) return '';
  return skew > 0
    ? text.sync.clockSlow(durationWords(skew))
    : text.sync.clockFast(durationWords(-skew));
}
