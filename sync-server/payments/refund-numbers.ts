// WeChat Pay's out_refund_no of a refund: derived from the refund's id (and which of the order's
// payments it goes back through), so every retry, restart or replay sends the same number.
import { createHash } from 'node:crypto';

/**
 * "T1dev:refund:12" -> "T1dev*refund*12" (a second payment: "...@2"). Device ids use none of
 * `*` or `@`, so the mapping is one to one; an id that does not fit is named by its digest.
 */
export function outRefundNoFor(refundId: string, part: number): string {
  const suffix = part > 1 ? `@${part}` : '';
  const readable = refundId.replace(/:/g, '*');
  if (/^[0-9A-Za-z_\-|*]{1,60}$/.test(readable)) return readable + suffix;
  return `H${createHash('sha256').update(refundId).digest('hex').slice(0, 40)}${suffix}`;
}
