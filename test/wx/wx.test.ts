// The rest of the stand-in's contract: network status and its events, device info for a tablet,
// and a loud refusal for every wx API it does not implement.
import { createWxStandIn, implementedApis, type WxStandIn } from './index';

let standIn: WxStandIn;

beforeEach(() => {
  standIn = createWxStandIn();
});
afterEach(() => standIn.dispose());

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('network status', () => {
  test('getNetworkType reports wifi by default, by callback or Promise', async () => {
    const viaCallback = await new Promise((resolve) =>
      standIn.wx.getNetworkType({ success: resolve }),
    );
    expect(viaCallback).toMatchObject({ networkType: 'wifi', errMsg: 'getNetworkType:ok' });
    const offline = createWxStandIn({ network: { isConnected: false, networkType: 'none' } });
    await expect(offline.wx.getNetworkType()).resolves.toMatchObject({ networkType: 'none' });
  });

  test('onNetworkStatusChange hears real changes only, until offNetworkStatusChange', async () => {
    const heard: unknown[] = [];
    // Typed loosely: the typings give offNetworkStatusChange a different parameter type.
    const listener = (status: object): void => {
      heard.push(status);
    };
    standIn.wx.onNetworkStatusChange(listener);
    standIn.network.set({ isConnected: false });
    standIn.network.set({ isConnected: false });
    standIn.network.set({ isConnected: true, networkType: '4g' });
    standIn.network.set({ isConnected: true });
    await tick();
    expect(heard).toEqual([
      { isConnected: false, networkType: 'none' },
      { isConnected: true, networkType: '4g' },
    ]);
    await expect(standIn.wx.getNetworkType()).resolves.toMatchObject({ networkType: '4g' });
    standIn.wx.offNetworkStatusChange(listener);
    standIn.network.set({ isConnected: false });
    await tick();
    expect(heard).toHaveLength(2);
  });

  test('refuses a status no phone reports', () => {
    expect(() => standIn.network.set({ isConnected: true, networkType: 'none' })).toThrow(
      /not a networkType/,
    );
    expect(() => standIn.network.set({ isConnected: false, networkType: 'wifi' })).toThrow(
      /"none"/,
    );
  });

  test('dispose clears the listeners', async () => {
    const heard: unknown[] = [];
    standIn.wx.onNetworkStatusChange((status) => heard.push(status));
    await standIn.dispose();
    standIn.network.set({ isConnected: false });
    await tick();
    expect(heard).toEqual([]);
  });
});

test('describes a landscape 10-inch Android tablet, with overrides', () => {
  const window = standIn.wx.getWindowInfo();
  expect(window.windowWidth).toBeGreaterThan(window.windowHeight);
  expect(standIn.wx.getDeviceInfo()).toMatchObject({ platform: 'android' });
  expect(standIn.wx.getAppBaseInfo().SDKVersion).toMatch(/^\d+\.\d+\.\d+$/);
  window.windowWidth = 1;
  expect(standIn.wx.getWindowInfo().windowWidth).toBe(1280);
  const phone = createWxStandIn({
    windowInfo: { windowWidth: 375, windowHeight: 667 },
    deviceInfo: { platform: 'ios' },
  });
  expect(phone.wx.getWindowInfo()).toMatchObject({
    windowWidth: 375,
    windowHeight: 667,
    pixelRatio: 2,
  });
  expect(phone.wx.getDeviceInfo().platform).toBe('ios');
});

test('any API it does not implement throws a clear error instead of being undefined', () => {
  const wx = standIn.wx as unknown as Record<string, unknown>;
  expect(() => wx.getSystemInfoSync).toThrow(
    'wx.getSystemInfoSync is not implemented by the stand-in',
  );
  expect(() => wx.scanCode).toThrow('wx.scanCode is not implemented by the stand-in');
  for (const name of implementedApis) expect(typeof wx[name]).toBe('function');
  // Awaiting or printing the object must not trip the guard.
  expect(wx.then).toBeUndefined();
});
