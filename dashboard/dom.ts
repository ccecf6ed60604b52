// A few DOM helpers: build elements from tags, attributes and children; format money and time.
import { storeDateTime } from '../shared/business-day';
import { formatFen } from '../shared/money';
import { zh } from './i18n/zh';

export type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined | null>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(key.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false)
      element.append(typeof child === 'object' ? child : String(child));
  return element;
}

/** What a failed action shows: 操作失败： and the server's message (which names the field). */
export const failure = (error: unknown): string =>
  `${zh.errors.failed}${error instanceof Error ? error.message : String(error)}`;

export const yuan = (fen: number | null | undefined): string =>
  fen === null || fen === undefined ? '—' : formatFen(fen);

// The store's offset from UTC, from the server at sign-in (China's until then).
let storeUtcOffsetMinutes = 480;

export function useStoreClock(utcOffsetMinutes: number): void {
  storeUtcOffsetMinutes = utcOffsetMinutes;
}

/**
 * A time on the store's wall clock ('14:05', or '11-22 14:05'), as receipts, the till and the CSV
 * show it, and the hours of the report count: not the zone the manager's computer is set to.
 */
export function clock(ms: number | null | undefined, withDate = false): string {
  if (ms === null || ms === undefined) return '—';
  const local = storeDateTime(ms, storeUtcOffsetMinutes);
  const time = local.slice(11, 16);
  return withDate ? `${Number(local.slice(5, 7))}-${local.slice(8, 10)} ${time}` : time;
}

/**
 * A moment with its date and year on the store's wall clock ('2025-11-22 14:05'), for lists that
 * span years (members, the audit log): in January, last December's entries must not read as this
 * year's.
 */
export function dateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return storeDateTime(ms, storeUtcOffsetMinutes).slice(0, 16);
}

export function table(head: Array<string | [string, 'num']>, rows: Child[][]): HTMLTableElement {
  const numeric = head.map((col) => Array.isArray(col));
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...head.map((col) =>
          Array.isArray(col) ? h('th', { class: 'num' }, col[0]) : h('th', {}, col),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h('tr', {}, ...row.map((cell, i) => h('td', numeric[i] ? { class: 'num' } : {}, cell))),
      ),
    ),
  );
}

export function card(label: string, value: string, testId?: string): HTMLElement {
  return h(
    'div',
    { class: 'card' },
    h('div', { class: 'label' }, label),
    h('div', { class: 'value', 'data-test': testId }, value),
  );
}

export function panel(title: string | null, ...children: Child[]): HTMLElement {
  return h('section', { class: 'panel' }, title ? h('h3', {}, title) : null, ...children);
}

/** Appends what is there, skipping null, undefined and false (conditional parts of a page). */
export function appendAll(parent: HTMLElement, ...children: Child[]): void {
  for (const child of children)
    if (child !== null && child !== undefined && child !== false)
      parent.append(typeof child === 'object' ? child : String(child));
}
