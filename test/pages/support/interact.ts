// Driving a rendered page as a person would: tapping Vant's own inner elements (so an unresolved
// component, which renders a bare tag, fails the test), typing into fields, reading text.

/**
 * A node of simulate's rendered tree, as these tests use it. Written out rather than imported:
 * simulate's own typings load WeChat's global typings, whose `require` clashes with Node's.
 */
export interface Node {
  dom?: Element;
  data: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  querySelector(selector: string): Node | undefined;
  querySelectorAll(selector: string): Node[];
  dispatchEvent(name: string, options?: { detail?: unknown }): void;
  attach(parent: Element): void;
}

/** The part of miniprogram-simulate the harness uses. */
export interface Simulate {
  load(path: string, options: { rootPath: string }): string;
  render(id: string): Node;
  sleep(ms: number): Promise<void>;
}

export function find(root: Node, selector: string): Node {
  const found = root.querySelector(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

/** Taps a van-button: the tap lands on Vant's inner button, which emits the page's `click`. */
export function clickButton(root: Node, selector: string): void {
  find(find(root, selector), '.van-button').dispatchEvent('tap');
}

/**
 * Types into a van-field, or the van-field of a van-search: its inner input fires `input`, Vant
 * emits `change` with the value.
 */
export function typeInto(root: Node, selector: string, value: string): void {
  const box = find(root, selector);
  const field = box.querySelector('.van-search__field') ?? box;
  // The first .van-field__control is the wrapper of a custom input slot; the input is the last.
  const controls = field.querySelectorAll('.van-field__control');
  if (controls.length === 0) throw new Error(`no van-field input in ${selector}`);
  controls[controls.length - 1].dispatchEvent('input', { detail: { value } });
}

/** Vant's class in the DOM: simulate prefixes component classes with their tag ("van-button--"). */
export function vant(tag: string, className = tag): string {
  return `.${tag}--${className}`;
}

/** Text of the first element matching a DOM selector, or '' when there is none. */
export function textOf(page: Node, selector: string): string {
  return page.dom?.querySelector(selector)?.textContent?.trim() ?? '';
}

export function count(page: Node, selector: string): number {
  return page.dom?.querySelectorAll(selector).length ?? 0;
}

/** The page's own class as simulate writes it: prefixed with the root tag "main". */
export function own(className: string): string {
  return `.main--${className}`;
}
