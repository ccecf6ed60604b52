// `npm run screens`: every page of the mini-program (app.json and its subpackages) rendered with
// demo data, as PNG pictures at tablet and phone sizes, so anyone can see the screens without
// WeChat. Writes screens/<page>.<size>.png and the HTML each picture was taken from.
//
//   npm run screens                      every page
//   npm run screens -- register orders   only pages whose route contains one of these words
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openScreenRenderer } from './render-page';
import { scenarioFor } from './scenarios';
import { openShooter } from './shoot';
import { SCREEN_SIZES } from './sizes';

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

async function main(filters: string[]): Promise<void> {
  const started = Date.now();
  const renderer = await openScreenRenderer();
  const shooter = await openShooter();
  const failures: string[] = [];
  try {
    fs.mkdirSync(path.join(screensDir, 'html'), { recursive: true });
    const routes = renderer
      .routes()
      .filter((route) => filters.length === 0 || filters.some((word) => route.includes(word)));
    for (const route of routes) {
      const name = screenName(route);
      const { scenario, isDefault } = scenarioFor(route);
      try {
        const rendered = await renderer.render(route, scenario, SCREEN_SIZES);
        for (const size of SCREEN_SIZES) {
          const { html } = rendered.html[size.name];
          const file = `${name}.${size.name}`;
          fs.writeFileSync(path.join(screensDir, 'html', `${file}.html`), html);
          const shot = await shooter.shoot(html, size);
          fs.writeFileSync(path.join(screensDir, `${file}.png`), shot.png);
        }
        const note = isDefault
          ? ' (default scenario: add one in scripts/screens/scenarios.ts)'
          : '';
        console.log(`  ${name.padEnd(16)} ${scenario.shows}${note}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${route}: ${message}`);
        console.log(`  ${name.padEnd(16)} FAILED: ${message}`);
      }
    }
    if (shooter.refused.length > 0)
      console.log(`Refused requests to other machines:\n  ${shooter.refused.join('\n  ')}`);
    const where = path.relative(process.cwd(), screensDir) || screensDir;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `${routes.length - failures.length} of ${routes.length} pages at ${SCREEN_SIZES.map((s) => `${s.name} ${s.width}x${s.height}`).join(' and ')} in ${where}/ (${seconds} s)`,
    );
  } finally {
    await shooter.close();
    await renderer.close();
  }
  if (failures.length > 0) throw new Error(`${failures.length} page(s) failed to render`);
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
