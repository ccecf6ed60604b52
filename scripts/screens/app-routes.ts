// The pages of the mini-program, read from its app.json: apart from the renderer, so that the
// command line can check a page word without loading simulate, jsdom and the demo server.

export interface AppJson {
  pages?: string[];
  subpackages?: Array<{ root: string; pages?: string[] }>;
  subPackages?: Array<{ root: string; pages?: string[] }>;
  window?: { navigationBarTitleText?: string };
}

/** The routes of an app.json: main package pages, then each subpackage's under its root. */
export function appRoutes(appJson: AppJson): string[] {
  const routes = [...(appJson.pages ?? [])];
  for (const sub of [...(appJson.subpackages ?? []), ...(appJson.subPackages ?? [])]) {
    const root = sub.root.replace(/\/+$/, '');
    for (const page of sub.pages ?? []) routes.push(`${root}/${page}`);
  }
  return routes;
}
