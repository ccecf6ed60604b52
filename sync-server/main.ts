// The entry file: the only place that reads the environment, opens the data directory and listens.
// `npm start` runs it: the store's server on its embedded store, seeded with the demo store on first start.
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { formatStartupBanner, isLoopback, reachableHosts } from './banner';
import { ConfigError, loadConfig, type ServerConfig } from './config';
import { createDemoStore, type DemoStaffPin } from './demo/demo-store';
import { createLogger } from './logger';
import { startServer, type RunningServer } from './server';
import { listenProblem, prepareDataDir } from './startup-problems';
import { DataDirectoryInUseError } from './store/data-lock';
import { CorruptDataError } from './store/errors';
import type { Store } from './store/store';

function readConfigFile(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** The configuration's store settings (name, day, rounding, the store's rules) win over what the store has saved. */
async function applyConfiguredSettings(store: Store, config: ServerConfig): Promise<void> {
  const settings = {
    ...store.settings,
    storeName: config.storeName ?? store.settings.storeName,
    businessDayStartMinutes: config.businessDayStartMinutes,
    utcOffsetMinutes: config.utcOffsetMinutes,
    rounding: config.rounding,
    ...config.storeRules,
  };
  if (JSON.stringify(settings) !== JSON.stringify(store.settings))
    await store.commit({ kind: 'settings.saved', settings });
}

/** The store's journal and checkpoint: before a seed they hold no entry, so after it only the seed. */
const SEEDED_ENTRIES = ['journal', 'state.json'];

/**
 * Removes the store this start seeded and then failed with (the port in use, say): its staff PINs
 * were never shown and are not shown again, so keeping it would leave a store nobody can sign in
 * to; the next start makes a new one and prints its PINs. Only what this start made goes (the seed,
 * and entries that were not there before it, such as the QR secret): the folder's other files (a
 * disk's lost+found, a README) are the user's.
 */
async function forgetUnannouncedStore(
  dataDir: string,
  entriesBefore: ReadonlySet<string>,
  running?: RunningServer,
): Promise<void> {
  await running?.close();
  for (const entry of await readdir(dataDir))
    if (SEEDED_ENTRIES.includes(entry) || !entriesBefore.has(entry))
      await rm(path.join(dataDir, entry), { recursive: true, force: true });
}

/** Said once a failed journal stops every change: only someone at the machine can fix it. */
function failureAdvice(dataDir: string, failure: Error): string {
  return (
    `the store in ${dataDir} takes no more changes: ${failure.message}. ` +
    'Free space on its disk (or check the disk for errors), then restart the server; ' +
    'until then every change is refused (the tills keep their sales and send them once it is back).'
  );
}

async function main(): Promise<void> {
  const config = loadConfig(process.env, readConfigFile);
  const logger = createLogger(config.logLevel, config.utcOffsetMinutes);
  const dataDir = path.resolve(config.dataDir);
  await prepareDataDir(dataDir);
  const entriesBefore = new Set(await readdir(dataDir));
  let firstStartPins: DemoStaffPin[] | undefined;
  let running: RunningServer | undefined;
  try {
    running = await startServer({
      dataDir,
      port: config.port,
      host: config.host,
      logger,
      seed: () => {
        const demo = createDemoStore({
          bytes: (n) => randomBytes(n),
          int: (max) => randomInt(max),
        });
        firstStartPins = demo.staffPins;
        return demo;
      },
      onWarning: (message) => logger.warn(message),
      onFailure: (failure) => logger.fatal({ dataDir }, failureAdvice(dataDir, failure)),
      payments: { wechatPay: config.wechatPay, miniProgram: config.miniProgram },
    }).catch((error: unknown) => {
      const problem = listenProblem(error, config);
      throw problem ? new ConfigError([`the server could not start: ${problem}`]) : error;
    });
    await applyConfiguredSettings(running.store, config);

    // A server bound to one address is reachable there only: the LAN's other addresses would not answer.
    const addresses = reachableHosts(config.host, networkInterfaces());
    // The server's clock is Date.now here: the code's lifetime is its expiry less this moment.
    const issuedAt = Date.now();
    const { code, expiresAt } = running.pos.pairingCodes.issue();
    const port = running.port;
    const hostAddresses = addresses.map((address) => `${address}:${port}`);
    const pairingHost = hostAddresses[0] ?? `127.0.0.1:${port}`;
    process.stdout.write(
      (await formatStartupBanner({
        storeName: running.store.settings.storeName,
        httpUrls:
          hostAddresses.length > 0 ? hostAddresses.map((host) => `http://${host}`) : [running.url],
        lanAddresses: hostAddresses,
        pairingCode: code,
        pairingPayload: `http://${pairingHost}/pair?code=${code}`,
        pairingExpiresAt: expiresAt,
        now: issuedAt,
        utcOffsetMinutes: running.store.settings.utcOffsetMinutes,
        loopbackHost: isLoopback(config.host) ? config.host : undefined,
        staffPins: firstStartPins,
      })) + '\n',
    );
  } catch (error) {
    // The seed having run, not an empty folder, is what says this start made the store.
    if (firstStartPins) await forgetUnannouncedStore(dataDir, entriesBefore, running);
    throw error;
  }
  const server = running;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      // Nothing a device was told is stored can be lost: the journal is fsync'd before each answer.
      logger.warn(
        { signal },
        "second signal: exiting now, without waiting for the devices' sockets to close; " +
          "every change already answered is on disk (the journal is fsync'd)",
      );
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // SIGHUP: the terminal `npm start` ran in was closed; the server stops as for Ctrl-C.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => stop(signal));
  // Only now: a signal before its handler would kill the process outright, with no last checkpoint,
  // and whoever waits for this line (a service manager, the tests) may stop the server at once.
  logger.info({ port: running.port, dataDir }, 'server started');
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof CorruptDataError ||
    error instanceof DataDirectoryInUseError
  ) {
    process.stderr.write(`${error.message}\n`);
  } else if (typeof (error as NodeJS.ErrnoException).code === 'string') {
    // A system error (a file the server could not open or write) names its file in its message:
    // that is what an operator can act on; a stack trace is only noise to them.
    process.stderr.write(`the server could not start: ${(error as Error).message}\n`);
  } else {
    process.stderr.write(
      `the server could not start: ${(error as Error).stack ?? String(error)}\n`,
    );
  }
  process.exit(1);
});
