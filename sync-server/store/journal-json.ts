// A journal entry serialized once. An order pushed by a device appears in its operation (hashed for
// exactly-once), in the order change of its journal line and in the change frames: its JSON is made
// once here and reused, and the journal line holds it once (the change points at the payload).
import type { Change, Operation } from '@pos/shared';
import type { JournalRecord } from './state';

export interface OperationJson {
  /** JSON.stringify(op), which the operation's hash is taken over. */
  op: string;
  /** JSON.stringify(op.payload), when the payload is the operation's last key (it is: operationSchema). */
  payload: string | null;
}

export function operationJson(op: Operation): OperationJson {
  const payload = JSON.stringify(op.payload);
  // The envelope with a stand-in payload in the payload's place: cheap, and it shows where that is.
  const envelope = JSON.stringify({ ...op, payload: 0 });
  if (!envelope.endsWith('"payload":0}')) return { op: JSON.stringify(op), payload: null };
  return { op: `${envelope.slice(0, -2)}${payload}}`, payload };
}

const recordKeys = ['n,at,event,outcome,changes', 'n,at,event,changes'];
/** An operation's event as received, whose line is written from the operation's own JSON. */
const opEventKeys = ['kind,op,hash,movesCapped', 'kind,op,hash'];

/**
 * How a journal line writes an order change whose order is its operation's payload: without the
 * order, which is on the same line already (about half of a sale's line).
 */
const ORDER_FROM_PAYLOAD = 'payload';

export interface EncodedRecord {
  /** The journal line's JSON: JSON.stringify(record), an order that is the payload written once. */
  json: string;
  /** JSON.stringify of each of its changes. */
  changes: string[];
}

/** Serializes an entry; given its operation's JSON, the operation and its own order are not serialized again. */
export function encodeRecord(record: JournalRecord, opJson?: OperationJson): EncodedRecord {
  // Only the shape the store makes is written by hand; anything else as JSON.stringify writes it.
  if (!recordKeys.includes(Object.keys(record).join()))
    return { json: JSON.stringify(record), changes: record.changes.map((c) => JSON.stringify(c)) };
  const { event } = record;
  const op = event.kind === 'op' && opJson ? event.op : null;
  const changes: string[] = [];
  const lineChanges: string[] = [];
  for (const change of record.changes) {
    if (op && opJson?.payload && isOrderOf(change, op.payload)) {
      changes.push(`{"kind":"order","order":${opJson.payload},"cursor":${change.cursor}}`);
      lineChanges.push(
        `{"kind":"order","orderFrom":"${ORDER_FROM_PAYLOAD}","cursor":${change.cursor}}`,
      );
      continue;
    }
    const json = JSON.stringify(change);
    changes.push(json);
    lineChanges.push(json);
  }
  const eventJson =
    event.kind === 'op' && opJson && opEventKeys.includes(Object.keys(event).join())
      ? `{"kind":"op","op":${opJson.op},"hash":${JSON.stringify(event.hash)}${movesCappedJson(event)}}`
      : JSON.stringify(event);
  const outcome =
    record.outcome === undefined ? '' : `,"outcome":${JSON.stringify(record.outcome)}`;
  const json = `{"n":${record.n},"at":${record.at},"event":${eventJson}${outcome},"changes":[${lineChanges.join(',')}]}`;
  return { json, changes };
}

/** The `movesCapped` mark as JSON.stringify writes it after the hash (nothing when absent). */
function movesCappedJson(event: { movesCapped?: true }): string {
  return event.movesCapped ? ',"movesCapped":true' : '';
}

/**
 * A journal line's entry as it was recorded: an order change written as `orderFrom: "payload"` gets
 * its operation's payload back. Lines written before that shortcut hold the order itself.
 */
export function decodeRecord(entry: unknown): unknown {
  const record = entry as { event?: { op?: { payload?: unknown } }; changes?: unknown };
  if (!Array.isArray(record.changes)) return entry;
  for (const change of record.changes as Array<Record<string, unknown> | null>) {
    if (change?.kind !== 'order' || change.orderFrom !== ORDER_FROM_PAYLOAD) continue;
    delete change.orderFrom;
    // No payload (a line not written by this store) leaves no order: the schema then says so.
    change.order = record.event?.op?.payload;
  }
  return entry;
}

/** The change made of exactly this order object (as the store makes it: kind, order, cursor). */
function isOrderOf(change: Change, payload: unknown): change is Extract<Change, { kind: 'order' }> {
  return (
    change.kind === 'order' &&
    change.order === payload &&
    Object.keys(change).join() === 'kind,order,cursor'
  );
}
