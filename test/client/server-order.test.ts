// One order from the store's server for Orders' search (core/server-order.ts): what a receipt
// names it by (an id, or a whole number typed loosely; a part of a number is not asked), the URL
// asked with the device's token, the answer checked by the core's order schema and against the
// question, and each failure as a code with its Chinese sentence.
import type { HttpClient, HttpResponse } from '../../miniprogram/adapters/http-request';
import { HttpUnreachableError } from '../../miniprogram/adapters/http-request';
import { fetchServerOrder, orderKeyOf } from '../../miniprogram/core/server-order';
import { describeError } from '../../miniprogram/i18n/index';
import { saleOperation } from '../support/sales';

const identity = { serverAddress: '127.0.0.1:8787', token: 'device-token' };
const sale = saleOperation({ device: { deviceId: 'dev-01', deviceCode: 'T1' }, seq: 42 }).payload;

function answering(answer: HttpResponse | Error, asked: string[] = []): HttpClient {
  const respond = (url: string, token: unknown) => {
    asked.push(`${url} ${String(token)}`);
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  return { postJson: respond, getJson: respond };
}

test('what a receipt names an order by', () => {
  expect(orderKeyOf(` ${sale.id} `)).toEqual({ kind: 'id', id: sale.id });
  expect(orderKeyOf('t1-1122-42')).toEqual({ kind: 'number', number: 'T1-1122-42' });
  expect(orderKeyOf('1122-42')).toBeNull();
  expect(orderKeyOf('https://example.cn/not-a-receipt')).toBeNull();
});

test('asked by id or by number with the device token; the order the server holds', async () => {
  const asked: string[] = [];
  const http = answering({ status: 200, body: { order: sale } }, asked);
  expect(await fetchServerOrder(http, identity, { kind: 'id', id: sale.id })).toEqual({
    ok: true,
    value: sale,
  });
  const loose = sale.orderNo.toLowerCase().replace(/-0+(\d+)$/, '-$1');
  const byNumber = await fetchServerOrder(http, identity, orderKeyOf(loose)!);
  expect(byNumber).toEqual({ ok: true, value: sale });
  expect(asked).toEqual([
    `http://127.0.0.1:8787/api/orders/${encodeURIComponent(sale.id)} device-token`,
    `http://127.0.0.1:8787/api/orders/by-number/${encodeURIComponent(loose.toUpperCase())} device-token`,
  ]);
  // None on the server.
  expect(
    await fetchServerOrder(
      answering({ status: 404, body: { error: { code: 'not_found', message: 'no order' } } }),
      identity,
      { kind: 'id', id: sale.id },
    ),
  ).toEqual({ ok: true, value: null });
});

test('each failure has its code and sentence; an answer that is not the order asked is refused', async () => {
  const failed = async (answer: HttpResponse | Error, id = sale.id) => {
    const fetched = await fetchServerOrder(answering(answer), identity, { kind: 'id', id });
    if (fetched.ok) throw new Error('expected a refusal');
    return { code: fetched.error.code, text: describeError(fetched.error) };
  };
  expect(await failed(new HttpUnreachableError('http://x', 'timeout'))).toMatchObject({
    code: 'unreachable',
  });
  expect(
    await failed({ status: 401, body: { error: { code: 'unauthorized', message: 'no' } } }),
  ).toEqual({
    code: 'store_day_unpaired',
    text: '门店服务器不再认可本机的配对（可能已被撤销）：请重新配对',
  });
  expect((await failed({ status: 500, body: null })).code).toBe('server_error');
  expect(await failed({ status: 200, body: { order: { id: sale.id } } })).toEqual({
    code: 'bad_answer',
    text: '服务器返回了无法识别的内容',
  });
  expect((await failed({ status: 200, body: { order: sale } }, 'dev-01:2026-11-22:43')).code).toBe(
    'bad_answer',
  );
});
