// The disk fails (full, or gone) under a running server: every change from then on is refused until
// someone frees space and restarts it. The health endpoint an IT helper or a supervisor watches says
// so, and the log says what to do, naming the data directory; the server does not exit by itself.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { PROTOCOL_VERSION } from '@pos/shared';
import { killAllServers, spawnServer } from '../support/server-process';
import { trackedSkus } from '../support/sales';
import { makeTempDir, removeDir } from '../support/temp-dir';
import { api, startTestServer, type TestServer } from '../support/test-server';

let server: TestServer | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await killAllServers();
  // A store whose journal failed cannot close cleanly (as in journal-write-failure.test.ts).
  await server?.close().catch(() => undefined);
  if (server) removeDir(server.dataDir);
  if (dataDir) removeDir(dataDir);
  server = null;
  dataDir = null;
});

test('/api/health answers 503 "failing" with the reason once the journal can no longer write', async () => {
  const failures: Error[] = [];
  server = await startTestServer({ onFailure: (failure) => failures.push(failure) });
  expect(await api(server, 'GET', '/api/health')).toMatchObject({
    status: 200,
    body: { status: 'ok', protocol: PROTOCOL_VERSION },
  });
  expect(server.store.failure).toBeNull();

  const { journal } = server.store as unknown as { journal: { handle: FileHandle } };
  await journal.handle.close(); // as a dead or full disk leaves it: every later write fails
  for (const level of [5, 6])
    await expect(
      server.store.commit({ kind: 'stock.set', skuId: trackedSkus[0].id, level }),
    ).rejects.toThrow('journal write failed');

  const health = await api<{ status: string; reason: string }>(server, 'GET', '/api/health');
  expect(health.status).toBe(503);
  expect(health.body).toMatchObject({
    status: 'failing',
    reason: expect.stringMatching(/^journal write failed: /),
    protocol: PROTOCOL_VERSION,
  });
  expect(server.store.failure?.message).toBe(health.body.reason);
  // Told once, not at every refused change.
  expect(failures.map((failure) => failure.message)).toEqual([health.body.reason]);
});

test('a server whose disk is full says in its log to free space and restart, names the folder, and keeps answering', async () => {
  dataDir = makeTempDir('pos-disk-full-');
  const running = await spawnServer(dataDir);
  // A real write failure: the journal's segment may not grow past its size now (EFBIG, as a full
  // disk's ENOSPC), set on the running server with util-linux's prlimit.
  const journalDir = path.join(dataDir, 'journal');
  const segments = readdirSync(journalDir).sort();
  const { size } = statSync(path.join(journalDir, segments[segments.length - 1]));
  execFileSync('prlimit', ['--pid', String(running.child.pid), `--fsize=${size}:${size}`]);

  const paired = await api(running, 'POST', '/api/pair', {
    body: { code: running.pairingCode, name: 'Till 1', kind: 'tablet' },
  });
  expect(paired.status).toBe(500);

  const health = await api<{ status: string; reason: string }>(running, 'GET', '/api/health');
  expect(health.status).toBe(503);
  expect(health.body).toMatchObject({
    status: 'failing',
    reason: expect.stringMatching(/^journal write failed: EFBIG/),
  });
  const fatal = running
    .output()
    .split('\n')
    .filter((line) => line.includes('"level":60'));
  expect(fatal).toHaveLength(1);
  const { msg, dataDir: named } = JSON.parse(fatal[0]) as { msg: string; dataDir: string };
  expect(named).toBe(dataDir);
  expect(msg).toContain(dataDir);
  expect(msg).toContain('journal write failed: EFBIG');
  expect(msg).toMatch(/free space.*restart/i);
  expect(running.child.exitCode).toBeNull();
}, 60_000);
