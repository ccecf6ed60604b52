// CSV downloads of any business day.
import { api } from '../api';
import { h, panel } from '../dom';
import { zh } from '../i18n/zh';
import type { Page } from '../types';
import { csvLinks, dayPicker } from './report';

export const exportsPage: Page = async (root, query) => {
  const day = query.get('day') ?? (await api<{ today: string }>('GET', '/api/reports/days')).today;
  root.append(
    h(
      'div',
      { class: 'row' },
      h('h2', {}, zh.exports.heading),
      dayPicker(day, (next) => (location.hash = `#/exports?day=${next}`)),
    ),
    panel(null, h('p', { class: 'muted' }, zh.exports.help), csvLinks(day)),
  );
};
