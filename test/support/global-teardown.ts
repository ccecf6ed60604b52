// jest's globalTeardown: removes what global-setup.ts made for the run.
import path from 'node:path';
import { DEMO_STORE_FILE } from './demo-store-setup';
import { SERVER_BUNDLE_FILE } from './server-bundle';
import { removeDir } from './temp-dir';

export default function globalTeardown(): void {
  for (const name of [DEMO_STORE_FILE, SERVER_BUNDLE_FILE]) {
    const file = process.env[name];
    if (file) removeDir(path.dirname(file));
  }
}
