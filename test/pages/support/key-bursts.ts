// Keys typed into a van-search box one at a time on a hand-moved clock, fast as a hardware
// scanner or slow as a person: the register's barcode box and weight field, Orders' receipt search.
import type { ManualClock } from '../../client/support/manual-clock';
import { find, type Node } from './interact';

/** Lets simulate deliver a dispatched event (it does so on a later tick). */
export const delivered = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Keys into the box, `gapMs` apart, as van-search and van-field report them (the whole value each
 * time); `field` is the page's data holding the box's value.
 */
export async function typeKeys(
  page: Node,
  selector: string,
  text: string,
  gapMs: number,
  clock: ManualClock,
  field = 'query',
): Promise<void> {
  const search = find(page, selector);
  let value = page.data[field] as string;
  for (const char of text) {
    value += char;
    search.dispatchEvent('change', { detail: value });
    await delivered();
    clock.advance(gapMs);
  }
}
