// jest's globalTeardown: removes the demo store file demo-store-setup.ts wrote for the run.
import path from 'node:path';
import { DEMO_STORE_FILE } from './demo-store-setup';
import { removeDir } from './temp-dir';

export default function removeDemoStoreFile(): void {
  const file = process.env[DEMO_STORE_FILE];
  if (file) removeDir(path.dirname(file));
}
