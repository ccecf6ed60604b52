// The architecture's boundaries are lint errors, so CI fails on them: shared/ is pure, and
// miniprogram/ has no Node API, no eval and no dynamic require. ESLint runs in a child process
// (its config is an ES module, which jest's module system cannot import).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

const cases: Array<{ file: string; code: string; rule: string | null }> = [
  {
    file: 'shared/probe.ts',
    code: "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;",
    rule: 'no-restricted-imports',
  },
  {
    file: 'shared/probe.ts',
    code: "import express from 'express';\nexport const e = express;",
    rule: 'no-restricted-imports',
  },
  {
    file: 'shared/probe.ts',
    code: "import { Store } from '../sync-server/store/store';\nexport const s = Store;",
    rule: 'no-restricted-imports',
  },
  {
    file: 'shared/probe.ts',
    code: "export const save = () => wx.setStorageSync('k', 1);",
    rule: 'no-restricted-globals',
  },
  {
    file: 'shared/probe.ts',
    code: 'export const now = () => Date.now();',
    rule: 'no-restricted-syntax',
  },
  {
    file: 'shared/probe.ts',
    code: 'export const roll = () => Math.random();',
    rule: 'no-restricted-syntax',
  },
  {
    file: 'shared/probe.ts',
    code: "import { z } from 'zod';\nexport const fen = z.number().int();",
    rule: null,
  },
  {
    file: 'miniprogram/probe.ts',
    code: "import fs from 'fs';\nexport const f = fs;",
    rule: 'no-restricted-imports',
  },
  {
    file: 'miniprogram/probe.ts',
    code: 'export const load = (name: string) => require(name);',
    rule: 'no-restricted-syntax',
  },
  {
    file: 'miniprogram/probe.ts',
    code: 'export const run = (code: string) => eval(code);',
    rule: 'no-eval',
  },
  {
    file: 'miniprogram/probe.ts',
    code: "export const make = () => new Function('return 1');",
    rule: 'no-new-func',
  },
];

const script = `
  const { ESLint } = require('eslint');
  const path = require('node:path');
  const cases = JSON.parse(process.argv[1]);
  (async () => {
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = [];
    for (const c of cases) {
      const [result] = await eslint.lintText(c.code, { filePath: path.join(process.cwd(), c.file) });
      out.push(result.messages.map((m) => m.ruleId));
    }
    console.log(JSON.stringify(out));
  })();
`;

let rulesPerCase: string[][];
beforeAll(() => {
  const run = spawnSync(process.execPath, ['-e', script, JSON.stringify(cases)], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  rulesPerCase = JSON.parse(run.stdout);
}, 60_000);

test.each(cases.map((c, i) => [c.file, c.code.split('\n')[0], c.rule, i] as const))(
  '%s: %s -> %s',
  (_file, _code, rule, index) => {
    if (rule === null) expect(rulesPerCase[index]).toEqual([]);
    else expect(rulesPerCase[index]).toContain(rule);
  },
);
