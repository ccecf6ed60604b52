// Typing a PIN on the pin-pad component as a person would: a tap on each digit's key.
import { find, type Node } from './interact';
import { settle, type PageHarness } from './pages';

export async function typePin(
  pages: PageHarness,
  page: Node,
  selector: string,
  pin: string,
): Promise<void> {
  const pad = find(page, selector);
  for (const digit of pin) {
    const key = pad.querySelectorAll('.pin-pad__key').find((k) => k.dom?.textContent === digit);
    if (!key) throw new Error(`no key ${digit} on the pin pad ${selector}`);
    key.dispatchEvent('tap');
  }
  await settle(pages);
}
