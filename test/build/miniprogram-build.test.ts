// The real mini-program build, checked by WeChat's rules: every require resolves inside the
// package, no Node API, no code generation, every page complete, and the code runs without Node.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as ts from 'typescript';
import { hashPin } from '@pos/shared';

const repoRoot = path.join(__dirname, '..', '..');
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-miniprogram-'));
let buildOutput = '';

beforeAll(() => {
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  const result = spawnSync(tsx, ['scripts/build-miniprogram.ts', '--out', outDir], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  buildOutput = result.stdout;
  if (result.status !== 0) throw new Error(`the build failed:\n${result.stdout}${result.stderr}`);
});
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

const read = (file: string) => fs.readFileSync(file, 'utf8');
const isFile = (file: string) => fs.existsSync(file) && fs.statSync(file).isFile();
const builtFiles = (extension: string) =>
  (fs.readdirSync(outDir, { recursive: true }) as string[])
    .filter((file) => file.endsWith(extension))
    .map((file) => path.join(outDir, file));
const inside = (file: string) => !path.relative(outDir, file).startsWith('..');

/**
 * Where WeChat finds a required module, or an explanation of why it will not. Relative paths may
 * name .js or .json or leave out .js or /index.js; any other specifier is an npm name looked up
 * in miniprogram_npm/ of the requiring folder and each folder above it up to the package root.
 */
function resolveLikeWeChat(from: string, specifier: string): { file: string } | { error: string } {
  const candidates = (base: string) =>
    /\.(js|json)$/.test(base) ? [base] : [`${base}.js`, path.join(base, 'index.js')];
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0])) {
    return { error: `requires the Node built-in "${specifier}"` };
  }
  if (specifier.startsWith('/'))
    return { error: `"${specifier}": WeChat's require takes no absolute path` };
  if (specifier.startsWith('.')) {
    const found = candidates(path.resolve(path.dirname(from), specifier)).find(isFile);
    if (!found) return { error: `"${specifier}" does not exist` };
    return inside(found) ? { file: found } : { error: `"${specifier}" is outside the package` };
  }
  for (let dir = path.dirname(from); inside(dir); dir = path.dirname(dir)) {
    const found = candidates(path.join(dir, 'miniprogram_npm', specifier)).find(isFile);
    if (found) return { file: found };
    if (dir === outDir) break;
  }
  return { error: `"${specifier}" is not in any miniprogram_npm/` };
}

/**
 * Where WeChat finds a component named in usingComponents: relative to the json, absolute from
 * the package root, or an npm name looked up in miniprogram_npm/ from the json's folder upwards.
 * The base path (without extension) when its .json exists inside the package, else null.
 */
function resolveComponentLikeWeChat(jsonFile: string, target: string): string | null {
  const found = (base: string) => (isFile(`${base}.json`) && inside(base) ? base : null);
  if (target.startsWith('/')) return found(path.join(outDir, target));
  if (target.startsWith('.')) return found(path.resolve(path.dirname(jsonFile), target));
  for (let dir = path.dirname(jsonFile); inside(dir); dir = path.dirname(dir)) {
    const base = found(path.join(dir, 'miniprogram_npm', target));
    if (base) return base;
    if (dir === outDir) break;
  }
  return null;
}

/** Every require, eval and Function constructor in a file, found in its syntax tree. */
function scan(file: string): { requires: string[]; problems: string[] } {
  const source = ts.createSourceFile(
    file,
    read(file),
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.JS,
  );
  const requires: string[] = [];
  const problems: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : '';
      const [first] = node.arguments ?? [];
      if (name === 'require' && first && ts.isStringLiteral(first)) requires.push(first.text);
      else if (name === 'require') problems.push('a dynamic require');
      if (name === 'eval') problems.push('eval');
      if (name === 'Function') problems.push('the Function constructor');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { requires, problems };
}

