/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The customer join page against a real server: opened by the counter card's link (the
// mini-program's `q`), it takes a phone number and a name and the server adds the member.
import { until } from '../client/support/until';
import { signIn } from '../support/test-server';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, typeInto, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);

type PageInstance = {
  onLoad(query: Record<string, string>): void;
  setData(data: Record<string, unknown>): void;
};
const load = (page: Node, query: Record<string, string>) =>
  (page as unknown as { instance: PageInstance }).instance.onLoad(query);

test('join page: the counter card’s link -> phone and name -> a new member on the server', async () => {
  const manager = await signIn(till.server, 'manager');
  const card = await fetch(`${till.server.url}/api/qr/join`, {
    headers: { authorization: `Bearer ${manager}` },
  });
  const link = card.headers.get('x-qr-text')!;
  const page = pages.render('customer/join/index');
  load(page, { q: encodeURIComponent(link) });
  await settle(pages);
  expect(page.data.ready).toBe(true);
  typeInto(page, '#phone', '15655507777');
  typeInto(page, '#name', '小李');
  await settle(pages);
  clickButton(page, '#join');
  await until(() => page.data.done !== '', 'joined');
  expect(page.data.done).toBe(`您已是 ${till.server.store.settings.storeName} 的会员`);
  expect(till.server.store.memberByPhone('15655507777')?.name).toBe('小李');
});

test('join page: after too many wrong numbers the customer is told, in Chinese, to wait', async () => {
  const manager = await signIn(till.server, 'manager');
  const card = await fetch(`${till.server.url}/api/qr/join`, {
    headers: { authorization: `Bearer ${manager}` },
  });
  const page = pages.render('customer/join/index');
  load(page, { q: encodeURIComponent(card.headers.get('x-qr-text')!) });
  typeInto(page, '#phone', '1565550');
  await settle(pages);
  let errors: string[] = [];
  for (let i = 0; i < 11; i++) {
    (page as unknown as { instance: PageInstance }).instance.setData({ error: '' });
    clickButton(page, '#join');
    await until(() => page.data.error !== '', 'the refusal');
    errors = [...errors, page.data.error as string];
  }
  expect(errors[0]).toBe('请输入 11 位手机号');
  expect(errors.at(-1)).toBe('尝试次数太多：请过几分钟再试');
});
