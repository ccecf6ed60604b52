// A TCP proxy between a device and the server that can hold back what one connection sends, as
// store Wi-Fi does with a frame stuck in TCP retransmission: the bytes arrive, only late.
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

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let holdNext: ((held: HeldConnection) => void) | null = null;

  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    let chunks = 0;
    let holding = false;
    let endHeld = false;
    const held: Buffer[] = [];
    const connection: HeldConnection = {
      release() {
        holding = false;
        for (const chunk of held.splice(0)) upstream.write(chunk);
        if (endHeld) upstream.end();
      },
      closed: new Promise((resolve) => upstream.on('close', () => resolve())),
    };
    client.on('data', (chunk: Buffer) => {
      chunks++;
      if (holding) return void held.push(chunk);
      upstream.write(chunk);
      if (chunks === 1 && holdNext && chunk.toString('latin1').startsWith('GET /sync')) {
        holding = true;
        const found = holdNext;
        holdNext = null;
        found(connection);
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    // The client's end waits for what is held: it must not overtake it.
    client.on('end', () => (holding ? (endHeld = true) : upstream.end()));
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    holdNextSync: () => new Promise((resolve) => (holdNext = resolve)),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
