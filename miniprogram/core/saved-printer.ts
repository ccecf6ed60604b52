// The printer this device remembers (Bluetooth id, name, paper width), read back at launch so the
// app can reconnect it: a stored value that is not one reads as none, an unknown paper as 58 mm.
import { paperWidthSchema, type PaperWidth } from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import { storageKeys } from './storage-layout';

/** Where the chosen printer is remembered (one small key, listed with the others). */
export const PRINTER_STORAGE_KEY = storageKeys.printer;

export interface SavedPrinter {
  deviceId: string;
  name: string;
  paper: PaperWidth;
}

export function readSavedPrinter(storage: KeyValueStorage): SavedPrinter | null {
  const stored = storage.get(PRINTER_STORAGE_KEY) as Partial<SavedPrinter> | null;
  if (!stored || typeof stored.deviceId !== 'string' || typeof stored.name !== 'string')
    return null;
  const paper = paperWidthSchema.safeParse(stored.paper);
  return {
    deviceId: stored.deviceId,
    name: stored.name,
    paper: paper.success ? paper.data : '58mm',
  };
}

/** Remembers the printer, or forgets it (null). */
export function writeSavedPrinter(storage: KeyValueStorage, printer: SavedPrinter | null): void {
  if (printer) storage.set(PRINTER_STORAGE_KEY, printer);
  else storage.remove(PRINTER_STORAGE_KEY);
}
