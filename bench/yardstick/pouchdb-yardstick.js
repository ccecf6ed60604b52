#!/usr/bin/env node
// The yardstick for `npm run bench:sync`: the same offline sales replicated the standard
// offline-first way, by PouchDB clients pushing to an express-pouchdb server on loopback.
//
//   node bench/yardstick/pouchdb-yardstick.js --devices 5 --orders 2000 --batch 500 \
//     --order-json <file with one sample order document>
//
// N devices each hold --orders order documents in a local PouchDB, written while "offline"
// (before any replication starts). Then all N start a one-shot push replication to the server's
// `orders` database at once (batch_size = --batch). The clock runs from the start of the
// replications until every one has finished AND the server reports doc_count = N x orders.
// Prints ONE line of JSON on stdout and nothing else (diagnostics go to stderr):
//   {"devices":5,"orders":10000,"seconds":…,"ordersPerSecond":…,"batch":500, …extra fields}
// Exit code 0 on success, 1 on any failure (message on stderr, nothing on stdout).
//
// Options (defaults in brackets):
//   --devices N          devices that replicate at once [5]
//   --orders M           orders per device [2000]
//   --batch B            PouchDB replication batch_size [100, PouchDB's own default]
//   --order-json PATH    JSON file holding one sample order document [a built-in ~1.5 KB order]
//   --mode M             express-pouchdb mode: minimumForPouchDB | fullCouchDB [minimumForPouchDB]
//   --fsync              server's LevelDB writes with sync:true (fsync per write batch); PouchDB's
//                        default, without it, leaves acknowledged writes in the OS page cache
//   --in-process         run the server in this process instead of a child process of its own
//   --client-adapter A   memory | leveldb for the devices' local databases [memory]
//   --timeout S          give up after S seconds of replication [600]
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { fork } = require('node:child_process');
const { performance } = require('node:perf_hooks');

// Keep stdout for the one result line: anything a library logs goes to stderr.
const writeResult = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
console.log = console.error;
console.info = console.error;

function parseArgs(argv) {
  const opts = {
    devices: 5,
    orders: 2000,
    batch: 100,
    orderJson: null,
    mode: 'minimumForPouchDB',
    fsync: false,
    inProcess: false,
    clientAdapter: 'memory',
    timeout: 600,
    serve: false,
    dir: null,
  };
  const int = (name, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0)
      throw new Error(`${name} needs a positive integer, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const key = eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = () => {
      if (eq > 0) return arg.slice(eq + 1);
      if (i + 1 >= argv.length) throw new Error(`${key} needs a value`);
      return argv[++i];
    };
    switch (key) {
      case '--devices':
        opts.devices = int(key, takeValue());
        break;
      case '--orders':
        opts.orders = int(key, takeValue());
        break;
      case '--batch':
        opts.batch = int(key, takeValue());
        break;
      case '--order-json':
        opts.orderJson = takeValue();
        break;
      case '--mode':
        opts.mode = takeValue();
        break;
      case '--fsync':
        opts.fsync = true;
        break;
      case '--in-process':
        opts.inProcess = true;
        break;
      case '--client-adapter':
        opts.clientAdapter = takeValue();
        break;
      case '--timeout':
        opts.timeout = int(key, takeValue());
        break;
      case '--serve':
        opts.serve = true;
        break; // internal: the server child process
      case '--dir':
        opts.dir = takeValue();
        break; // internal: the server's data directory
      case '-h':
      case '--help':
        process.stderr.write(
          fs
            .readFileSync(__filename, 'utf8')
            .split('\n')
            .slice(1, 26)
            .map((l) => l.replace(/^\/\/ ?/, ''))
            .join('\n') + '\n',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument: ${arg}`);
    }
  }
  if (!['minimumForPouchDB', 'fullCouchDB'].includes(opts.mode))
    throw new Error(`unknown --mode ${opts.mode}`);
  if (!['memory', 'leveldb'].includes(opts.clientAdapter))
    throw new Error(`unknown --client-adapter ${opts.clientAdapter}`);
  return opts;
}

