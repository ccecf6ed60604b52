// A connected receipt printer: bytes written in chunks, one after another, each awaited with retry
// and a timeout; a write left unanswered lets the connection go. And its paper status (DLE EOT 4).
import { BluetoothError, bluetoothError } from './bluetooth-error';
import type { Clock } from './clock';
import { offListener } from './wx-api';

/** The wx Bluetooth calls a link makes once it is connected. */
export type LinkWx = Pick<
  WechatMiniprogram.Wx,
  | 'closeBLEConnection'
  | 'offBLEConnectionStateChange'
  | 'onBLECharacteristicValueChange'
  | 'offBLECharacteristicValueChange'
  | 'writeBLECharacteristicValue'
>;

export type PaperStatus = 'ok' | 'near-end' | 'out';

export interface PrinterLink {
  readonly deviceId: string;
  readonly connected: boolean;
  /** Sends the bytes in chunks, one awaited write after another; `onProgress` gets bytes sent. */
  write(bytes: Uint8Array, onProgress?: (sent: number) => void): Promise<void>;
  /** The paper status, or null when the printer does not answer. */
  paperStatus(): Promise<PaperStatus | null>;
  close(): Promise<void>;
}

export interface LinkOptions {
  /** Bytes per write: 20 fits the default MTU on every phone (iOS may drop a longer one silently). */
  chunkBytes: number;
  /** A write with no answer in this time counts as failed (iOS may never call back). */
  writeTimeoutMs: number;
  /** Tries per chunk before the job fails. */
  attempts: number;
  retryDelayMs: number;
  /** How long to wait for the paper status answer; printers that never answer are not held up longer. */
  statusTimeoutMs: number;
}

/** What a link works with: WeChat, the clock for its timeouts, and how it writes. */
export interface LinkIo {
  wx: LinkWx;
  clock: Clock;
  options: LinkOptions;
}

export interface Characteristic {
  serviceId: string;
  characteristicId: string;
}

/**
 * The characteristic the receipt goes to, and how: with a response wherever it allows one, so a
 * write WeChat calls done is one the printer acknowledged. Without `writeType`, Android WeChat
 * prefers writing without response, whose success says only that the phone queued the bytes.
 */
export interface WriteTarget extends Characteristic {
  writeType: 'write' | 'writeNoResponse';
}

/** DLE EOT 4: the printer answers its roll paper sensor status (Epson's real-time status). */
const PAPER_STATUS_REQUEST = Uint8Array.from([0x10, 0x04, 0x04]);

/** The answer's bits 5-6: paper out; bits 2-3: near its end. */
export function paperStatusOf(byte: number): PaperStatus {
  if ((byte & 0x60) === 0x60) return 'out';
  if ((byte & 0x0c) === 0x0c) return 'near-end';
  return 'ok';
}

/**
 * The link to a printer just connected: writes go to `target`, status answers come on `notify`;
 * `stateListener` (watching for the connection to drop) is removed when it is closed.
 */
export function printerLink(
  io: LinkIo,
  deviceId: string,
  target: WriteTarget,
  notify: Characteristic | null,
  isConnected: () => boolean,
  stateListener: WechatMiniprogram.OnBLEConnectionStateChangeCallback,
): PrinterLink {
  const { wx, clock, options } = io;
  let stalled = false;
  const writeChunk = async (chunk: Uint8Array) => {
    if (stalled) throw new BluetoothError('timeout', 'the printer stopped answering writes');
    try {
      await writeWithRetry(io, deviceId, target, chunk);
    } catch (error) {
      if (error instanceof BluetoothError && error.problem === 'timeout') {
        // The write may still be in flight (or was dropped by iOS without a word): another one on
        // this connection could overlap it, and that chunk again could print twice. Let the
        // connection go; the next job connects afresh and sends its receipt whole.
        stalled = true;
        await wx.closeBLEConnection({ deviceId }).catch(() => undefined);
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
      const size = options.chunkBytes;
      for (let sent = 0; sent < bytes.length; sent += size) {
        if (!isConnected())
          throw new BluetoothError('disconnected', `the printer disconnected after ${sent} bytes`);
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
      wx.onBLECharacteristicValueChange(listener);
      try {
        await writeChunk(PAPER_STATUS_REQUEST);
        const byte = await within(clock, answer, options.statusTimeoutMs);
        return byte === null ? null : paperStatusOf(byte);
      } finally {
        offListener(wx.offBLECharacteristicValueChange, listener);
      }
    },
    close: async () => {
      wx.offBLEConnectionStateChange(stateListener);
      await wx.closeBLEConnection({ deviceId }).catch(() => undefined);
    },
  };
}

/**
 * One chunk, retried when WeChat refuses it in passing (it was not sent). One with no answer is
 * not sent again: it may still be in flight, and writes must not overlap (nor print twice).
 */
async function writeWithRetry(
  { wx, clock, options }: LinkIo,
  deviceId: string,
  target: WriteTarget,
  chunk: Uint8Array,
) {
  // WeChat takes an ArrayBuffer of exactly these bytes, not a view into a bigger one.
  const value = chunk.slice().buffer;
  let last: BluetoothError | null = null;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      const written = wx.writeBLECharacteristicValue({ deviceId, ...target, value });
      const answered = await within(clock, written, options.writeTimeoutMs);
      if (answered !== null) return;
      throw new BluetoothError('timeout', 'writeBLECharacteristicValue: no answer');
    } catch (error) {
      last = bluetoothError('writeBLECharacteristicValue', error);
      // No answer, a lost connection or a characteristic that cannot be written: not again.
      if (last.problem !== 'failed') throw last;
    }
    if (attempt < options.attempts) await sleep(clock, options.retryDelayMs * attempt);
  }
  throw last ?? new BluetoothError('failed', 'writeBLECharacteristicValue failed');
}

/** The promise's value, or null when it does not settle in time. */
function within<T>(clock: Clock, promise: Promise<T>, ms: number): Promise<T | null> {
  return new Promise<T | null>((resolve, reject) => {
    const timer = clock.setTimeout(() => resolve(null), ms);
    promise.then(
      (value) => {
        clock.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
