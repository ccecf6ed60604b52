// The phone's Bluetooth (BLE central) and the receipt printers near it: WeChat's BLE APIs with their
// errCodes and texts, a 20-byte write limit, one write at a time, and printers that record every
// byte they get and can be switched off, carried out of range, cut off mid-job or run out of paper.
import {
  callListeners,
  runAsync,
  succeed,
  usesCallbacks,
  type FailResult,
  type Outcome,
} from './callbacks';

/** WeChat's Bluetooth errCodes with their documented texts (miniprogram-api-typings, BluetoothError). */
export const bleErrors = {
  alreadyConnected: [-1, 'already connect'],
  notInit: [10000, 'not init'],
  notAvailable: [10001, 'not available'],
  noDevice: [10002, 'no device'],
  connectionFail: [10003, 'connection fail'],
  noService: [10004, 'no service'],
  noCharacteristic: [10005, 'no characteristic'],
  noConnection: [10006, 'no connection'],
  propertyNotSupport: [10007, 'property not support'],
  systemError: [10008, 'system error'],
  timeout: [10012, 'operate time out'],
} as const satisfies Record<string, readonly [number, string]>;
type BleErrorName = keyof typeof bleErrors;

/** The most a write may carry with the default MTU (23 - 3 bytes of ATT header). */
export const BLE_WRITE_LIMIT = 20;

/** The GATT profile of the common Chinese BLE thermal printers: 18F0 with a write and a notify characteristic. */
export const printerService = '000018F0-0000-1000-8000-00805F9B34FB';
export const printerWriteCharacteristic = '00002AF1-0000-1000-8000-00805F9B34FB';
export const printerNotifyCharacteristic = '00002AF0-0000-1000-8000-00805F9B34FB';
const genericAccessService = '00001800-0000-1000-8000-00805F9B34FB';
const deviceNameCharacteristic = '00002A00-0000-1000-8000-00805F9B34FB';
export const genericAttributeService = '00001801-0000-1000-8000-00805F9B34FB';
const serviceChangedCharacteristic = '00002A05-0000-1000-8000-00805F9B34FB';

type Properties = WechatMiniprogram.BLECharacteristicProperties;
type WriteType = 'write' | 'writeNoResponse';
const props = (set: Partial<Properties>): Properties => ({
  read: false,
  write: false,
  notify: false,
  indicate: false,
  writeDefault: false,
  writeNoResponse: false,
  ...set,
});

/**
 * The printer's services as the phone lists them. Android lists the Generic Access and Generic
 * Attribute services first (the latter's Service Changed indicates); iOS keeps both to itself
 * (Apple's Accessory Design Guidelines: they are filtered out of what apps discover).
 */
function gattOf(
  printer: { writeWithResponse: boolean },
  android: boolean,
): Record<string, Record<string, Properties>> {
  const own = {
    [printerService]: {
      [printerWriteCharacteristic]: printer.writeWithResponse
        ? props({ write: true, writeDefault: true, writeNoResponse: true })
        : props({ writeNoResponse: true }),
      [printerNotifyCharacteristic]: props({ notify: true, indicate: true }),
    },
  };
  if (!android) return own;
  return {
    [genericAccessService]: { [deviceNameCharacteristic]: props({ read: true }) },
    [genericAttributeService]: { [serviceChangedCharacteristic]: props({ indicate: true }) },
    ...own,
  };
}

export type PaperState = 'ok' | 'near-end' | 'out';

/**
 * Who refused Bluetooth to the mini-program: the user at its `scope.bluetooth` prompt (or in its
 * settings page), or the phone's own settings, which on iOS give WeChat no Bluetooth at all.
 */
export type BluetoothPermission = 'granted' | 'denied-by-user' | 'denied-by-system';

/** A printer near the phone, as a test drives it. */
export interface FakeBlePrinter {
  readonly deviceId: string;
  readonly name: string;
  /** Every byte received, in order, over every connection. */
  received(): Uint8Array;
  /** The sizes of the writes, in order. */
  writeSizes(): number[];
  /**
   * How each write was made, in order: the `writeType` asked for, or WeChat's choice without one
   * (Android prefers write without response where the characteristic allows it, iOS with).
   */
  writeTypes(): WriteType[];
  /** What the phone did wrong: writes over 20 bytes, a write while one was in flight. */
  readonly violations: string[];
  /** Off: it stops advertising and drops its connection. */
  setPowered(on: boolean): void;
  /** Out of range: as off for the phone, though the printer keeps its paper and power. */
  setInRange(inRange: boolean): void;
  /** Its paper roll sensor, read back by DLE EOT 4 (when `answersStatus`). */
  setPaper(state: PaperState): void;
  /** Drops the connection once this many more bytes have arrived (a job cut off mid-way). */
  disconnectAfter(bytes: number): void;
  /** The next `count` writes fail with errCode 10008 (a busy GATT on Android). */
  failNextWrites(count: number): void;
  /**
   * Each write is answered only this long after it was made (a busy radio): the bytes arrive at
   * once, the write stays in flight until its callback, and a write made meanwhile is refused.
   */
  answerWritesAfter(ms: number): void;
  readonly connected: boolean;
}