function pkgVersion(name) {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- server

/** leveldown with every write forced to sync:true, i.e. fsync'd before it is acknowledged. */
function syncLevelDown() {
  const leveldown = require('leveldown');
  function SyncLevelDOWN(location) {
    const db = leveldown(location);
    const force = (method) => {
      const orig = db[method];
      db[method] = function (...args) {
        // (key, value, options, cb) / (key, options, cb) / (operations, options, cb)
        const optIndex = args.length - 2;
        args[optIndex] = Object.assign({}, args[optIndex], { sync: true });
        return orig.apply(this, args);
      };
    };
    force('_put');
    force('_del');
    force('_batch');
    return db;
  }
  SyncLevelDOWN.destroy = leveldown.destroy;
  SyncLevelDOWN.repair = leveldown.repair;
  return SyncLevelDOWN;
}

/** Starts express-pouchdb on 127.0.0.1, port 0, storing in LevelDB under `dir`. */
async function startServer({ dir, mode, fsync }) {
  const PouchDB = require('pouchdb');
  const express = require('express');
  const expressPouchDB = require('express-pouchdb');
  const defaults = { prefix: dir + path.sep };
  if (fsync) defaults.db = syncLevelDown();
  const ServerPouchDB = PouchDB.defaults(defaults);
  const app = express();
  app.use(
    '/',
    expressPouchDB(ServerPouchDB, {
      mode,
      // fullCouchDB mode would otherwise write ./config.json and ./log.txt in the cwd.
      configPath: path.join(dir, 'config.json'),
      logPath: path.join(dir, 'log.txt'),
    }),
  );
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        if (server.closeAllConnections) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The server in a child process of its own, as a real store server would run. */
function startServerProcess({ dir, mode, fsync }) {
  const args = ['--serve', '--dir', dir, '--mode', mode];
  if (fsync) args.push('--fsync');
  // The child's stdout goes to our stderr: our stdout carries only the result line.
  const child = fork(__filename, args, { stdio: ['ignore', 2, 2, 'ipc'] });
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onExit = ({ code, signal }) =>
      reject(new Error(`server process exited early (code ${code}, signal ${signal})`));
    exited.then(onExit);
    child.once('message', (msg) => {
      if (!msg || msg.error) return reject(new Error(`server process failed: ${msg && msg.error}`));
      resolve({
        url: msg.url,
        close: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.send('stop');
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(timer);
          }
        },
        child,
      });
    });
  });
}

async function serveMain(opts) {
  try {
    const server = await startServer({ dir: opts.dir, mode: opts.mode, fsync: opts.fsync });
    process.on('message', async (msg) => {
      if (msg === 'stop') {
        await server.close();
        process.exit(0);
      }
    });
    process.on('disconnect', () => process.exit(0)); // the parent is gone
    process.send({ url: server.url });
  } catch (err) {
    process.send({ error: String((err && err.stack) || err) });
    process.exit(1);
  }
}

// ---------------------------------------------------------------- orders

/** A built-in sample shaped like shared/order.ts's Order, about 1.5 KB as JSON. */
function builtInSampleOrder() {
  const line = (n, price, qty) => ({
    lineId: `l${n}`,
    skuId: `sku-69${String(100000 + n * 7919).padStart(11, '0')}`,
    productId: `prod-${1000 + n}`,
    categoryId: 'cat-snacks',
    name: `商品 ${n} 300g`,
    soldBy: 'piece',
    qty,
    listUnitPrice: price,
    unitPrice: price,
    memberPriceApplied: false,
    priceOverridden: false,
    amount: price * qty,
    lineDiscount: 0,
    orderDiscountShare: 0,
    roundingShare: 0,
    total: price * qty,
  });
  const lines = [line(1, 650, 2), line(2, 1290, 1), line(3, 350, 3)];
  const total = lines.reduce((s, l) => s + l.total, 0);
  return {
    type: 'order',
    id: 'dev-00000000:000001',
    orderNo: 'A-0001',
    deviceId: 'dev-00000000',
    deviceCode: 'A',
    businessDay: '2026-11-22',
    createdAt: 1795000000000,
    cashierId: 'staff-cashier-1',
    memberId: null,
    source: 'register',
    status: 'paid',
    lines,
    subtotal: total,
    lineDiscountTotal: 0,
    orderDiscount: 0,
    rounding: 0,
    total,
    tenders: [
      { method: 'cash', amount: 1000, tendered: 1000, change: 0 },
      { method: 'wechat', amount: total - 1000, reference: 'wx4200001234202611221234567890' },
    ],
    approvals: [],
    refunds: [],
    void: null,
  };
}

