// What the server prints when it starts: where devices connect, the pairing code (how long it
// lasts) and its QR code, and on first start the staff PINs, so a store owner can set up without
// reading a manual.
import type { NetworkInterfaceInfo } from 'node:os';
import QRCode from 'qrcode';
import { storeClockTime, type Role } from '@pos/shared';

export interface StaffPinNotice {
  name: string;
  role: Role;
  pin: string;
}

export interface StartupBannerInput {
  storeName: string;
  /** The dashboard and API addresses, such as "http://192.168.1.20:8787". */
  httpUrls: readonly string[];
  /** What to type into the mini-program's server field, such as "192.168.1.20:8787". */
  lanAddresses: readonly string[];
  pairingCode: string;
  /** The text the QR code carries; a device scans it instead of typing the address and code. */
  pairingPayload: string;
  /** When the pairing code stops working, and the time it was issued at (the banner's now). */
  pairingExpiresAt: number;
  now: number;
  /** The store's offset from UTC: the code's end is said on the store's clock. */
  utcOffsetMinutes: number;
  /** Set when the server listens on a loopback address (POS_HOST): no other device can reach it. */
  loopbackHost?: string;
  /** Only on the first start: the demo staff's PINs, shown this once. */
  staffPins?: readonly StaffPinNotice[];
}

const roleNames: Record<Role, string> = { manager: '店长 manager', cashier: '收银员 cashier' };
const rule = '='.repeat(56);

/** The startup banner as text, QR code included (drawn with block characters). */
export async function formatStartupBanner(input: StartupBannerInput): Promise<string> {
  const qr = await QRCode.toString(input.pairingPayload, { type: 'terminal', small: true });
  const lines = [rule, `  ${input.storeName} · 收银同步服务已启动 (POS sync server)`, rule, ''];

  lines.push('小程序里填写的服务器地址 (server address for the mini-program):');
  if (input.loopbackHost) {
    lines.push(
      `  (POS_HOST=${input.loopbackHost}: 只有这台电脑能连接; 设为 0.0.0.0 让店里的设备连接)`,
    );
    lines.push(
      `  (POS_HOST=${input.loopbackHost}: only this computer can connect; set POS_HOST=0.0.0.0 for the store's devices)`,
    );
  } else if (input.lanAddresses.length === 0) {
    lines.push('  (没有找到局域网地址: 请把这台电脑连到店里的 Wi-Fi)');
    lines.push('  (no LAN address found: connect this computer to the store network)');
  }
  for (const address of input.lanAddresses) lines.push(`  ${address}`);
  lines.push('', '管理后台 (dashboard):');
  for (const url of input.httpUrls) lines.push(`  ${url}`);

  lines.push('', `配对码 (pairing code): ${input.pairingCode}`, ...pairingCodeLifetime(input));
  lines.push('用小程序扫码配对 (scan with the mini-program to pair):', '', qr.trimEnd(), '');

  if (input.staffPins && input.staffPins.length > 0) {
    lines.push('员工 PIN (staff PINs), 只显示这一次, 请记下 (shown once, write them down):');
    for (const staff of input.staffPins) {
      lines.push(`  ${staff.pin}  ${staff.name} (${roleNames[staff.role]})`);
    }
    lines.push('');
  }
  lines.push(rule);
  return lines.join('\n');
}

/**
 * How long the code works, from its own expiry, so whoever pairs a till later knows to get a new
 * one (on the dashboard) rather than type a dead code.
 */
function pairingCodeLifetime(input: StartupBannerInput): string[] {
  const minutes = Math.round((input.pairingExpiresAt - input.now) / 60_000);
  const until = storeClockTime(input.pairingExpiresAt, input.utcOffsetMinutes);
  return [
    `  ${minutes} 分钟内有效, 到 ${until} 为止, 只能用一次; 过期后在管理后台「设备」页生成新的配对码`,
    `  valid for ${minutes} minutes, until ${until}, once; after that, make a new one on the dashboard's 设备 (devices) page`,
  ];
}

type NetworkInterfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** The computer's IPv4 addresses that other devices can reach, from `os.networkInterfaces()`. */
export function lanAddresses(interfaces: NetworkInterfaces): string[] {
  const addresses: string[] = [];
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      // Node 18.0-18.3 reported the family as the number 4.
      const ipv4 = String(info.family) === 'IPv4' || String(info.family) === '4';
      // 169.254.x.x is what a machine gives itself when no router answered: no phone can reach it.
      const linkLocal = info.address.startsWith('169.254.');
      if (ipv4 && !info.internal && !linkLocal && !addresses.includes(info.address)) {
        addresses.push(info.address);
      }
    }
  }
  return addresses;
}

/** Whether an address to listen on is this computer's own loopback, reachable by no other device. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The addresses other devices reach the server at, given the one it listens on (POS_HOST): every
 * LAN address for 0.0.0.0 or ::, else that one address (in brackets for IPv6, to add a port to).
 */
export function reachableHosts(host: string, interfaces: NetworkInterfaces): string[] {
  if (host === '0.0.0.0' || host === '::') return lanAddresses(interfaces);
  return [host.includes(':') ? `[${host}]` : host];
}
