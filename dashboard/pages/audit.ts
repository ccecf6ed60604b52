// The audit log: refunds, voids, overrides, large discounts, cash in and out, devices, day closes.
import type { AuditEntry } from '../../shared/report';
import { api } from '../api';
import { clock, h, panel, table, yuan } from '../dom';
import { zh } from '../i18n/zh';
import type { Page } from '../types';

const t = zh.audit;
type Row = AuditEntry & {
  staffName: string | null;
  approvedByName: string | null;
  deviceCode: string | null;
};

export const auditPage: Page = async (root, query) => {
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'kind'])
    if (query.get(key)) params.set(key, query.get(key) as string);
  const { entries } = await api<{ entries: Row[] }>('GET', `/api/reports/audit?${params}`);
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
    panel(
      null,
      table(
        [
          zh.report.time,
          t.kind,
          zh.report.who,
          zh.report.approver,
          t.device,
          t.order,
          [t.amount, 'num'],
          zh.report.reason,
        ],
        entries.map((e) => [
          clock(e.at, true),
          t.kinds[e.kind] ?? e.kind,
          e.staffName ?? '',
          e.approvedByName ?? '',
          e.deviceCode ?? '',
          e.orderNo ?? '',
          e.amount === null ? '' : yuan(e.amount),
          e.reason,
        ]),
      ),
    ),
  );
};
