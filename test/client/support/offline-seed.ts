// A paired device's data without a server: the demo store as a snapshot and a made-up identity,
// for tests of the client core on its own (no socket is ever opened with autoStart off).
import type { Operation, Snapshot } from '@pos/shared';
import type { DeviceIdentity } from '../../../miniprogram/core/device-identity';
import type { Ledger } from '../../../miniprogram/core/ledger';
import { saleOperation, trackedSkus } from '../../support/sales';
import { demo } from '../../support/test-server';

export const testIdentity: DeviceIdentity = {
  deviceId: 'dev-test-1',
  deviceCode: 'T1',
  token: `t_${'x'.repeat(43)}`,
  name: 'Till under test',
  kind: 'tablet',
  storeName: demo.settings.storeName,
  // Nothing listens there; tests using this seed do not start syncing anyway.
  serverAddress: '127.0.0.1:9',
  pairedAt: 0,
};

export function demoSnapshot(): Snapshot {
  return {
    settings: demo.settings,
    categories: demo.categories,
    products: demo.products,
    stock: demo.stock,
    staff: demo.staff,
    members: demo.members,
    devices: [],
    orders: [],
  };
}

/** Gives the ledger an identity and the demo store's data, written to storage. */
export function seedLedger(ledger: Ledger, identity: DeviceIdentity = testIdentity): void {
  ledger.setIdentity(identity);
  ledger.applySnapshot(demoSnapshot(), 1);
  ledger.persist();
}

/** Records `count` cash sales of one tracked item on the seeded device, as checkouts would. */
export function recordSales(ledger: Ledger, clock: { now(): number }, count: number): Operation[] {
  const ops: Operation[] = [];
  for (let i = 0; i < count; i++) {
    const { seq } = ledger.nextOrderNumber();
    const { payload } = saleOperation({
      device: { deviceId: testIdentity.deviceId, deviceCode: testIdentity.deviceCode },
      seq,
      at: clock.now(),
      items: [{ skuId: trackedSkus[0].id, qty: 1 }],
    });
    ops.push(ledger.record(() => ({ type: 'order.placed', payload })));
  }
  return ops;
}
