// Tests run TypeScript through ts-jest (type-stripping only: `npm run typecheck` is the type check).
// lowdb, steno and @noble/hashes publish ESM only, so they are transformed too.
// The tests run as a phone set to a zone far from the store's (UTC+8): a screen or report that read
// the machine's clock zone instead of the store's setting shows the wrong hours and fails.
process.env.TZ = 'America/New_York';

const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno)/)'],
  moduleNameMapper: {
    '^@pos/shared$': '<rootDir>/shared/index.ts',
  },
  testTimeout: 30000,
  // The tests' demo store and the server's bundle, made once for the run rather than in each file.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Jest's default is one worker fewer than the cores: one worker on the 2-core CI machine. Most
  // files wait on sockets, disks, child processes and the browser: with two workers the machine
  // was still a quarter idle (460 s, 1.5 cores busy), with three it runs the suite in 400 s.
  // (Counted here: jest reads "150%" as 150 workers, taking only 1% to 100% as a share.)
  maxWorkers: Math.floor(availableParallelism() * 1.5),
  // "A worker process has failed to exit gracefully" at the end of a run is not a leak: each worker
  // has left its loop 1-10 ms after jest's END, with no handle open, and is then freeing its heap
  // (some 1,200 munmaps of V8's pages, slow on this VM) when jest's fixed 500 ms runs out.
  // close-ends-timers.test.ts keeps the server's own timers from holding a file's memory.
};
