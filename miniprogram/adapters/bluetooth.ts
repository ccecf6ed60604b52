// WeChat's BLE central API for a receipt printer: open the adapter, discover, connect and find the
// writable characteristic, then write in chunks of at most 20 bytes, one after another, each awaited
// with retry. WeChat's errCodes become a few problems a cashier can act on.
import type { Clock } from './clock';
import { errorText } from './wx-api';

export type BluetoothWx = Pick<
  WechatMiniprogram.Wx,
  | 'openBluetoothAdapter'
  | 'startBluetoothDevicesDiscovery'
  | 'stopBluetoothDevicesDiscovery'
  | 'onBluetoothDeviceFound'
  | 'offBluetoothDeviceFound'
  | 'createBLEConnection'
  | 'closeBLEConnection'
  | 'onBLEConnectionStateChange'
  | 'offBLEConnectionStateChange'
  | 'getBLEDeviceServices'
  | 'getBLEDeviceCharacteristics'
  | 'notifyBLECharacteristicValueChange'
  | 'onBLECharacteristicValueChange'
  | 'offBLECharacteristicValueChange'
  | 'writeBLECharacteristicValue'
>;

/** What went wrong, in terms a cashier can act on. */
export type BluetoothProblem =
  | 'bluetooth_off'
  /** The user declined the mini-program's scope.bluetooth (its own settings page turns it on). */
  | 'permission_denied'
  /** The phone's settings give WeChat no Bluetooth (iOS: 10001 with `state` 3). */
  | 'system_permission_denied'
  | 'not_found'
  | 'out_of_range'
  | 'disconnected'
  | 'not_a_printer'
  | 'out_of_paper'
  | 'timeout'
  | 'failed';

export class BluetoothError extends Error {
  constructor(
    readonly problem: BluetoothProblem,
    message: string,
    readonly errCode?: number,
  ) {
    super(message);
    this.name = 'BluetoothError';
  }
}

/** WeChat's Bluetooth errCodes (its BluetoothError table) as problems. */
const problemOfCode: Record<number, BluetoothProblem> = {
  10001: 'bluetooth_off',
  10002: 'not_found',
  10003: 'out_of_range',
  10012: 'out_of_range',
  10006: 'disconnected',
  10004: 'not_a_printer',
  10005: 'not_a_printer',
  10007: 'not_a_printer',
};

/** openBluetoothAdapter's `state` on iOS when it fails: 3 is "unauthorised" (4 is switched off). */
const IOS_UNAUTHORISED = 3;

/** Any failure from a wx Bluetooth API as a BluetoothError naming the API and WeChat's text. */
export function bluetoothError(api: string, error: unknown): BluetoothError {
  if (error instanceof BluetoothError) return error;
  const { errCode, state } = (error ?? {}) as { errCode?: unknown; state?: unknown };
  const code = typeof errCode === 'number' ? errCode : undefined;
  const text = errorText(error);
  // A refused authorization has no errCode, only WeChat's text (`fail auth deny`, or `fail:auth
  // denied` on some Android clients); iOS reports WeChat without Bluetooth as 10001, "off", told
  // apart by its state. Either way "turn Bluetooth on" would send the cashier the wrong way.
  const problem: BluetoothProblem = /auth den/i.test(text)
    ? 'permission_denied'
    : code === 10001 && state === IOS_UNAUTHORISED
      ? 'system_permission_denied'
      : (code !== undefined && problemOfCode[code]) || 'failed';
  return new BluetoothError(problem, `${api}: ${text}`, code);
}

export interface FoundPrinter {
  deviceId: string;
  name: string;
  rssi: number;
}

export type PaperStatus = 'ok' | 'near-end' | 'out';

export interface BluetoothOptions {
  /** Bytes per write: 20 fits the default MTU on every phone (iOS may drop a longer one silently). */
  chunkBytes?: number;
  /** A write with no answer in this time counts as failed (iOS may never call back). */
  writeTimeoutMs?: number;
  /** Tries per chunk before the job fails. */
  attempts?: number;
  retryDelayMs?: number;
  connectTimeoutMs?: number;
  /** How long to wait for the paper status answer; printers that never answer are not held up longer. */
  statusTimeoutMs?: number;
}

/**
 * Removes one listener. The typings still say these `off` APIs take no argument (which removes
 * every listener); newer base libraries take the listener, older ones ignore the argument.
 */
function offListener(off: () => void, listener: unknown): void {
  (off as (listener?: unknown) => void)(listener);
}

/** DLE EOT 4: the printer answers its roll paper sensor status (Epson's real-time status). */
const PAPER_STATUS_REQUEST = Uint8Array.from([0x10, 0x04, 0x04]);

/** The answer's bits 5-6: paper out; bits 2-3: near its end. */
export function paperStatusOf(byte: number): PaperStatus {
  if ((byte & 0x60) === 0x60) return 'out';
  if ((byte & 0x0c) === 0x0c) return 'near-end';
  return 'ok';
}

