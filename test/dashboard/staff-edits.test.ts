// The staff page as a manager uses it, in a real headless Chromium against a real server: adding a
// person once however the button is clicked, correcting a name, a new PIN, and the server's
// refusals said in Chinese with the rows showing what the server kept.
import type { Browser, Locator, Page } from 'playwright-core';
import { verifyPin } from '@pos/shared';
import { describeWithChromium, launchChromium } from '../support/chromium';
import { removeDir } from '../support/temp-dir';
import { demo, startTestServer, type TestServer } from '../support/test-server';

/** Retries `check` (an assertion) until it passes, or throws its last failure after 5 s. */
async function eventually(check: () => unknown): Promise<void> {
  for (const deadline = Date.now() + 5000; ;) {
    try {
      await check();
      return;
    } catch (failure) {
      if (Date.now() > deadline) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const manager = demo.staffPins.find((p) => p.role === 'manager')!;
const [liXiao, wangFang] = demo.staffPins.filter((p) => p.role === 'cashier');

describeWithChromium('the staff page', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** Whatever the page threw or logged as an error, checked empty after each test. */
  let pageErrors: string[] = [];
  /** Every staff write the page sent, as 'METHOD path'. */
  let writes: string[] = [];
  /** What the page's alerts and prompts said, in order. */
  let dialogs: string[] = [];
  /** What a prompt is answered with; other dialogs are dismissed. */
  let promptAnswer = '';

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    pageErrors = [];
    writes = [];
    dialogs = [];
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
    // A control that is not there fails the test at once, not at jest's timeout.
    page.setDefaultTimeout(5000);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      // A refused request is logged by Chromium itself; the page must still handle it.
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
        pageErrors.push(message.text());
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void (dialog.type() === 'prompt' ? dialog.accept(promptAnswer) : dialog.dismiss());
    });
    page.on('request', (request) => {
      if (request.method() !== 'GET' && /\/staff/.test(request.url()))
        writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
  });

  afterEach(async () => {
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) removeDir(server.dataDir);
  });

  async function openStaff(): Promise<void> {
    await page.goto(`${server.url}/#/staff`);
    await page.fill('[data-test=pin]', manager.pin);
    await page.click('button[type=submit]');
    await page.waitForSelector('main[data-page="staff"][data-ready="true"]');
  }

  /** A staff member's row: the page lists them in the server's order. */
  const rowOf = (staffId: string): Locator =>
    page.locator('main table tbody tr').nth(Object.keys(server.store.state.staff).indexOf(staffId));
  const nameBox = (staffId: string) => rowOf(staffId).locator('input:not([type=checkbox])');
  const addPanel = () => page.locator('main .panel').nth(1);
  /** The dialogs shown from now on, once there are `count` of them. */
  async function dialogsShown(count: number): Promise<string[]> {
    await eventually(() => expect(dialogs.length).toBeGreaterThanOrEqual(count));
    return dialogs.splice(0);
  }
  const staffNamed = (name: string) =>
    Object.values(server.store.state.staff).filter((s) => s.name === name);

  it('a double click on 添加员工 adds the person once, and on 保存 saves once', async () => {
    await openStaff();
    const rowsBefore = await page.locator('main table tbody tr').count();
    await addPanel().getByPlaceholder('姓名').fill('赵新人');
    await addPanel().getByPlaceholder('新 PIN').fill('482915');
    await addPanel().getByRole('button', { name: '添加员工' }).dblclick();
    // Added: the rows show the new person and the form is cleared for the next one.
    await page.locator('main table tbody tr').nth(rowsBefore).waitFor();
    await eventually(async () =>
      expect(await addPanel().getByPlaceholder('姓名').inputValue()).toBe(''),
    );
    expect(writes).toEqual(['POST /dashboard/api/staff']);
    expect(staffNamed('赵新人')).toHaveLength(1);
    expect(await page.locator('main table tbody tr').count()).toBe(rowsBefore + 1);

    const [added] = staffNamed('赵新人');
    writes = [];
    await nameBox(added.id).fill('赵欣人');
    await rowOf(added.id).getByRole('button', { name: '保存' }).dblclick();
    await eventually(() => expect(server.store.state.staff[added.id].name).toBe('赵欣人'));
    await eventually(async () => expect(await nameBox(added.id).inputValue()).toBe('赵欣人'));
    expect(writes).toEqual([`PUT /dashboard/api/staff/${added.id}`]);
  });

  it("a staff member's misspelt name is corrected on the staff page, trimmed", async () => {
    await openStaff();
    expect(await nameBox(liXiao.staffId).inputValue()).toBe(liXiao.name);
    await nameBox(liXiao.staffId).fill('  李小晓 ');
    await rowOf(liXiao.staffId).getByRole('button', { name: '保存' }).click();
    await eventually(() => expect(server.store.state.staff[liXiao.staffId].name).toBe('李小晓'));
    // The role and standing are kept; the row shows the saved name.
    expect(server.store.state.staff[liXiao.staffId]).toMatchObject({
      role: 'cashier',
      active: true,
    });
    await eventually(async () => expect(await nameBox(liXiao.staffId).inputValue()).toBe('李小晓'));
    // A name is at most 40 characters: the box takes no more.
    expect(await nameBox(liXiao.staffId).getAttribute('maxlength')).toBe('40');
  });

  it('an empty name is refused in Chinese before anything is sent', async () => {
    await openStaff();
    const journalN = server.store.state.journalN;
    await nameBox(wangFang.staffId).fill('   ');
    await rowOf(wangFang.staffId).getByRole('button', { name: '保存' }).click();
    expect(await dialogsShown(1)).toEqual(['请填写姓名']);
    expect(writes).toEqual([]);
    expect(server.store.state.journalN).toBe(journalN);
    expect(server.store.state.staff[wangFang.staffId].name).toBe(wangFang.name);
  });

  it('refusing to deactivate the only manager says why in Chinese and shows them still active', async () => {
    await openStaff();
    const active = rowOf(manager.staffId).locator('input[type=checkbox]');
    await active.uncheck();
    await rowOf(manager.staffId).getByRole('button', { name: '保存' }).click();
    expect(await dialogsShown(1)).toEqual([
      '未保存：店里至少要有一位在职的店长。请先让另一位员工当店长，再停用这位或改为收银员',
    ]);
    expect(server.store.state.staff[manager.staffId].active).toBe(true);
    // The row shows what the server kept: ticked again.
    await eventually(async () => expect(await active.isChecked()).toBe(true));
  });

  it('setting a PIN says so in Chinese, and a badly formatted one is refused in Chinese', async () => {
    await openStaff();
    const pinButton = rowOf(wangFang.staffId).getByRole('button', { name: '设置 PIN' });
    promptAnswer = '12ab';
    await pinButton.click();
    expect(await dialogsShown(2)).toEqual(['新 PIN（4-6 位数字）', 'PIN 须为 4–6 位数字，未设置']);
    expect(verifyPin(wangFang.pin, server.store.state.staff[wangFang.staffId].pinHash)).toBe(true);

    promptAnswer = '731864';
    await pinButton.click();
    expect(await dialogsShown(2)).toEqual(['新 PIN（4-6 位数字）', '已设置新 PIN']);
    expect(verifyPin('731864', server.store.state.staff[wangFang.staffId].pinHash)).toBe(true);
  });

  it('a PIN someone else signs in with is refused in Chinese, and theirs is kept', async () => {
    await openStaff();
    const before = server.store.state.staff[wangFang.staffId].pinHash;
    promptAnswer = manager.pin;
    await rowOf(wangFang.staffId).getByRole('button', { name: '设置 PIN' }).click();
    expect(await dialogsShown(2)).toEqual([
      '新 PIN（4-6 位数字）',
      '这个 PIN 已有其他员工在用，请换一个（这次没有保存）',
    ]);
    expect(server.store.state.staff[wangFang.staffId].pinHash).toBe(before);
  });
});
