// Rule errors as the till says them: in Chinese, in words that fit every place the code comes from.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeError } from '../../../miniprogram/i18n/index';
import { zhErrors } from '../../../miniprogram/i18n/zh-errors';

test("a name refused (a device's at pairing, a member's at joining) is not called a device name", () => {
  const text = describeError({ code: 'name_invalid', message: 'a name is at most 40 characters' });
  expect(text).toBe('名称为 1 到 40 个字');
});

test('an amount of nothing is said in Chinese, not in the server’s English', () => {
  const text = describeError({
    code: 'amount_invalid',
    message: 'a top-up must be whole fen above zero',
  });
  expect(text).toBe('金额必须大于 0');
});

test('a QR refused for a cashier the store has let go says so in Chinese', () => {
  const text = describeError({
    code: 'staff_inactive',
    message: 'staff 王芳 is no longer active: sign in as active staff to take this payment',
  });
  expect(text).toBe('这位员工已停用：请换一位在职员工登录后再收款');
});

// What a refusal carries that a fixed sentence would hide: an internal fault, what keeps a day
// open. describeError shows their message (a lock its minutes); every other code needs a sentence,
// the cart's own rules (CartError's codes, passed on by the cart store) too.
const saidByMessage = new Set(['internal', 'invalid', 'total_invalid', 'not_final', 'locked']);

test('every refusal the device raises has a Chinese sentence, unless its message is the point', () => {
  const codes = new Set<string>();
  const read = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) read(path);
      else if (path.endsWith('.ts'))
        for (const [, code] of readFileSync(path, 'utf8').matchAll(
          /(?:ruleError|new CartError)\(\s*'([a-z_]+)'/g,
        ))
          codes.add(code);
    }
  };
  const root = join(__dirname, '../../..');
  read(join(root, 'miniprogram'));
  read(join(root, 'shared'));
  expect(codes.size).toBeGreaterThan(30);
  const unsaid = [...codes].filter((code) => !saidByMessage.has(code) && !zhErrors[code]);
  expect(unsaid).toEqual([]);
});

test('a failed storage write says nothing was recorded, in Chinese', () => {
  const text = describeError({
    code: 'storage_error',
    message: 'not recorded: setStorageSync:fail',
  });
  expect(text).toMatch(/^本机存储写入失败，这项操作没有记下/);
});
