// The store's orders of a day for the manager screen: a refusal by the server is said in Chinese
// by what it means (this device's pairing no longer holds, only a manager may look, the server
// failed), never the server's English answer.
import type { HttpClient, HttpResponse } from '../../miniprogram/adapters/http-request';
import { HttpUnreachableError } from '../../miniprogram/adapters/http-request';
import { fetchStoreDay } from '../../miniprogram/core/store-day';
import { describeError, text } from '../../miniprogram/i18n/index';

const identity = { serverAddress: '127.0.0.1:8787', token: 'device-token' };

function answering(answer: HttpResponse | Error): HttpClient {
  const respond = () =>
    answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  return { postJson: respond, getJson: respond };
}

/** What the manager screen shows for a failed fetch. */
async function shown(answer: HttpResponse | Error): Promise<{ code: string; note: string }> {
  const fetched = await fetchStoreDay(answering(answer), identity, '2026-11-22');
  if (fetched.ok) throw new Error('expected a refusal');
  return {
    code: fetched.error.code,
    note: text.manager.storeError(describeError(fetched.error)),
  };
}

const refusal = (status: number, code: string, message: string) => ({
  status,
  body: { error: { code, message } },
});

test('a 401, a 403 and any other refusal each have their Chinese sentence', async () => {
  expect(
    await shown(refusal(401, 'unauthorized', 'sign in, or use a paired device token')),
  ).toEqual({
    code: 'store_day_unpaired',
    note: '取不到全店数据：门店服务器不再认可本机的配对（可能已被撤销）：请重新配对',
  });
  expect(await shown(refusal(403, 'forbidden', 'only a manager may do this'))).toEqual({
    code: 'store_day_forbidden',
    note: '取不到全店数据：门店服务器只让店长查看全店数据：请店长登录后再试',
  });
  for (const status of [400, 404, 500, 503])
    expect(await shown(refusal(status, 'internal', 'something broke'))).toEqual({
      code: 'server_error',
      note: '取不到全店数据：门店服务器出错了：请稍后再试，并告诉店长',
    });
  expect((await shown({ status: 200, body: { orders: 'nope' } })).note).toBe(
    '取不到全店数据：服务器返回了无法识别的内容',
  );
  // No answer at all: the screen says it needs the server (its own sentence, by this code).
  expect((await shown(new HttpUnreachableError('http://x', 'timeout'))).code).toBe('unreachable');
});

test('the store’s orders of the day when the server answers', async () => {
  const fetched = await fetchStoreDay(
    answering({ status: 200, body: { businessDay: '2026-11-22', orders: [] } }),
    identity,
    '2026-11-22',
  );
  expect(fetched).toEqual({ ok: true, value: { businessDay: '2026-11-22', orders: [] } });
});
