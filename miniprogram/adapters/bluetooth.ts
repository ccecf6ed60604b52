// WeChat's BLE central API for a receipt printer: open the adapter, discover, connect and find the
// writable characteristic. Writing to the printer once connected is printer-link.ts; WeChat's
// errCodes as problems a cashier can act on, bluetooth-error.ts.
import { BluetoothError, bluetoothError } from './bluetooth-error';
import type { Clock } from './clock';
import {
  printerLink,
  type Characteristic,
  type LinkOptions,
  type PrinterLink,
  type WriteTarget,
} from './printer-link';
import { errorText } from './wx-api';
import { offListener } from './wx-api';

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

export interface FoundPrinter {
  deviceId: string;
  name: string;
  rssi: number;
}

/** How it connects, and how its links write (see LinkOptions); each has a default. */
export interface BluetoothOptions extends Partial<LinkOptions> {
  connectTimeoutMs?: number;
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
      const io = { wx: this.wx, clock: this.clock, options: this.options };
      return printerLink(io, deviceId, write, notify, () => connected, stateListener);
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
}
