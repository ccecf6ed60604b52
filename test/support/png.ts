// PNG pictures read for the tests: decoded by pngjs (and their QR code read by jsQR) in a worker
// thread, in plain Node. Inside jest's module sandbox both run three to four times slower: the two
// receipts' decoding and QR reading alone took 10 s there, against 3 s here.
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, four bytes a pixel, row by row. */
  data: Uint8Array;
  /** The QR code's text, when asked for and found. */
  qr: string | null;
}

type Answer = Omit<DecodedPng, 'qr'> & { id: number; qr: string | null; error?: string };

let worker: Worker | null = null;
/** Ends an idle worker: an unref'd worker thread still kept jest from exiting. */
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 0;
const waiting = new Map<
  number,
  { resolve: (png: DecodedPng) => void; reject: (e: Error) => void }
>();

function started(): Worker {
  if (worker) return worker;
  const thread = new Worker(path.join(__dirname, 'png-worker.js'));
  thread.unref();
  thread.on('message', ({ id, error, ...png }: Answer) => {
    const request = waiting.get(id);
    waiting.delete(id);
    if (error !== undefined) request?.reject(new Error(error));
    else request?.resolve(png);
    if (waiting.size === 0) idleTimer = setTimeout(() => void closePngWorker(), 2000).unref();
  });
  thread.on('error', (error) => {
    for (const request of waiting.values()) request.reject(error);
    waiting.clear();
    worker = null;
  });
  worker = thread;
  return thread;
}

/** Decodes the PNG `file`; with `qr`, also reads the QR code it shows (null when none is found). */
export function readPng(file: string, { qr = false } = {}): Promise<DecodedPng> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    clearTimeout(idleTimer);
    started().postMessage({ id, file, qr });
  });
}

/** Ends the worker (call from afterAll; an idle one also ends by itself after 2 s). */
export async function closePngWorker(): Promise<void> {
  clearTimeout(idleTimer);
  const thread = worker;
  worker = null;
  await thread?.terminate();
}