function loadSampleOrder(file) {
  if (!file) return builtInSampleOrder();
  const sample = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!sample || typeof sample !== 'object' || Array.isArray(sample)) {
    throw new Error(`${file}: expected one JSON object (a sample order document)`);
  }
  return sample;
}

/** One order document per device and order: unique _id (and id/orderNo/deviceId if present). */
function makeOrderDoc(template, device, seq) {
  const doc = structuredClone(template);
  // Top-level "_" fields are reserved by PouchDB/CouchDB (and a sample's _rev must not travel).
  for (const key of Object.keys(doc)) if (key.startsWith('_')) delete doc[key];
  const deviceId = `dev-${String(device).padStart(8, '0')}`;
  const orderId = `${deviceId}:${String(seq).padStart(6, '0')}`;
  doc._id = `order:${orderId}`;
  if (typeof doc.id === 'string') doc.id = orderId;
  if (typeof doc.orderId === 'string') doc.orderId = orderId;
  if (typeof doc.deviceId === 'string') doc.deviceId = deviceId;
  if (typeof doc.orderNo === 'string') doc.orderNo = `${device}-${String(seq).padStart(6, '0')}`;
  return doc;
}

// ---------------------------------------------------------------- main

/** Whole-machine CPU time in clock ticks from /proc/stat, or null off Linux. */
function machineCpu() {
  try {
    const f = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { total, busy: total - f[3] - f[4] }; // minus idle and iowait
  } catch {
    return null;
  }
}

/** A process's CPU time (user + system, all its threads) in clock ticks, or null. */
function processCpu(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // fields 14 and 15: utime, stime
  } catch {
    return null;
  }
}

function cpuSnapshot(pids) {
  return { machine: machineCpu(), procs: pids.map(processCpu) };
}

/** Share of the machine's CPU time between two snapshots used by processes other than `pids`. */
function otherCpuShare(a, b) {
  if (
    !a.machine ||
    !b.machine ||
    a.procs.some((x) => x === null) ||
    b.procs.some((x) => x === null)
  )
    return null;
  const total = b.machine.total - a.machine.total;
  if (total <= 0) return null;
  const ours = b.procs.reduce((sum, x, i) => sum + x - a.procs[i], 0);
  return Math.max(0, (b.machine.busy - a.machine.busy - ours) / total);
}

async function httpJson(url, init) {
  const res = await fetch(url, init);
  const body = await res.json();
  if (!res.ok)
    throw new Error(
      `${init && init.method ? init.method : 'GET'} ${url}: ${res.status} ${JSON.stringify(body)}`,
    );
  return body;
}

