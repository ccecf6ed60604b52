// The audit log: refunds, voids, overrides, large discounts, cash in and out, devices, day closes,
// staff; the newest first, a page at a time, older pages on 显示更早.
import type { AuditEntry } from '../../shared/report';
import { api, isSignedOut } from '../api';
import { dateTime, failure, h, panel, table, yuan, type Child } from '../dom';
import { zh } from '../i18n/zh';
import type { Page } from '../types';
import { auditReason } from './audit-reason';

const t = zh.audit;
type Row = AuditEntry & {
  staffName: string | null;
  approvedByName: string | null;
  deviceCode: string | null;
};
/** A page of the log: `total` counts all that match, `before` asks for the next (older) page. */
interface AuditPage {
  entries: Row[];
  total: number;
  before: string | null;
}

const head: Array<string | [string, 'num']> = [
  zh.report.time,
  t.kind,
  zh.report.who,
  zh.report.approver,
  t.device,
  t.order,
  [t.amount, 'num'],
  zh.report.reason,
];

export const auditPage: Page = async (root, query) => {
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'kind'])
    if (query.get(key)) params.set(key, query.get(key) as string);
  const load = (before: string | null) => {
    const paged = new URLSearchParams(params);
    if (before) paged.set('before', before);
    return api<AuditPage>('GET', `/api/reports/audit?${paged}`);
  };
  const [first, { staff }] = await Promise.all([
    load(null),
    api<{ staff: Array<{ id: string; name: string }> }>('GET', '/dashboard/api/staff'),
  ]);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const person = (id: string) => names.get(id) ?? id;
  const cells = (e: Row): Child[] => [
    dateTime(e.at),
    t.kinds[e.kind] ?? e.kind,
    e.staffName ?? '',
    e.approvedByName ?? '',
    e.deviceCode ?? '',
    e.orderNo ?? '',
    e.amount === null ? '' : yuan(e.amount),
    h('div', { class: 'wrap' }, auditReason(e, person)),
  ];

  const list = table(head, first.entries.map(cells));
  const more = h('div', { class: 'notice', 'data-test': 'audit-more' });
  let shown = 0;
  /** Adds a page's rows; says how many are shown while older ones remain, with the button. */
  const show = (page: AuditPage) => {
    if (shown > 0) list.tBodies[0].append(...table(head, page.entries.map(cells)).tBodies[0].rows);
    shown += page.entries.length;
    if (page.before === null) return more.remove();
    const { before } = page;
    const older: HTMLButtonElement = h(
      'button',
      {
        onclick: async () => {
          older.disabled = true;
          try {
            show(await load(before));
          } catch (error) {
            older.disabled = false;
            if (!isSignedOut(error))
              more.replaceChildren(
                t.onlyNewest(shown, page.total),
                ' ',
                older,
                ' ',
                failure(error),
              );
          }
        },
      },
      t.older,
    );
    more.replaceChildren(t.onlyNewest(shown, page.total), ' ', older);
  };

  const from = h('input', { type: 'date', value: query.get('from') ?? '' });
  const to = h('input', { type: 'date', value: query.get('to') ?? '' });
  const kind = h(
    'select',
    {},
    h('option', { value: '' }, t.all),
    ...Object.entries(t.kinds).map(([k, label]) =>
      h('option', { value: k, selected: query.get('kind') === k }, label),
    ),
  );
  const filter = h(
    'button',
    {
      onclick: () => {
        const next = new URLSearchParams();
        if (from.value) next.set('from', from.value);
        if (to.value) next.set('to', to.value);
        if (kind.value) next.set('kind', kind.value);
        location.hash = `#/audit?${next}`;
      },
    },
    t.filter,
  );
  root.append(
    h('div', { class: 'row' }, h('h2', {}, t.heading), t.from, from, t.to, to, kind, filter),
    panel(null, list, more),
  );
  show(first);
};
