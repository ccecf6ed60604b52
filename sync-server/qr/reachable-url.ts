// The address a code printed or shown for other phones should carry: the one the asker reached
// this server by, unless that was the computer's own loopback (a manager on the server's own
// browser), which no phone can open: then the server's LAN address, as its banner lists it.
import { networkInterfaces } from 'node:os';
import type { AddressInfo, Server } from 'node:net';
import type { Request } from 'express';
import { isLoopback, lanAddresses } from '../banner';

/** "localhost:8787" -> "localhost", "[::1]:8787" -> "::1". */
function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.split(':')[0];
}

/** Whether the server listens on every network (POS_HOST 0.0.0.0 or ::), so a LAN address works. */
function listensOnEveryNetwork(request: Request): boolean {
  // Node sets the accepting server on each socket it hands to the HTTP server.
  const server = (request.socket as { server?: Server }).server;
  const address = server?.address() as AddressInfo | string | null | undefined;
  return (
    typeof address === 'object' && address !== null && ['0.0.0.0', '::'].includes(address.address)
  );
}

export function reachableBaseUrl(
  request: Request,
  lan: readonly string[] = lanAddresses(networkInterfaces()),
): string {
  const host = request.get('host') ?? 'localhost';
  if (!isLoopback(hostnameOf(host)) || lan.length === 0 || !listensOnEveryNetwork(request))
    return `${request.protocol}://${host}`;
  return `${request.protocol}://${lan[0]}:${request.socket.localPort}`;
}

/**
 * reachableBaseUrl with the port always spelled out, for links a till reads as host:port (the
 * pairing QR): a browser that reached the server on http's port 80 leaves it out of Host.
 */
export function deviceBaseUrl(request: Request): { url: string; host: string } {
  const base = new URL(reachableBaseUrl(request));
  const host = `${base.hostname}:${base.port || request.socket.localPort}`;
  return { url: `${base.protocol}//${host}`, host };
}
