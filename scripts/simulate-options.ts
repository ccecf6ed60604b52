// The device simulator's command line (`npm run simulate -- --help`): each option read and
// checked, a wrong one refused with a message naming it.
import { parseArgs } from 'node:util';

export interface Options {
  devices: number;
  orders: number;
  offlineMs: number;
  ratePerSecond: number;
  server: string | null;
  managerPin: string | null;
  managerId: string;
}

export const usage = `usage: npm run simulate -- [--devices 3] [--orders 100] [--offline 0s] [--rate 5]
                     [--server http://host:port --manager-pin PIN [--manager-id staff-manager]]

  --devices N        simulated devices, 1-5 (default 3)
  --orders N         orders each device sells (default 100)
  --offline 30s      the network is down this long from the start (30s, 2m, 500ms; default 0s;
                     at most 24 hours)
  --rate N           orders per second per device (default 5)
  --server URL       a running server (as its banner prints it); without it a server with the demo
                     store is started on a temporary data directory, removed at the end
  --manager-pin PIN  with --server: the PIN of the manager who pairs the devices
  --manager-id ID    with --server: that manager's staff id (default staff-manager, the demo's)`;

/** The longest --offline: a day of selling, well within what Node's timers can wait (24.8 days). */
const MAX_OFFLINE_MS = 24 * 3_600_000;

/** "30s", "2m", "500ms" or plain seconds, up to 24 hours. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new Error(`--offline "${text}" is not a duration such as 30s, 2m or 500ms`);
  const unit = { ms: 1, s: 1000, m: 60_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm'];
  const ms = Math.round(Number(match[1]) * unit);
  if (ms > MAX_OFFLINE_MS)
    throw new Error(`--offline "${text}" is longer than the most it takes, 24 hours (1440m)`);
  return ms;
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${flag} "${text}" must be a whole number of 1 or more`);
  return value;
}

/** A server address as the banner prints it ("192.168.1.20:8787") or a URL, as its origin. */
export function parseServerUrl(text: string): string {
  const problem = new Error(
    `--server "${text}" is not a server address such as http://192.168.1.20:8787 or 192.168.1.20:8787`,
  );
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw problem;
  }
  // The devices talk to the server as the mini-program does: plain http and ws on the LAN.
  if (url.protocol !== 'http:' || url.pathname !== '/' || url.search || url.username) throw problem;
  return url.origin;
}

export function readOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      devices: { type: 'string', default: '3' },
      orders: { type: 'string', default: '100' },
      offline: { type: 'string', default: '0s' },
      rate: { type: 'string', default: '5' },
      server: { type: 'string' },
      'manager-pin': { type: 'string' },
      'manager-id': { type: 'string', default: 'staff-manager' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const options: Options = {
    devices: positiveInteger(values.devices!, '--devices'),
    orders: positiveInteger(values.orders!, '--orders'),
    offlineMs: parseDuration(values.offline!),
    ratePerSecond: positiveInteger(values.rate!, '--rate'),
    server: values.server === undefined ? null : parseServerUrl(values.server),
    managerPin: values['manager-pin'] ?? null,
    managerId: values['manager-id']!,
  };
  if (options.devices > 5)
    throw new Error('--devices: at most 5 (one process, one socket each; WeChat allows 5 per app)');
  if (options.server && !options.managerPin)
    throw new Error('--server needs --manager-pin to pair the simulated devices');
  return options;
}
