// Builds what WeChat DevTools opens (project.config.json's miniprogramRoot, dist/miniprogram/):
// miniprogram/**/*.ts transpiled one to one, its other files copied, and npm code packed into
// miniprogram_npm/, because DevTools packages only what is under miniprogramRoot.
import { build, type Plugin } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(__dirname, '..');
const sourceDir = path.join(repoRoot, 'miniprogram');
export const defaultOutDir = path.join(repoRoot, 'dist', 'miniprogram');

/** WeChat's limit for the main package; past it, upload fails and subpackages are needed. */
export const MAIN_PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;
const target = 'es2018';

/**
 * An npm package the mini-program requires, packed into miniprogram_npm/<name>/ as WeChat expects.
 * `copy`: a folder of the installed package that is already a mini-program build (Vant's "lib").
 * `bundle`: an entry file of a plain package, bundled into index.js (where `require(name)` looks).
 */
export type MiniprogramPackage = { name: string; copy: string } | { name: string; bundle: string };

/** The packages the mini-program requires, packed after the core. */
export const miniprogramPackages: MiniprogramPackage[] = [
  // The stores (miniprogram/stores/) are mobx classes.
  { name: 'mobx-miniprogram', bundle: 'dist/mobx.cjs.production.min.js' },
  // The pages' components: Vant ships a ready mini-program build in lib/ (about 450 KB).
  { name: '@vant/weapp', copy: 'lib' },
  // Binds the stores to the pages; requires mobx-miniprogram, packed above.
  { name: 'mobx-miniprogram-bindings', copy: 'dist' },
];

const copiedExtensions = new Set([
  '.json',
  '.wxml',
  '.wxss',
  '.wxs',
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.svg',
  '.webp',
]);
// In the source tree but not part of the mini-program.
const skippedNames = new Set(['tsconfig.json', 'miniprogram_npm', 'node_modules', '.DS_Store']);

// Prepended to the core bundle, which runs in WeChat's bare JavaScript engine (no web APIs).
const coreBanner = [
  // First, or the bundle's own "use strict" below the banner would not count.
  '"use strict";',
  // zod compiles fast parsers with `new Function` when it can. WeChat forbids code generation, so
  // the probe would fail anyway; switching the JIT off before zod loads keeps it from trying.
  '(globalThis.__zod_globalConfig = globalThis.__zod_globalConfig || {}).jitless = true;',
].join('\n');

// zod's `z.locales` namespace drags every language's messages (about 300 KB) into the bundle,
// though only English is used unless a caller switches. English and Chinese stay available.
const zodLocalesKept = ['en', 'zh-CN'];
const trimZodLocales: Plugin = {
  name: 'trim-zod-locales',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? { path: path.join(args.resolveDir, args.path), namespace: 'zod-locales' }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: zodLocalesKept
        .map((code) => `export { default as ${code.replace('-', '')} } from './${code}.js';`)
        .join('\n'),
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

export interface BuildResult {
  outDir: string;
  /** Every file written, relative to outDir, with "/" separators. */
  files: string[];
  coreBytes: number;
  totalBytes: number;
  /** Files in miniprogram/ of a kind the build does not know, left out. */
  skipped: string[];
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skippedNames.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(full));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

function sizeOf(dir: string): number {
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return bytes;
}

/**
 * The build empties its output folder first, so it refuses any folder that is not empty and not
 * an earlier build: a mistyped --out must not delete someone's files.
 */
function assertSafeOutDir(outDir: string): void {
  const holdsRepo = !path.relative(outDir, repoRoot).startsWith('..');
  const earlierBuild = fs.existsSync(path.join(outDir, 'miniprogram_npm', '@pos', 'shared'));
  const empty = !fs.existsSync(outDir) || fs.readdirSync(outDir).length === 0;
  if (holdsRepo || !(empty || earlierBuild)) {
    throw new Error(`refusing to build into ${outDir}: it is neither empty nor an earlier build`);
  }
}

/** miniprogram/**\/*.ts to .js one to one; module specifiers stay as written for WeChat to resolve. */
async function transpilePages(tsFiles: string[], outDir: string): Promise<void> {
  if (tsFiles.length === 0) return;
  await build({
    entryPoints: tsFiles,
    outbase: sourceDir,
    outdir: outDir,
    bundle: false,
    format: 'cjs',
    target,
    platform: 'neutral',
    charset: 'utf8',
    tsconfig: path.join(sourceDir, 'tsconfig.json'),
    logLevel: 'warning',
  });
}

/** The domain core as one CommonJS file with zod and @noble/hashes inside, where `require('@pos/shared')` looks. */
async function bundleCore(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'miniprogram_npm', '@pos', 'shared', 'index.js');
  await build({
    entryPoints: [path.join(repoRoot, 'shared', 'index.ts')],
    outfile,
    bundle: true,
    format: 'cjs',
    target,
    // Neutral: no Node built-in resolves, so a Node dependency in the core fails the build.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    charset: 'utf8',
    banner: { js: coreBanner },
    define: { 'process.env.NODE_ENV': '"production"' },
    inject: [path.join(repoRoot, 'scripts', 'miniprogram-shims.ts')],
    plugins: [trimZodLocales],
    // Whitespace and syntax only: names stay readable in a stack trace from a phone.
    minifyWhitespace: true,
    minifySyntax: true,
    tsconfig: path.join(repoRoot, 'shared', 'tsconfig.json'),
    logLevel: 'warning',
  });
  return outfile;
}

