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

/** A JSON logger at `level`, writing to stdout unless a destination is given (tests capture it). */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    name: 'pos-sync-server',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
