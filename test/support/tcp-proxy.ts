// TCP proxies between a device and the server that hold back what one side of a connection sends,
// as store Wi-Fi does with frames stuck in TCP retransmission: the bytes arrive, only late. This
// one holds what the device sends after its /sync upgrade; quiet-after-welcome.ts, what the
// server sends after its welcome. Both are built from startProxy and HeldBytes below.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface HeldConnection {
  /** Sends on what was held (and what comes next), in order; a close held back follows it. */
  release(): void;
  /** Settles once the server's side of the connection is closed. */
  closed: Promise<void>;
}

export interface TcpProxy {
  /** host:port to give the device in place of the server's. */
  address: string;
  /**
   * The next connection opening /sync: its upgrade goes through, everything it sends after that
   * (the hello, its close) is held until released.
   */
  holdNextSync(): Promise<HeldConnection>;
  close(): Promise<void>;
}

/** What one side sends, passed on to `to` or, while held, kept in order (its end too). */
export class HeldBytes {
  private holding = false;
  private endHeld = false;
  private readonly held: Buffer[] = [];

  constructor(private readonly to: Socket) {}

  get isHolding(): boolean {
    return this.holding;
  }

  hold(): void {
    this.holding = true;
  }

  write(chunk: Buffer): void {
    if (this.holding) this.held.push(chunk);
    else this.to.write(chunk);
  }

  /** The sender's end must not overtake what is held. */
  end(): void {
    if (this.holding) this.endHeld = true;
    else this.to.end();
  }

  release(): void {
    this.holding = false;
    for (const chunk of this.held.splice(0)) this.to.write(chunk);
    if (this.endHeld) this.to.end();
  }
}

/**
 * A proxy on a loopback port to the server's: `pipe` joins each device connection to its own
 * connection upstream; closing destroys every socket still open.
 */
export async function startProxy(
  targetPort: number,
  pipe: (client: Socket, upstream: Socket) => void,
): Promise<{ address: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    pipe(client, upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let holdNext: ((held: HeldConnection) => void) | null = null;
  const proxy = await startProxy(targetPort, (client, upstream) => {
    const up = new HeldBytes(upstream);
    const connection: HeldConnection = {
      release: () => up.release(),
      closed: new Promise((resolve) => upstream.on('close', () => resolve())),
    };
    client.once('data', (chunk: Buffer) => {
      up.write(chunk);
      if (holdNext && chunk.toString('latin1').startsWith('GET /sync')) {
        up.hold();
        const found = holdNext;
        holdNext = null;
        found(connection);
      }
      client.on('data', (next: Buffer) => up.write(next));
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('end', () => up.end());
    upstream.on('end', () => client.end());
  });
  return { ...proxy, holdNextSync: () => new Promise((resolve) => (holdNext = resolve)) };
}