/** Runs a built file as WeChat would: its own module scope, requires resolved by WeChat's rules. */
function loadLikeWeChat(globals: Record<string, unknown>): vm.Context {
  // No require, process or Buffer, and no code generation from strings: as on a phone.
  const context = vm.createContext(
    { console, ...globals },
    { codeGeneration: { strings: false, wasm: false } },
  );
  const cache = new Map<string, { exports: unknown }>();
  const load = (file: string): unknown => {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const module = { exports: {} as unknown };
    cache.set(file, module);
    if (file.endsWith('.json')) return (module.exports = JSON.parse(read(file)));
    const wrapper = vm.runInContext(
      `(function (module, exports, require) {${read(file)}\n})`,
      context,
      { filename: file },
    );
    const require = (specifier: string) => {
      const resolved = resolveLikeWeChat(file, specifier);
      if ('error' in resolved) throw new Error(`${path.relative(outDir, file)}: ${resolved.error}`);
      return load(resolved.file);
    };
    wrapper(module, module.exports, require);
    return module.exports;
  };
  context.load = (relative: string) => load(path.join(outDir, relative));
  return context;
}

describe('the mini-program build', () => {
  it('reports what it built and the package size, under the 2 MB main package limit', () => {
    expect(buildOutput).toContain('miniprogram_npm/@pos/shared/index.js');
    const match = /package: ([\d.]+) KB of the 2048\.0 KB/.exec(buildOutput);
    expect(match).not.toBeNull();
    const bytes = builtFiles('').reduce(
      (sum, file) => sum + (isFile(file) ? fs.statSync(file).size : 0),
      0,
    );
    expect(Number(match?.[1])).toBeCloseTo(bytes / 1024, 0);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
  });

  it('transpiles every miniprogram/**/*.ts one to one and copies its other files', () => {
    const sources = (
      fs.readdirSync(path.join(repoRoot, 'miniprogram'), { recursive: true }) as string[]
    )
      .filter((file) => !file.startsWith('miniprogram_npm') && !file.endsWith('tsconfig.json'))
      .filter(
        (file) => /\.(ts|json|wxml|wxss|wxs|png|jpg|svg)$/.test(file) && !file.endsWith('.d.ts'),
      );
    expect(sources.length).toBeGreaterThan(0);
    for (const file of sources)
      expect(isFile(path.join(outDir, file.replace(/\.ts$/, '.js')))).toBe(true);
    expect(builtFiles('.ts')).toEqual([]);
  });

  it('resolves every require in every built .js inside the package, with no Node built-in', () => {
    const failures = builtFiles('.js').flatMap((file) =>
      scan(file).requires.flatMap((specifier) => {
        const resolved = resolveLikeWeChat(file, specifier);
        return 'error' in resolved ? [`${path.relative(outDir, file)}: ${resolved.error}`] : [];
      }),
    );
    expect(failures).toEqual([]);
    // The pages really do go through the packed npm packages, as the resolver reads them.
    // (The staff pages bind through view/kiosk-staff.js; the kiosk page binds itself.)
    expect(scan(path.join(outDir, 'pages/kiosk/index.js')).requires).toEqual(
      expect.arrayContaining(['mobx-miniprogram-bindings', '@pos/shared']),
    );
    expect(scan(path.join(outDir, 'view/kiosk-staff.js')).requires).toContain(
      'mobx-miniprogram-bindings',
    );
  });

  it('has no eval, Function constructor or dynamic require in any built .js', () => {
    const problems = builtFiles('.js').flatMap((file) =>
      scan(file).problems.map((problem) => `${path.relative(outDir, file)}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('has the .js, .json, .wxml and .wxss of every page in app.json', () => {
    const app = JSON.parse(read(path.join(outDir, 'app.json'))) as { pages: string[] };
    expect(app.pages.length).toBeGreaterThan(0);
    for (const page of app.pages) {
      for (const extension of ['.js', '.json', '.wxml', '.wxss']) {
        expect(`${page}${extension}: ${isFile(path.join(outDir, page + extension))}`).toBe(
          `${page}${extension}: true`,
        );
      }
    }
    expect(isFile(path.join(outDir, 'app.js'))).toBe(true);
  });

  it('resolves every usingComponents path of every page and component inside the package', () => {
    const jsons = builtFiles('.json').filter((file) => path.basename(file) !== 'app.json');
    const using = jsons.flatMap((file) =>
      Object.entries(
        (JSON.parse(read(file)) as { usingComponents?: Record<string, string> }).usingComponents ??
          {},
      ).map(([tag, target]) => ({ file, tag, target })),
    );
    // The app's own pages and components use Vant and each other, not only Vant internally.
    const own = using.filter(
      ({ file }) => !path.relative(outDir, file).startsWith('miniprogram_npm'),
    );
    expect(own.map(({ target }) => target)).toEqual(
      expect.arrayContaining(['@vant/weapp/button/index', '/components/sync-badge/index']),
    );
    const failures = using.flatMap(({ file, tag, target }) => {
      const where = `${path.relative(outDir, file)} <${tag}> "${target}"`;
      const base = resolveComponentLikeWeChat(file, target);
      if (!base) return [`${where}: not found in the package`];
      const missing = ['.js', '.json', '.wxml'].filter((extension) => !isFile(base + extension));
      return missing.length ? [`${where}: no ${missing.join(', ')}`] : [];
    });
    expect(failures).toEqual([]);
  });

  it('is the folder project.config.json opens', () => {
    const project = JSON.parse(read(path.join(repoRoot, 'project.config.json'))) as {
      miniprogramRoot: string;
      compileType: string;
      setting: { packNpmManually: boolean };
    };
    expect(path.resolve(repoRoot, project.miniprogramRoot)).toBe(
      path.join(repoRoot, 'dist', 'miniprogram'),
    );
    expect(project.compileType).toBe('miniprogram');
    expect(project.setting.packNpmManually).toBe(true);
  });

  it('runs the core bundle with no require, process or code generation, and formats money', () => {
    const context = loadLikeWeChat({});
    const core = context.load('miniprogram_npm/@pos/shared/index.js') as Record<string, unknown>;
    expect(typeof (core.formatFen as unknown)).toBe('function');
    expect(vm.runInContext('typeof require + typeof process + typeof Buffer', context)).toBe(
      'undefinedundefinedundefined',
    );
    context.core = core;
    expect(vm.runInContext('core.formatFen(1280)', context)).toBe('¥12.80');
    expect(vm.runInContext('core.parseFen("12.3")', context)).toBe(1230);
    // zod validates inside the bundle without generating code.
    expect(
      vm.runInContext(
        'core.parseWith(core.categorySchema, { id: "c", name: "咖啡", sort: 1 }).ok',
        context,
      ),
    ).toBe(true);
    expect(
      vm.runInContext(
        'core.parseWith(core.categorySchema, { id: "", name: "x", sort: 1.5 }).error',
        context,
      ),
    ).toMatch(/^id: .*; sort: /);
    // PIN hashing inside the bundle, where there is no TextEncoder: the same hash as in Node.
    expect(vm.runInContext('typeof TextEncoder', context)).toBe('undefined');
    const hash = vm.runInContext('core.hashPin("1234", new Uint8Array(16), 10)', context) as string;
    expect(hash).toBe(hashPin('1234', new Uint8Array(16), 10));
    expect(vm.runInContext(`core.verifyPin("1234", ${JSON.stringify(hash)})`, context)).toBe(true);
  });

  it('loads a page through WeChat-style requires: the bindings, mobx and the core resolve', () => {
    const registered: Array<{ data: { t: { title: string } }; storeBindings?: unknown }> = [];
    const context = loadLikeWeChat({
      App: () => undefined,
      Behavior: (options: object) => options,
      Component: (options: (typeof registered)[number]) => registered.push(options),
      getApp: () => ({ client: null }),
    });
    context.load('app.js');
    context.load('pages/sign-in/index.js');
    expect(registered).toHaveLength(1);
    expect(registered[0].data.t.title).toBe('员工登录');
    expect(registered[0].storeBindings).toBeDefined();
    expect(read(path.join(outDir, 'pages/sign-in/index.wxml'))).toContain('<pin-pad');
  });
});
