// Rule errors as the till says them: in Chinese, in words that fit every place the code comes from.
import { describeError } from '../../../miniprogram/i18n/index';

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