export interface PrinterLink {
  readonly deviceId: string;
  readonly connected: boolean;
  /** Sends the bytes in chunks, one awaited write after another; `onProgress` gets bytes sent. */
  write(bytes: Uint8Array, onProgress?: (sent: number) => void): Promise<void>;
  /** The paper status, or null when the printer does not answer. */
  paperStatus(): Promise<PaperStatus | null>;
  close(): Promise<void>;
}

interface Characteristic {
  serviceId: string;
  characteristicId: string;
}

/**
 * The characteristic the receipt goes to, and how: with a response wherever it allows one, so a
 * write WeChat calls done is one the printer acknowledged. Without `writeType`, Android WeChat
 * prefers writing without response, whose success says only that the phone queued the bytes.
 */
interface WriteTarget extends Characteristic {
  writeType: 'write' | 'writeNoResponse';
}

export class Bluetooth {
  private readonly options: Required<BluetoothOptions>;
  private opened = false;

  constructor(
    private readonly wx: BluetoothWx,
    private readonly clock: Clock,
    options: BluetoothOptions = {},
  ) {
    this.options = {
      chunkBytes: 20,
      writeTimeoutMs: 3000,
      attempts: 3,
      retryDelayMs: 100,
      connectTimeoutMs: 8000,
      statusTimeoutMs: 800,
      ...options,
    };
  }

  /** Opens the adapter once; "already opened" is success. */
  async open(): Promise<void> {
    if (this.opened) return;
    try {
      await this.wx.openBluetoothAdapter({ mode: 'central' });
    } catch (error) {
      if (!/already opened/.test(errorText(error)))
        throw bluetoothError('openBluetoothAdapter', error);
    }
    this.opened = true;
  }

  /** Starts looking for printers; each one found once is passed on. Returns the stop function. */
  async discover(onFound: (printer: FoundPrinter) => void): Promise<() => Promise<void>> {
    await this.open();
    const seen = new Set<string>();
    const listener: WechatMiniprogram.OnBluetoothDeviceFoundCallback = ({ devices }) => {
      for (const device of devices) {
        const name = device.name || device.localName;
        if (!name || seen.has(device.deviceId)) continue;
        seen.add(device.deviceId);
        onFound({ deviceId: device.deviceId, name, rssi: device.RSSI });
      }
    };
    this.wx.onBluetoothDeviceFound(listener);
    try {
      await this.wx.startBluetoothDevicesDiscovery({ allowDuplicatesKey: false });
    } catch (error) {
      offListener(this.wx.offBluetoothDeviceFound, listener);
      throw bluetoothError('startBluetoothDevicesDiscovery', error);
    }
    return async () => {
      offListener(this.wx.offBluetoothDeviceFound, listener);
      await this.wx.stopBluetoothDevicesDiscovery().catch(() => undefined);
    };
  }

  /** Connects and finds the characteristic to write to (and one to hear status on, if any). */
  async connect(deviceId: string, onDisconnect: () => void): Promise<PrinterLink> {
    await this.open();
    try {
      await this.wx.createBLEConnection({ deviceId, timeout: this.options.connectTimeoutMs });
    } catch (error) {
      // -1 "already connect": the phone kept the connection; use it.
      if ((error as { errCode?: number })?.errCode !== -1)
        throw bluetoothError('createBLEConnection', error);
    }
    let connected = true;
    const stateListener: WechatMiniprogram.OnBLEConnectionStateChangeCallback = (state) => {
      if (state.deviceId !== deviceId || state.connected) return;
      connected = false;
      this.wx.offBLEConnectionStateChange(stateListener);
      // Paired with its createBLEConnection, as WeChat asks: Android otherwise keeps the dropped
      // connection, and after the next one a close no longer disconnects the printer.
      this.wx.closeBLEConnection({ deviceId }).catch(() => undefined);
      onDisconnect();
    };
    this.wx.onBLEConnectionStateChange(stateListener);
    try {
      const { write, notify } = await this.findCharacteristics(deviceId);
      if (notify)
        await this.wx
          .notifyBLECharacteristicValueChange({ deviceId, ...notify, state: true })
          .catch(() => undefined);
      return this.link(deviceId, write, notify, () => connected, stateListener);
    } catch (error) {
      this.wx.offBLEConnectionStateChange(stateListener);
      await this.wx.closeBLEConnection({ deviceId }).catch(() => undefined);
      throw error instanceof BluetoothError ? error : bluetoothError('connect', error);
    }
  }

