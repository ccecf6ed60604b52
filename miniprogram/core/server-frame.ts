// A frame from the server, read at the boundary with the shared schemas. A changes frame or a
// snapshot they refuse is read again record by record, as the server reads a push operation by
// operation: a record this build cannot read (from a newer server, or a bug) is named and left
// out, and the rest applies. Dropped whole, the next frame's cursor would pass every change in it.
import {
  changeSchema,
  changesMessageSchema,
  describeIssues,
  parseWith,
  serverMessageSchema,
  snapshotMessageSchema,
  snapshotSchema,
  type Change,
  type Parsed,
  type ServerMessage,
  type Snapshot,
} from '@pos/shared';

/** Where a record of the server's goes on the device: a snapshot's part of that name. */
export type RecordTable = keyof Snapshot;

/** A record of the server's that this build could not read: what it is, and why. */
export interface UnreadableRecord {
  /**
   * The table it was for (products, staff, orders, settings...); for a change of a kind this build
   * does not know, that kind; for a change with no kind at all, "changes".
   */
  table: string;
  id: string | null;
  reason: string;
}

/** In a changes frame, a change that could not be read, in its place in the feed. */
export interface UnreadableChange {
  kind: 'unreadable';
  record: UnreadableRecord;
}

export type FeedEntry = Change | UnreadableChange;

export type ReadFrame =
  | Exclude<ServerMessage, { type: 'changes' | 'snapshot' }>
  | { type: 'changes'; changes: FeedEntry[]; cursor: number; caughtUp?: true }
  | {
      type: 'snapshot';
      snapshot: Snapshot;
      cursor: number;
      more?: boolean;
      unreadable: UnreadableRecord[];
    };

/** Each change kind's table and the field holding its record. */
const changeTables: Record<Change['kind'], RecordTable> = {
  settings: 'settings',
  category: 'categories',
  product: 'products',
  stock: 'stock',
  staff: 'staff',
  member: 'members',
  device: 'devices',
  order: 'orders',
};

type ListName = Exclude<keyof Snapshot, 'settings'>;
/** A snapshot's lists, as the shared snapshot schema has them (a list added there is read too). */
const listNames = Object.keys(snapshotSchema.shape).filter(
  (name): name is ListName => name !== 'settings',
);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The id a record gives itself, if it gives one. */
function idOf(record: unknown, table: string): string | null {
  if (!isObject(record)) return null;
  const id = record[table === 'stock' ? 'skuId' : 'id'];
  return typeof id === 'string' ? id : null;
}

function readChange(raw: unknown): FeedEntry {
  const parsed = changeSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const unreadable = (table: string, id: string | null, reason: string): UnreadableChange => ({
    kind: 'unreadable',
    record: { table, id, reason },
  });
  const kind = isObject(raw) ? raw.kind : undefined;
  if (!isObject(raw) || typeof kind !== 'string')
    return unreadable('changes', null, describeIssues(parsed.error));
  if (!(kind in changeTables))
    return unreadable(kind, idOf(raw[kind], kind), 'a kind of change this app does not know');
  const table = changeTables[kind as Change['kind']];
  return unreadable(table, idOf(raw[kind], table), describeIssues(parsed.error));
}

/** A snapshot's records read one by one; the lists must be lists, the settings read already. */
function readSnapshot(settings: Snapshot['settings'], raw: Record<ListName, unknown[]>) {
  const unreadable: UnreadableRecord[] = [];
  const lists = Object.fromEntries(
    listNames.map((name) => {
      const read: unknown[] = [];
      for (const record of raw[name]) {
        const parsed = snapshotSchema.shape[name].element.safeParse(record);
        if (parsed.success) read.push(parsed.data);
        else {
          const reason = describeIssues(parsed.error);
          unreadable.push({ table: name, id: idOf(record, name), reason });
        }
      }
      return [name, read];
    }),
  ) as Omit<Snapshot, 'settings'>;
  return { snapshot: { settings, ...lists }, unreadable };
}

/**
 * A frame read record by record once the whole was refused; null when its envelope is wrong too.
 * The envelope is checked with the shared schemas, on a copy of the frame with its lists empty.
 */
function readRecordByRecord(frame: unknown): ReadFrame | null {
  if (!isObject(frame)) return null;
  if (frame.type === 'changes' && Array.isArray(frame.changes)) {
    const envelope = changesMessageSchema.safeParse({ ...frame, changes: [] });
    if (!envelope.success) return null;
    return { ...envelope.data, changes: frame.changes.map(readChange) };
  }
  const snapshot = frame.snapshot;
  if (frame.type !== 'snapshot' || !isObject(snapshot)) return null;
  if (!listNames.every((name) => Array.isArray(snapshot[name]))) return null;
  const emptied = Object.fromEntries(listNames.map((name) => [name, []]));
  const envelope = snapshotMessageSchema.safeParse({
    ...frame,
    snapshot: { ...snapshot, ...emptied },
  });
  if (!envelope.success) return null;
  const lists = snapshot as Record<ListName, unknown[]>;
  return { ...envelope.data, ...readSnapshot(envelope.data.snapshot.settings, lists) };
}

/** Reads a frame's JSON text; never throws. */
export function readServerFrame(text: string): Parsed<ReadFrame> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` };
  }
  const whole = parseWith(serverMessageSchema, value);
  if (whole.ok)
    return {
      ok: true,
      value: whole.value.type === 'snapshot' ? { ...whole.value, unreadable: [] } : whole.value,
    };
  const read = readRecordByRecord(value);
  return read ? { ok: true, value: read } : whole;
}
