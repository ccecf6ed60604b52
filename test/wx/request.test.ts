// wx.request against a real local HTTP server: status codes, JSON parsing, body encoding,
// timeout, abort, the 10-at-once queue, and WeChat's failures when the network is gone.
import type http from 'node:http';
import { createWxStandIn, type WxApi, type WxStandIn } from './index';
import { startHttpServer, unusedPort, until, type HttpTestServer } from './local-servers';

interface Settled {
  ok: boolean;
  result: Record<string, unknown>;
  completed: boolean;
}

/** Runs wx.request and resolves once `complete` ran, with what success or fail received. */
function call(
  wx: WxApi,
  option: Omit<WechatMiniprogram.RequestOption, 'success' | 'fail' | 'complete'>,
) {
  let task!: WechatMiniprogram.RequestTask;
  const settled = new Promise<Settled>((resolve) => {
    let outcome: Omit<Settled, 'completed'> | null = null;
    task = wx.request({
      ...option,
      success: (result) =>
        (outcome = { ok: true, result: result as unknown as Record<string, unknown> }),
      fail: (result) =>
        (outcome = { ok: false, result: result as unknown as Record<string, unknown> }),
      complete: () => resolve({ ...outcome!, completed: true }),
    });
  });
  return { task, settled };
}

let standIn: WxStandIn;
let server: HttpTestServer;
let handler: http.RequestListener;
/** Responses held back by the `/hold` route, released by the test. */
let held: http.ServerResponse[];
let maxInFlight: number;

beforeEach(async () => {
  standIn = createWxStandIn();
  held = [];
  maxInFlight = 0;
  let inFlight = 0;
  handler = (req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => (inFlight -= 1));
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url?.startsWith('/hold')) held.push(res);
      else if (req.url === '/missing') res.writeHead(404).end('{"error":"not found"}');
      else if (req.url === '/broken') res.writeHead(500).end('<html>oops</html>');
      else if (req.url === '/bytes') res.end(Buffer.from([0, 255, 7]));
      else {
        res.setHeader('X-Store-Id', 's1');
        const type = req.headers['content-type'];
        res.end(JSON.stringify({ method: req.method, url: req.url, body, type }));
      }
    });
  };
  server = await startHttpServer((req, res) => handler(req, res));
});
afterEach(async () => {
  for (const res of held) res.destroy();
  await standIn.dispose();
  await server.close();
});

test('parses a JSON body and passes status code and headers as WeChat does', async () => {
  const { settled } = call(standIn.wx, { url: `${server.url}/api/catalog` });
  const { ok, result } = await settled;
  expect(ok).toBe(true);
  expect(result).toMatchObject({
    statusCode: 200,
    errMsg: 'request:ok',
    data: { method: 'GET', url: '/api/catalog', body: '' },
  });
  expect(result.header).toMatchObject({ 'X-Store-Id': 's1' });
});

test('HTTP errors arrive in success, and a body that is not JSON stays text', async () => {
  const missing = await call(standIn.wx, { url: `${server.url}/missing` }).settled;
  expect(missing).toMatchObject({
    ok: true,
    result: { statusCode: 404, data: { error: 'not found' } },
  });
  const broken = await call(standIn.wx, { url: `${server.url}/broken` }).settled;
  expect(broken).toMatchObject({
    ok: true,
    result: { statusCode: 500, data: '<html>oops</html>' },
  });
  const text = await call(standIn.wx, { url: `${server.url}/missing`, dataType: 'text' }).settled;
  expect(text.result.data).toBe('{"error":"not found"}');
  const bytes = await call(standIn.wx, { url: `${server.url}/bytes`, responseType: 'arraybuffer' })
    .settled;
  expect([...new Uint8Array(bytes.result.data as ArrayBuffer)]).toEqual([0, 255, 7]);
});

