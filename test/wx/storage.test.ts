// The stand-in's storage keeps WeChat's limits and wording: 1 MB a key, 10 MB in all, sizes in
// KB, deep copies, async and Promise variants, and a relaunch that finds the same data.
import { createWxStandIn, type WxStandIn } from './index';

const MB = 1024 * 1024;
let standIn: WxStandIn;

beforeEach(() => {
  standIn = createWxStandIn();
});
afterEach(() => standIn.dispose());

/** A string whose stored size (key + JSON of the value) is exactly `bytes`. */
function valueOfSize(key: string, bytes: number): string {
  return 'x'.repeat(bytes - Buffer.byteLength(key) - 2);
}

function thrownBy(run: () => void): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('sync storage', () => {
  test('round-trips values and reads a missing key as an empty string', () => {
    const { wx } = standIn;
    wx.setStorageSync('order', { id: 'o1', total: 1250, lines: [{ sku: 'A', qty: 2 }] });
    wx.setStorageSync('count', 3);
    wx.setStorageSync('flag', false);
    wx.setStorageSync('nothing', null);
    expect(wx.getStorageSync('order')).toEqual({
      id: 'o1',
      total: 1250,
      lines: [{ sku: 'A', qty: 2 }],
    });
    expect(wx.getStorageSync('count')).toBe(3);
    expect(wx.getStorageSync('flag')).toBe(false);
    expect(wx.getStorageSync('nothing')).toBeNull();
    expect(wx.getStorageSync('missing')).toBe('');
    wx.removeStorageSync('count');
    expect(wx.getStorageSync('count')).toBe('');
    wx.clearStorageSync();
    expect(standIn.storage.keys()).toEqual([]);
  });

  test('stores a deep copy: neither the caller nor a reader can change what is stored', () => {
    const { wx } = standIn;
    const cart = { lines: [{ sku: 'A', qty: 1 }], at: new Date(0), onChange: () => {} };
    wx.setStorageSync('cart', cart);
    cart.lines[0].qty = 99;
    const read = wx.getStorageSync('cart');
    expect(read).toEqual({ lines: [{ sku: 'A', qty: 1 }], at: '1970-01-01T00:00:00.000Z' });
    read.lines.push({ sku: 'B', qty: 1 });
    expect(wx.getStorageSync('cart').lines).toHaveLength(1);
    expect(wx.getStorageSync('cart')).not.toBe(wx.getStorageSync('cart'));
    // A Date on its own is one of WeChat's stored types and comes back as a Date.
    wx.setStorageSync('closedAt', new Date(86_400_000));
    expect(wx.getStorageSync('closedAt')).toEqual(new Date(86_400_000));
  });

  test("refuses a value over 1 MB for one key with WeChat's message, writing nothing", () => {
    const { wx } = standIn;
    wx.setStorageSync('outbox', 'small');
    const before = standIn.storage.usedBytes();
    const error = thrownBy(() => wx.setStorageSync('outbox', valueOfSize('outbox', MB + 1)));
    expect(error.message).toBe('APP-SERVICE-SDK:setStorageSync:fail:entry size limit reached');
    expect(wx.getStorageSync('outbox')).toBe('small');
    expect(standIn.storage.usedBytes()).toBe(before);
    thrownBy(() => wx.setStorageSync('fresh', valueOfSize('fresh', MB + 1)));
    expect(standIn.storage.keys()).toEqual(['outbox']);
    // Exactly 1 MB is still allowed.
    wx.setStorageSync('outbox', valueOfSize('outbox', MB));
    expect(standIn.storage.usedBytes()).toBe(MB);
  });

  test('counts UTF-8 bytes, so Chinese text reaches the limit three times sooner', () => {
    const { wx } = standIn;
    const name = '收银'.repeat(200_000); // 400,000 characters, 1,200,000 bytes
    expect(thrownBy(() => wx.setStorageSync('names', name)).message).toContain(
      'entry size limit reached',
    );
  });

  test('refuses a write past the 10 MB quota and keeps everything written before', () => {
    const { wx } = standIn;
    const chunk = 900 * 1024;
    const written: string[] = [];
    let error: Error | null = null;
    for (let i = 0; i < 20 && !error; i += 1) {
      const key = `orders-${i}`;
      try {
        wx.setStorageSync(key, valueOfSize(key, chunk));
        written.push(key);
      } catch (thrown) {
        error = thrown as Error;
      }
    }
    expect(error?.message).toBe('APP-SERVICE-SDK:setStorageSync:fail exceed storage max size 10Mb');
    expect(written).toHaveLength(11); // 11 x 900 KB fit in 10 MB, a 12th does not
    expect(standIn.storage.keys()).toEqual(written);
    for (const key of written) expect(wx.getStorageSync(key)).toBe(valueOfSize(key, chunk));
    // Overwriting a key replaces its bytes rather than adding to them, and removing frees space.
    wx.setStorageSync(written[0], valueOfSize(written[0], chunk));
    wx.removeStorageSync(written[1]);
    wx.setStorageSync('orders-11', valueOfSize('orders-11', chunk));
  });

  test('reports sizes in KB as getStorageInfoSync does on WeChat', () => {
    const { wx } = standIn;
    expect(wx.getStorageInfoSync()).toEqual({ keys: [], currentSize: 0, limitSize: 10240 });
    wx.setStorageSync('a', valueOfSize('a', 1024));
    wx.setStorageSync('b', 7); // 2 bytes: one of key, one of JSON
    expect(standIn.storage.usedBytes()).toBe(1026);
    expect(wx.getStorageInfoSync()).toEqual({ keys: ['a', 'b'], currentSize: 2, limitSize: 10240 });
    const small = createWxStandIn({ storageQuotaBytes: 2 * MB, storageKeyLimitBytes: 1024 });
    expect(small.wx.getStorageInfoSync().limitSize).toBe(2048);
    expect(thrownBy(() => small.wx.setStorageSync('k', 'x'.repeat(1024))).message).toContain(
      'entry size limit reached',
    );
  });

  test('rejects a key that is not a string the way the base library does', () => {
    const { wx } = standIn;
    const key = 42 as unknown as string;
    expect(thrownBy(() => wx.setStorageSync(key, 1)).message).toBe(
      'APP-SERVICE-SDK:setStorageSync:fail parameter error: parameter.key should be String instead of Number;',
    );
    expect(thrownBy(() => wx.getStorageSync(undefined as unknown as string)).message).toContain(
      'instead of Undefined',
    );
  });
});

