// Members: who joined, their level, points and stored-value balance.
import type { Member } from '../../shared/member';
import { api } from '../api';
import { dateTime, h, panel, table, yuan } from '../dom';
import { zh } from '../i18n/zh';
import type { Page } from '../types';

const t = zh.members;

export const membersPage: Page = async (root) => {
  const { members } = await api<{ members: Member[] }>('GET', '/dashboard/api/members');
  const search = h('input', { placeholder: t.search, type: 'search' });
  const body = h('div', {});
  const draw = () => {
    const needle = search.value.trim();
    const shown = members.filter(
      (m) => needle === '' || m.phone.includes(needle) || m.name.includes(needle),
    );
    body.replaceChildren(
      table(
        [t.phone, t.name, t.level, [t.points, 'num'], [t.balance, 'num'], t.joined],
        shown.map((m) => [
          m.phone,
          m.name,
          m.level,
          m.points,
          yuan(m.balance),
          dateTime(m.joinedAt),
        ]),
      ),
    );
  };
  search.addEventListener('input', draw);
  draw();
  root.append(h('div', { class: 'row' }, h('h2', {}, t.heading), search), panel(null, body));
};