interface PrinterState extends FakeBlePrinter {
  powered: boolean;
  inRange: boolean;
  paper: PaperState;
  answersStatus: boolean;
  writeWithResponse: boolean;
  bytes: number[];
  sizes: number[];
  types: WriteType[];
  cutOffAfter: number | null;
  failingWrites: number;
  answerDelayMs: number;
  isConnected: boolean;
  /**
   * Android: the connections the phone holds to it, one per createBLEConnection until its
   * closeBLEConnection, a dropped one too. With more than one held, a close does not disconnect.
   */
  held: number;
  writing: boolean;
  /** Notifications are on for its status characteristic (2AF0), where it answers DLE EOT 4. */
  notifying: boolean;
  reachable(): boolean;
}

const fail = (api: string, name: BleErrorName): Outcome<never> => {
  const [errCode, text] = bleErrors[name];
  const error: FailResult & { errCode: number } = { errMsg: `${api}:fail:${text}`, errCode };
  return { ok: false, error };
};

/** DLE EOT 4: transmit the roll paper sensor status. */
const PAPER_STATUS_REQUEST = [0x10, 0x04, 0x04];
/** Epson's answer: bits 1 and 4 always set; bits 2-3 near end; bits 5-6 paper out. */
const paperStatusByte = (paper: PaperState) =>
  0x12 | (paper === 'near-end' ? 0x0c : 0) | (paper === 'out' ? 0x6c : 0);

export class BluetoothHub {
  /** WeChat's documented Android behaviour: unpaired createBLEConnection calls pile up. */
  private readonly android: boolean;
  private available = true;
  private permission: BluetoothPermission = 'granted';
  private opened = false;
  private discovering = false;
  private readonly printers = new Map<string, PrinterState>();
  private readonly found = new Set<unknown>();
  private readonly connectionListeners = new Set<unknown>();
  private readonly valueListeners = new Set<unknown>();
  private readonly adapterListeners = new Set<unknown>();

  constructor(platform: string = 'android') {
    this.android = platform === 'android';
  }

  /**
   * A printer in range and switched on. `answersStatus`: it answers DLE EOT 4 (default true).
   * `writeWithResponse: false`: its write characteristic takes only writes without response.
   */
  addPrinter(
    options: {
      name?: string;
      deviceId?: string;
      answersStatus?: boolean;
      writeWithResponse?: boolean;
    } = {},
  ): FakeBlePrinter {
    const deviceId =
      options.deviceId ??
      `66:22:${(this.printers.size + 0x10).toString(16)}:A0:B1:C2`.toUpperCase();
    const printer: PrinterState = {
      deviceId,
      name: options.name ?? 'Printer_58',
      powered: true,
      inRange: true,
      paper: 'ok',
      answersStatus: options.answersStatus ?? true,
      writeWithResponse: options.writeWithResponse ?? true,
      bytes: [],
      sizes: [],
      types: [],
      cutOffAfter: null,
      failingWrites: 0,
      answerDelayMs: 0,
      isConnected: false,
      held: 0,
      writing: false,
      notifying: false,
      violations: [],
      received: () => Uint8Array.from(printer.bytes),
      writeSizes: () => [...printer.sizes],
      writeTypes: () => [...printer.types],
      reachable: () => printer.powered && printer.inRange && this.available,
      setPowered: (on) => {
        printer.powered = on;
        if (!on) this.drop(printer);
      },
      setInRange: (inRange) => {
        printer.inRange = inRange;
        if (!inRange) this.drop(printer);
      },
      setPaper: (state) => (printer.paper = state),
      disconnectAfter: (bytes) => (printer.cutOffAfter = bytes),
      failNextWrites: (count) => (printer.failingWrites = count),
      answerWritesAfter: (ms) => (printer.answerDelayMs = ms),
      get connected() {
        return printer.isConnected;
      },
    };
    this.printers.set(deviceId, printer);
    if (this.discovering) setImmediate(() => this.announce(printer));
    return printer;
  }

