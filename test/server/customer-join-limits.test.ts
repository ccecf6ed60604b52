// The customer's join endpoint behind the counter card's long-lived QR: every join is counted, a
// few per address an hour and a ceiling for the store (each member goes to every till's storage),
// and the answer never tells whether the phone was a member already.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { RuleError } from '@pos/shared';
import { customerRefusal } from '../../miniprogram/view/customer-refusal';
import { CUSTOMER_JOIN_LIMITS, JOIN_CARD_TTL_MS } from '../../sync-server/http/qr-routes';
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
let payload: string;
serverForEachTest((started) => (server = started));
beforeEach(() => {
  payload = server.pos.payments.qr.issue('join-membership', 'card01', JOIN_CARD_TTL_MS).text;
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: { error?: RuleError } & Record<string, unknown>;
}

/** A customer's join sent from one loopback address (127.0.0.x: each a phone of its own). */
function joinFrom(
  from: string,
  phone: string,
  fields: { name?: string; payload?: string } = {},
): Promise<Answer> {
  const { port } = new URL(server.url);
  const body = JSON.stringify({ payload: fields.payload ?? payload, phone, name: fields.name });
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        path: '/api/customer/join',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: JSON.parse(text) as Answer['body'],
          }),
        );
      },
    );
    sent.on('error', reject).end(body);
  });
}

const phoneNo = (n: number) => `1380000${String(n).padStart(4, '0')}`;
const memberCount = () => Object.keys(server.store.state.members).length;
const { perAddress, perStore } = CUSTOMER_JOIN_LIMITS;

test('one address joins a few times an hour, then is refused whatever the phone; another address, or staff, still join', async () => {
  expect(perAddress).toBe(5);
  for (let i = 0; i < perAddress; i++)
    expect((await joinFrom('127.0.0.1', phoneNo(i))).status).toBe(201);

  const refused = await joinFrom('127.0.0.1', phoneNo(100));
  expect(refused.status).toBe(429);
  expect(refused.body).toEqual({
    error: {
      code: 'too_many_joins',
      message:
        'too many membership joins from this address, at most 5 an hour: try again later, or join at the till',
    },
  });
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
  expect(server.store.memberByPhone(phoneNo(100))).toBeUndefined();
  // A member's phone gets the same refusal: the limit tells nothing about who is a member.
  const known = await joinFrom('127.0.0.1', demo.members[0].phone);
  expect({ status: known.status, body: known.body }).toEqual({
    status: refused.status,
    body: refused.body,
  });
  // What the customer's join page shows for it: Chinese, pointing to the staff.
  expect(customerRefusal(refused.body.error!)).toBe(
    '加入会员的人太多了：请稍后再试，或请店员在收银台帮您加入',
  );

  expect((await joinFrom('127.0.0.2', phoneNo(100))).status).toBe(201);
  const till = await pairTestDevice(server);
  const staffJoin = await api(server, 'POST', '/api/members', {
    token: till.token,
    body: { phone: phoneNo(101) },
  });
  expect(staffJoin.status).toBe(201);
});

test('200 joins at once from one address add five members, not two hundred', async () => {
  const before = memberCount();
  const answers = await Promise.all(
    Array.from({ length: 200 }, (_, i) => joinFrom('127.0.0.1', phoneNo(i))),
  );
  expect(answers.filter((a) => a.status === 201)).toHaveLength(perAddress);
  expect(answers.filter((a) => a.status === 429)).toHaveLength(200 - perAddress);
  expect(memberCount()).toBe(before + perAddress);
});

test('rotating addresses does not help: the store takes at most 60 joins an hour', async () => {
  expect(perStore).toBe(60);
  const before = memberCount();
  const addresses = Array.from({ length: perStore / perAddress }, (_, i) => `127.0.0.${10 + i}`);
  await Promise.all(
    addresses.map(async (from, a) => {
      for (let i = 0; i < perAddress; i++)
        expect((await joinFrom(from, phoneNo(a * 10 + i))).status).toBe(201);
    }),
  );
  expect(memberCount()).toBe(before + perStore);

  const refused = await joinFrom('127.0.0.99', phoneNo(999));
  expect(refused.status).toBe(429);
  expect(refused.body.error).toEqual({
    code: 'too_many_joins',
    message:
      'too many membership joins in the store, at most 60 an hour: try again later, or join at the till',
  });
  expect(memberCount()).toBe(before + perStore);
}, 60_000);

test('the answer is the same for a new phone, the same phone again and a member’s phone', async () => {
  const answer = async (phone: string, name?: string) => {
    const { status, body } = await joinFrom('127.0.0.1', phone, { name });
    return { status, body };
  };
  const expected = {
    status: 201,
    body: { storeName: demo.settings.storeName },
  };
  expect(await answer(phoneNo(1), '小王')).toEqual(expected);
  expect(server.store.memberByPhone(phoneNo(1))?.name).toBe('小王');
  expect(await answer(phoneNo(1), '冒名')).toEqual(expected);
  expect(await answer(demo.members[0].phone)).toEqual(expected);
  expect(server.store.memberByPhone(phoneNo(1))?.name).toBe('小王');
  expect(server.store.memberByPhone(demo.members[0].phone)?.name).toBe(demo.members[0].name);
});

test('mistakes use none of the allowance: a wrong number or a changed code, then five joins', async () => {
  for (const phone of ['123', '1380000', '23800001111'])
    expect((await joinFrom('127.0.0.1', phone)).body.error?.code).toBe('phone_invalid');
  const changed = payload.slice(0, 3) + (payload[3] === 'a' ? 'b' : 'a') + payload.slice(4);
  expect((await joinFrom('127.0.0.1', phoneNo(1), { payload: changed })).body.error?.code).toBe(
    'qr_tampered',
  );
  for (let i = 0; i < perAddress; i++)
    expect((await joinFrom('127.0.0.1', phoneNo(i))).status).toBe(201);
  expect((await joinFrom('127.0.0.1', phoneNo(9))).body.error?.code).toBe('too_many_joins');
});
