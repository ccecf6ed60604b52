// What printing costs the main package (2 MB): the ESC/POS encoder with its dependencies and the
// GB code-page table, measured in the core bundle as the build makes it (esbuild, whitespace and
// syntax minified), each module's bytes in the output. The figures are printed for the record
// (docs/ARCHITECTURE.md quotes them); the test holds them to a budget and checks that the built
// package, which includes them, stays under the limit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { builtRoot, ensureBuilt } from '../pages/support/pages';

const repoRoot = path.resolve(__dirname, '..', '..');
const KB = 1024;

/** Every module reached from `from` through imports of node_modules files. */
function dependencies(meta: Metafile, from: string): Set<string> {
  const reached = new Set<string>();
  const visit = (file: string) => {
    for (const { path: next } of meta.inputs[file]?.imports ?? []) {
      if (!next.startsWith('node_modules/') || reached.has(next)) continue;
      reached.add(next);
      visit(next);
    }
  };
  visit(from);
  return reached;
}

function packageSize(dir: string): number {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + fs.statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

test('the encoder and the GB table fit their budget in the core bundle, and the package its limit', async () => {
  const result = await build({
    entryPoints: [path.join(repoRoot, 'shared', 'index.ts')],
    absWorkingDir: repoRoot,
    bundle: true,
    write: false,
    outdir: path.join(repoRoot, '.tmp', 'receipt-size'),
    format: 'cjs',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    charset: 'utf8',
    define: { 'process.env.NODE_ENV': '"production"' },
    minifyWhitespace: true,
    minifySyntax: true,
    tsconfig: path.join(repoRoot, 'shared', 'tsconfig.json'),
    metafile: true,
    logLevel: 'silent',
  });
  const meta = result.metafile;
  const [output] = Object.values(meta.outputs);
  const bytesOf = (files: Iterable<string>) =>
    [...files].reduce((sum, file) => sum + (output.inputs[file]?.bytesInOutput ?? 0), 0);

  const tables = [...dependencies(meta, 'shared/receipt/gb-code-page.ts')];
  expect(tables.sort()).toEqual([
    'node_modules/iconv-lite/encodings/tables/cp936.json',
    'node_modules/iconv-lite/encodings/tables/gbk-added.json',
  ]);
  const encoder = [...dependencies(meta, 'shared/receipt/escpos.ts')].filter(
    (file) => !tables.includes(file),
  );
  expect(encoder.some((file) => file.includes('receipt-printer-encoder'))).toBe(true);
  const ours = Object.keys(output.inputs).filter((file) => file.startsWith('shared/receipt/'));

  const figures = {
    encoder: bytesOf(encoder),
    table: bytesOf(tables),
    layout: bytesOf(ours),
    core: output.bytes,
  };
  console.log(
    `printing in the core bundle: encoder and dependencies ${(figures.encoder / KB).toFixed(1)} KB ` +
      `(${encoder.length} modules), GB table ${(figures.table / KB).toFixed(1)} KB, ` +
      `receipt layout ${(figures.layout / KB).toFixed(1)} KB, of ${(figures.core / KB).toFixed(1)} KB`,
  );
  // The budget the architecture notes give printing: about 200 KB, room left for the rest.
  expect(figures.encoder).toBeGreaterThan(10 * KB);
  expect(figures.encoder).toBeLessThan(180 * KB);
  expect(figures.table).toBeGreaterThan(20 * KB);
  expect(figures.table).toBeLessThan(64 * KB);
  expect(figures.encoder + figures.table + figures.layout).toBeLessThan(256 * KB);

  // The real build holds them, and the main package stays under WeChat's 2 MB with them.
  ensureBuilt();
  const built = fs.readFileSync(
    path.join(builtRoot, 'miniprogram_npm', '@pos', 'shared', 'index.js'),
    'utf8',
  );
  // (A boolean: a failure must not print the whole bundle.)
  expect(
    built.includes('class ReceiptPrinterEncoder') || built.includes('ReceiptPrinterEncoder='),
  ).toBe(true);
  const total = packageSize(builtRoot);
  console.log(`main package as built: ${(total / KB).toFixed(1)} KB of 2048 KB`);
  expect(total).toBeLessThan(2 * KB * KB);
}, 60_000);
