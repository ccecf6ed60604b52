// The tests' demo store (test-server.ts's `demo`, seeded with 7, so the same every run), made once
// per run by jest's globalSetup (global-setup.ts), in plain Node, and handed to every test file as a
// JSON file.
// Made in each file instead, its three PIN hashes (PBKDF2, 20000 rounds in JavaScript) cost about
// half a second of CPU a file inside jest's module sandbox, where such loops run 2-3 times slower.
import { writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { makeTempDir } from './temp-dir';

/** Names the file for test-server.ts (not POS_...: the server refuses POS_ names it lacks). */
export const DEMO_STORE_FILE = 'TEST_DEMO_STORE_FILE';

type Resolve = (request: string, ...rest: unknown[]) => string;

export default function makeDemoStoreOnce(): void {
  // globalSetup runs without jest's moduleNameMapper: map @pos/shared (as jest.config.js does)
  // while the store's modules load.
  const loader = Module as unknown as { _resolveFilename: Resolve };
  const resolve = loader._resolveFilename;
  const shared = path.resolve(__dirname, '../../shared/index.ts');
  loader._resolveFilename = (request, ...rest) =>
    resolve(request === '@pos/shared' ? shared : request, ...rest);
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { createDemoStore } =
      require('../../sync-server/demo/demo-store') as typeof import('../../sync-server/demo/demo-store');
    const { seededRandom } = require('./seeded-random') as typeof import('./seeded-random');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const file = path.join(makeTempDir('pos-demo-'), 'demo-store.json');
    writeFileSync(file, JSON.stringify(createDemoStore(seededRandom(7))));
    process.env[DEMO_STORE_FILE] = file;
  } finally {
    loader._resolveFilename = resolve;
  }
}
