// `npm run screens`'s command line: an --out with no folder, a page word that matches no page, and
// an unknown option are refused with a message naming them and the usage, before anything is
// rendered or written (the pictures went into the repository's root, or "0 of 0 pages" passed).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readScreensCommand } from '../../scripts/screens/command-line';
import { makeTempDir, removeDir } from '../support/temp-dir';

const root = path.resolve(__dirname, '../..');
const routes = ['pages/sign-in/index', 'pages/register/index', 'customer/pages/pay/index'];

describe('readScreensCommand', () => {
  it('takes page words and --out in either spelling, the default folder without it', () => {
    expect(readScreensCommand([], routes, '/repo/screens')).toEqual({
      outDir: '/repo/screens',
      filters: [],
    });
    expect(readScreensCommand(['register', '--out', '/tmp/a', 'pay'], routes, '/x')).toEqual({
      outDir: '/tmp/a',
      filters: ['register', 'pay'],
    });
    expect(readScreensCommand(['--out=/tmp/b'], routes, '/x')).toEqual({
      outDir: '/tmp/b',
      filters: [],
    });
    expect(readScreensCommand(['--help'], routes, '/x')).toBe('help');
  });

  it('refuses an --out without a folder, an unknown option and a word no route contains', () => {
    expect(() => readScreensCommand(['sign-in', '--out'], routes, '/x')).toThrow(
      /--out[\s\S]*usage: npm run screens/,
    );
    expect(() => readScreensCommand(['--out='], routes, '/x')).toThrow('--out needs a folder');
    expect(() => readScreensCommand(['--outdir', '/tmp/a'], routes, '/x')).toThrow(/--outdir/);
    expect(() => readScreensCommand(['register', 'regster', 'ordres'], routes, '/x')).toThrow(
      /no page's route contains "regster" or "ordres"; the pages: pages\/sign-in, pages\/register, customer\/pages\/pay\nusage/,
    );
  });
});

describe('npm run screens', () => {
  let cwd: string;
  beforeEach(() => (cwd = makeTempDir('pos-screens-args-')));
  afterEach(() => removeDir(cwd));

  /** Runs the command from `cwd`, as `npm run screens -- ...` runs it from the repository root. */
  function screens(args: string[]) {
    return spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules/tsx/dist/cli.mjs'),
        path.join(root, 'scripts/screens/index.ts'),
        ...args,
      ],
      {
        cwd,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') },
      },
    );
  }

  test('--out without a folder is refused, and nothing is written into the current folder', () => {
    const run = screens(['sign-in', '--out']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--out');
    expect(run.stderr).toContain('usage: npm run screens');
    expect(readdirSync(cwd)).toEqual([]);
  }, 90_000);

  test('a page word that matches no page is an error naming it, not "0 of 0 pages"', () => {
    const run = screens(['--out', path.join(cwd, 'shots'), 'regster']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('"regster"');
    expect(run.stdout).not.toContain('0 of 0 pages');
    expect(readdirSync(cwd)).toEqual([]);
  }, 90_000);

  test('--help prints the usage and exits 0, rendering nothing', () => {
    const run = screens(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('usage: npm run screens');
    expect(run.stdout).toContain('--out DIR');
    expect(readdirSync(cwd)).toEqual([]);
  }, 90_000);
});