  /** The phone's Bluetooth switch. Off: every connection drops and the adapter becomes unavailable. */
  setAvailable(available: boolean): void {
    if (this.available === available) return;
    this.available = available;
    if (!available) {
      this.discovering = false;
      for (const printer of this.printers.values()) this.drop(printer);
    }
    setImmediate(() =>
      callListeners(this.adapterListeners, { available, discovering: this.discovering }),
    );
  }

  /** Bluetooth refused to the mini-program; checked when it opens the adapter, as WeChat does. */
  setPermission(permission: BluetoothPermission): void {
    this.permission = permission;
  }

  dispose(): void {
    this.found.clear();
    this.connectionListeners.clear();
    this.valueListeners.clear();
    this.adapterListeners.clear();
  }

  private drop(printer: PrinterState): void {
    if (!printer.isConnected) return;
    printer.isConnected = false;
    printer.notifying = false;
    printer.writing = false;
    setImmediate(() =>
      callListeners(this.connectionListeners, { deviceId: printer.deviceId, connected: false }),
    );
  }

  private announce(printer: PrinterState): void {
    if (!this.discovering || !printer.reachable()) return;
    const device: WechatMiniprogram.BlueToothDevice = {
      deviceId: printer.deviceId,
      name: printer.name,
      localName: printer.name,
      RSSI: -58,
      advertisData: new ArrayBuffer(0),
      advertisServiceUUIDs: [printerService],
      connectable: true,
      serviceData: {},
    };
    callListeners(this.found, { devices: [device] });
  }

  /** The connected, reachable printer an API names, or why not. */
  private linked(api: string, deviceId: unknown): { printer: PrinterState } | Outcome<never> {
    if (!this.opened) return fail(api, 'notInit');
    if (!this.available) return fail(api, 'notAvailable');
    const printer = this.printers.get(String(deviceId));
    if (!printer) return fail(api, 'noDevice');
    if (!printer.isConnected) return fail(api, 'noConnection');
    return { printer };
  }

  private characteristic(
    api: string,
    printer: PrinterState,
    serviceId: unknown,
    characteristicId: unknown,
  ): Properties | Outcome<never> {
    const service = gattOf(printer, this.android)[String(serviceId).toUpperCase()];
    if (!service) return fail(api, 'noService');
    return service[String(characteristicId).toUpperCase()] ?? fail(api, 'noCharacteristic');
  }

  private write(
    option: WechatMiniprogram.WriteBLECharacteristicValueOption,
  ): Outcome<object> | null {
    const api = 'writeBLECharacteristicValue';
    const link = this.linked(api, option.deviceId);
    if ('ok' in link) return link;
    const { printer } = link;
    const properties = this.characteristic(api, printer, option.serviceId, option.characteristicId);
    if ('ok' in properties) return properties;
    const writeType = this.writeTypeOf(properties, option.writeType);
    if (!writeType) return fail(api, 'propertyNotSupport');
    const bytes = new Uint8Array(option.value);
    if (bytes.length > BLE_WRITE_LIMIT) {
      // iOS may drop an over-long write with no callback at all (WeChat's documentation).
      printer.violations.push(`a write of ${bytes.length} bytes (more than ${BLE_WRITE_LIMIT})`);
      return null;
    }
    if (printer.writing) {
      printer.violations.push('a write while the previous one was still in flight');
      return fail(api, 'systemError');
    }
    if (printer.failingWrites > 0) {
      printer.failingWrites--;
      return fail(api, 'systemError');
    }
    let accepted = bytes.length;
    if (printer.cutOffAfter !== null) accepted = Math.min(accepted, printer.cutOffAfter);
    printer.bytes.push(...bytes.subarray(0, accepted));
    printer.sizes.push(bytes.length);
    printer.types.push(writeType);
    if (printer.cutOffAfter !== null) {
      printer.cutOffAfter -= accepted;
      if (printer.cutOffAfter <= 0) {
        printer.cutOffAfter = null;
        this.drop(printer);
        return fail(api, 'noConnection');
      }
    }
    this.answerStatusRequest(printer, bytes);
    return succeed({ errMsg: `${api}:ok`, errCode: 0 });
  }

  /**
   * How a write is made: as asked (WeChat: "强制…不支持时报错", an error when the characteristic
   * does not support it), or without `writeType` as the platform prefers (Android: without
   * response; iOS: with), falling back to the other kind the characteristic has.
   */
  private writeTypeOf(properties: Properties, asked: unknown): WriteType | null {
    if (asked === 'write') return properties.write ? 'write' : null;
    if (asked === 'writeNoResponse') return properties.writeNoResponse ? 'writeNoResponse' : null;
    const preferred: WriteType[] = this.android
      ? ['writeNoResponse', 'write']
      : ['write', 'writeNoResponse'];
    return preferred.find((type) => properties[type]) ?? null;
  }

