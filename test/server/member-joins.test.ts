// Joining by phone over real HTTP, from the customer's join page and from staff: names with control
// characters are refused, a customer's join never names an existing member, and a join again of a
// phone is counted as merged only when it merged something into the member.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { businessDayOf, operationId, type Member, type MemberDay } from '@pos/shared';
import { JOIN_CARD_TTL_MS } from '../../sync-server/http/qr-routes';
import { ProtocolClient } from '../support/protocol-client';
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

const today = businessDayOf(Date.now(), demo.settings);
const named = demo.members[0];

let server: TestServer;
let till: PairedTestDevice;
let payload: string;
serverForEachTest((started) => (server = started));
beforeEach(async () => {
  till = await pairTestDevice(server);
  payload = server.pos.payments.qr.issue('join-membership', 'card01', JOIN_CARD_TTL_MS).text;
});

function journalBytes(): number {
  const dir = join(server.dataDir, 'journal');
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

const customerJoin = (phone: string, name?: string) =>
  api(server, 'POST', '/api/customer/join', { body: { payload, phone, name } });
const staffJoin = (phone: string, name?: string) =>
  api<{ member: Member; created: boolean }>(server, 'POST', '/api/members', {
    token: till.token,
    body: { phone, name },
  });
const memberOf = (phone: string) => server.store.memberByPhone(phone);

async function summary(): Promise<MemberDay> {
  const activity = await api<{ summary: MemberDay }>(
    server,
    'GET',
    `/api/members/activity?day=${today}`,
    { token: till.token },
  );
  return activity.body.summary;
}

describe('names with control characters', () => {
  const bad = ['小\n王', 'NUL\u0000', '小\t王', 'a\u2028b', 'c1\u0085', 'del\u007f'];

  test.each(bad)(
    '%j is refused on the join page and from staff, and no one joins',
    async (name) => {
      const before = journalBytes();
      for (const join of [customerJoin, staffJoin])
        expect(await join('13800001111', name)).toMatchObject({
          status: 400,
          body: {
            error: {
              code: 'invalid_request',
              message:
                'request body: name: must not contain control characters (line breaks, tabs, NUL)',
            },
          },
        });
      expect(memberOf('13800001111')).toBeUndefined();
      expect(journalBytes()).toBe(before);
    },
  );

  test('a name typed with a line break after it is trimmed and kept, emoji and all', async () => {
    expect(await customerJoin('13800002222', ' 小王🙂\n')).toMatchObject({
      status: 201,
      body: { storeName: demo.settings.storeName },
    });
    expect(memberOf('13800002222')?.name).toBe('小王🙂');
  });
});

describe("a customer's join with an existing phone", () => {
  test('does not name a nameless member, and answers as a new phone is: nothing of the account', async () => {
    expect((await customerJoin('13800003333')).status).toBe(201);
    expect(memberOf('13800003333')?.name).toBe('');
    expect(await customerJoin('13800003333', '冒名')).toEqual({
      status: 201,
      body: { storeName: demo.settings.storeName },
    });
    expect(memberOf('13800003333')?.name).toBe('');
  });

  test('does not rename a named member either; staff still fill in a missing name', async () => {
    expect((await customerJoin(named.phone, '冒名')).status).toBe(201);
    expect(memberOf(named.phone)?.name).toBe(named.name);
    expect((await customerJoin('13800004444')).status).toBe(201);
    expect(await staffJoin('13800004444', '王')).toMatchObject({
      status: 200,
      body: { created: false, member: { name: '王' } },
    });
  });
});

describe('merged', () => {
  test('a join again of the same phone is not another merge, here or after a restart', async () => {
    const phone = '13800005555';
    expect((await customerJoin(phone)).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await customerJoin(phone, '冒名')).status).toBe(201);
    expect(await summary()).toMatchObject({ joined: 1, merged: 0 });

    // Staff naming the nameless member merge the name in, once; asking again merges nothing.
    for (const name of ['王', '王', '李']) expect((await staffJoin(phone, name)).status).toBe(200);
    expect(memberOf(phone)?.name).toBe('王');
    expect(await summary()).toMatchObject({ joined: 1, merged: 1 });

    // A device's offline member with that phone is merged in (its id becomes an alias): a merge.
    const sync = await ProtocolClient.open(server.url, till.token);
    const id = `${till.deviceId}:member:1`;
    const { results } = await sync.push([
      {
        id: operationId(till.deviceId, 1),
        deviceId: till.deviceId,
        seq: 1,
        createdAt: Date.now(),
        type: 'member.joined',
        payload: { id, phone, name: '', level: '', points: 0, balance: 0, joinedAt: Date.now() },
      },
    ]);
    sync.close();
    expect(results[0].status).toBe('applied');
    expect(memberOf(phone)?.aliases).toEqual([id]);
    expect(await summary()).toMatchObject({ joined: 1, merged: 2 });

    // The journal replays to the same figures.
    await server.close();
    server = await startTestServer({ dataDir: server.dataDir });
    expect(server.store.state.memberDays[today]).toMatchObject({ joined: 1, merged: 2 });
  });
});
