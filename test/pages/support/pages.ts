// The page tests' harness: the built mini-program (built once, reused while it is newer than its
// sources), the wx stand-in as the global `wx`, getApp() answering with the test's real client,
// and pages loaded by miniprogram-simulate with Vant's components resolved from the build.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PosClient } from '../../../miniprogram/core/client';
import { createWxStandIn } from '../../wx';
import type { Node, Simulate } from './interact';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
/** project.config.json's miniprogramRoot: what WeChat DevTools opens. */
export const builtRoot = path.join(repoRoot, 'dist', 'miniprogram');
/** Written last by the build, so its time says when the build finished. */
const lastBuilt = path.join(builtRoot, 'miniprogram_npm', 'mobx-miniprogram-bindings', 'index.js');
const sources = ['miniprogram', 'shared', 'scripts/build-miniprogram.ts', 'package-lock.json'];

function newestSource(): number {
  let newest = 0;
  for (const source of sources) {
    const full = path.join(repoRoot, source);
    const files = fs.statSync(full).isDirectory()
      ? (fs.readdirSync(full, { recursive: true }) as string[]).map((f) => path.join(full, f))
      : [full];
    for (const file of files) newest = Math.max(newest, fs.statSync(file).mtimeMs);
  }
  return newest;
}

const isFresh = () => fs.existsSync(lastBuilt) && fs.statSync(lastBuilt).mtimeMs >= newestSource();
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Builds dist/miniprogram unless it is up to date; parallel test files wait for one build. */
export function ensureBuilt(): void {
  if (isFresh()) return;
  const lock = path.join(repoRoot, '.tmp', 'pages-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (const deadline = Date.now() + 120_000; ; pause(100)) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than two minutes was left by a crash.
      if (fs.existsSync(lock) && Date.now() - fs.statSync(lock).mtimeMs > 120_000)
        fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for ${lock}`);
    }
  }
  try {
    if (isFresh()) return;
    const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
    const built = spawnSync(tsx, ['scripts/build-miniprogram.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (built.status !== 0) throw new Error(`the build failed:\n${built.stdout}${built.stderr}`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

type Json = { usingComponents?: Record<string, string> };
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Json;

/** A usingComponents path as WeChat finds it: a bare one ("@vant/...") is in the npm build. */
const asWeChatFinds = (target: string) =>
  target.startsWith('/') || target.startsWith('.') ? target : `/miniprogram_npm/${target}`;

/**
 * Every npm-style component path of the app's pages and components, as the absolute path WeChat
 * would resolve it to: one map for every page (the screens' styles are gathered with it).
 */
export function npmComponentPaths(): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const folder of ['pages', 'components']) {
    const dir = path.join(builtRoot, folder);
    for (const file of fs.readdirSync(dir, { recursive: true }) as string[]) {
      if (!file.endsWith('.json')) continue;
      for (const [tag, target] of Object.entries(
        readJson(path.join(dir, file)).usingComponents ?? {},
      ))
        if (asWeChatFinds(target) !== target) paths[tag] = asWeChatFinds(target);
    }
  }
  return paths;
}

export interface Navigation {
  api: 'reLaunch' | 'navigateTo' | 'redirectTo' | 'navigateBack';
  url?: string;
}

export interface PageHarness {
  simulate: Simulate;
  /** Where pages asked to go, oldest first. */
  navigations: Navigation[];
  /** The page's phone network (the global wx's): what a page reads of the connection. */
  network: { set(status: { isConnected: boolean; networkType?: string }): void };
  /** What the next wx.scanCode reads; null: the cashier cancels. */
  scanResult: string | null;
  /**
   * Whether the camera may be used, as WeChat answers scanCode when it may not (its own errMsg):
   * `refused`, this mini-program's camera permission is off (refused once, or switched off in its
   * settings); `unanswered`, the permission dialog was closed without a choice; `phoneRefused`,
   * the phone does not let WeChat itself use the camera.
   */
  camera: 'allowed' | 'refused' | 'unanswered' | 'phoneRefused';
  /**
   * WeChat answers a navigation (success, then complete) once the page is shown; true: it never
   * answers, as when a callback is lost.
   */
  navigationHangs: boolean;
  /** The client getApp() answers with. */
  useClient(client: PosClient): void;
  /** Renders a page ("pages/register/index") attached to a document, as WeChat shows it. */
  render(route: string): Node;
}

/** simulate's own file reading and script running, which the harness makes WeChat's. */
interface SimulateFiles {
  readJson(file: string): Json | null;
  runJs(script: string): void;
}

/**
 * simulate looks for an npm component ("@vant/weapp/button/index") beside the component that
 * declares it, not in miniprogram_npm/ as WeChat does: each .json it reads says where WeChat finds
 * them, so a page or component gets the components its own .json declares, and no others.
 */
function findNpmComponentsAsWeChat(simulateFiles: SimulateFiles): void {
  const readJson = simulateFiles.readJson;
  simulateFiles.readJson = (file) => {
    const json = readJson(file);
    const declared = json?.usingComponents ?? {};
    for (const [tag, target] of Object.entries(declared)) declared[tag] = asWeChatFinds(target);
    return json;
  };
}

type ComponentOptions = { relations?: Record<string, object> } & Record<string, unknown>;

/** What simulate's Component() may change in place (a relation's path key becomes an id). */
const copyOf = (options: ComponentOptions): ComponentOptions => ({
  ...options,
  relations:
    options.relations &&
    Object.fromEntries(
      Object.entries(options.relations).map(([key, value]) => [key, { ...value }]),
    ),
});

/**
 * WeChat runs a component's script once and gives the component to every page that declares it.
 * simulate registers each component afresh (a new id) on every load and counts on running its
 * script again, after deleting it from require.cache, to define it under that id; jest's
 * require.cache ignores the delete, so a script already run in the test file ran no more, and a
 * page loaded after another drew the components they share as bare tags. So a script runs once, as
 * in WeChat, and what it gave Component() is given again on each later load.
 */
function defineComponentsOnEveryLoad(simulateFiles: SimulateFiles): void {
  const globals = globalThis as Record<string, unknown>;
  const simulateComponent = globals.Component as (options: ComponentOptions) => void;
  const optionsOfScript = new Map<string, ComponentOptions>();
  let running = '';
  globals.Component = (options: ComponentOptions) => {
    if (running) optionsOfScript.set(running, copyOf(options));
    simulateComponent(options);
  };
  simulateFiles.runJs = (script) => {
    const options = optionsOfScript.get(script);
    if (options) return simulateComponent(copyOf(options));
    running = script;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(script);
    } finally {
      running = '';
    }
  };
}

/** The page each harness rendered last: what `until` says the page showed when it gives up. */
const lastRendered = new WeakMap<PageHarness, Node>();

/** Call once per test file, before anything renders. */
export function setUpPages(): PageHarness {
  ensureBuilt();
  const globals = globalThis as Record<string, unknown>;
  // simulate keeps the wx it finds and adds its own mocks for what is missing (navigation, UI).
  const standIn = createWxStandIn();
  globals.wx = standIn.wx;
  let client: PosClient | null = null;
  globals.getApp = () => ({ client });
  globals.getCurrentPages = () => [{}];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const simulate = require('miniprogram-simulate') as Simulate;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const simulateFiles = require('miniprogram-simulate/src/utils') as SimulateFiles;
  findNpmComponentsAsWeChat(simulateFiles);
  defineComponentsOnEveryLoad(simulateFiles);
  const harness: PageHarness = {
    simulate,
    navigations: [],
    network: standIn.network,
    scanResult: null,
    camera: 'allowed',
    navigationHangs: false,
    useClient: (next) => (client = next),
    render(route) {
      const id = loaded.get(route) ?? load(route);
      const page = simulate.render(id);
      page.attach(document.createElement('parent-wrapper'));
      lastRendered.set(harness, page);
      return page;
    },
  };
  const wx = globals.wx as Record<string, unknown>;
  type NavigationOptions = {
    url?: string;
    success?: (result: { errMsg: string }) => void;
    complete?: (result: { errMsg: string }) => void;
  };
  for (const api of ['reLaunch', 'navigateTo', 'redirectTo', 'navigateBack'] as const) {
    wx[api] = (options: NavigationOptions) => {
      harness.navigations.push({ api, url: options.url });
      if (harness.navigationHangs) return;
      setTimeout(() => {
        options.success?.({ errMsg: `${api}:ok` });
        options.complete?.({ errMsg: `${api}:ok` });
      }, 0);
    };
  }
  const cameraRefusals = {
    refused: 'scanCode:fail auth deny',
    unanswered: 'scanCode:fail authorize no response',
    phoneRefused: 'scanCode:fail system permission denied',
  };
  wx.scanCode = (options: WechatMiniprogram.ScanCodeOption) => {
    const result = harness.scanResult;
    const camera = harness.camera;
    setTimeout(() => {
      if (camera !== 'allowed') options.fail?.({ errMsg: cameraRefusals[camera] });
      else if (result === null) options.fail?.({ errMsg: 'scanCode:fail cancel' });
      else
        options.success?.({
          result,
          scanType: 'QR_CODE',
        } as WechatMiniprogram.ScanCodeSuccessCallbackResult);
    }, 0);
  };
  const loaded = new Map<string, string>();
  const load = (route: string) => {
    const id = simulate.load(path.join(builtRoot, route), { rootPath: builtRoot });
    loaded.set(route, id);
    return id;
  };
  return harness;
}

/** The rendered DOM's elements matching a selector (Vant's own classes, the page's classes). */
export function all(page: { dom?: Element }, selector: string): Element[] {
  return [...(page.dom?.querySelectorAll(selector) ?? [])];
}

/**
 * Lets bindings' setData and observers run after a store change: a chain of timers and ticks that
 * takes a few milliseconds on a machine that gives it the CPU. On a loaded one the process waits
 * for a core, every hop of the chain with it, and a 30 ms wait can end with the redraw half done;
 * so a wait that ended late (the process was kept waiting) is followed by another, until one ends
 * on time: the chain then had the CPU to finish. A quiet machine waits once, as before.
 */
export async function settle(harness: PageHarness, ms = 30): Promise<void> {
  let wait = ms;
  for (let waits = 0; waits < 20; waits++) {
    const start = performance.now();
    await harness.simulate.sleep(wait);
    if (performance.now() - start < wait * 1.5) return;
    // The chain had its 30 ms: what is left of it needs only a turn or two of the loop.
    wait = 10;
  }
}

/** The text of the page rendered last, in one line (cut short): what a failed wait reports. */
function shownBy(harness: PageHarness): string {
  const text = lastRendered.get(harness)?.dom?.textContent?.replace(/\s+/g, ' ').trim();
  if (text === undefined) return '(no page rendered)';
  return text.length > 600 ? `${text.slice(0, 600)}…` : text || '(nothing)';
}

/**
 * Settles in short steps until `check()` holds: for a read of the page after an action whose
 * effect comes through real I/O or a timer (a socket round trip, a storage write, an HTTP call,
 * Vant's and the bindings' wx.nextTick), which a loaded machine redraws later than one settle.
 * Giving up is a failure naming `what` and what the page showed; never a pass.
 */
export async function until(
  harness: PageHarness,
  check: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; the page showed: ${shownBy(harness)}`,
      );
    await settle(harness, 5);
  }
}
