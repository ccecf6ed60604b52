// `npm start` on a shop's machine installed as servers usually are (`npm ci --omit=dev`, or
// NODE_ENV=production, which makes `npm install` skip devDependencies): every package the server
// loads at run time, and the runner of the start script, must be a dependency.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

/** `@scope/name/deep` -> `@scope/name`; `name/deep` -> `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The bare packages the server's entry imports, statically or by `import()`, through its files. */
async function serverPackages(): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(root, 'sync-server/main.ts')],
    bundle: true,
    platform: 'node',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
    alias: { '@pos/shared': path.join(root, 'shared/index.ts') },
  });
  const builtins = new Set(builtinModules);
  const imported = Object.values(result.metafile.inputs)
    .flatMap((input) => input.imports)
    // Bare specifiers only: esbuild leaves a type-only `import('../order')` unresolved too.
    .filter((entry) => entry.external && !/^[./]/.test(entry.path))
    .map((entry) => entry.path.replace(/^node:/, ''))
    .filter((specifier) => !builtins.has(specifier) && !builtins.has(packageOf(specifier)));
  return [...new Set(imported.map(packageOf))].sort();
}

test('every package the server loads is a dependency, esbuild for the dashboard among them', async () => {
  const packages = await serverPackages();
  expect(packages).toEqual(expect.arrayContaining(['esbuild', 'express', 'ws', 'zod']));
  expect(packages.filter((name) => !(name in pkg.dependencies))).toEqual([]);
});

test('the start script runs with dependencies only', () => {
  const runner = pkg.scripts.start.split(' ')[0];
  expect(runner).toBe('tsx');
  expect(pkg.dependencies).toHaveProperty([runner]);
});
