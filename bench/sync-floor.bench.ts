// The floor under bench:sync: the work the server cannot skip for the 10,000 orders of its
// reconnect (text of the frames, JSON.parse, the shared schemas, the operation's JSON, its hash,
// the journal line's checksum, the write and fdatasync), each step timed alone on this machine,
// beside the CPU the whole server and the devices used in bench:sync. Run: npm run bench:sync-floor.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { crc32 } from 'node:zlib';
import { clientMessageSchema, parseJsonWith, type Operation } from '@pos/shared';
import { operationJson } from '../sync-server/store/journal-json';
import { hashOperation } from '../sync-server/store/receipt';
import { saleOperation, trackedSkus } from '../test/support/sales';
import type { PairedTestDevice } from '../test/support/test-server';
import { runInScratch } from './scratch';
import { percentile } from './stats';

const ORDERS = 10_000;
const BATCH = 1_000;
const RUNS = 7;

const device: PairedTestDevice = {
  deviceId: 'dev-floor',
  deviceCode: 'T1',
  token: 'unused',
};

/** Median milliseconds of a step over RUNS runs, after two to warm up. */
async function time(step: () => unknown): Promise<number> {
  for (let i = 0; i < 2; i++) await step();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Most steps never wait: without a turn of the event loop here, Ctrl-C waits for the end.
    await new Promise((resolve) => setImmediate(resolve));
    const start = performance.now();
    await step();
    samples.push(performance.now() - start);
  }
  return percentile(samples, 0.5);
}

async function main(scratch: string): Promise<void> {
  const ops: Operation[] = [];
  for (let seq = 1; seq <= ORDERS; seq++)
    ops.push(
      saleOperation({
        device,
        seq,
        items: [{ skuId: trackedSkus[seq % 20].id, qty: 1 + (seq % 3) }],
      }),
    );
  const frames: Buffer[] = [];
  for (let i = 0; i < ops.length; i += BATCH)
    frames.push(Buffer.from(JSON.stringify({ type: 'push', ops: ops.slice(i, i + BATCH) })));
  const texts = frames.map((frame) => frame.toString());
  const bytes = frames.reduce((sum, frame) => sum + frame.length, 0);
  const lines = ops.map((op) => operationJson(op).op);
  const journal = Buffer.from(lines.map((line) => `${crc32(line)}\t${line}\n`).join(''));

  console.log(
    `the server's unavoidable work for ${ORDERS} orders (${(bytes / 1e6).toFixed(1)} MB in ${frames.length} push frames), median of ${RUNS} runs:`,
  );
  const steps: Array<[string, () => unknown]> = [
    ['frame bytes to text', () => frames.map((frame) => frame.toString())],
    ['JSON.parse', () => texts.map((text) => JSON.parse(text))],
    [
      'JSON.parse + the shared schemas',
      () => texts.map((text) => parseJsonWith(clientMessageSchema, text)),
    ],
    ["each operation's JSON", () => ops.map((op) => operationJson(op))],
    ['sha-256 of each operation', () => ops.map((op, i) => hashOperation(op, lines[i]))],
    ['crc32 of each journal line', () => lines.map((line) => crc32(line))],
    [
      `write ${(journal.length / 1e6).toFixed(1)} MB + fdatasync, ${frames.length} times`,
      async () => {
        const handle = await fs.open(path.join(scratch, 'journal.log'), 'w');
        const part = Math.ceil(journal.length / frames.length);
        for (let at = 0; at < journal.length; at += part) {
          await handle.write(journal.subarray(at, at + part));
          await handle.datasync();
        }
        await handle.close();
      },
    ],
  ];
  let total = 0;
  for (const [name, step] of steps) {
    // JSON.parse is inside "JSON.parse + the shared schemas": the total counts it once.
    const ms = await time(step);
    if (name !== 'JSON.parse') total += ms;
    console.log(`    ${name.padEnd(42)} ${ms.toFixed(1).padStart(7)} ms`);
  }
  console.log(
    `    ${'floor (the steps above, parse counted once)'.padEnd(42)} ${total.toFixed(1).padStart(7)} ms`,
  );
  // No figure for the target here: it is a fifth of whatever the yardstick takes in bench:sync.
  console.log(
    "bench:sync prints the CPU its server and devices used beside it; 5x the PouchDB yardstick needs the whole reconnect, server and devices, within a fifth of the yardstick's time.",
  );
}

void runInScratch('pos-bench-floor-', main);
