// The dashboard's browser files: its TypeScript (dashboard/) bundled by esbuild on first request
// and kept in memory, its stylesheet and page shell, and chart.js's UMD build from node_modules.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(__dirname, '../../dashboard');

let bundle: Promise<string> | null = null;

/** The dashboard's script: built once per server process (about 100 ms), then served from memory. */
export function dashboardScript(): Promise<string> {
  bundle ??= (async () => {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [path.join(root, 'main.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2020',
      platform: 'browser',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    return result.outputFiles[0].text;
  })();
  bundle.catch(() => (bundle = null));
  return bundle;
}

export function dashboardFile(name: 'index.html' | 'style.css'): Promise<string> {
  return readFile(path.join(root, name), 'utf8');
}

/** chart.js publishes a UMD build that sets window.Chart. */
export function chartJsPath(): string {
  return path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}
