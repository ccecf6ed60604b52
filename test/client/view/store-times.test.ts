// Times on the till's screens are the store's wall clock, as its receipts and reports print them,
// whatever time zone the phone is set to (jest.config.js runs the tests in New York's).

import type { DeviceInfo } from '@pos/shared';
import { summarizeShift } from '@pos/shared';
import type { OrderView } from '../../../miniprogram/core/local-view';
import { deviceRows as storeDeviceRows } from '../../../miniprogram/view/day-end-view';
import { orderDetail, orderRows } from '../../../miniprogram/view/order-view';
import { deviceRows } from '../../../miniprogram/view/settings-view';
import { shiftFlows } from '../../../miniprogram/view/shift-view';
import { receiptFixtureOrder } from '../../support/receipt-fixture';

const china = 480;
/** Epoch ms of a wall-clock time in China (UTC+8). */
const beijing = (h: number, mi: number) => Date.UTC(2026, 10, 22, h - 8, mi);

test('the phone really is in another zone: its own clock would read other hours', () => {
  expect(new Date(beijing(14, 3)).getHours()).toBe(1);
});

test('order rows and detail show when the order was made, voided and refunded, in store time', () => {
  const sold = receiptFixtureOrder(); // made at 14:03 in China
  const view: OrderView = { order: sold, sync: 'synced' };
  expect(orderRows([view], 'store', null, china)[0].time).toBe('14:03');
  expect(orderDetail(view, china)!.time).toBe('14:03');

  const voided: OrderView = {
    order: {
      ...sold,
      status: 'voided',
      void: {
        staffId: 'staff-manager',
        approvedBy: 'staff-manager',
        reason: '',
        at: beijing(23, 50),
      },
    },
    sync: 'synced',
  };
  expect(orderDetail(voided, china)!.voided).toContain('23:50');

  const refund = {
    id: 'refund-1',
    orderId: sold.id,
    deviceId: 'dev-1',
    staffId: 'staff-manager',
    approvedBy: 'staff-manager',
    reason: '',
    createdAt: beijing(16, 45),
    businessDay: '2026-11-22',
    lines: [],
    tenders: [],
    restock: false,
  };
  const refunded: OrderView = { order: { ...sold, refunds: [refund] }, sync: 'synced' };
  expect(orderDetail(refunded, china)!.refunds[0].text).toContain('16:45');
});

test('the shift screen says when the shift opened, in store time', () => {
  const opened = {
    shiftId: 'shift-1',
    staffId: 'staff-cashier',
    deviceId: 'dev-1',
    float: 20_000,
    at: beijing(8, 30),
  };
  expect(shiftFlows(summarizeShift(opened, [], []), china)!.openedAt).toContain('08:30');
});

test('the manager sees when each device was last in touch, and settings when it was paired', () => {
  const device: DeviceInfo = {
    id: 'dev-1',
    code: 'T1',
    name: 'Till 1',
    kind: 'tablet',
    pairedAt: beijing(9, 15),
    revokedAt: null,
    ackedSeq: 0,
    missingSeqs: [],
    lastSeenAt: beijing(21, 7),
  };
  expect(storeDeviceRows([device], 'dev-1', 0, china)[0].lastSeen).toContain('11-22 21:07');
  const paired = deviceRows(
    {
      deviceId: 'dev-1',
      deviceCode: 'T1',
      name: 'Till 1',
      kind: 'tablet',
      storeName: 'Corner shop',
      serverAddress: '127.0.0.1:8787',
      pairedAt: beijing(9, 15),
    },
    china,
  );
  expect(paired.map((row) => row.value)).toContain('2026-11-22 09:15');
});
