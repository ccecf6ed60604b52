// Tests run TypeScript through ts-jest (type-stripping only: `npm run typecheck` is the type check).
// lowdb, steno and @noble/hashes publish ESM only, so they are transformed too.
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
};
