// `npm run screens` end to end, run as the command it is (in its own process: simulate loads each
// page's components afresh, which jest's module registry would not let it do in one test file):
// every page of app.json (subpackages too) rendered by miniprogram-simulate with demo data from a
// real server, written to HTML and screenshotted by headless Chromium at tablet and phone sizes.
// Each picture must hold text and Vant's colours, Vant's icon font must come from this machine,
// and no request may leave it.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { appRoutes } from '../../scripts/screens/app-routes';
import { prepareSimulate } from '../../scripts/screens/render-page';
import type { ScreensReport } from '../../scripts/screens/render-screens';
import { variants } from '../../scripts/screens/scenarios';
import { launchBrowser, openShooter } from '../../scripts/screens/shoot';
import { PHONE, SCREEN_SIZES, TABLET } from '../../scripts/screens/sizes';
import { rememberTyped, toHtml } from '../../scripts/screens/to-html';
import { describeWithChromium } from '../support/chromium';
import { closePngWorker, readPng, type DecodedPng } from '../support/png';
import { makeTempDir, removeDir } from '../support/temp-dir';

const repoRoot = path.join(__dirname, '..', '..');
const routes = appRoutes(
  JSON.parse(fs.readFileSync(path.join(repoRoot, 'miniprogram', 'app.json'), 'utf8')),
);

interface Picture {
  width: number;
  height: number;
  /** Distinct colours, each channel cut to 5 bits (anti-aliasing aside). */
  colours: number;
  /** Share of pixels dark enough to be text. */
  dark: number;
  /** Pixels of a saturated colour (Vant's green, red, blue, orange; grey UI has none). */
  saturated: number;
}

function look({ width, height, data }: DecodedPng): Picture {
  // Plain loops over locals: jest runs this file in a sandbox where a Set, a destructured array or
  // Math in a loop of millions of pixels costs seconds a picture.
  const seen = new Uint8Array(1 << 15);
  let colours = 0;
  let dark = 0;
  let saturated = 0;
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i];
    const g = data[i + 1];
    const b = data[i + 2];
    const colour = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
    if (seen[colour] === 0) {
      seen[colour] = 1;
      colours++;
    }
    if (0.299 * r + 0.587 * g + 0.114 * b < 100) dark++;
    const max = r > g ? (r > b ? r : b) : g > b ? g : b;
    const min = r < g ? (r < b ? r : b) : g < b ? g : b;
    if (max - min >= 80) saturated++;
  }
  const pixels = width * height;
  return { width, height, colours, dark: dark / pixels, saturated };
}

/** Runs `npm run screens -- --out outDir` and resolves with what it printed (stdout, then stderr). */
function runScreens(outDir: string): Promise<string> {
  const run = spawn(
    path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
    ['scripts/screens/index.ts', '--out', outDir],
    { cwd: repoRoot, timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  run.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  run.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    run.on('error', (error) => resolve(`${stdout}${stderr}${String(error)}`));
    run.on('close', () => resolve(`${stdout}${stderr}`));
  });
}

