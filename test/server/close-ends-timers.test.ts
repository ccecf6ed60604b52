// Closing the server ends every timer it started. A timer left running keeps what its callback
// can reach in memory for as long as the process lives: under jest, a whole test file's modules.
import { createHook } from 'node:async_hooks';
import { until } from '../client/support/until';
import { ProtocolClient } from '../support/protocol-client';
import { api, demo, pairTestDevice, startTestServer } from '../support/test-server';

/** Timers created by the server's code (`sync-server/` in the creating stack) and not yet ended. */
function watchServerTimers(): { running: () => string[]; stop: () => void } {
  const running = new Map<number, string>();
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const hook = createHook({
    init(id, type) {
      if (type !== 'Timeout') return;
      const stack = new Error().stack ?? '';
      if (stack.includes('/sync-server/'))
        running.set(id, stack.split('\n').slice(1, 8).join('\n'));
    },
    destroy: (id) => void running.delete(id),
  }).enable();
  return {
    running: () => [...running.values()],
    stop: () => {
      hook.disable();
      Error.stackTraceLimit = limit;
    },
  };
}

test('a server that was used (pairing, wrong PINs and codes, a sync socket) leaves no timer running once closed', async () => {
  const timers = watchServerTimers();
  try {
    const server = await startTestServer();
    const device = await pairTestDevice(server);
    // A wrong PIN and a wrong pairing code: both counted by the address's and the store's limits.
    const wrongPin = await api(server, 'POST', '/api/sessions', {
      body: { staffId: demo.staffPins[0].staffId, pin: '000000' },
    });
    expect(wrongPin.status).toBe(401);
    const wrongCode = await api(server, 'POST', '/api/pair', {
      body: { code: '000000', name: 'Till', kind: 'tablet' },
    });
    expect(wrongCode.status).toBe(400);
    const client = await ProtocolClient.open(server.url, device.token);
    await client.waitFor((m) => m.type === 'welcome', 'the welcome');
    expect(timers.running().length).toBeGreaterThan(0);

    client.close();
    await server.close();
    // Node's own short timers (the cache of HTTP's Date header: a second) may outlive the close a
    // moment: a timer still running 2 s on is one the server did not end.
    await until(() => timers.running().length === 0, 'the timers to end', 2_000).catch(() => {});
    expect(timers.running()).toEqual([]);
  } finally {
    timers.stop();
  }
});
