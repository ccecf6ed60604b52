// What devices speaking protocol 2 said of their outboxes since the server started, for the day-end
// report's completeness: a device still pushing has sales on their way.
import type { DeviceOutboxState } from '../reports/report-service';

export class DeviceOutboxes {
  private readonly byDevice = new Map<string, DeviceOutboxState>();

  constructor(private readonly now: () => number) {}

  /** Said hello: `pending`, it has operations to push; otherwise its outbox is empty now. */
  hello(deviceId: string, pending: boolean): void {
    this.byDevice.set(deviceId, {
      pushing: pending,
      outboxEmptyAt: pending ? (this.byDevice.get(deviceId)?.outboxEmptyAt ?? null) : this.now(),
    });
  }

  /** Sent `pull`, so its outbox is pushed (unless it had said nothing of it). */
  pulled(deviceId: string): void {
    if (this.byDevice.has(deviceId))
      this.byDevice.set(deviceId, { pushing: false, outboxEmptyAt: this.now() });
  }

  /** Its socket closed: what it did not push is no longer on its way. */
  disconnected(deviceId: string): void {
    const outbox = this.byDevice.get(deviceId);
    if (outbox) this.byDevice.set(deviceId, { ...outbox, pushing: false });
  }

  states(): ReadonlyMap<string, DeviceOutboxState> {
    return this.byDevice;
  }
}
