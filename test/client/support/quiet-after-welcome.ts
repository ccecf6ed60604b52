// A TCP proxy between a device and the server whose next sync socket goes quiet right after the
// server's welcome, as half-open store Wi-Fi leaves it: the welcome arrives, then nothing the server
// sends does (it is held, not lost) until the test lets it through.
import { HeldBytes, startProxy } from '../../support/tcp-proxy';

export interface QuietSocket {
  /** Sends on what the server said after its welcome (and what comes next), in order. */
  release(): void;
}

export interface QuietAfterWelcomeProxy {
  /** host:port to pair the device with in place of the server's. */
  address: string;
  /** The next /sync connection: its welcome goes through, then the server's side is held. */
  quietNextSync(): Promise<QuietSocket>;
  close(): Promise<void>;
}

/** Reads the server's side of a WebSocket: the upgrade answer, then unmasked frames. */
class ServerStream {
  private bytes = Buffer.alloc(0);

  /**
   * Takes the next chunk; answers how many of its bytes go up to the end of the welcome frame, or
   * null while the welcome has not come whole.
   */
  welcomeEndIn(chunk: Buffer): number | null {
    const before = this.bytes.length;
    this.bytes = Buffer.concat([this.bytes, chunk]);
    const headersEnd = this.bytes.indexOf('\r\n\r\n');
    if (headersEnd < 0) return null;
    let at = headersEnd + 4;
    while (at + 2 <= this.bytes.length) {
      const frame = this.frameAt(at);
      if (!frame || frame.end > this.bytes.length) return null;
      if (this.bytes.subarray(frame.payload, frame.end).includes('"type":"welcome"'))
        return frame.end - before;
      at = frame.end;
    }
    return null;
  }

  private frameAt(at: number): { payload: number; end: number } | null {
    const short = this.bytes[at + 1] & 0x7f;
    const lengthBytes = short === 126 ? 2 : short === 127 ? 8 : 0;
    if (at + 2 + lengthBytes > this.bytes.length) return null;
    const length =
      short === 126
        ? this.bytes.readUInt16BE(at + 2)
        : short === 127
          ? Number(this.bytes.readBigUInt64BE(at + 2))
          : short;
    const payload = at + 2 + lengthBytes;
    return { payload, end: payload + length };
  }
}

export async function startQuietAfterWelcomeProxy(
  targetPort: number,
): Promise<QuietAfterWelcomeProxy> {
  let quietNext: ((quiet: QuietSocket) => void) | null = null;
  const proxy = await startProxy(targetPort, (client, upstream) => {
    const down = new HeldBytes(client);
    let watching: ((quiet: QuietSocket) => void) | null = null;
    const stream = new ServerStream();
    client.once('data', (chunk: Buffer) => {
      if (quietNext && chunk.toString('latin1').startsWith('GET /sync')) {
        watching = quietNext;
        quietNext = null;
      }
    });
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      const end = watching && !down.isHolding ? stream.welcomeEndIn(chunk) : null;
      if (!watching || end === null) return down.write(chunk);
      // The chunk may hold the welcome's end and more: up to the welcome goes, the rest waits.
      down.write(chunk.subarray(0, end));
      down.hold();
      down.write(chunk.subarray(end));
      const found = watching;
      watching = null;
      found({ release: () => down.release() });
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => down.end());
  });
  return { ...proxy, quietNextSync: () => new Promise((resolve) => (quietNext = resolve)) };
}
