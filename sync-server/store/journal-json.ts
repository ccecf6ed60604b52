// A journal entry serialized once. An order pushed by a device appears in its operation (hashed for
// exactly-once), in the journal line twice (the operation and the order change) and in the change
// frames: its JSON is made once here and reused, byte for byte what JSON.stringify would write.
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

export interface EncodedRecord {
  /** JSON.stringify(record). */
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
  const changes = record.changes.map((change) =>
    op && opJson?.payload && isOrderOf(change, op.payload)
      ? `{"kind":"order","order":${opJson.payload},"cursor":${change.cursor}}`
      : JSON.stringify(change),
  );
  const eventJson =
    event.kind === 'op' && opJson && Object.keys(event).join() === 'kind,op,hash'
      ? `{"kind":"op","op":${opJson.op},"hash":${JSON.stringify(event.hash)}}`
      : JSON.stringify(event);
  const outcome =
    record.outcome === undefined ? '' : `,"outcome":${JSON.stringify(record.outcome)}`;
  const json = `{"n":${record.n},"at":${record.at},"event":${eventJson}${outcome},"changes":[${changes.join(',')}]}`;
  return { json, changes };
}

/** The change made of exactly this order object (as the store makes it: kind, order, cursor). */
function isOrderOf(change: Change, payload: unknown): change is Extract<Change, { kind: 'order' }> {
  return (
    change.kind === 'order' &&
    change.order === payload &&
    Object.keys(change).join() === 'kind,order,cursor'
  );
}
