// A refund, top-up, offline member or shift a device makes is named after the operation that
// makes it, so the id is used once: the server answers an operation exactly once by its own id,
// never by the id it carries.
import type { Operation } from './operation';
import { ruleError, type Checked } from './tenders';

/** The id the operation's new refund, top-up, member or shift must carry, as the till makes it. */
function madeIdOf(op: Operation): { what: string; id: string; expected: string } | null {
  switch (op.type) {
    case 'order.refunded':
      return { what: 'refund', id: op.payload.id, expected: `${op.deviceId}:refund:${op.seq}` };
    case 'member.topped_up':
      return { what: 'top-up', id: op.payload.id, expected: `${op.deviceId}:topup:${op.seq}` };
    case 'member.joined':
      return { what: 'member', id: op.payload.id, expected: `${op.deviceId}:member:${op.seq}` };
    case 'shift.opened':
      return { what: 'shift', id: op.payload.shiftId, expected: `${op.deviceId}:shift:${op.seq}` };
    default:
      return null;
  }
}

/**
 * Refused ('id_sequence_mismatch') when a refund, top-up, offline member or shift is not named
 * after its operation's sequence. Sent again under another sequence, the same top-up was credited
 * twice; the same refund id on another order took over the first order's WeChat refund (its
 * out_refund_no) and marked the second refunded with no money sent back; a provisional member id
 * joined again with another phone moved the first member's sales and top-ups to that phone's member.
 */
export function checkMadeIdSequence(op: Operation): Checked<null> {
  const made = madeIdOf(op);
  if (made === null || made.id === made.expected) return { ok: true, value: null };
  return ruleError(
    'id_sequence_mismatch',
    `${made.what} ${made.id} is not named after sequence ${op.seq}, the operation that makes it (${made.expected}): an id sent again under another sequence would count twice`,
  );
}
