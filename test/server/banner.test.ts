// The startup banner: where to connect, the pairing code and its QR code, PINs only when given.
import type { NetworkInterfaceInfo } from 'node:os';
import QRCode from 'qrcode';
import { storeClockTime } from '@pos/shared';
import { PAIRING_CODE_TTL_MS } from '../../sync-server/auth/pairing-codes';
import {
  formatStartupBanner,
  isLoopback,
  lanAddresses,
  reachableHosts,
  type StartupBannerInput,
} from '../../sync-server/banner';
import { killAllServers, spawnServer } from '../support/server-process';
import { makeTempDir, removeDir } from '../support/temp-dir';

// 06:15 UTC: 14:15 in the store (UTC+8).
const printedAt = Date.UTC(2026, 10, 22, 6, 15);
const input: StartupBannerInput = {
  storeName: '示例咖啡便利店',
  httpUrls: ['http://192.168.1.20:8787', 'http://10.0.0.5:8787'],
  lanAddresses: ['192.168.1.20:8787', '10.0.0.5:8787'],
  pairingCode: '482913',
  pairingPayload: 'pos-pair:v1:192.168.1.20:8787:482913',
  pairingExpiresAt: printedAt + 10 * 60_000,
  now: printedAt,
  utcOffsetMinutes: 480,
};

// What a QR code drawn with half blocks looks like: a long run of block characters and spaces.
const qrLine = /[ █▀▄]{20,}/;

describe('formatStartupBanner', () => {
  it('names the store, every address to type, every URL and the pairing code', async () => {
    const banner = await formatStartupBanner(input);
    for (const text of [
      input.storeName,
      input.pairingCode,
      ...input.lanAddresses,
      ...input.httpUrls,
    ]) {
      expect(banner).toContain(text);
    }
    expect(banner.indexOf('192.168.1.20:8787')).toBeLessThan(banner.indexOf('配对码'));
  });

  it('draws the pairing payload as a QR code in the terminal', async () => {
    const banner = await formatStartupBanner(input);
    const expected = await QRCode.toString(input.pairingPayload, { type: 'terminal', small: true });
    expect(banner).toContain(expected.trimEnd());
    expect(banner.split('\n').filter((line) => qrLine.test(line)).length).toBeGreaterThanOrEqual(
      10,
    );
    const other = await QRCode.toString('something else', { type: 'terminal', small: true });
    expect(banner).not.toContain(other.trimEnd());
  });

  it('lists the staff PINs with names and roles only when they are given', async () => {
    const withPins = await formatStartupBanner({
      ...input,
      staffPins: [
        { name: '张店长', role: 'manager', pin: '527590' },
        { name: '李晓', role: 'cashier', pin: '401600' },
      ],
    });
    expect(withPins).toMatch(/527590 +张店长 \(店长 manager\)/);
    expect(withPins).toMatch(/401600 +李晓 \(收银员 cashier\)/);
    expect(withPins).toContain('只显示这一次');

    const withoutPins = await formatStartupBanner(input);
    expect(withoutPins).not.toContain('PIN');
    expect(withoutPins).not.toContain('527590');
  });

  it('says that only this computer can connect when the server listens on loopback', async () => {
    const banner = await formatStartupBanner({
      ...input,
      lanAddresses: ['127.0.0.1:8787'],
      loopbackHost: '127.0.0.1',
    });
    expect(banner).toContain('POS_HOST=127.0.0.1: only this computer can connect');
    expect(banner).toContain('set POS_HOST=0.0.0.0');
    expect(await formatStartupBanner(input)).not.toContain('only this computer');
  });

  it('says how long the pairing code lasts, until when on the store clock, and where to get another', async () => {
    const banner = await formatStartupBanner(input);
    expect(banner).toContain('10 分钟内有效, 到 14:25 为止');
    expect(banner).toContain('valid for 10 minutes, until 14:25');
    expect(banner).toContain("the dashboard's 设备 (devices) page");
    // Said after the code it is about, before its QR.
    const code = banner.indexOf('482913');
    expect(banner.indexOf('valid for')).toBeGreaterThan(code);
    expect(banner.indexOf('valid for')).toBeLessThan(banner.indexOf('用小程序扫码配对'));

    // Another lifetime, another store zone (UTC-5: 01:15, the code good until 01:20).
    const other = await formatStartupBanner({
      ...input,
      pairingExpiresAt: printedAt + 5 * 60_000,
      utcOffsetMinutes: -300,
    });
    expect(other).toContain('valid for 5 minutes, until 01:20');
    expect(other).not.toContain('10 minutes');
  });

  it('says what to do when the computer has no LAN address', async () => {
    const banner = await formatStartupBanner({ ...input, lanAddresses: [] });
    expect(banner).toContain('no LAN address found');
  });
});

