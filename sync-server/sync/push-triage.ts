// A push that fails the schema is looked at operation by operation: one malformed operation (from
// an app version the server does not understand) is refused alone, and the rest of the batch is
// stored, so the device's outbox keeps draining and shows the one it must deal with.
import {
  MAX_PUSH_BATCH,
  operationSchema,
  parseWith,
  type AckResult,
  type Operation,
} from '@pos/shared';

export interface TriagedPush {
  /** The operations that pass the schema, in the order they came. */
  valid: Operation[];
  /** An answer for each one that does not, naming its bad fields. */
  refused: AckResult[];
}

const isSeq = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;

/**
 * Splits a push frame's text into valid operations and refusals, or null when it cannot be
 * answered operation by operation (not JSON, not a push, no list of operations, or an operation
 * without a readable id and sequence to answer it by).
 */
export function triagePush(text: string): TriagedPush | null {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof frame !== 'object' || frame === null) return null;
  const { type, ops } = frame as { type?: unknown; ops?: unknown };
  if (type !== 'push' || !Array.isArray(ops) || ops.length === 0 || ops.length > MAX_PUSH_BATCH)
    return null;
  const triaged: TriagedPush = { valid: [], refused: [] };
  for (const op of ops as unknown[]) {
    const parsed = parseWith(operationSchema, op);
    if (parsed.ok) {
      triaged.valid.push(parsed.value);
      continue;
    }
    const { id, seq } = (typeof op === 'object' && op !== null ? op : {}) as Record<
      string,
      unknown
    >;
    if (typeof id !== 'string' || id.length === 0 || id.length > 200 || !isSeq(seq)) return null;
    triaged.refused.push({
      id,
      seq,
      status: 'refused',
      error: { code: 'bad_operation', message: `operation refused: ${parsed.error}` },
    });
  }
  return triaged;
}

/** The store's answers and the refusals together, in the order of the operations' sequences. */
export function mergeAnswers(stored: AckResult[], refused: AckResult[]): AckResult[] {
  return refused.length === 0 ? stored : [...stored, ...refused].sort((a, b) => a.seq - b.seq);
}
