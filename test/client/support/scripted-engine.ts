// The sync engine's test setting: a seeded ledger on the wx stand-in's storage (writes recorded),
// and an engine on it over scripted sockets, on a clock the test moves by hand.
import { PROTOCOL_VERSION } from '@pos/shared';
import { syncTargetOf } from '../../../miniprogram/core/client';
import { Ledger } from '../../../miniprogram/core/ledger';
import { SyncEngine } from '../../../miniprogram/core/sync-engine';
import type { SyncEngineOptions } from '../../../miniprogram/core/sync-engine-options';
import { ManualClock } from './manual-clock';
import { seedLedger, testIdentity } from './offline-seed';
import { recordingStorage, type RecordingStorage } from './recording-storage';
import { scriptedSockets, type ScriptedSocket } from './scripted-socket';

export interface ScriptedEngine {
  storage: RecordingStorage;
  clock: ManualClock;
  ledger: Ledger;
  /** The sockets the engine opened, in order. */
  sockets: ScriptedSocket[];
  engine: SyncEngine;
}

/**
 * `pumpOnOutbox`: the engine pushes as the outbox grows, as the client wires it. Dispose with
 * `engine.dispose()` and `storage.standIn.dispose()`.
 */
export function scriptedEngine(
  options: Partial<SyncEngineOptions> = {},
  { pumpOnOutbox = true } = {},
): ScriptedEngine {
  const storage = recordingStorage();
  const clock = new ManualClock();
  const ledger = new Ledger(storage, clock);
  ledger.load();
  seedLedger(ledger);
  const scripted = scriptedSockets();
  const engine = new SyncEngine({
    target: syncTargetOf(ledger),
    openSocket: scripted.open,
    clock,
    random: () => 0.999999,
    ...options,
  });
  if (pumpOnOutbox) ledger.subscribe((topics) => topics.has('outbox') && engine.pump());
  return { storage, clock, ledger, sockets: scripted.sockets, engine };
}

/**
 * A fresh scripted engine for each test of the file, not pushing as the outbox grows, handed to
 * `use` (as serverForEachTest hands a server); disposed after each test.
 */
export function scriptedEngineForEachTest(use: (scripted: ScriptedEngine) => void): void {
  let current: ScriptedEngine;
  beforeEach(() => {
    current = scriptedEngine({}, { pumpOnOutbox: false });
    use(current);
  });
  afterEach(() => {
    current.engine.dispose();
    return current.storage.standIn.dispose();
  });
}

/** Starts the engine, opens its newest socket and welcomes it as the server does (nothing acked). */
export function connectAndWelcome({ engine, sockets, clock }: ScriptedEngine): ScriptedSocket {
  engine.start();
  const socket = sockets[sockets.length - 1];
  socket.open();
  socket.deliver({
    type: 'welcome',
    protocol: PROTOCOL_VERSION,
    deviceId: testIdentity.deviceId,
    deviceCode: testIdentity.deviceCode,
    ackedSeq: 0,
    serverTime: clock.now(),
  });
  return socket;
}
