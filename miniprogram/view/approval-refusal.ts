// What a page says when a manager's PIN typed on its PIN pad is not approved: its own words for a
// PIN that is no manager's, the store's sentence for anything else (a lockout, say). Pure.
import type { RuleError } from '@pos/shared';
import { describeError } from '../i18n/index';

export function approvalRefusal(error: RuleError, wrongPin: string): string {
  return error.code === 'wrong_pin' ? wrongPin : describeError(error);
}
