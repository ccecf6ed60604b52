// Real servers on loopback ports for the stand-in's tests: a `ws` server that records what the
// phone did, an HTTP server with a test-supplied handler, and a port nothing listens on.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface WsTestServer {
  url: string;
  wss: WebSocketServer;
  /** Server side of each connection, in the order they arrived. */
  clients: WebSocket[];
  /** Messages received, as text (binary shown as `<bytes n>`). */
  received: string[];
  closes: Array<{ code: number; reason: string }>;
  nextClient(): Promise<WebSocket>;
  close(): Promise<void>;
}

export async function startWsServer(): Promise<WsTestServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const clients: WebSocket[] = [];
  const received: string[] = [];
  const closes: Array<{ code: number; reason: string }> = [];
  let waiting: Array<(client: WebSocket) => void> = [];
  wss.on('connection', (client) => {
    clients.push(client);
    client.on('message', (data, isBinary) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      received.push(isBinary ? `<bytes ${bytes.length}>` : bytes.toString('utf8'));
    });
    client.on('close', (code, reason) => closes.push({ code, reason: reason.toString() }));
    const wake = waiting;
    waiting = [];
    for (const resolve of wake) resolve(client);
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    wss,
    clients,
    received,
    closes,
    nextClient: () => new Promise((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

export interface HttpTestServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

export async function startHttpServer(handler: http.RequestListener): Promise<HttpTestServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port that was just free: connecting to it is refused. */
export async function unusedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A TCP server that accepts connections and never answers: a handshake that never completes. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Resolves when `predicate` holds, polling briefly; fails the test after `timeoutMs`. */
export async function until(
  predicate: () => boolean,
  what: string,
  timeoutMs = 3000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
