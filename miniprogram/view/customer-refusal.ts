// What a customer reads when a step is refused (by the store's server, or the kiosk's cart): Chinese
// always, the customer's own wording where there is one, never the server's English message (meant
// for staff and logs) nor the till's advice to a cashier.
import type { RuleError } from '@pos/shared';
import { describeError, text } from '../i18n/index';

const has = (table: Record<string, string>, code: string) =>
  Object.prototype.hasOwnProperty.call(table, code);

export function customerRefusal(error: RuleError): string {
  if (has(text.customer.refusals, error.code)) return text.customer.refusals[error.code];
  return has(text.errors, error.code) ? describeError(error) : text.customer.refused;
}
