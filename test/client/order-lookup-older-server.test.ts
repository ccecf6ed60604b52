// A till updated by WeChat before the store's server: a customer comes back with a receipt older
// than the till's history and the till asks the server by its number
// (GET /api/orders/by-number/:n, added in 3cc1b0c). A server from before that has no such route and
// its catch-all answers 404; the cashier must read that the server needs updating, not that the
// order does not exist (which turns the refund away). A server that has the route and no such
// order still says so.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import express, { type RequestHandler } from 'express';
import pino from 'pino';
import { wxHttp } from '../../miniprogram/adapters/http-request';
import { fetchServerOrder, orderKeyOf } from '../../miniprogram/core/server-order';
import { serverLookupProblem } from '../../miniprogram/view/order-view';
import { text } from '../../miniprogram/i18n/index';
import { errorHandler, notFound, HttpError } from '../../sync-server/http/errors';
import { addressOf } from './support/device';
import { pairTestDevice, startTestServer, type TestServer } from '../support/test-server';
import { removeDir } from '../support/temp-dir';
import { createWxStandIn } from '../wx';

const shown = 'T1-1120-0042';
const token = 'a-device-token-of-twenty-chars';

/** The catch-all of servers before `no_such_endpoint` (git show 3cc1b0c^:sync-server/http/errors.ts). */
const olderCatchAll: RequestHandler = (request, _response, next) => {
  next(new HttpError(404, 'not_found', `no such endpoint: ${request.method} ${request.path}`));
};

/**
 * A server with the order routes of one from before 3cc1b0c (by id only, git show
 * 3cc1b0c^:sync-server/http/order-routes.ts), the given catch-all and the real error handler.
 */
async function serverWithoutLookupByNumber(catchAll: RequestHandler): Promise<http.Server> {
  const app = express();
  app.get('/api/orders/:id', (request) => {
    throw new HttpError(404, 'not_found', `no order ${request.params.id}`);
  });
  app.use(catchAll);
  app.use(errorHandler(pino({ level: 'silent' })));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** What the cashier reads after asking the server at `address` for the receipt's number. */
async function lookedUp(address: string, deviceToken = token) {
  const standIn = createWxStandIn();
  try {
    const found = await fetchServerOrder(
      wxHttp(standIn.wx),
      { serverAddress: address, token: deviceToken },
      orderKeyOf(shown)!,
    );
    return {
      code: found.ok ? null : found.error.code,
      sentence: serverLookupProblem(found.ok ? { ok: true, value: null } : found, shown),
    };
  } finally {
    await standIn.dispose();
  }
}

test.each([
  ['an older server (not_found "no such endpoint")', olderCatchAll],
  ["this server's catch-all (no_such_endpoint)", notFound],
])(
  'asked of %s, the receipt is not "no such order": the server needs updating',
  async (_, catchAll) => {
    const server = await serverWithoutLookupByNumber(catchAll);
    try {
      const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await lookedUp(address)).toEqual({
        code: 'server_outdated',
        sentence: expect.stringMatching(new RegExp(`${shown}.*请店长更新门店服务器`)),
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  },
);

test('a server with the lookup and no such order says so: check the number on the receipt', async () => {
  let server: TestServer | null = null;
  try {
    server = await startTestServer();
    const device = await pairTestDevice(server);
    expect(await lookedUp(addressOf(server), device.token)).toEqual({
      code: null,
      sentence: text.orders.notOnServer(shown),
    });
  } finally {
    if (server) {
      await server.close();
      removeDir(server.dataDir);
    }
  }
});