async function packPackage(pkg: MiniprogramPackage, npmDir: string): Promise<void> {
  const packageRoot = path.join(repoRoot, 'node_modules', pkg.name);
  const destination = path.join(npmDir, pkg.name);
  if ('copy' in pkg) {
    fs.cpSync(path.join(packageRoot, pkg.copy), destination, {
      recursive: true,
      filter: (source) => !source.endsWith('.d.ts') && !source.endsWith('.map'),
    });
    return;
  }
  await build({
    entryPoints: [path.join(packageRoot, pkg.bundle)],
    outfile: path.join(destination, 'index.js'),
    bundle: true,
    format: 'cjs',
    target,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    // Packages that require each other stay separate modules, resolved by WeChat at run time.
    external: miniprogramPackages.map((other) => other.name).filter((name) => name !== pkg.name),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
}

/** Builds the mini-program into `outDir` (emptied first) and reports what it wrote. */
export async function buildMiniprogram(outDir = defaultOutDir): Promise<BuildResult> {
  outDir = path.resolve(outDir);
  assertSafeOutDir(outDir);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  const sources = listFiles(sourceDir);
  const tsFiles = sources.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  const skipped: string[] = [];
  for (const file of sources) {
    if (tsFiles.includes(file) || file.endsWith('.d.ts')) continue;
    const relative = path.relative(sourceDir, file);
    if (!copiedExtensions.has(path.extname(file).toLowerCase())) {
      skipped.push(relative.split(path.sep).join('/'));
      continue;
    }
    fs.mkdirSync(path.dirname(path.join(outDir, relative)), { recursive: true });
    fs.copyFileSync(file, path.join(outDir, relative));
  }
  await transpilePages(tsFiles, outDir);

  const coreFile = await bundleCore(outDir);
  const npmDir = path.join(outDir, 'miniprogram_npm');
  for (const pkg of miniprogramPackages) await packPackage(pkg, npmDir);

  const files = fs
    .readdirSync(outDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(outDir, path.join(entry.parentPath, entry.name)))
    .map((relative) => relative.split(path.sep).join('/'))
    .sort();
  return {
    outDir,
    files,
    coreBytes: fs.statSync(coreFile).size,
    totalBytes: sizeOf(outDir),
    skipped,
  };
}

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The build's summary for a person: what was written and how close the package is to its limit. */
export function describeBuild(result: BuildResult): string {
  const byExtension = new Map<string, number>();
  for (const file of result.files) {
    const extension = path.extname(file) || '(none)';
    byExtension.set(extension, (byExtension.get(extension) ?? 0) + 1);
  }
  const counts = [...byExtension].map(([extension, count]) => `${count} ${extension}`).join(', ');
  const packed = miniprogramPackages.map((pkg) => pkg.name).join(', ') || 'none yet';
  const relative = path.relative(process.cwd(), result.outDir);
  const shown = relative && !relative.startsWith('..') ? relative : result.outDir;
  const lines = [
    `Built the mini-program into ${shown}/`,
    `  files:   ${result.files.length} (${counts})`,
    `  core:    miniprogram_npm/@pos/shared/index.js ${kilobytes(result.coreBytes)}`,
    `  npm:     ${packed}`,
    `  package: ${kilobytes(result.totalBytes)} of the ${kilobytes(MAIN_PACKAGE_LIMIT_BYTES)} main package limit`,
  ];
  if (result.totalBytes > MAIN_PACKAGE_LIMIT_BYTES) {
    lines.push('  WARNING: over the main package limit: WeChat will refuse the upload.');
  }
  if (result.skipped.length > 0)
    lines.push(`  left out (unknown kind): ${result.skipped.join(', ')}`);
  return lines.join('\n');
}

/**
 * The output folder from the command line: `--out DIR` or `--out=DIR`, else dist/miniprogram/. An
 * option it does not know is refused: ignored, it built over the DevTools build instead.
 */
export function outDirFromArgs(args: string[]): string {
  let values: { out?: string };
  try {
    ({ values } = parseArgs({ args, options: { out: { type: 'string' } } }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\nusage: npm run build [-- --out DIR]`);
  }
  if (values.out === undefined) return defaultOutDir;
  if (!values.out.trim()) throw new Error('--out needs a folder');
  return values.out;
}

async function main(args: string[]): Promise<void> {
  console.log(describeBuild(await buildMiniprogram(outDirFromArgs(args))));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