  /** DLE EOT 4 in the bytes: the printer answers its paper status on the notify characteristic. */
  private answerStatusRequest(printer: PrinterState, bytes: Uint8Array): void {
    const asked = bytes.some((_, i) => PAPER_STATUS_REQUEST.every((b, k) => bytes[i + k] === b));
    if (!asked || !printer.answersStatus || !printer.notifying) return;
    const value = Uint8Array.from([paperStatusByte(printer.paper)]).buffer;
    setImmediate(() =>
      callListeners(this.valueListeners, {
        deviceId: printer.deviceId,
        serviceId: printerService,
        characteristicId: printerNotifyCharacteristic,
        value,
      }),
    );
  }

  api() {
    const onOff = (set: Set<unknown>) => ({
      on: (listener: unknown) => void set.add(listener),
      off: (listener?: unknown) =>
        listener === undefined ? set.clear() : void set.delete(listener),
    });
    const found = onOff(this.found);
    const connection = onOff(this.connectionListeners);
    const value = onOff(this.valueListeners);
    const adapter = onOff(this.adapterListeners);
    return {
      openBluetoothAdapter: (option?: unknown) =>
        runAsync(option, () => {
          const api = 'openBluetoothAdapter';
          // Refused at the mini-program's scope.bluetooth prompt: WeChat's authorization text, with
          // no errCode (some Android clients write `fail:auth denied`).
          if (this.permission === 'denied-by-user')
            return { ok: false, error: { errMsg: `${api}:fail auth deny` } };
          if (this.permission === 'denied-by-system') {
            // iOS with WeChat's Bluetooth switched off in Settings: "not available" like a phone
            // whose Bluetooth is off, told apart only by the documented `state` (3: unauthorised).
            const [errCode, text] = bleErrors.notAvailable;
            return { ok: false, error: { errMsg: `${api}:fail:${text}`, errCode, state: 3 } };
          }
          if (!this.available) {
            const [errCode, text] = bleErrors.notAvailable;
            // errno as a phone reports it next to the errCode (base library 2.24+).
            return { ok: false, error: { errMsg: `${api}:fail:${text}`, errCode, errno: 1500102 } };
          }
          if (this.opened) return { ok: false, error: { errMsg: `${api}:fail already opened` } };
          this.opened = true;
          return succeed({ errMsg: `${api}:ok` });
        }),
      closeBluetoothAdapter: (option?: unknown) =>
        runAsync(option, () => {
          this.opened = false;
          this.discovering = false;
          for (const printer of this.printers.values()) {
            this.drop(printer);
            printer.held = 0;
          }
          return succeed({ errMsg: 'closeBluetoothAdapter:ok' });
        }),
      getBluetoothAdapterState: (option?: unknown) =>
        runAsync(option, () =>
          this.opened
            ? succeed({
                available: this.available,
                discovering: this.discovering,
                errMsg: 'getBluetoothAdapterState:ok',
              })
            : fail('getBluetoothAdapterState', 'notInit'),
        ),
      onBluetoothAdapterStateChange: adapter.on,
      offBluetoothAdapterStateChange: adapter.off,
      startBluetoothDevicesDiscovery: (option?: unknown) =>
        runAsync(option, () => {
          const api = 'startBluetoothDevicesDiscovery';
          if (!this.opened) return fail(api, 'notInit');
          if (!this.available) return fail(api, 'notAvailable');
          this.discovering = true;
          setImmediate(() => this.printers.forEach((printer) => this.announce(printer)));
          return succeed({ errMsg: `${api}:ok`, isDiscovering: true });
        }),
      stopBluetoothDevicesDiscovery: (option?: unknown) =>
        runAsync(option, () => {
          this.discovering = false;
          return succeed({ errMsg: 'stopBluetoothDevicesDiscovery:ok' });
        }),
      onBluetoothDeviceFound: found.on,
      offBluetoothDeviceFound: found.off,
      createBLEConnection: (option: WechatMiniprogram.CreateBLEConnectionOption) =>
        runAsync(option, () => {
          const api = 'createBLEConnection';
          if (!this.opened) return fail(api, 'notInit');
          if (!this.available) return fail(api, 'notAvailable');
          const printer = this.printers.get(String(option?.deviceId));
          if (!printer) return fail(api, 'noDevice');
          if (printer.isConnected) return fail(api, 'alreadyConnected');
          // A printer that is off or out of range never answers: the connection attempt times out.
          if (!printer.reachable()) return fail(api, 'timeout');
          printer.isConnected = true;
          if (this.android) printer.held++;
          setImmediate(() =>
            callListeners(this.connectionListeners, {
              deviceId: printer.deviceId,
              connected: true,
            }),
          );
          return succeed({ errMsg: `${api}:ok`, errCode: 0 });
        }),
      closeBLEConnection: (option: WechatMiniprogram.CloseBLEConnectionOption) =>
        runAsync(option, () => {
          const done = succeed({ errMsg: 'closeBLEConnection:ok', errCode: 0 });
          const printer = this.printers.get(String(option?.deviceId));
          // Closing what a dropped connection left held on Android.
          if (printer && this.opened && !printer.isConnected && printer.held > 0) {
            printer.held--;
            return done;
          }
          const link = this.linked('closeBLEConnection', option?.deviceId);
          if ('ok' in link) return link;
          // WeChat's documentation: Android may hold several connections to one device after
          // repeated createBLEConnection calls, and then closeBLEConnection does not disconnect.
          if (this.android && --link.printer.held > 0) return done;
          link.printer.held = 0;
          this.drop(link.printer);
          return done;
        }),
      onBLEConnectionStateChange: connection.on,
      offBLEConnectionStateChange: connection.off,
      getBLEDeviceServices: (option: WechatMiniprogram.GetBLEDeviceServicesOption) =>
        runAsync(option, () => {
          const link = this.linked('getBLEDeviceServices', option?.deviceId);
          if ('ok' in link) return link;
          const gatt = gattOf(link.printer, this.android);
          const services = Object.keys(gatt).map((uuid) => ({ uuid, isPrimary: true }));
          return succeed({ services, errMsg: 'getBLEDeviceServices:ok', errCode: 0 });
        }),
      getBLEDeviceCharacteristics: (option: WechatMiniprogram.GetBLEDeviceCharacteristicsOption) =>
        runAsync(option, () => {
          const api = 'getBLEDeviceCharacteristics';
          const link = this.linked(api, option?.deviceId);
          if ('ok' in link) return link;
          const service = gattOf(link.printer, this.android)[
            String(option.serviceId).toUpperCase()
          ];
          if (!service) return fail(api, 'noService');
          const characteristics = Object.entries(service).map(([uuid, properties]) => ({
            uuid,
            properties: { ...properties },
          }));
          return succeed({ characteristics, errMsg: `${api}:ok`, errCode: 0 });
        }),
      notifyBLECharacteristicValueChange: (
        option: WechatMiniprogram.NotifyBLECharacteristicValueChangeOption,
      ) =>
        runAsync(option, () => {
          const api = 'notifyBLECharacteristicValueChange';
          const link = this.linked(api, option?.deviceId);
          if ('ok' in link) return link;
          const { printer } = link;
          const { serviceId, characteristicId } = option;
          const properties = this.characteristic(api, printer, serviceId, characteristicId);
          if ('ok' in properties) return properties;
          if (!properties.notify && !properties.indicate) return fail(api, 'propertyNotSupport');
          // Only its status characteristic carries the answers to DLE EOT 4.
          if (String(characteristicId).toUpperCase() === printerNotifyCharacteristic)
            printer.notifying = option.state;
          return succeed({ errMsg: `${api}:ok`, errCode: 0 });
        }),
      onBLECharacteristicValueChange: value.on,
      offBLECharacteristicValueChange: value.off,
      writeBLECharacteristicValue: (
        option: WechatMiniprogram.WriteBLECharacteristicValueOption,
      ) => {
        // Checked and received at the call; in flight until its callback, as on a phone.
        const outcome = this.write(option);
        if (outcome === null)
          return usesCallbacks(option) ? undefined : new Promise<never>(() => {});
        const printer = this.printers.get(String(option?.deviceId));
        const inFlight = outcome.ok && printer;
        if (inFlight) printer.writing = true;
        const answer = () =>
          runAsync(option, () => {
            if (inFlight) printer.writing = false;
            return outcome;
          });
        const delay = printer?.answerDelayMs ?? 0;
        if (delay <= 0) return answer();
        if (usesCallbacks(option)) return void setTimeout(answer, delay);
        return new Promise((resolve, reject) =>
          setTimeout(() => answer()?.then(resolve, reject), delay),
        );
      },
    };
  }
}