describeWithChromium('screen pictures', () => {
  let outDir: string;
  let report: ScreensReport;
  let output = '';
  let browser: Browser;

  beforeAll(async () => {
    outDir = makeTempDir('pos-screens-');
    // The test's own browser starts while the command runs.
    const launched = launchBrowser();
    launched.catch(() => {});
    output = await runScreens(outDir);
    browser = await launched;
    const reportFile = path.join(outDir, 'report.json');
    if (!fs.existsSync(reportFile)) throw new Error(`npm run screens wrote no report:\n${output}`);
    report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ScreensReport;
  }, 320_000);
  afterAll(async () => {
    await browser?.close();
    await closePngWorker();
    if (outDir) removeDir(outDir);
  });

  test('every page of app.json, subpackages included, in app.json’s order', () => {
    expect(routes.length).toBeGreaterThanOrEqual(6);
    const main = report.pages.filter((page) => !page.variant);
    expect(main.map((page) => page.route)).toEqual(routes);
    expect(output).toContain(`${routes.length} of ${routes.length} pages`);
  });

  /** Every picture: each page's main one, and the other states scenarios.ts lists. */
  const pictures = routes.flatMap((route) => [
    [route, undefined] as const,
    ...Object.keys(variants[route] ?? {}).map((variant) => [route, variant] as const),
  ]);

  test('the other states are pictured too: the kiosk paying by scanning, the register with a member', () => {
    expect(pictures).toEqual(
      expect.arrayContaining([
        ['pages/kiosk/index', 'scanning'],
        ['pages/register/index', 'member'],
      ]),
    );
    const names = report.pages.map((page) => page.name);
    expect(names).toEqual(expect.arrayContaining(['kiosk-scanning', 'register-member']));
    const kiosk = report.pages.find((page) => page.name === 'kiosk-scanning')!;
    const html = fs.readFileSync(path.join(outDir, kiosk.shots[0].html), 'utf8');
    // The server's pay QR, fetched from this machine's test server into the picture.
    expect(html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]{400,}"/);
    const member = report.pages.find((page) => page.name === 'register-member')!;
    expect(fs.readFileSync(path.join(outDir, member.shots[0].html), 'utf8')).toContain('会员价');
  });

  test.each(pictures)(
    '%s %s: a picture at tablet and phone size, with text and Vant’s colours',
    async (route, variant) => {
      const page = report.pages.find((p) => p.route === route && p.variant === variant)!;
      expect(page.error).toBeUndefined();
      expect(page.shots.map((shot) => shot.size)).toEqual(SCREEN_SIZES.map((size) => size.name));
      for (const size of SCREEN_SIZES) {
        const shot = page.shots.find((s) => s.size === size.name)!;
        const html = fs.readFileSync(path.join(outDir, shot.html), 'utf8');
        // Vant really resolved: its inner elements, with simulate's class prefix, are in the page.
        expect(html).toMatch(/class="[^"]*\bvan-[a-z-]+--van-/);
        // Chinese UI text, and every rpx converted, in stylesheets and inline styles (data URLs aside).
        expect(html).toMatch(/>[^<]*[\u4e00-\u9fff]/);
        expect(html.replace(/url\(data:[^)]*\)/g, '')).not.toMatch(/\drpx\b/i);
        expect(html).not.toContain('alicdn');

        // Decoded in a worker thread (see png.ts), measured here.
        const picture = look(await readPng(path.join(outDir, shot.png)));
        expect(picture.width).toBe(size.width * size.scale);
        expect(picture.height).toBeGreaterThanOrEqual(size.height * size.scale);
        expect(picture.colours).toBeGreaterThan(40);
        expect(picture.dark).toBeGreaterThan(0.001);
        expect(picture.saturated).toBeGreaterThan(500);
      }
    },
  );

  test('Vant’s icon font is served from this machine, and no page asked another for anything', () => {
    const fonts = report.pages.flatMap((page) => page.shots.flatMap((shot) => shot.fonts));
    const iconFont = fonts.filter((font) => font.family === 'vant-icon');
    expect(iconFont.length).toBeGreaterThan(0);
    expect(iconFont.filter((font) => font.status === 'error')).toEqual([]);
    expect(iconFont.some((font) => font.status === 'loaded')).toBe(true);
    // Vant's CDN @font-face was found and left out, not passed to the browser.
    expect(
      report.pages.flatMap((page) => page.dropped).every((rule) => rule.includes('vant-icon')),
    ).toBe(true);
    expect(report.pages.some((page) => page.dropped.length > 0)).toBe(true);
    expect(report.refused).toEqual([]);
  });

  test('a request to another machine is refused and recorded (so the check above can fail)', async () => {
    const shooter = await openShooter(browser);
    try {
      const html =
        '<style>@font-face{font-family:cdn;src:url(//at.alicdn.com/t/font.woff2)}</style>' +
        '<p style="font-family:cdn">图标</p><img src="https://example.com/a.png">';
      await shooter.shoot(html, PHONE);
      expect(shooter.refused).toEqual(
        expect.arrayContaining(['http://at.alicdn.com/t/font.woff2', 'https://example.com/a.png']),
      );
    } finally {
      await shooter.close();
    }
  });
});

test('inline rpx follows the screen width, and what was typed shows in its input', () => {
  const simulate = prepareSimulate();
  const id = simulate.load({
    template: '<view style="width: 375rpx; height: 10px">half</view><input value="12" /><input />',
  });
  const component = simulate.render(id);
  component.attach(document.createElement('parent-wrapper'));
  const html = (width: number) => toHtml(component.dom!, [], { screenWidth: width }).html;
  expect(html(PHONE.width)).toContain('style="width: 187.5px; height: 10px"');
  expect(html(TABLET.width)).toContain('style="width: 512px; height: 10px"');
  expect(html(PHONE.width)).toMatch(/<wx-input[^>]*><input type="text" value="12"/);
  const inputs = component.dom!.querySelectorAll('wx-input');
  rememberTyped(inputs[1], '100');
  expect(html(PHONE.width)).toMatch(/<wx-input[^>]*><input type="text" value="100"/);
});
