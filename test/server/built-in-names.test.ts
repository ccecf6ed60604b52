// Ids that are names of JavaScript's built-ins ("toString", "__proto__"...) over real HTTP: each is
// an id like any other, unknown here, so every route answers 404 and nothing is written. They used
// to find Object.prototype's functions: a top-up or a PIN change wrote a record the server then
// refused to start with.
import { emptyState, stateSchema } from '../../sync-server/store/state';
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  signIn,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

const builtInNames = ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf'];

let server: TestServer;
let till: PairedTestDevice;
let manager: string;

serverForEachTest((started) => (server = started));
beforeEach(async () => {
  till = await pairTestDevice(server, 'Till 1', 'tablet');
  manager = await signIn(server);
});

test.each(builtInNames)(
  '"%s" is an unknown id to every route, and nothing is written',
  async (name) => {
    const journalN = server.store.state.journalN;
    const answers = [
      await api(server, 'PUT', `/api/staff/${name}/pin`, { token: manager, body: { pin: '2468' } }),
      await api(server, 'PUT', `/dashboard/api/staff/${name}`, {
        token: manager,
        body: { name: '某人', role: 'cashier', active: true },
      }),
      await api(server, 'POST', '/api/payments/top-ups', {
        token: till.token,
        body: { memberId: name, amount: 10000 },
      }),
      await api(server, 'GET', `/api/members/${name}`, { token: till.token }),
      await api(server, 'GET', `/api/orders/${name}`, { token: till.token }),
      await api(server, 'GET', `/api/payments/${name}`, { token: till.token }),
      await api(server, 'POST', `/api/devices/${name}/revoke`, { token: manager, body: {} }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 404));
    expect((await fetch(`${server.url}/api/payments/${name}/qr.png`)).status).toBe(404);
    expect(server.store.state.journalN).toBe(journalN);

    // The store opens again as it was.
    await server.close();
    server = await startTestServer({ dataDir: server.dataDir });
    expect(Object.keys(server.store.state.staff).sort()).toEqual(
      demo.staff.map((staff) => staff.id).sort(),
    );
  },
);

test('tables by id have no prototype, fresh or loaded from disk', () => {
  const loaded = stateSchema.parse(JSON.parse(JSON.stringify(emptyState(demo.settings))));
  for (const state of [emptyState(demo.settings), loaded]) {
    expect(state.members.toString).toBeUndefined();
    expect(state.staff['__proto__']).toBeUndefined();
    expect(Object.getPrototypeOf(state.payments)).toBeNull();
  }
});
