// The members and audit pages date every entry with its year, on the store's wall clock (its UTC
// offset setting), not the zone of the manager's computer: read in January, last December's
// entries must not pass for this year's. In a real headless Chromium against a real server.
import type { Browser, Page } from 'playwright-core';
import { operationId, type Member, type Operation } from '@pos/shared';
import { describeWithChromium, launchChromium } from '../support/chromium';
import { ProtocolClient } from '../support/protocol-client';
import { demo, pairTestDevice, serverForEachTest, type TestServer } from '../support/test-server';

const manager = demo.staffPins.find((p) => p.role === 'manager')!;
const cashier = demo.staffPins.find((p) => p.role === 'cashier')!;

// 20:00 UTC on New Year's Eve 2024: in the store (UTC+8) 04:00 on 1 January 2025; on a computer
// set to Los Angeles still 12:00 on 31 December 2024.
const newYearEve = Date.UTC(2024, 11, 31, 20);
const storeTime = '2025-01-01 04:00';
const yearEndMember: Member = {
  id: 'm-0099',
  phone: '13900001111',
  name: '跨年会员',
  level: '普通',
  points: 0,
  balance: 0,
  joinedAt: newYearEve,
};

const dateTime = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

describeWithChromium('dates on the members and audit pages', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  serverForEachTest((started) => (server = started), {
    options: {
      seed: () => ({
        ...demo,
        settings: { ...demo.settings, utcOffsetMinutes: 480 },
        members: [...demo.members, yearEndMember],
      }),
    },
  });

  beforeAll(async () => {
    browser = await launchChromium();
  });

  beforeEach(async () => {
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'America/Los_Angeles',
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });

  afterEach(async () => {
    await page.context().close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(name: string): Promise<void> {
    await page.goto(`${server.url}/#/${name}`);
    await page.fill('[data-test=pin]', manager.pin);
    await page.click('button[type=submit]');
    await page.waitForSelector(`main[data-page="${name}"][data-ready="true"]`);
  }

  /** Each row's cells, as the page shows them. */
  const rows = () =>
    page.$$eval('main table tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );

  it('the members page gives each join its year, on the store clock', async () => {
    await open('members');
    const shown = await rows();
    const joined = shown.map((cells) => cells[cells.length - 1]);
    expect(shown.find((cells) => cells[1] === yearEndMember.name)?.at(-1)).toBe(storeTime);
    expect(joined.filter((text) => !dateTime.test(text))).toEqual([]);
    expect(joined).toHaveLength(demo.members.length + 1);
  });

  it('the audit page gives each entry its year, on the store clock', async () => {
    const till = await pairTestDevice(server, '收银台一号', 'tablet');
    const socket = await ProtocolClient.open(server.url, till.token);
    const opened = {
      id: operationId(till.deviceId, 1),
      deviceId: till.deviceId,
      seq: 1,
      createdAt: newYearEve,
      type: 'drawer.opened',
      payload: { shiftId: null, staffId: cashier.staffId, reason: '跨年开钱箱', at: newYearEve },
    } as Operation;
    const { results } = await socket.push([opened]);
    socket.close();
    expect(results[0].status).toBe('applied');

    await open('audit');
    const shown = await rows();
    expect(shown.find((cells) => cells.at(-1) === '跨年开钱箱')?.[0]).toBe(storeTime);
    // This year's entries (the pairing) carry their year too: one format down the column.
    expect(shown.map((cells) => cells[0]).filter((text) => !dateTime.test(text))).toEqual([]);
    expect(shown).toHaveLength(2);
  });
});
