// What getWindowInfo / getDeviceInfo / getAppBaseInfo return (getSystemInfoSync is deprecated):
// a 10-inch Android tablet in landscape by default, any field overridable per stand-in.

export interface SystemInfoOverrides {
  windowInfo?: Partial<WechatMiniprogram.WindowInfo>;
  deviceInfo?: Partial<WechatMiniprogram.DeviceInfo>;
  appBaseInfo?: Partial<WechatMiniprogram.AppBaseInfo>;
}

/** Sizes in px as WeChat reports them (CSS px at the device's pixelRatio), landscape 1280x800. */
const tabletWindow: WechatMiniprogram.WindowInfo = {
  pixelRatio: 2,
  screenWidth: 1280,
  screenHeight: 800,
  windowWidth: 1280,
  windowHeight: 800,
  statusBarHeight: 24,
  screenTop: 0,
  safeArea: { left: 0, right: 1280, top: 24, bottom: 800, width: 1280, height: 776 },
};

const tabletDevice: WechatMiniprogram.DeviceInfo = {
  abi: 'arm64-v8a',
  deviceAbi: 'arm64-v8a',
  benchmarkLevel: 20,
  brand: 'Lenovo',
  model: 'Lenovo TB-X606F',
  system: 'Android 10',
  platform: 'android',
  cpuType: 'unknown',
  memorySize: '4096',
};

const wechatApp: WechatMiniprogram.AppBaseInfo = {
  SDKVersion: '3.4.10',
  version: '8.0.50',
  language: 'zh_CN',
  enableDebug: false,
  fontSizeSetting: 16,
  fontSizeScaleFactor: 1,
  theme: 'light',
  host: { appId: 'wxe5f52902cf4de896' },
  PCKernelVersion: '',
};

/** Each call returns a fresh object, so client code that mutates one cannot affect the next. */
export function systemInfoApi(overrides: SystemInfoOverrides = {}) {
  const windowInfo = { ...tabletWindow, ...overrides.windowInfo };
  const deviceInfo = { ...tabletDevice, ...overrides.deviceInfo };
  const appBaseInfo = { ...wechatApp, ...overrides.appBaseInfo };
  return {
    getWindowInfo: (): WechatMiniprogram.WindowInfo => structuredClone(windowInfo),
    getDeviceInfo: (): WechatMiniprogram.DeviceInfo => structuredClone(deviceInfo),
    getAppBaseInfo: (): WechatMiniprogram.AppBaseInfo => structuredClone(appBaseInfo),
  };
}
