// Order ids and the order numbers people read off a receipt, both made on the device without the server.
// A device counts its orders per business day from 1; device id (or code) and day make that unique.
import { monthDayOf } from './business-day';
import type { Parsed } from './validation';

function assertSeq(seq: number): void {
  if (!Number.isSafeInteger(seq) || seq < 1)
    throw new RangeError(`an order sequence is a whole number from 1, got ${seq}`);
}

/**
 * The order's id, unique in the store without the server: 'dev-01:2026-11-22:42'. Device ids never
 * contain ':', so the id splits back into its parts unambiguously.
 */
export function orderId(deviceId: string, businessDay: string, seq: number): string {
  assertSeq(seq);
  monthDayOf(businessDay); // throws for a malformed day
  return `${deviceId}:${businessDay}:${seq}`;
}

export interface OrderIdParts {
  deviceId: string;
  businessDay: string;
  seq: number;
}

/** Splits an id made by `orderId`; the server uses it to see gaps in a device's orders. */
export function parseOrderId(id: string): Parsed<OrderIdParts> {
  const match = /^([A-Za-z0-9_-]{4,40}):(\d{4}-\d{2}-\d{2}):([1-9]\d*)$/.exec(id);
  if (!match)
    return { ok: false, error: `"${id}" is not an order id such as dev-01:2026-11-22:42` };
  return { ok: true, value: { deviceId: match[1], businessDay: match[2], seq: Number(match[3]) } };
}

/** What a receipt shows: 'T1-1122-0042'; past 9999 orders in a day the number simply grows longer. */
export function orderNumber(deviceCode: string, businessDay: string, seq: number): string {
  assertSeq(seq);
  return `${deviceCode}-${monthDayOf(businessDay)}-${String(seq).padStart(4, '0')}`;
}

export interface OrderNumberParts {
  deviceCode: string;
  /** 'MMDD' of the business day. */
  monthDay: string;
  seq: number;
}

/**
 * Reads an order number as a person might type it when looking an order up: case and surrounding
 * spaces do not matter, and the sequence may lose its leading zeros ('t1-1122-42').
 */
export function parseOrderNumber(text: string): Parsed<OrderNumberParts> {
  const match = /^([TPK][1-9]\d{0,3})-(\d{2})(\d{2})-(\d{1,12})$/.exec(text.trim().toUpperCase());
  const fail = (why: string): Parsed<OrderNumberParts> => ({
    ok: false,
    error: `"${text}" is not an order number such as T1-1122-0042: ${why}`,
  });
  if (!match) return fail('expected device code, MMDD and sequence joined by "-"');
  const [, deviceCode, month, day, seqText] = match;
  if (+month < 1 || +month > 12) return fail(`month ${month} does not exist`);
  if (+day < 1 || +day > 31) return fail(`day ${day} does not exist`);
  const seq = Number(seqText);
  if (seq < 1) return fail('the sequence starts at 1');
  return { ok: true, value: { deviceCode, monthDay: month + day, seq } };
}