describe('lanAddresses', () => {
  const info = (address: string, family: string, internal = false) =>
    ({ address, family, internal, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo;

  it('keeps the non-internal IPv4 addresses, once each, in interface order', () => {
    const interfaces = {
      lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
      eth0: [info('192.168.1.20', 'IPv4'), info('fe80::1', 'IPv6')],
      wlan0: [info('10.0.0.5', 'IPv4'), info('192.168.1.20', 'IPv4')],
      usb0: [info('169.254.10.2', 'IPv4')],
      old: [info('172.16.0.9', 4 as unknown as string)],
      gone: undefined,
    };
    expect(lanAddresses(interfaces)).toEqual(['192.168.1.20', '10.0.0.5', '172.16.0.9']);
  });

  it('returns nothing for a computer with only loopback', () => {
    expect(lanAddresses({ lo: [info('127.0.0.1', 'IPv4', true)] })).toEqual([]);
  });
});

describe('reachableHosts', () => {
  const info = (address: string, family: string, internal = false) =>
    ({ address, family, internal, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo;
  const interfaces = {
    lo: [info('127.0.0.1', 'IPv4', true)],
    eth0: [info('192.168.1.20', 'IPv4')],
    wlan0: [info('10.0.0.5', 'IPv4')],
  };

  it('gives every LAN address for a server listening on every network', () => {
    expect(reachableHosts('0.0.0.0', interfaces)).toEqual(['192.168.1.20', '10.0.0.5']);
    expect(reachableHosts('::', interfaces)).toEqual(['192.168.1.20', '10.0.0.5']);
  });

  it('gives only the address a server listens on, never another of the LAN', () => {
    expect(reachableHosts('10.0.0.5', interfaces)).toEqual(['10.0.0.5']);
    expect(reachableHosts('127.0.0.1', interfaces)).toEqual(['127.0.0.1']);
    expect(reachableHosts('fd00::5', interfaces)).toEqual(['[fd00::5]']);
  });

  it('knows a loopback address from a LAN one', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', '::1', 'localhost'])
      expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '10.0.0.5', 'pos.local']) expect(isLoopback(host)).toBe(false);
  });
});

describe('the banner `npm start` prints', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = makeTempDir('pos-banner-')));
  afterEach(async () => {
    await killAllServers();
    removeDir(dataDir);
  });

  it("says how long its pairing code lasts: the code's own lifetime, until when on the store clock", async () => {
    const before = Date.now();
    const server = await spawnServer(dataDir, { POS_UTC_OFFSET_MINUTES: '-300' });
    const after = Date.now();
    const said = /valid for (\d+) minutes, until (\d\d:\d\d)/.exec(server.output());
    expect(said?.[1]).toBe(String(PAIRING_CODE_TTL_MS / 60_000));
    // The code was issued between the two readings of the clock; its end on the store's clock.
    const ends = new Set(
      [before, after].map((at) => storeClockTime(at + PAIRING_CODE_TTL_MS, -300)),
    );
    expect(ends).toContain(said?.[2]);
    // The code it speaks of pairs a till.
    const paired = await fetch(`${server.url}/api/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: server.pairingCode, name: '收银台', kind: 'tablet' }),
    });
    expect(paired.status).toBe(201);
  });
});
