// A member's name as a person gave it, checked the same on the till (before the join is saved) and
// on the server (a device's member.joined, at receipt): trimmed, at most 40 characters, no control
// character. Stored members and journals are read as they were written (memberSchema).
import { memberNameInputSchema } from './member';
import type { Operation } from './operation';
import { ruleError, type Checked } from './tenders';

/** The name trimmed, or 'member_name_invalid' saying what is wrong with it. */
export function checkMemberNameInput(name: string): Checked<string> {
  const parsed = memberNameInputSchema.safeParse(name);
  if (parsed.success) return { ok: true, value: parsed.data };
  return ruleError('member_name_invalid', `a member's name ${parsed.error.issues[0].message}`);
}

/** Refused ('member_name_invalid') when a device's join names the member as no input may. */
export function checkJoinedMemberName(op: Operation): Checked<null> {
  if (op.type !== 'member.joined') return { ok: true, value: null };
  const checked = checkMemberNameInput(op.payload.name);
  return checked.ok ? { ok: true, value: null } : checked;
}
