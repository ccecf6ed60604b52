// The server the tests start as a child process: `sync-server/main.ts` and everything it imports,
// bundled once per run by esbuild (as the dashboard is). Node starts it in about half the time tsx
// takes to load the same files, and the tests start it some fifty times, the crash test 13.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

/** Names the bundle's file for server-process.ts (not POS_...: the server refuses POS_ names it lacks). */
export const SERVER_BUNDLE_FILE = 'TEST_SERVER_BUNDLE_FILE';

const root = path.resolve(__dirname, '../..');

/** Bundles the server into <root>/.tmp/server-<pid>/main.js and returns that file. */
export function bundleServer(): string {
  // Two folders below the root, as sync-server/dashboard/web-assets.ts is: its `__dirname` then
  // finds the dashboard's files at the same `../../dashboard`. One folder per run, so that two
  // jest runs at once do not write over each other's bundle.
  const outDir = path.join(root, '.tmp', `server-${process.pid}`);
  if (!existsSync(path.resolve(outDir, '../../dashboard/main.ts')))
    throw new Error(`the server bundle in ${outDir} would not find dashboard/ two folders up`);
  const outfile = path.join(outDir, 'main.js');
  buildSync({
    entryPoints: [path.join(root, 'sync-server/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The server runs esbuild itself (the dashboard's script): esbuild finds its binary from its
    // own package, so it stays a require of node_modules, as chart.js's require.resolve does.
    external: ['esbuild', 'chart.js'],
    alias: { '@pos/shared': path.join(root, 'shared/index.ts') },
    logLevel: 'error',
  });
  return outfile;
}
