// Operations: what a device appends to its outbox and the server applies exactly once.
// The envelope (device, per-device sequence) lets the server deduplicate and see gaps.
import { z } from 'zod';
import { deviceIdSchema, operationId } from './ids';
import { stockLevelSchema } from './catalog';
import { memberSchema } from './member';
import { epochMsSchema } from './epoch-ms';
import { orderSchema, refundSchema, tenderSchema, voidSchema } from './order';
import { cashMovementSchema, shiftClosedSchema, shiftOpenedSchema } from './shift';
import { topUpSchema } from './stored-value';
import { drawerOpenedSchema } from './drawer';
import { operationBoundsIssue } from './operation-bounds';

/** Each operation type and the schema of its payload. */
export const operationPayloadSchemas = {
  /** A sale rung up (status paid), or a kiosk order sent to the counter (status open). */
  'order.placed': orderSchema,
  /** A cashier takes payment for an open order (from a kiosk). */
  'order.paid': z.object({
    orderId: z.string().min(1).max(80),
    cashierId: z.string().min(1).max(40),
    tenders: z.array(tenderSchema).min(1),
    paidAt: epochMsSchema,
    /** The device taking the payment (absent from older devices): the order's paidDeviceId. */
    deviceId: deviceIdSchema.optional(),
  }),
  'order.refunded': refundSchema,
  'order.voided': voidSchema.extend({ orderId: z.string().min(1).max(80) }),
  'shift.opened': shiftOpenedSchema,
  'shift.cash_moved': cashMovementSchema,
  'shift.closed': shiftClosedSchema,
  /** A stock count sets a level: an event at a point in time, not a delta. */
  'stock.counted': stockLevelSchema.extend({ at: epochMsSchema }),
  /** Goods received: a delta. */
  'stock.received': z.object({
    skuId: z.string().min(1).max(40),
    qty: z.number().int().positive(),
    at: epochMsSchema,
  }),
  /** A member joined on this device; offline, the id is provisional and the server merges by phone. */
  'member.joined': memberSchema,
  /** Stored value added for a member, paid in cash at the till or by WeChat Pay. */
  'member.topped_up': topUpSchema,
  /** The cash drawer opened with no sale, with the reason given (the audit log lists it). */
  'drawer.opened': drawerOpenedSchema,
} as const;

export type OperationType = keyof typeof operationPayloadSchemas;
export const operationTypes = Object.keys(operationPayloadSchemas) as OperationType[];

const envelope = {
  /** `${deviceId}:${seq}` */
  id: z.string().min(1).max(60),
  deviceId: deviceIdSchema,
  /** The device's sequence, from 1, with no gaps. */
  seq: z.number().int().positive(),
  createdAt: epochMsSchema,
};

function operationOf<T extends OperationType>(type: T) {
  return z.object({ ...envelope, type: z.literal(type), payload: operationPayloadSchemas[type] });
}

export const operationSchema = z
  .discriminatedUnion('type', [
    operationOf('order.placed'),
    operationOf('order.paid'),
    operationOf('order.refunded'),
    operationOf('order.voided'),
    operationOf('shift.opened'),
    operationOf('shift.cash_moved'),
    operationOf('shift.closed'),
    operationOf('stock.counted'),
    operationOf('stock.received'),
    operationOf('member.joined'),
    operationOf('member.topped_up'),
    operationOf('drawer.opened'),
  ])
  .refine((op) => op.id === operationId(op.deviceId, op.seq), {
    message: 'must be the device id and sequence joined by ":"',
    path: ['id'],
  })
  // A void's, a payment's or a refund's cash moves in the drawer of the device it names: only that
  // device may say so (a refund naming another till would leave that till's count short).
  .refine(
    (op) =>
      (op.type !== 'order.voided' && op.type !== 'order.paid' && op.type !== 'order.refunded') ||
      op.payload.deviceId === undefined ||
      op.payload.deviceId === op.deviceId,
    { message: 'must be the device that sends the operation', path: ['payload', 'deviceId'] },
  )
  // Here, not in the payloads' own schemas: orders in the journal's changes keep loading.
  .superRefine((op, context) => {
    const issue = operationBoundsIssue(op);
    if (issue) context.addIssue({ code: 'custom', ...issue });
  });
export type Operation = z.infer<typeof operationSchema>;
export type OperationOf<T extends OperationType> = Extract<Operation, { type: T }>;
export type OperationPayload<T extends OperationType> = OperationOf<T>['payload'];
