// A device's operation taken in exactly once: a resend (same id, same body) gets its first answer
// again, the same id with another body is refused; a new one passes the receipt's checks and is
// recorded, and its answer remembered for any resend.
import type { AckResult, Operation } from '@pos/shared';
import type { ApplyContext } from './apply-event';
import type { EventRecorder } from './event-recorder';
import { operationJson } from './journal-json';
import {
  answerOf,
  hashOperation,
  receiptEvent,
  refusal,
  senderRefusal,
  sequenceJumpRefusal,
} from './receipt';
import type { OpRecord } from './recovery';

export class OperationIntake {
  constructor(
    private readonly ctx: ApplyContext,
    /** Every operation received, by id: the exactly-once index (rebuilt from the journal at open). */
    private readonly ops: Map<string, OpRecord>,
    private readonly recorder: EventRecorder,
  ) {}

  /** Its answer; recorded (not yet durable) unless refused before the fold or a resend. */
  receive(deviceId: string, op: Operation): AckResult {
    const { ctx } = this;
    const device = ctx.state.devices[deviceId];
    if (!device) return refusal(op, 'device_unknown', `device ${deviceId} is not paired`);
    const notFromIt = senderRefusal(device, op);
    if (notFromIt) return notFromIt;
    const json = operationJson(op);
    const hash = hashOperation(op, json.op);
    const previous = this.ops.get(op.id);
    if (previous) {
      if (previous.hash !== hash)
        return refusal(
          op,
          'id_conflict',
          `operation ${op.id} was already received with a different body`,
        );
      return answerOf(op, previous.outcome, true, previous.approvalDropped);
    }
    const jumped = sequenceJumpRefusal(device, op);
    if (jumped) return jumped;
    const event = receiptEvent(op, hash, device, {
      staffOf: (id) => ctx.state.staff[id],
      skuKnown: (skuId) => ctx.skuProducts.has(skuId),
      orderOf: (orderId) => ctx.orders.get(orderId),
      referenceUse: (reference) => ctx.trades.referenceUse(reference),
    });
    // An operation recorded otherwise than received is serialized anew: its JSON is not `json`.
    const { outcome } = this.recorder.record(event, event.op === op ? json : undefined);
    const { approvalDropped } = event;
    this.ops.set(op.id, { hash, outcome: outcome!, approvalDropped });
    return answerOf(op, outcome!, false, approvalDropped);
  }
}
