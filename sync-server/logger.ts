// Structured logs for the sync server: one JSON object per line (pino), easy to grep and to ship.
// Secrets that may ride along in logged objects (PINs, device tokens) are redacted.
import pino from 'pino';
import type { LogLevel } from './config-settings';

export type Logger = pino.Logger;

/** Field paths that must never reach a log file, at the top level or one object down. */
const redactedPaths = [
  'pin',
  'pinHash',
  'token',
  '*.pin',
  '*.pinHash',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * Each line's time in the store's zone with its offset ("2026-12-07T17:51:05.123+08:00"): the
 * person reading the log at the shop compares it with the tills' clocks, not with UTC.
 */
export function storeTime(utcOffsetMinutes: number): () => string {
  const abs = Math.abs(utcOffsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  const suffix = `${utcOffsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return () => {
    const shifted = new Date(Date.now() + utcOffsetMinutes * 60_000).toISOString();
    return `,"time":"${shifted.slice(0, -1)}${suffix}"`;
  };
}

/**
 * A JSON logger at `level`, stamping times in the store's zone, writing to stdout unless a
 * destination is given (tests capture it).
 */
export function createLogger(
  level: LogLevel,
  utcOffsetMinutes: number,
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    name: 'pos-sync-server',
    timestamp: storeTime(utcOffsetMinutes),
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
