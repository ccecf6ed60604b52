// Pairing through the client against the real server: a wrong code and an unreachable address
// are refused with messages staff can act on; a paired device remembers its identity.
import type { TestServer } from '../../support/test-server';
import { addressOf, launch, relaunch, serverPerTest } from '../support/device';
import { normaliseServerAddress, parsePairingLink } from '../../../miniprogram/core/pairing';
import { describeError } from '../../../miniprogram/i18n';

let server: TestServer;
serverPerTest((started) => (server = started));

test('pairs with the code the server shows, and keeps the identity across a restart', async () => {
  let phone = launch({ client: { serverAddress: addressOf(server) } });
  const { code } = server.pos.pairingCodes.issue();
  const paired = await phone.client.session.pair({ code, name: 'Floor phone', kind: 'phone' });
  expect(paired).toMatchObject({
    ok: true,
    value: { deviceCode: 'P1', kind: 'phone', name: 'Floor phone' },
  });
  // The UI sees the identity without its token.
  expect(phone.client.session.device).not.toHaveProperty('token');
  phone = await relaunch(phone);
  expect(phone.client.session.device).toMatchObject({ deviceCode: 'P1' });
  expect(await phone.client.session.pair({ code, name: 'Again', kind: 'phone' })).toMatchObject({
    ok: false,
    error: { code: 'already_paired' },
  });
});

test('a wrong code, a bad address and no server get messages that say what to do', async () => {
  const tablet = launch();
  const pair = (serverAddress: string, code: string) =>
    tablet.client.session.pair({ serverAddress, code, name: 'Till', kind: 'tablet' });
  expect(await pair(addressOf(server), '000000')).toMatchObject({
    ok: false,
    error: { code: 'pairing_refused', message: expect.stringMatching(/no such pairing code/) },
  });
  expect(await pair('my server', '123456')).toMatchObject({
    ok: false,
    error: {
      code: 'address_invalid',
      message: expect.stringMatching(/such as 192\.168\.1\.20:8787/),
    },
  });
  expect(await pair('127.0.0.1:9', '123456')).toMatchObject({
    ok: false,
    error: {
      code: 'unreachable',
      message: expect.stringMatching(/cannot reach the store's server at 127\.0\.0\.1:9/),
    },
  });
  expect(tablet.client.session.isPaired).toBe(false);
});

test('too many wrong codes: the till says to wait, not that the code may be wrong', async () => {
  const tablet = launch();
  const pair = (code: string) =>
    tablet.client.session.pair({
      serverAddress: addressOf(server),
      code,
      name: 'Till',
      kind: 'tablet',
    });
  for (let i = 0; i < 5; i++)
    expect(await pair('000000')).toMatchObject({ ok: false, error: { code: 'pairing_refused' } });
  // The right code now waits too: the server checks nothing from this address for a while.
  const { code } = server.pos.pairingCodes.issue();
  const refused = await pair(code);
  expect(refused).toMatchObject({ ok: false, error: { code: 'pairing_locked_out' } });
  if (refused.ok) return;
  expect(describeError(refused.error)).toMatch(/^配对尝试次数太多/);
  expect(tablet.client.session.isPaired).toBe(false);
});

/** "127.0.0.1:8787" as a Chinese keyboard types it: full-width digits and colon, "。" for the dot. */
function typedInChinese(address: string): string {
  return address
    .replace(/[0-9:]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    .replace(/\./g, '。');
}

test('an address typed on a Chinese keyboard pairs, as its plain spelling does', async () => {
  const tablet = launch();
  const typed = typedInChinese(addressOf(server));
  expect(typed).toMatch(/^１２７。０。０。１：[０-９]+$/);
  const { code } = server.pos.pairingCodes.issue();
  const paired = await tablet.client.session.pair({
    serverAddress: typed,
    code: typedInChinese(code),
    name: 'Till',
    kind: 'tablet',
  });
  expect(paired).toMatchObject({ ok: true, value: { serverAddress: addressOf(server) } });
});

test.each([
  ['192.168.1.20：8787', '192.168.1.20:8787'],
  ['192。168。1。20:8787', '192.168.1.20:8787'],
  ['192．168．1．20:8787', '192.168.1.20:8787'],
  ['１９２.１６８.１.２０:８７８７', '192.168.1.20:8787'],
  [' http：／／192.168.1.20：8787／ ', '192.168.1.20:8787'],
])('"%s", typed on a Chinese keyboard, is read as %s', (typed, address) => {
  expect(normaliseServerAddress(typed)).toEqual({ ok: true, value: address });
});

test('an address still wrong says in Chinese what one looks like and what it is made of', () => {
  const refused = normaliseServerAddress('192，168，1，20：8787');
  expect(refused).toMatchObject({ ok: false, error: { code: 'address_invalid' } });
  if (refused.ok) return;
  expect(describeError(refused.error)).toMatch(/192\.168\.1\.20:8787.*冒号.*逗号/);
});

test('reads the pairing QR code link', () => {
  expect(parsePairingLink('http://192.168.1.20:8787/pair?code=123456')).toEqual({
    serverAddress: '192.168.1.20:8787',
    code: '123456',
  });
  expect(parsePairingLink('https://example.com/other')).toBeNull();
});
