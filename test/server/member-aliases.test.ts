// One phone joined offline again and again (a regular re-joined at the till on every visit): the
// stored member lists at most MAX_MEMBER_ALIASES provisional ids, so its checkpoint and its synced
// record stay readable, while the server keeps every id leading to the member. A store whose files
// already hold a longer list (written before the cap) starts again.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { MAX_MEMBER_ALIASES, operationId, type Member, type Operation } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import {
  api,
  pairTestDevice,
  serverForEachTest,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

const phone = '13900007777';
const joins = MAX_MEMBER_ALIASES + 1;

let server: TestServer;
let till: PairedTestDevice;
const clients: ProtocolClient[] = [];
serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});
beforeEach(async () => {
  till = await pairTestDevice(server);
});

async function open(device: PairedTestDevice): Promise<ProtocolClient> {
  const client = await ProtocolClient.open(server.url, device.token);
  clients.push(client);
  return client;
}

const provisionalId = (seq: number) => `${till.deviceId}:member:${seq}`;

function joined(seq: number): Operation {
  const at = Date.now();
  return {
    id: operationId(till.deviceId, seq),
    deviceId: till.deviceId,
    seq,
    createdAt: at,
    type: 'member.joined',
    payload: {
      id: provisionalId(seq),
      phone,
      name: '',
      level: '',
      points: 0,
      balance: 0,
      joinedAt: at,
    },
  };
}

async function pushJoins(count: number): Promise<void> {
  const client = await open(till);
  const ops = Array.from({ length: count }, (_, i) => joined(i + 1));
  const { results } = await client.push(ops);
  expect(results.filter((result) => result.status !== 'applied')).toEqual([]);
}

async function memberNamedBy(id: string): Promise<Member | undefined> {
  const found = await api<{ member?: Member }>(
    server,
    'GET',
    `/api/members/${encodeURIComponent(id)}`,
    { token: till.token },
  );
  return found.body.member;
}

/** Every provisional id still leads to the one member the phone has. */
async function expectEveryIdResolves(count: number): Promise<void> {
  const kept = server.store.memberByPhone(phone)!;
  for (let seq = 1; seq <= count; seq++)
    expect((await memberNamedBy(provisionalId(seq)))?.id).toBe(kept.id);
}

test(`${joins} offline joins of one phone: the record lists the newest ${MAX_MEMBER_ALIASES}, every id resolves, the server restarts and devices read the member`, async () => {
  await pushJoins(joins);
  const kept = server.store.memberByPhone(phone)!;
  expect(kept.aliases).toHaveLength(MAX_MEMBER_ALIASES);
  // The newest: a device that just joined the member offline finds its own id there.
  expect(kept.aliases).toContain(provisionalId(joins));
  expect(kept.aliases).not.toContain(provisionalId(1));
  await expectEveryIdResolves(joins);

  // Another device reads the member in its snapshot (the client checks it with the protocol schema).
  const other = await open(await pairTestDevice(server, 'Till 2'));
  const snapshot = other.messages.find((message) => message.type === 'snapshot');
  expect(snapshot?.type === 'snapshot' && snapshot.snapshot.members).toContainEqual(kept);

  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
  expect(server.store.memberByPhone(phone)).toEqual(kept);
  await expectEveryIdResolves(joins);
});

/** Rewrites the member's record in the checkpoint and in the journal as a version without the cap did. */
function giveStoredMemberAliases(dataDir: string, aliases: string[]): void {
  const statePath = join(dataDir, 'state.json');
  const state = JSON.parse(readFileSync(statePath, 'utf8'));
  for (const member of Object.values(state.members) as Member[])
    if (member.phone === phone) member.aliases = aliases;
  writeFileSync(statePath, JSON.stringify(state));

  const journalDir = join(dataDir, 'journal');
  for (const name of readdirSync(journalDir)) {
    const file = join(journalDir, name);
    const lines = readFileSync(file, 'utf8').split('\n');
    const rewritten = lines.map((line) => {
      if (!line.includes(phone)) return line;
      const entry = JSON.parse(line.slice(9));
      for (const change of entry.changes)
        if (change.kind === 'member' && change.member.phone === phone)
          change.member.aliases = aliases;
      const json = JSON.stringify(entry);
      return `${crc32(json).toString(16).padStart(8, '0')}\t${json}`;
    });
    writeFileSync(file, rewritten.join('\n'));
  }
}

test('a store whose files list more aliases than the cap (written before it) starts, every id kept', async () => {
  await pushJoins(joins);
  await server.close();
  const all = Array.from({ length: joins }, (_, i) => provisionalId(i + 1));
  giveStoredMemberAliases(server.dataDir, all);

  server = await startTestServer({ dataDir: server.dataDir });
  expect(server.store.memberByPhone(phone)!.aliases).toEqual(all.slice(-MAX_MEMBER_ALIASES));
  await expectEveryIdResolves(joins);
  // A device catching up from the start reads the member's changes from the journal.
  const other = await ProtocolClient.open(server.url, till.token, 0);
  clients.push(other);
  await other.waitFor(
    () => other.changes().some((c) => c.kind === 'member' && c.member.phone === phone),
    "the member's change",
  );
});