describe('async storage', () => {
  test("calls success then complete on a later tick, with WeChat's errMsg", async () => {
    const { wx } = standIn;
    const calls: string[] = [];
    await new Promise<void>((resolve) => {
      wx.setStorage({
        key: 'shift',
        data: { open: true },
        success: (res) => calls.push(`success ${res.errMsg}`),
        fail: () => calls.push('fail'),
        complete: (res) => {
          calls.push(`complete ${res.errMsg}`);
          resolve();
        },
      });
      calls.push('returned');
      // Like a phone, the write has not landed when the call returns.
      expect(wx.getStorageSync('shift')).toBe('');
    });
    expect(calls).toEqual(['returned', 'success setStorage:ok', 'complete setStorage:ok']);
    expect(wx.getStorageSync('shift')).toEqual({ open: true });
  });

  test('fails getStorage for a missing key and an oversized setStorage', async () => {
    const { wx } = standIn;
    const missing = await new Promise((resolve) => wx.getStorage({ key: 'nope', fail: resolve }));
    expect(missing).toEqual({ errMsg: 'getStorage:fail data not found' });
    const big = await new Promise((resolve) =>
      wx.setStorage({ key: 'big', data: valueOfSize('big', MB + 1), fail: resolve }),
    );
    expect(big).toEqual({ errMsg: 'setStorage:fail:entry size limit reached' });
    expect(standIn.storage.keys()).toEqual([]);
  });

  test('returns Promises when no callback is given', async () => {
    const { wx } = standIn;
    await expect(wx.setStorage({ key: 'k', data: [1, 2] })).resolves.toEqual({
      errMsg: 'setStorage:ok',
    });
    await expect(wx.getStorage({ key: 'k' })).resolves.toEqual({
      data: [1, 2],
      errMsg: 'getStorage:ok',
    });
    await expect(wx.getStorageInfo()).resolves.toEqual({
      keys: ['k'],
      currentSize: 1,
      limitSize: 10240,
      errMsg: 'getStorageInfo:ok',
    });
    await expect(wx.getStorage({ key: 'missing' })).rejects.toEqual({
      errMsg: 'getStorage:fail data not found',
    });
    await expect(wx.removeStorage({ key: 'k' })).resolves.toEqual({ errMsg: 'removeStorage:ok' });
    await expect(wx.clearStorage()).resolves.toEqual({ errMsg: 'clearStorage:ok' });
    expect(standIn.storage.keys()).toEqual([]);
  });

  test('serialises the data at call time, so later changes by the caller are not stored', async () => {
    const { wx } = standIn;
    const order = { status: 'placed' };
    const written = wx.setStorage({ key: 'o', data: order });
    order.status = 'voided';
    await written;
    expect(wx.getStorageSync('o')).toEqual({ status: 'placed' });
  });
});

test('a new stand-in loaded with the dump is a relaunch: same data, same sizes', () => {
  const { wx } = standIn;
  wx.setStorageSync('outbox', [{ seq: 1 }, { seq: 2 }]);
  wx.setStorageSync('closedAt', new Date(5));
  const relaunched = createWxStandIn();
  relaunched.storage.load(standIn.storage.dump());
  expect(relaunched.wx.getStorageSync('outbox')).toEqual([{ seq: 1 }, { seq: 2 }]);
  expect(relaunched.wx.getStorageSync('closedAt')).toEqual(new Date(5));
  expect(relaunched.storage.usedBytes()).toBe(standIn.storage.usedBytes());
  expect(() => relaunched.storage.load({ huge: 'x'.repeat(MB) })).toThrow(/entry size limit/);
});
