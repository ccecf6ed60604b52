// A signed-in till that never connects, and the server's answers handed to its ledger by hand: for
// what the till shows between an ack and the changes the server sends after it.
import type { Operation } from '@pos/shared';
import { launch, signIn, type TestDevice } from './device';
import { seedLedger } from './offline-seed';

export function offlineTill(): TestDevice {
  const device = launch({ client: { autoStart: false } });
  seedLedger(device.client.ledger);
  signIn(device);
  return device;
}

/** The server's ack of `ops`, as if pushed and stored now. */
export function ack(device: TestDevice, ops: readonly Operation[]): void {
  device.client.ledger.settle(ops.map((op) => ({ id: op.id, seq: op.seq, status: 'applied' })));
}

/** The operation the till recorded last. */
export function lastOp(device: TestDevice): Operation {
  const entries = device.client.ledger.outbox.entries();
  return entries[entries.length - 1].op;
}
