// Finds Debian's headless Chromium for the browser tests (dashboard, screen pictures) and launches it
// through playwright-core. Where Chromium is absent the tests skip with a notice; CI installs it.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium executable, or null when none is installed. */
export function chromiumPath(): string | null {
  return candidates.find((path): path is string => !!path && existsSync(path)) ?? null;
}

/** `describe` when Chromium is there, otherwise `describe.skip` after saying why. */
export function describeWithChromium(name: string, body: () => void): void {
  if (chromiumPath()) {
    describe(name, body);
    return;
  }
  console.warn(`Skipping "${name}": Chromium is not installed (apt-get install chromium).`);
  describe.skip(name, body);
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium is not installed (apt-get install chromium)');
  // --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
}
