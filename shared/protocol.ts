// The sync protocol between a device and the in-store server, over one WebSocket at /sync.
// One schema per message; both sides validate every frame with these.
import { z } from 'zod';
import { categorySchema, productSchema, stockLevelSchema } from './catalog';
import { deviceCodeSchema, deviceIdSchema, deviceKindSchema } from './ids';
import { memberSchema } from './member';
import { epochMsSchema } from './epoch-ms';
import { orderSchema } from './order';
import { operationSchema } from './operation';
import { storeSettingsSchema } from './settings';
import { staffSchema } from './staff';

/**
 * 2: push before pull. A device with operations to push says so in `hello` (`pending`) and the
 * server holds its changes back until it sends `pull`. The server still speaks 1 (no `pending`).
 */
export const PROTOCOL_VERSION = 2;
/** The oldest protocol the server still speaks. */
export const MIN_PROTOCOL_VERSION = 1;
/** Most operations in one push; a device with more sends several batches. */
export const MAX_PUSH_BATCH = 1000;
/** Largest frame either side accepts, in bytes. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** A server change-feed position: every change the server keeps has one, in order. */
export const cursorSchema = z.number().int().nonnegative();

export const deviceInfoSchema = z.object({
  id: deviceIdSchema,
  code: deviceCodeSchema,
  name: z.string().min(1).max(40),
  kind: deviceKindSchema,
  pairedAt: epochMsSchema,
  revokedAt: epochMsSchema.nullable(),
  /** Highest sequence applied with none missing below it. */
  ackedSeq: z.number().int().nonnegative(),
  /** Sequences skipped by the device and not received (missing operations). */
  missingSeqs: z.array(z.number().int().positive()),
  lastSeenAt: epochMsSchema.nullable(),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

/** One change in the server's feed. */
export const changeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('category'), cursor: cursorSchema, category: categorySchema }),
  z.object({ kind: z.literal('product'), cursor: cursorSchema, product: productSchema }),
  z.object({ kind: z.literal('stock'), cursor: cursorSchema, stock: stockLevelSchema }),
  z.object({ kind: z.literal('staff'), cursor: cursorSchema, staff: staffSchema }),
  z.object({ kind: z.literal('member'), cursor: cursorSchema, member: memberSchema }),
  z.object({ kind: z.literal('order'), cursor: cursorSchema, order: orderSchema }),
  z.object({ kind: z.literal('device'), cursor: cursorSchema, device: deviceInfoSchema }),
  z.object({ kind: z.literal('settings'), cursor: cursorSchema, settings: storeSettingsSchema }),
]);
export type Change = z.infer<typeof changeSchema>;
export type ChangeKind = Change['kind'];

/** Everything a device needs to start over, at one cursor. */
export const snapshotSchema = z.object({
  settings: storeSettingsSchema,
  categories: z.array(categorySchema),
  products: z.array(productSchema),
  stock: z.array(stockLevelSchema),
  staff: z.array(staffSchema),
  members: z.array(memberSchema),
  devices: z.array(deviceInfoSchema),
  /** Orders of the current business day and any still open. */
  orders: z.array(orderSchema),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

// Device -> server

export const helloMessageSchema = z.object({
  type: z.literal('hello'),
  protocol: z.number().int(),
  token: z.string().min(20).max(200),
  /** The last change cursor this device applied; null when it has none yet. */
  cursor: cursorSchema.nullable(),
  /**
   * The device has operations to push (protocol 2): the server sends it no changes until it sends
   * `pull`, so that its outbox reaches the server first. Absent (protocol 1) means false.
   */
  pending: z.boolean().optional(),
});
export const pushMessageSchema = z.object({
  type: z.literal('push'),
  ops: z.array(operationSchema).min(1).max(MAX_PUSH_BATCH),
});
export const pingMessageSchema = z.object({ type: z.literal('ping'), t: z.number() });
/** After a `hello` with `pending`: send the changes after the hello's cursor, then live ones. */
export const pullMessageSchema = z.object({ type: z.literal('pull') });

export const clientMessageSchema = z.discriminatedUnion('type', [
  helloMessageSchema,
  pushMessageSchema,
  pingMessageSchema,
  pullMessageSchema,
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

// Server -> device

export const ackResultSchema = z.object({
  id: z.string(),
  seq: z.number().int().positive(),
  status: z.enum(['applied', 'duplicate', 'refused']),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /**
   * Applied without the approval it came with, and why (a shift close approved by someone the server
   * does not know as a manager): the till shows the variance as awaiting a manager, not approved.
   */
  approvalDropped: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type AckResult = z.infer<typeof ackResultSchema>;

export const welcomeMessageSchema = z.object({
  type: z.literal('welcome'),
  protocol: z.number().int(),
  deviceId: deviceIdSchema,
  deviceCode: deviceCodeSchema,
  /** What the server already holds durably from this device: resume pushing after it. */
  ackedSeq: z.number().int().nonnegative(),
  serverTime: epochMsSchema,
});
export const ackMessageSchema = z.object({
  type: z.literal('ack'),
  results: z.array(ackResultSchema),
  ackedSeq: z.number().int().nonnegative(),
});
export const changesMessageSchema = z.object({
  type: z.literal('changes'),
  changes: z.array(changeSchema),
  /** Apply the changes, then remember this cursor. */
  cursor: cursorSchema,
  /**
   * On the last frame of a catch-up (what was missed since the hello cursor, sent at hello or at
   * `pull`): every change up to `cursor` has been sent, live ones follow. An empty catch-up is one
   * frame with no changes. A whole snapshot is a whole catch-up and needs no marker.
   */
  caughtUp: z.literal(true).optional(),
});
export const snapshotMessageSchema = z.object({
  type: z.literal('snapshot'),
  snapshot: snapshotSchema,
  cursor: cursorSchema,
  /**
   * Protocol 2: a snapshot too big for one frame comes in parts with the same cursor, each with the
   * settings and a share of the lists; `more` on all but the last. Applied together, once whole.
   */
  more: z.boolean().optional(),
});
/**
 * An error, sent before a close or on its own. Devices act on some codes (connection-state.ts):
 * `protocol_version` (this device is too old for the server: update the app) and `server_outdated`
 * (the server is older than the device: update the server), both before a 4400 close, whose reason
 * repeats the message with the range the server speaks ("speaks sync protocol 1 to 2").
 */
export const errorMessageSchema = z.object({
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
});
export const pongMessageSchema = z.object({ type: z.literal('pong'), t: z.number() });

export const serverMessageSchema = z.discriminatedUnion('type', [
  welcomeMessageSchema,
  ackMessageSchema,
  changesMessageSchema,
  snapshotMessageSchema,
  errorMessageSchema,
  pongMessageSchema,
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/**
 * Close codes the server uses; a device shows the reason and, for 4400, 4401, 4403 and 4409, stops
 * retrying. Any other code (1008 for no hello in time, 4410, 4429) is retried, and so is a 4400 for
 * a server older than the device (`server_outdated`): the server may be updated any time.
 */
export const closeCodes = {
  normal: 1000,
  goingAway: 1001,
  badFrame: 1008,
  tooBig: 1009,
  protocolVersion: 4400,
  unauthorized: 4401,
  revoked: 4403,
  replaced: 4409,
  /** A hello late on a socket older than the device's current one: the device gave up on it. */
  superseded: 4410,
  rateLimited: 4429,
} as const;
