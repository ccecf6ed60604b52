// Grocery words pinyin-pro reads otherwise than shoppers and cashiers say them (it keeps one reading
// of a polyphone: 芥蓝 as jiè lán, so a cashier typing "gl" never found it). Registered once with
// customPinyin, before any initials are made; only these whole words change (咖啡 stays kā fēi).
import { customPinyin } from 'pinyin-pro';

/** Each word with its reading, tone marks as pinyin-pro writes them. */
export const GROCERY_READINGS: Readonly<Record<string, string>> = {
  芥蓝: 'gài lán',
  芥兰: 'gài lán',
  咖喱: 'gā lí',
  // Dried meat and fruit (脯 fǔ); 胸脯, the cut, stays pú.
  肉脯: 'ròu fǔ',
  果脯: 'guǒ fǔ',
  苹果脯: 'píng guǒ fǔ',
  杏脯: 'xìng fǔ',
  桃脯: 'táo fǔ',
  // Ginseng (参 shēn), not 参加's cān.
  参鸡汤: 'shēn jī tāng',
  红参: 'hóng shēn',
  参片: 'shēn piàn',
  参须: 'shēn xū',
  太子参: 'tài zǐ shēn',
  // 德州扒鸡, braised chicken (扒 pá), not 扒 bā.
  扒鸡: 'pá jī',
};

let registered = false;

/** Registers the readings with pinyin-pro (process-wide); once, however often it is called. */
export function registerGroceryReadings(): void {
  if (registered) return;
  customPinyin({ ...GROCERY_READINGS });
  registered = true;
}
