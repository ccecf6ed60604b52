// The one allowed stand-in for WeChat: a `wx` object for Node, for tests and the device simulator,
// whose APIs behave like a phone's (limits, timing, error texts) and whose other APIs refuse loudly.
import { BluetoothHub } from './bluetooth';
import { Network } from './network';
import { RequestHub } from './request';
import { SocketHub, type SocketsOnNetworkLoss } from './socket';
import { StorageArea, storageApi } from './storage';
import { systemInfoApi, type SystemInfoOverrides } from './system-info';
import { WechatAccount, type PayerChoice, type WechatServers } from './wechat-account';

/** Every wx API the stand-in implements; anything else throws when touched. */
export const implementedApis = [
  'setStorageSync',
  'getStorageSync',
  'removeStorageSync',
  'clearStorageSync',
  'getStorageInfoSync',
  'setStorage',
  'getStorage',
  'removeStorage',
  'clearStorage',
  'getStorageInfo',
  'getNetworkType',
  'onNetworkStatusChange',
  'offNetworkStatusChange',
  'connectSocket',
  'request',
  'getWindowInfo',
  'getDeviceInfo',
  'getAppBaseInfo',
  'openBluetoothAdapter',
  'closeBluetoothAdapter',
  'getBluetoothAdapterState',
  'onBluetoothAdapterStateChange',
  'offBluetoothAdapterStateChange',
  'startBluetoothDevicesDiscovery',
  'stopBluetoothDevicesDiscovery',
  'onBluetoothDeviceFound',
  'offBluetoothDeviceFound',
  'createBLEConnection',
  'closeBLEConnection',
  'onBLEConnectionStateChange',
  'offBLEConnectionStateChange',
  'getBLEDeviceServices',
  'getBLEDeviceCharacteristics',
  'notifyBLECharacteristicValueChange',
  'onBLECharacteristicValueChange',
  'offBLECharacteristicValueChange',
  'writeBLECharacteristicValue',
  'login',
  'requestPayment',
] as const;

/** The part of WeChat's real `wx` type that client code may use: typed by WeChat's own typings. */
export type WxApi = Pick<WechatMiniprogram.Wx, (typeof implementedApis)[number]>;

export interface WxStandInOptions extends SystemInfoOverrides {
  /** Default 10 MB (10 * 1024 * 1024), per mini-program. */
  storageQuotaBytes?: number;
  /** Default 1 MB per key. */
  storageKeyLimitBytes?: number;
  /** Default wifi, connected. */
  network?: { isConnected: boolean; networkType: string };
  /** Default 5 (WeChat's limit at once). */
  maxSockets?: number;
  /**
   * Default 'fail': open sockets get onError and onClose 1006 as the network goes (what WeChat
   * reports once the OS drops the connection). 'half-open': no event and nothing flows, as on
   * phones where the socket lingers, with no close event, until something times out.
   */
  socketsOnNetworkLoss?: SocketsOnNetworkLoss;
  /** Default 10 concurrent wx.request; more wait in a queue, as on WeChat. */
  maxRequests?: number;
  /** WeChat's servers for wx.login and wx.requestPayment (a test's fake WeChat Pay). */
  wechat?: WechatServers;
}

export interface WxStandIn {
  /** The object the client core receives. */
  wx: WxApi;
  /** For tests, and to relaunch: a new stand-in loaded with the same storage is a relaunch. */
  storage: {
    usedBytes(): number;
    keys(): string[];
    dump(): Record<string, unknown>;
    load(entries: Record<string, unknown>): void;
  };
  /**
   * Fires onNetworkStatusChange listeners on a change. Offline: requests and new sockets fail
   * like WeChat's, and open sockets fail or go half-open (`socketsOnNetworkLoss`).
   */
  network: { set(status: { isConnected: boolean; networkType?: string }): void };
  openSockets(): number;
  /**
   * The phone's Bluetooth and the BLE receipt printers near it: `addPrinter()` puts one in range,
   * `setAvailable(false)` switches the phone's Bluetooth off (see bluetooth.ts).
   */
  bluetooth: Pick<BluetoothHub, 'addPrinter' | 'setAvailable' | 'setPermission'>;
  /**
   * The user at WeChat's pay sheet: `choose('cancel')` cancels the next payments (default
   * confirm); `sheets` lists every sheet shown.
   */
  payer: {
    choose(choice: PayerChoice): void;
    readonly sheets: WechatAccount['sheets'];
  };
  /** Closes sockets, drops requests (without callbacks), clears listeners. */
  dispose(): Promise<void>;
}

const MB = 1024 * 1024;

/** Property names test tooling probes on any object; they must not count as wx API use. */
const probedByTooling = new Set(['then', 'toJSON', 'asymmetricMatch', 'nodeType', 'tagName']);

export function createWxStandIn(options: WxStandInOptions = {}): WxStandIn {
  const area = new StorageArea(
    options.storageQuotaBytes ?? 10 * MB,
    options.storageKeyLimitBytes ?? MB,
  );
  const network = new Network(options.network ?? { isConnected: true, networkType: 'wifi' });
  const sockets = new SocketHub(network, options.maxSockets ?? 5, options.socketsOnNetworkLoss);
  const requests = new RequestHub(network, options.maxRequests ?? 10);
  const bluetooth = new BluetoothHub(options.deviceInfo?.platform);
  const account = new WechatAccount(network, options.wechat);

  const api = {
    ...storageApi(area),
    ...network.api(),
    connectSocket: (option: WechatMiniprogram.ConnectSocketOption) => sockets.connect(option),
    request: (option: WechatMiniprogram.RequestOption) => requests.request(option),
    ...systemInfoApi(options),
    ...bluetooth.api(),
    ...account.api(),
  } satisfies Record<(typeof implementedApis)[number], unknown>;

  // Touching an API nobody implemented (and so nobody checked against WeChat) fails at once,
  // rather than letting client code depend on something undefined or made up.
  const wx = new Proxy(api, {
    get(target, property, receiver) {
      if (typeof property === 'string' && !(property in target) && !probedByTooling.has(property)) {
        throw new Error(`wx.${property} is not implemented by the stand-in`);
      }
      return Reflect.get(target, property, receiver);
    },
  }) as unknown as WxApi;

  return {
    wx,
    storage: {
      usedBytes: () => area.usedBytes(),
      keys: () => area.keys(),
      dump: () => area.dump(),
      load: (entries) => area.load(entries),
    },
    network: { set: (status) => network.set(status) },
    openSockets: () => sockets.count(),
    bluetooth: {
      addPrinter: (printer) => bluetooth.addPrinter(printer),
      setAvailable: (available) => bluetooth.setAvailable(available),
      setPermission: (permission) => bluetooth.setPermission(permission),
    },
    payer: {
      choose: (choice) => (account.choice = choice),
      sheets: account.sheets,
    },
    async dispose() {
      requests.dispose();
      bluetooth.dispose();
      network.dispose();
      await sockets.dispose();
    },
  };
}
