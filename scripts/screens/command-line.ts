// `npm run screens`'s command line: which pages (words of their routes) and where the pictures go.
// A word no page's route contains is refused, naming it: ignored, the run said "0 of 0 pages" and
// succeeded, or quietly left that page out.
import * as path from 'node:path';
import { parseArgs } from 'node:util';

export const usage = `usage: npm run screens [-- [--out DIR] [WORD...]]

  WORD       only the pages whose route contains one of these words (register, orders, pay...);
             every page without one
  --out DIR  where the pictures go (default screens/)
  --help     this text`;

export interface ScreensCommand {
  outDir: string;
  /** Words of the routes to render; every page when empty. */
  filters: string[];
}

/** Reads the arguments against the app's routes; throws a message (with the usage) on a wrong one. */
export function readScreensCommand(
  args: string[],
  routes: readonly string[],
  defaultOutDir: string,
): ScreensCommand | 'help' {
  const refuse = (problem: string) => new Error(`${problem}\n${usage}`);
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw refuse((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  // An empty folder is the current one: for `npm run`, the repository's root.
  if (values.out !== undefined && !values.out.trim()) throw refuse('--out needs a folder');
  const unknown = positionals.filter((word) => !routes.some((route) => route.includes(word)));
  if (unknown.length > 0)
    throw refuse(
      `no page's route contains ${unknown.map((word) => `"${word}"`).join(' or ')}; the pages: ` +
        routes.map((route) => route.replace(/\/index$/, '')).join(', '),
    );
  return { outDir: path.resolve(values.out ?? defaultOutDir), filters: positionals };
}
