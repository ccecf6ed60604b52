// A shift close states its counted total beside the notes and coins it counted: the day's books take
// the total (counted cash, variance), so it must be what the count adds up to.
import { formatFen } from './money';
import type { Operation } from './operation';
import { countedTotal } from './shift';
import { ruleError, type Checked } from './tenders';

/**
 * Refused ('counted_total_mismatch') when a shift close's countedTotal is not the sum of its notes
 * and coins: the Z-report would show cash nobody counted, and a variance that is not there.
 */
export function checkCountedTotal(op: Operation): Checked<null> {
  if (op.type !== 'shift.closed') return { ok: true, value: null };
  const { shiftId, counted, countedTotal: stated } = op.payload;
  const sum = countedTotal(counted);
  if (stated === sum) return { ok: true, value: null };
  return ruleError(
    'counted_total_mismatch',
    `shift ${shiftId}: countedTotal ${formatFen(stated)} is not what the notes and coins counted add up to, ${formatFen(sum)}`,
  );
}
