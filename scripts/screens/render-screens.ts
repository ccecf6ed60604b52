// A run of `npm run screens`: each picture's page rendered in its scenario (render-page.ts) and shot
// at every size (shoot.ts); the pictures, the HTML they were taken from and report.json written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openScreenRenderer, type RenderedPage, type ScreenRenderer } from './render-page';
import { scenarioFor, variants, type Scenario } from './scenarios';
import { openShooter, type Shooter, type Shot } from './shoot';
import { SCREEN_SIZES, type ScreenSize } from './sizes';

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

type PageEntry = ScreensReport['pages'][number];

export interface ScreensOptions {
  outDir: string;
  /** Only pages whose route contains one of these words; all when empty. */
  filters: string[];
  log?: (line: string) => void;
}

/** Every picture of these routes: each page's main one, then the other states scenarios.ts lists. */
function picturesOf(routes: string[]): Array<{ entry: PageEntry; scenario: Scenario }> {
  return routes.flatMap((route) => {
    const { scenario, isDefault } = scenarioFor(route);
    const pictures: Array<{ variant?: string; scenario: Scenario; isDefault: boolean }> = [
      { scenario, isDefault },
      ...Object.entries(variants[route] ?? {}).map(([variant, extra]) => ({
        variant,
        scenario: extra,
        isDefault: false,
      })),
    ];
    return pictures.map((picture) => ({
      entry: {
        route,
        name: screenName(route) + (picture.variant ? `-${picture.variant}` : ''),
        ...(picture.variant ? { variant: picture.variant } : {}),
        shows: picture.scenario.shows,
        isDefault: picture.isDefault,
        shots: [],
        dropped: [],
      },
      scenario: picture.scenario,
    }));
  });
}

/**
 * Writes a rendered page's HTML and pictures at every size, both sizes at once (each has its own
 * tab in Chromium), and notes in its entry the shots taken, in SCREEN_SIZES's order.
 */
async function shootPage(
  entry: PageEntry,
  rendered: RenderedPage,
  shooter: Shooter,
  outDir: string,
): Promise<void> {
  const shots = await Promise.allSettled(
    SCREEN_SIZES.map(async (size) => {
      const { html, dropped } = rendered.html[size.name];
      const file = `${entry.name}.${size.name}`;
      const htmlFile = path.join('html', `${file}.html`);
      fs.writeFileSync(path.join(outDir, htmlFile), html);
      const shot = await shooter.shoot(html, size);
      fs.writeFileSync(path.join(outDir, `${file}.png`), shot.png);
      return { size: size.name, png: `${file}.png`, html: htmlFile, fonts: shot.fonts, dropped };
    }),
  );
  for (const shot of shots) {
    if (shot.status === 'rejected') throw shot.reason;
    const { dropped, ...taken } = shot.value;
    entry.shots.push(taken);
    entry.dropped.push(...dropped.filter((rule) => !entry.dropped.includes(rule)));
  }
}

export async function renderScreens(options: ScreensOptions): Promise<ScreensReport> {
  const log = options.log ?? (() => {});
  const report: ScreensReport = { sizes: SCREEN_SIZES, pages: [], refused: [] };
  // Chromium starts while the renderer opens and renders the first page; a failed launch fails the
  // run once that page is rendered (marked handled until then).
  const opening = openShooter();
  opening.catch(() => {});
  let renderer: ScreenRenderer | undefined;
  try {
    renderer = await openScreenRenderer();
    fs.mkdirSync(path.join(options.outDir, 'html'), { recursive: true });
    /** A page's pictures once it is rendered, and its line of the log (or its failure's). */
    const shootRendered = async (
      entry: PageEntry,
      rendering: Promise<RenderedPage>,
      shooter: Shooter,
    ) => {
      try {
        await shootPage(entry, await rendering, shooter, options.outDir);
        const note = entry.isDefault
          ? ' (default scenario: add one in scripts/screens/scenarios.ts)'
          : '';
        log(`  ${entry.name.padEnd(16)} ${entry.shows}${note}`);
      } catch (error) {
        entry.error = error instanceof Error ? error.message : String(error);
        log(`  ${entry.name.padEnd(16)} FAILED: ${entry.error}`);
      }
    };
    const routes = renderer
      .routes()
      .filter(
        (route) => options.filters.length === 0 || options.filters.some((w) => route.includes(w)),
      );
    // Node renders a page while Chromium shoots the one before it. Renders take turns (they share
    // simulate and its DOM), and so do pages' shots, which keeps the log in the pages' order.
    let shooting = Promise.resolve();
    for (const { entry, scenario } of picturesOf(routes)) {
      report.pages.push(entry);
      const rendering = renderer.render(entry.route, scenario, SCREEN_SIZES);
      // A failed render is the page's failure, noted as its pictures are taken.
      await rendering.catch(() => {});
      await shooting;
      shooting = shootRendered(entry, rendering, await opening);
    }
    await shooting;
    report.refused = [...(await opening).refused];
    fs.writeFileSync(path.join(options.outDir, 'report.json'), JSON.stringify(report, null, 2));
  } finally {
    await opening.then(
      (shooter) => shooter.close(),
      () => {},
    );
    await renderer?.close();
  }
  return report;
}
