// The join counter card's QR is a plain link to the store's server on the LAN
// (http://<LAN address>/j/<payload>). WeChat opens a mini-program from a plain link only for a
// rule on an ICP-registered domain, never a LAN address, so a customer's WeChat opens the link
// itself: the server answers with a Chinese page to join from, posting to the customer join
// endpoint (its checks and limits), and a code it cannot take is a Chinese page too, never JSON.
import type { Browser, Page } from 'playwright-core';
import { CUSTOMER_JOIN_LIMITS } from '../../sync-server/http/qr-routes';
import { customerRefusals } from '../../sync-server/qr/customer-words';
import { describeWithChromium, launchChromium } from '../support/chromium';
import { api, serverForEachTest, signIn, type TestServer } from '../support/test-server';
import { TestClock, fetchBuffer } from './payments/support';

let server: TestServer;
const clock = new TestClock();
serverForEachTest((started) => (server = started), { options: { now: clock.now } });

/** The link on a printed counter card, as its QR reads. */
async function cardLink(): Promise<string> {
  const card = await fetchBuffer(
    `${server.url}/api/qr/join-card.pdf`,
    await signIn(server, 'manager'),
  );
  expect(card.status).toBe(200);
  return card.headers.get('x-qr-text')!;
}

/** A page's answer: status, type and the refusal paragraph ('' for none). */
async function open(url: string) {
  const answer = await fetch(url);
  const html = await answer.text();
  return {
    status: answer.status,
    type: answer.headers.get('content-type') ?? '',
    error: /<p class="error" id="error">([^<]*)<\/p>/.exec(html)?.[1] ?? '',
    hasForm: html.includes('id="join-form"'),
    html,
  };
}

test('the card’s link opens a Chinese page to join from, carrying its code', async () => {
  const link = await cardLink();
  expect(link).toMatch(/\/j\/[0-9A-Za-z_-]+$/);
  const page = await open(link);
  expect(page).toMatchObject({ status: 200, error: '', hasForm: true });
  expect(page.type).toMatch(/^text\/html/);
  expect(page.html).toContain('<h2>加入会员</h2>');
  expect(page.html).toContain(server.store.settings.storeName);
  expect(page.html).toContain(`data-payload="${link.split('/j/')[1]}"`);
});

test('an altered, expired or foreign code opens a page that says why in Chinese, with no form', async () => {
  const link = await cardLink();
  const payload = link.split('/j/')[1];
  const changed = payload.slice(0, 3) + (payload[3] === 'a' ? 'b' : 'a') + payload.slice(4);
  const { qr } = server.pos.payments;
  const shortLived = qr.issue('join-membership', 'card02', 60_000).text;
  const payCode = qr.issue('pay-order', 'pay00001', 60_000).text;
  clock.advance(5 * 60_000);

  const answers = {
    altered: await open(`${server.url}/j/${changed}`),
    expired: await open(`${server.url}/j/${shortLived}`),
    payCode: await open(`${server.url}/j/${payCode}`),
    garbage: await open(`${server.url}/j/not-a-code`),
  };
  expect(
    Object.fromEntries(
      Object.entries(answers).map(([what, page]) => [
        what,
        [page.status, page.error, page.hasForm],
      ]),
    ),
  ).toEqual({
    altered: [400, '二维码被改动过或不是本店的，请扫描收银台的会员二维码', false],
    expired: [410, '这张会员卡二维码已过期，请到收银台加入会员', false],
    payCode: [400, '这个二维码不是用来加入会员的，请扫描收银台的会员二维码', false],
    garbage: [400, '这不是本店的二维码，请扫描收银台的会员二维码', false],
  });
  for (const page of Object.values(answers)) {
    expect(page.type).toMatch(/^text\/html/);
    expect(page.html).toContain('加入会员');
  }
  // The card's own code (a year) still works.
  expect((await open(link)).hasForm).toBe(true);
});

describeWithChromium('the join page in a phone’s browser', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => (browser = await launchChromium()));
  afterAll(async () => browser?.close());
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  });
  afterEach(async () => page?.close());

  /** Fills the form as a customer types and taps 加入会员; the words the page then shows. */
  async function join(phone: string, name = ''): Promise<{ error: string; done: string }> {
    await page.fill('#phone', phone);
    await page.fill('#member-name', name);
    await page.click('#join');
    await page.waitForSelector('#error:not([hidden]), #done:not([hidden])');
    const shown = async (selector: string) =>
      (await page.isVisible(selector)) ? ((await page.textContent(selector)) ?? '') : '';
    return { error: await shown('#error'), done: await shown('#done') };
  }

  test('a customer mistypes the phone, is told in Chinese, then joins with their name', async () => {
    await page.goto(await cardLink());
    expect(await page.textContent('h2')).toBe('加入会员');
    const members = Object.keys(server.store.state.members).length;

    expect(await join('1565550123')).toEqual({ error: customerRefusals.phone_invalid, done: '' });
    expect(Object.keys(server.store.state.members)).toHaveLength(members);

    const storeName = server.store.settings.storeName;
    expect(await join('15655501234', '小王')).toEqual({
      error: '',
      done: `您已是 ${storeName} 的会员`,
    });
    expect(await page.isVisible('#join-form')).toBe(false);
    expect(server.store.memberByPhone('15655501234')).toMatchObject({ name: '小王' });
  });

  test('the join endpoint’s limit holds on the page, worded in Chinese', async () => {
    const link = await cardLink();
    const payload = link.split('/j/')[1];
    // This address's joins for the hour, used up (the browser joins from the same address).
    for (let i = 0; i < CUSTOMER_JOIN_LIMITS.perAddress; i++) {
      const joined = await api(server, 'POST', '/api/customer/join', {
        body: { payload, phone: `1380000${String(i).padStart(4, '0')}` },
      });
      expect(joined.status).toBe(201);
    }
    await page.goto(link);
    expect(await join('15655501234')).toEqual({
      error: customerRefusals.too_many_joins,
      done: '',
    });
    expect(server.store.memberByPhone('15655501234')).toBeUndefined();
  });
});