test('encodes data like WeChat: JSON by default, query string for GET and form posts', async () => {
  const posted = await call(standIn.wx, {
    url: `${server.url}/api/orders`,
    method: 'POST',
    data: { total: 1250, lines: [1] },
  }).settled;
  expect(posted.result.data).toEqual({
    method: 'POST',
    url: '/api/orders',
    body: '{"total":1250,"lines":[1]}',
    type: 'application/json',
  });
  const got = await call(standIn.wx, {
    url: `${server.url}/api/search?x=1`,
    data: { q: '可乐', n: 2 },
  }).settled;
  expect((got.result.data as { url: string }).url).toBe('/api/search?x=1&q=%E5%8F%AF%E4%B9%90&n=2');
  const form = await call(standIn.wx, {
    url: `${server.url}/api/pair`,
    method: 'POST',
    header: { 'Content-Type': 'application/x-www-form-urlencoded' },
    data: { code: '123456' },
  }).settled;
  expect((form.result.data as { body: string }).body).toBe('code=123456');
});

test('times out with request:fail timeout', async () => {
  const { settled } = call(standIn.wx, { url: `${server.url}/hold`, timeout: 100 });
  expect(await settled).toEqual({
    ok: false,
    result: { errMsg: 'request:fail timeout' },
    completed: true,
  });
});

test('abort fails the request with request:fail abort; aborting a finished one does nothing', async () => {
  const { task, settled } = call(standIn.wx, { url: `${server.url}/hold` });
  await until(() => held.length === 1, 'request reached the server');
  task.abort();
  expect(await settled).toEqual({
    ok: false,
    result: { errMsg: 'request:fail abort' },
    completed: true,
  });
  const done = call(standIn.wx, { url: `${server.url}/ok` });
  expect((await done.settled).ok).toBe(true);
  done.task.abort();
});

test('runs at most 10 at once and queues the rest, as WeChat does', async () => {
  const calls = Array.from({ length: 12 }, (_, i) =>
    call(standIn.wx, { url: `${server.url}/hold/${i}` }),
  );
  await until(() => held.length === 10, 'ten requests in flight');
  await new Promise((resolve) => setTimeout(resolve, 30));
  expect(held).toHaveLength(10);
  for (const res of held.splice(0)) res.end('{}');
  await until(() => held.length === 2, 'the queued two went out');
  for (const res of held.splice(0)) res.end('{}');
  const results = await Promise.all(calls.map((c) => c.settled));
  expect(results.every((r) => r.ok)).toBe(true);
  expect(maxInFlight).toBe(10);
});

test("offline: requests fail with WeChat's no-network errMsg and in-flight ones are cancelled", async () => {
  const inFlight = call(standIn.wx, { url: `${server.url}/hold` });
  await until(() => held.length === 1, 'request reached the server');
  standIn.network.set({ isConnected: false });
  expect((await inFlight.settled).result).toEqual({
    errMsg:
      'request:fail errcode:10011 cronet_error_code:0 error_msg:network change, cancel all task',
    errno: 600001,
  });
  const offline = await call(standIn.wx, { url: `${server.url}/ok` }).settled;
  expect(offline).toEqual({
    ok: false,
    result: { errMsg: 'request:fail -106:net::ERR_INTERNET_DISCONNECTED', errno: 600001 },
    completed: true,
  });
  standIn.network.set({ isConnected: true });
  expect((await call(standIn.wx, { url: `${server.url}/ok` }).settled).ok).toBe(true);
});

test("a refused connection reports Chromium's error as Android WeChat does", async () => {
  const port = await unusedPort();
  const refused = await call(standIn.wx, { url: `http://127.0.0.1:${port}/api` }).settled;
  expect(refused.result).toEqual({
    errMsg: 'request:fail -102:net::ERR_CONNECTION_REFUSED',
    errno: 600001,
  });
});

test('callbacks run after the call returns, never inside it', async () => {
  const order: string[] = [];
  const done = new Promise<void>((resolve) => {
    standIn.wx.request({
      url: 'not a url',
      fail: () => order.push('fail'),
      complete: () => resolve(),
    });
    order.push('returned');
  });
  await done;
  expect(order).toEqual(['returned', 'fail']);
});
