// What the store answers an operation on arrival: who may send it, its hash for exactly-once, the
// rules checked before the fold, and the ack result. Module functions: they run for every operation.
import crypto from 'node:crypto';
import {
  checkCountedSku,
  checkCountedTotal,
  checkJoinedMemberName,
  checkMadeIdSequence,
  checkOperationStaff,
  closeAsRecorded,
  checkOwnership,
  checkRefundOperationRoom,
  checkTopUpReference,
  checkDeviceWechatTenders,
  type AckResult,
  type Operation,
  type Order,
  type Staff,
} from '@pos/shared';
import { messageOf } from './errors';
import type { DeviceRecord, OpOutcome, RefusalError, StoreEvent } from './state';

/**
 * A device may skip sequence numbers (lost data), but not leave more than this many missing in
 * all: each is remembered, reported at day end and sent to every device.
 */
export const MAX_MISSING_SEQS = 10_000;

// crypto.hash: one call, no Hash object per operation (half the cost for a sale's ~1 KB).
export function hashOperation(op: Operation, json = JSON.stringify(op)): string {
  return crypto.hash('sha256', json, 'hex');
}

/** `approvalDropped`: the approval the operation was recorded without (a resend is told again). */
export function answerOf(
  op: Operation,
  outcome: OpOutcome,
  duplicate: boolean,
  approvalDropped?: RefusalError,
): AckResult {
  if (outcome.status === 'refused')
    return { id: op.id, seq: op.seq, status: 'refused', error: outcome.error };
  const status = duplicate ? 'duplicate' : 'applied';
  return { id: op.id, seq: op.seq, status, ...(approvalDropped ? { approvalDropped } : {}) };
}

/** A refusal answered but not recorded: the operation never reached the store. */
export function refusal(op: Operation, code: string, message: string): AckResult {
  return answerOf(op, { status: 'refused', error: { code, message } }, false);
}

/** Refused unrecorded because of who sent it; null when `device` (paired) may send `op`. */
export function senderRefusal(device: DeviceRecord, op: Operation): AckResult | null {
  if (device.revokedAt !== null)
    return refusal(op, 'device_revoked', `device ${device.code} was revoked by a manager`);
  if (op.deviceId !== device.id)
    return refusal(op, 'wrong_device', `operation ${op.id} belongs to another device`);
  return null;
}

/** Refused unrecorded when its sequence would leave too many missing before it; else null. */
export function sequenceJumpRefusal(device: DeviceRecord, op: Operation): AckResult | null {
  const skipped = Math.max(0, op.seq - device.maxSeq - 1);
  if (device.missingSeqs.length + skipped <= MAX_MISSING_SEQS) return null;
  return refusal(
    op,
    'sequence_jump',
    `sequence ${op.seq} jumps too far past ${device.maxSeq}: more than ${MAX_MISSING_SEQS} operations would be missing`,
  );
}

/** What the receipt rules look up in the store as it stands. */
export interface ReceiptLookups {
  staffOf: (id: string) => Staff | undefined;
  /** Whether the catalog has this SKU (on any of its products). */
  skuKnown: (skuId: string) => boolean;
  orderOf: (orderId: string) => Order | undefined;
  /** What already used a WeChat payment's reference (a server trade, a top-up); undefined if none. */
  referenceUse: (reference: string) => string | undefined;
}

/**
 * Rules checked on receipt, not in the fold (as the schema is): a journal written before a rule
 * was made stricter replays as it was applied. Such a refusal is recorded. Null when `op` passes.
 */
export function receiptRefusal(
  op: Operation,
  device: DeviceRecord,
  { staffOf, skuKnown, orderOf, referenceUse }: ReceiptLookups,
): RefusalError | null {
  const owned = checkOwnership(op, device);
  if (!owned.ok) return owned.error;
  const sequenced = checkMadeIdSequence(op);
  if (!sequenced.ok) return sequenced.error;
  const counted = checkCountedTotal(op);
  if (!counted.ok) return counted.error;
  const named = checkJoinedMemberName(op);
  if (!named.ok) return named.error;
  const catalogued = checkCountedSku(op, skuKnown);
  if (!catalogued.ok) return catalogued.error;
  const roomy = checkRefundOperationRoom(op, orderOf);
  if (!roomy.ok) return roomy.error;
  const serverWechat = checkDeviceWechatTenders(op);
  if (!serverWechat.ok) return serverWechat.error;
  const creditedOnce = checkTopUpReference(op, referenceUse);
  if (!creditedOnce.ok) return creditedOnce.error;
  const staffed = checkOperationStaff(op, staffOf);
  return staffed.ok ? null : staffed.error;
}

/**
 * The journal event of an operation that passed the sender's checks: refused by a receipt rule, or
 * taken as the server records it (a shift close without an approval by someone not a manager,
 * closeAsRecorded). Decided here, on receipt, and journaled: the replay folds what was recorded.
 */
export function receiptEvent(
  op: Operation,
  hash: string,
  device: DeviceRecord,
  lookups: ReceiptLookups,
): Extract<StoreEvent, { kind: 'op' }> {
  const recorded = closeAsRecorded(op, lookups.staffOf);
  const refusedOnReceipt = receiptRefusal(recorded.op, device, lookups);
  if (refusedOnReceipt) return { kind: 'op', op, hash, refusedOnReceipt };
  if (recorded.dropped)
    return { kind: 'op', op: recorded.op, hash, approvalDropped: recorded.dropped };
  if (op.type === 'stock.counted') return { kind: 'op', op, hash, countPlaced: true };
  return { kind: 'op', op, hash, movesCapped: true };
}

/** Why an operation the fold failed on is refused (recorded, kept as received, for the manager). */
export function applyFailure(op: Operation, error: unknown): RefusalError {
  return {
    code: 'apply_failed',
    message: `the server failed to apply operation ${op.id} (${op.type}): ${messageOf(error)}. It is kept on the server as received; tell the manager`,
  };
}