async function main(opts) {
  const started = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pouchdb-yardstick-'));
  const serverDir = path.join(dir, 'server');
  const clientDir = path.join(dir, 'clients');
  fs.mkdirSync(serverDir);
  fs.mkdirSync(clientDir);

  let server = null;
  const locals = [];
  const cleanup = async () => {
    for (const db of locals) await db.close().catch(() => {});
    if (server) await server.close().catch(() => {});
    server = null;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (sig) => {
    cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const template = loadSampleOrder(opts.orderJson);
    const PouchDB = require('pouchdb');
    if (opts.clientAdapter === 'memory') PouchDB.plugin(require('pouchdb-adapter-memory'));

    server = opts.inProcess
      ? await startServer({ dir: serverDir, mode: opts.mode, fsync: opts.fsync })
      : await startServerProcess({ dir: serverDir, mode: opts.mode, fsync: opts.fsync });
    const dbUrl = `${server.url}/orders`;
    await httpJson(dbUrl, { method: 'PUT' }); // the store's database exists before the devices come back

    // Offline: every device rings up its orders into its own local database.
    const expected = opts.devices * opts.orders;
    let docBytes = 0;
    const fillStart = performance.now();
    for (let d = 1; d <= opts.devices; d++) {
      const db =
        opts.clientAdapter === 'memory'
          ? new PouchDB(`device-${d}`, { adapter: 'memory' })
          : new PouchDB(path.join(clientDir, `device-${d}`), { adapter: 'leveldb' });
      locals.push(db);
      const CHUNK = 500;
      for (let first = 1; first <= opts.orders; first += CHUNK) {
        const docs = [];
        for (let seq = first; seq < first + CHUNK && seq <= opts.orders; seq++) {
          const doc = makeOrderDoc(template, d, seq);
          if (d === 1 && seq === 1) docBytes = Buffer.byteLength(JSON.stringify(doc));
          docs.push(doc);
        }
        const res = await db.bulkDocs(docs);
        const failed = res.filter((r) => r.error);
        if (failed.length)
          throw new Error(
            `device ${d}: ${failed.length} local writes failed: ${JSON.stringify(failed[0])}`,
          );
      }
      const info = await db.info();
      if (info.doc_count !== opts.orders)
        throw new Error(`device ${d} holds ${info.doc_count} orders, expected ${opts.orders}`);
    }
    const fillSeconds = (performance.now() - fillStart) / 1000;

    // Online: all devices reconnect at once, one-shot push replication each.
    const remotes = locals.map(() => new PouchDB(dbUrl));
    const deadline = Date.now() + opts.timeout * 1000;
    const pids = server.child ? [process.pid, server.child.pid] : [process.pid];
    const cpu0 = cpuSnapshot(pids);
    const t0 = performance.now();
    const results = await Promise.all(
      locals.map((db, i) => {
        const rep = db.replicate.to(remotes[i], { batch_size: opts.batch });
        const timer = setTimeout(() => rep.cancel(), Math.max(0, deadline - Date.now()));
        return rep.then(
          (r) => (clearTimeout(timer), r),
          (err) => {
            clearTimeout(timer);
            throw err;
          },
        );
      }),
    );
    let docCount = -1;
    for (;;) {
      docCount = (await httpJson(dbUrl)).doc_count;
      if (docCount >= expected || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const seconds = (performance.now() - t0) / 1000;
    const otherCpu = otherCpuShare(cpu0, cpuSnapshot(pids));

    for (const [i, r] of results.entries()) {
      if (r.status !== 'complete' || r.doc_write_failures !== 0 || r.docs_written !== opts.orders) {
        throw new Error(
          `device ${i + 1}: replication ${r.status}, ${r.docs_written} written, ${r.doc_write_failures} failed`,
        );
      }
    }
    if (docCount !== expected)
      throw new Error(`server holds ${docCount} orders, expected ${expected}`);

    // Exactly once, checked after the clock stops: every id present, each at its first revision.
    const all = await httpJson(`${dbUrl}/_all_docs`);
    const ids = new Set(all.rows.map((r) => r.id));
    if (all.rows.length !== expected || ids.size !== expected) {
      throw new Error(
        `server lists ${all.rows.length} rows / ${ids.size} ids, expected ${expected}`,
      );
    }
    for (let d = 1; d <= opts.devices; d++) {
      for (let seq = 1; seq <= opts.orders; seq++) {
        const id = makeOrderDoc({}, d, seq)._id;
        if (!ids.has(id)) throw new Error(`server is missing ${id}`);
      }
    }
    const notFirstRev = all.rows.filter((r) => !String(r.value.rev).startsWith('1-'));
    if (notFirstRev.length)
      throw new Error(`${notFirstRev.length} orders on the server have more than one revision`);

    for (const r of remotes) await r.close().catch(() => {});
    const result = {
      devices: opts.devices,
      orders: expected,
      seconds: Number(seconds.toFixed(3)),
      ordersPerSecond: Math.round(expected / seconds),
      batch: opts.batch,
      ordersPerDevice: opts.orders,
      docBytes,
      fillSeconds: Number(fillSeconds.toFixed(3)),
      server: `express-pouchdb ${pkgVersion('express-pouchdb')} (${opts.mode}), leveldb${opts.fsync ? ' sync:true' : ''}, ${opts.inProcess ? 'in-process' : 'own process'}`,
      client: `pouchdb ${pkgVersion('pouchdb')}, ${opts.clientAdapter} adapter`,
      // Share of all cores' time that OTHER processes used during the timed phase (Linux only,
      // else null): above ~0.05, other work on the machine skewed this figure.
      otherCpu: otherCpu === null ? null : Number(otherCpu.toFixed(3)),
      totalSeconds: 0,
    };
    await cleanup();
    result.totalSeconds = Number(((performance.now() - started) / 1000).toFixed(3));
    writeResult(result);
  } catch (err) {
    await cleanup().catch(() => {});
    throw err;
  }
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`pouchdb-yardstick: ${err.message}\n`);
  process.exit(2);
}
if (opts.serve) {
  serveMain(opts);
} else {
  main(opts).then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`pouchdb-yardstick: ${(err && err.stack) || err}\n`);
      process.exit(1);
    },
  );
}
