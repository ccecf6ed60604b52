// `npm run screens`: every page of the mini-program (app.json and its subpackages) rendered with
// demo data, as PNG pictures at tablet and phone sizes, so anyone can see the screens without
// WeChat. Writes screens/<page>.<size>.png (and screens/<page>-<variant>.<size>.png for the other
// states scenarios.ts lists), the HTML each picture was taken from (screens/html/) and report.json
// (what each picture shows, fonts loaded, requests refused).
//
//   npm run screens                      every page
//   npm run screens -- register orders   only pages whose route contains one of these words
//   npm run screens -- --out /tmp/shots  somewhere else than screens/
//   npm run screens -- --help             the usage
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readScreensCommand, usage } from './command-line';
import { appRoutes, openScreenRenderer } from './render-page';
import { scenarioFor, variants, type Scenario } from './scenarios';
import { openShooter, type Shot } from './shoot';
import { SCREEN_SIZES, type ScreenSize } from './sizes';

const repoRoot = path.resolve(__dirname, '..', '..');
export const screensDir = path.join(repoRoot, 'screens');

/** "pages/sign-in/index" -> "sign-in"; a subpackage's "customer/pages/pay/index" -> "customer-pay". */
export function screenName(route: string): string {
  return route
    .replace(/\/index$/, '')
    .split('/')
    .filter((part) => part !== 'pages')
    .join('-');
}

/** What a run wrote, for a person (printed) and for the tests (report.json beside the pictures). */
export interface ScreensReport {
  sizes: ScreenSize[];
  pages: Array<{
    route: string;
    name: string;
    /** Another state of the page (scenarios.ts's variants); absent for its main picture. */
    variant?: string;
    shows: string;
    isDefault: boolean;
    error?: string;
    shots: Array<{ size: string; png: string; html: string; fonts: Shot['fonts'] }>;
    /** Stylesheet rules left out because they load from another machine. */
    dropped: string[];
  }>;
  /** Requests to other machines that a page attempted (all refused). */
  refused: string[];
}

export interface ScreensOptions {
  outDir: string;
  /** Only pages whose route contains one of these words; all when empty. */
  filters: string[];
  log?: (line: string) => void;
}

export async function renderScreens(options: ScreensOptions): Promise<ScreensReport> {
  const log = options.log ?? (() => {});
  const renderer = await openScreenRenderer();
  const shooter = await openShooter();
  const report: ScreensReport = { sizes: SCREEN_SIZES, pages: [], refused: [] };
  try {
    fs.mkdirSync(path.join(options.outDir, 'html'), { recursive: true });
    const shootPage = async (entry: ScreensReport['pages'][number], scenario: Scenario) => {
      const { route, name, isDefault } = entry;
      try {
        const rendered = await renderer.render(route, scenario, SCREEN_SIZES);
        for (const size of SCREEN_SIZES) {
          const { html, dropped } = rendered.html[size.name];
          const file = `${name}.${size.name}`;
          const htmlFile = path.join('html', `${file}.html`);
          fs.writeFileSync(path.join(options.outDir, htmlFile), html);
          const shot = await shooter.shoot(html, size);
          fs.writeFileSync(path.join(options.outDir, `${file}.png`), shot.png);
          entry.shots.push({
            size: size.name,
            png: `${file}.png`,
            html: htmlFile,
            fonts: shot.fonts,
          });
          entry.dropped.push(...dropped.filter((rule) => !entry.dropped.includes(rule)));
        }
        const note = isDefault
          ? ' (default scenario: add one in scripts/screens/scenarios.ts)'
          : '';
        log(`  ${name.padEnd(16)} ${scenario.shows}${note}`);
      } catch (error) {
        entry.error = error instanceof Error ? error.message : String(error);
        log(`  ${name.padEnd(16)} FAILED: ${entry.error}`);
      }
    };
    const routes = renderer
      .routes()
      .filter(
        (route) => options.filters.length === 0 || options.filters.some((w) => route.includes(w)),
      );
    for (const route of routes) {
      const { scenario, isDefault } = scenarioFor(route);
      const pictures: Array<{ variant?: string; scenario: Scenario; isDefault: boolean }> = [
        { scenario, isDefault },
        ...Object.entries(variants[route] ?? {}).map(([variant, extra]) => ({
          variant,
          scenario: extra,
          isDefault: false,
        })),
      ];
      for (const picture of pictures) {
        const name = screenName(route) + (picture.variant ? `-${picture.variant}` : '');
        const entry: ScreensReport['pages'][number] = {
          route,
          name,
          ...(picture.variant ? { variant: picture.variant } : {}),
          shows: picture.scenario.shows,
          isDefault: picture.isDefault,
          shots: [],
          dropped: [],
        };
        report.pages.push(entry);
        await shootPage(entry, picture.scenario);
      }
    }
    report.refused = [...shooter.refused];
    fs.writeFileSync(path.join(options.outDir, 'report.json'), JSON.stringify(report, null, 2));
  } finally {
    await shooter.close();
    await renderer.close();
  }
  return report;
}

async function main(args: string[]): Promise<void> {
  const started = Date.now();
  const appJson = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'miniprogram', 'app.json'), 'utf8'),
  );
  const command = readScreensCommand(args, appRoutes(appJson), screensDir);
  if (command === 'help') return console.log(usage);
  const { outDir, filters } = command;
  const report = await renderScreens({ outDir, filters, log: (line) => console.log(line) });
  if (report.refused.length > 0)
    console.log(`Refused requests to other machines:\n  ${report.refused.join('\n  ')}`);
  const failed = report.pages.filter((page) => page.error).length;
  const sizes = report.sizes.map((s) => `${s.name} ${s.width}x${s.height}`).join(' and ');
  const where = path.relative(process.cwd(), outDir) || outDir;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const main = report.pages.filter((page) => !page.variant);
  const mainFailed = main.filter((page) => page.error).length;
  const extra = report.pages.length - main.length;
  console.log(
    `${main.length - mainFailed} of ${main.length} pages` +
      (extra ? ` and ${extra - (failed - mainFailed)} of ${extra} other states` : '') +
      ` at ${sizes} in ${where}/ (${seconds} s)`,
  );
  if (failed > 0) throw new Error(`${failed} page(s) failed to render`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    // The demo server's sockets and the page harness's timers would keep Node alive.
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