  /**
   * The printer's service is the first with a characteristic to write to; its status comes back
   * on a notifying characteristic of that same service. Android lists the phone's own Generic
   * Attribute service (whose Service Changed indicates) before it, so a status channel is never
   * taken from a service before the printer's.
   */
  private async findCharacteristics(
    deviceId: string,
  ): Promise<{ write: WriteTarget; notify: Characteristic | null }> {
    const { services } = await this.wx
      .getBLEDeviceServices({ deviceId })
      .catch((error: unknown) => Promise.reject(bluetoothError('getBLEDeviceServices', error)));
    for (const service of services) {
      const { characteristics } = await this.wx
        .getBLEDeviceCharacteristics({ deviceId, serviceId: service.uuid })
        .catch(() => ({ characteristics: [] as WechatMiniprogram.BLECharacteristic[] }));
      const of = (characteristic: WechatMiniprogram.BLECharacteristic) => ({
        serviceId: service.uuid,
        characteristicId: characteristic.uuid,
      });
      const writable = characteristics.find(
        ({ properties }) => properties.write || properties.writeNoResponse,
      );
      if (!writable) continue;
      const status = characteristics.find(
        ({ properties }) => properties.notify || properties.indicate,
      );
      const writeType = writable.properties.write ? 'write' : 'writeNoResponse';
      return { write: { ...of(writable), writeType }, notify: status ? of(status) : null };
    }
    throw new BluetoothError('not_a_printer', `${deviceId} has no characteristic to write to`);
  }

  private link(
    deviceId: string,
    target: WriteTarget,
    notify: Characteristic | null,
    isConnected: () => boolean,
    stateListener: WechatMiniprogram.OnBLEConnectionStateChangeCallback,
  ): PrinterLink {
    let stalled = false;
    const writeChunk = async (chunk: Uint8Array) => {
      if (stalled) throw new BluetoothError('timeout', 'the printer stopped answering writes');
      try {
        await this.writeChunk(deviceId, target, chunk);
      } catch (error) {
        if (error instanceof BluetoothError && error.problem === 'timeout') {
          // The write may still be in flight (or was dropped by iOS without a word): another one on
          // this connection could overlap it, and that chunk again could print twice. Let the
          // connection go; the next job connects afresh and sends its receipt whole.
          stalled = true;
          await this.wx.closeBLEConnection({ deviceId }).catch(() => undefined);
        }
        throw error;
      }
    };
    return {
      deviceId,
      get connected() {
        return isConnected() && !stalled;
      },
      write: async (bytes, onProgress) => {
        const size = this.options.chunkBytes;
        for (let sent = 0; sent < bytes.length; sent += size) {
          if (!isConnected())
            throw new BluetoothError(
              'disconnected',
              `the printer disconnected after ${sent} bytes`,
            );
          await writeChunk(bytes.subarray(sent, sent + size));
          onProgress?.(Math.min(sent + size, bytes.length));
        }
      },
      paperStatus: async () => {
        if (!notify) return null;
        let heard: (byte: number) => void = () => undefined;
        const answer = new Promise<number>((resolve) => (heard = resolve));
        const listener: WechatMiniprogram.OnBLECharacteristicValueChangeCallback = (change) => {
          const value = new Uint8Array(change.value);
          if (change.deviceId === deviceId && value.length > 0) heard(value[value.length - 1]);
        };
        this.wx.onBLECharacteristicValueChange(listener);
        try {
          await writeChunk(PAPER_STATUS_REQUEST);
          const byte = await this.within(answer, this.options.statusTimeoutMs);
          return byte === null ? null : paperStatusOf(byte);
        } finally {
          offListener(this.wx.offBLECharacteristicValueChange, listener);
        }
      },
      close: async () => {
        this.wx.offBLEConnectionStateChange(stateListener);
        await this.wx.closeBLEConnection({ deviceId }).catch(() => undefined);
      },
    };
  }

  /**
   * One chunk, retried when WeChat refuses it in passing (it was not sent). One with no answer is
   * not sent again: it may still be in flight, and writes must not overlap (nor print twice).
   */
  private async writeChunk(deviceId: string, target: WriteTarget, chunk: Uint8Array) {
    // WeChat takes an ArrayBuffer of exactly these bytes, not a view into a bigger one.
    const value = chunk.slice().buffer;
    let last: BluetoothError | null = null;
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      try {
        const written = this.wx.writeBLECharacteristicValue({ deviceId, ...target, value });
        const answered = await this.within(written, this.options.writeTimeoutMs);
        if (answered !== null) return;
        throw new BluetoothError('timeout', 'writeBLECharacteristicValue: no answer');
      } catch (error) {
        last = bluetoothError('writeBLECharacteristicValue', error);
        // No answer, a lost connection or a characteristic that cannot be written: not again.
        if (last.problem !== 'failed') throw last;
      }
      if (attempt < this.options.attempts) await this.sleep(this.options.retryDelayMs * attempt);
    }
    throw last ?? new BluetoothError('failed', 'writeBLECharacteristicValue failed');
  }

  /** The promise's value, or null when it does not settle in time. */
  private within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
    return new Promise<T | null>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => resolve(null), ms);
      promise.then(
        (value) => {
          this.clock.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          this.clock.clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }
}
