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
import { appRoutes } from './app-routes';
import { readScreensCommand, usage } from './command-line';

const repoRoot = path.resolve(__dirname, '..', '..');
export const screensDir = path.join(repoRoot, 'screens');

async function main(args: string[]): Promise<void> {
  const started = Date.now();
  const appJson = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'miniprogram', 'app.json'), 'utf8'),
  );
  const command = readScreensCommand(args, appRoutes(appJson), screensDir);
  if (command === 'help') return console.log(usage);
  const { outDir, filters } = command;
  // Loaded only to render: the usage, or a word no page has, comes without the two seconds that
  // loading simulate, jsdom, the demo server and Playwright takes.
  const { renderScreens } = await import('./render-screens');
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
