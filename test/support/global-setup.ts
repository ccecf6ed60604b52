// jest's globalSetup: what every test file may use, made once per run and named by environment
// variables the workers inherit: the demo store (demo-store-setup.ts) and the server's bundle
// (server-bundle.ts).
import makeDemoStoreOnce from './demo-store-setup';
import { bundleServer, SERVER_BUNDLE_FILE } from './server-bundle';

export default function globalSetup(): void {
  makeDemoStoreOnce();
  process.env[SERVER_BUNDLE_FILE] = bundleServer();
}
