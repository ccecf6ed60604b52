// Initials made on the device from the GB code page agree with pinyin-pro, which makes the
// server's: every one of GB2312's 3,755 common characters gets one of its own readings' initials.
import * as iconv from 'iconv-lite';
import { pinyin } from 'pinyin-pro';
import { hanziInitial, hanziInitials } from '../../shared/hanzi-initials';
import { pinyinInitials } from '../../sync-server/catalog/initials';

function commonCharacters(): string[] {
  const chars: string[] = [];
  for (let high = 0xb0; high <= 0xd7; high++)
    for (let low = 0xa1; low <= 0xfe; low++)
      if (((high << 8) | low) <= 0xd7f9) chars.push(iconv.decode(Buffer.from([high, low]), 'gbk'));
  return chars;
}

const readings = (char: string) =>
  pinyin(char, { pattern: 'first', toneType: 'none', multiple: true, type: 'array' });

test('each common character gets the initial of one of its readings, mostly its usual one', () => {
  const chars = commonCharacters();
  expect(chars).toHaveLength(3755);
  const notUsual: string[] = [];
  for (const char of chars) {
    const initial = hanziInitial(char);
    expect([char, readings(char)]).toEqual([char, expect.arrayContaining([initial])]);
    if (initial !== pinyinInitials(char)) notUsual.push(char);
  }
  // Polyphones GB2312 lists under another reading than pinyin-pro's first (调 under diào).
  expect(notUsual.length).toBeLessThanOrEqual(30);
});

test('labels come out as the server makes a product name', () => {
  for (const label of [
    '大杯',
    '中杯',
    '小杯',
    '热',
    '冰',
    '少糖',
    '500ml',
    '整箱 24瓶',
    'ＡＤ钙奶１',
  ])
    expect(hanziInitials(label)).toBe(pinyinInitials(label));
});

test('a rare character (not in GB2312 level 1) gives no initials rather than partial ones', () => {
  expect(hanziInitial('龘')).toBeNull();
  expect(hanziInitials('龘杯')).toBeNull();
  expect(hanziInitial('a')).toBeNull();
  expect(hanziInitial('，')).toBeNull();
  expect(hanziInitials('（大）')).toBe('d');
});
