// Lint: typescript-eslint's recommended rules everywhere, plus the architecture's boundaries:
// shared/ is pure (no platform, no clock, no randomness), miniprogram/ has no Node and no eval.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];
const nodeImports = { group: ['node:*', ...nodeBuiltins], message: 'No Node API here.' };

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'data/',
      'screens/',
      'coverage/',
      'miniprogram/miniprogram_npm/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['sync-server/**', 'test/**', 'bench/**', 'scripts/**', '*.js', '*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**'],
    languageOptions: { globals: { ...globals.jest } },
  },
  {
    // The domain core: pure functions over plain data. Time, ids and randomness are passed in.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeImports,
            {
              group: [
                'express',
                'ws',
                'lowdb',
                'lowdb/*',
                'pino',
                'qrcode',
                'mobx-miniprogram*',
                '@vant/*',
              ],
              message: 'shared/ may not depend on a platform or an adapter.',
            },
            {
              group: ['../sync-server/*', '../miniprogram/*', '../../*'],
              message: 'shared/ imports only itself.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'wx', message: 'shared/ is platform-free: wrap wx in miniprogram/adapters.' },
        { name: 'process', message: 'shared/ is platform-free.' },
        { name: 'require', message: 'shared/ is platform-free.' },
        { name: 'Buffer', message: 'shared/ is platform-free.' },
        { name: 'setTimeout', message: 'shared/ does no I/O: schedule in the adapters.' },
        { name: 'setInterval', message: 'shared/ does no I/O: schedule in the adapters.' },
        { name: 'fetch', message: 'shared/ does no I/O.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Pass the time in.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Pass the time in.',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Pass randomness in.',
        },
      ],
    },
  },
  {
    // The mini-program: no Node API, no dynamic require (WeChat's packager resolves requires statically).
    files: ['miniprogram/**/*.ts'],
    languageOptions: {
      globals: {
        wx: 'readonly',
        getApp: 'readonly',
        Page: 'readonly',
        Component: 'readonly',
        App: 'readonly',
        Behavior: 'readonly',
        getCurrentPages: 'readonly',
      },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeImports,
            { group: ['express', 'ws', 'lowdb', 'pino'], message: 'Server-only package.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No Node API in the mini-program.' },
        { name: 'Buffer', message: 'No Node API in the mini-program.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='require'][arguments.0.type!='Literal']",
          message: 'No dynamic require: WeChat resolves requires statically.',
        },
      ],
    },
  },
);
