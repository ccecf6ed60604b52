// The Z-report of any business day: completeness first (are the numbers final, and if not what is
// missing where), then the totals and every breakdown, shift cash with variance approvals, WeChat
// Pay, stored value, member joins, late adjustments, and the CSV downloads.
import type { CompletenessProblem } from '../../shared/report';
import { roundingKind } from '../../shared/rounding';
import { api } from '../api';
import { appendAll, card, clock, h, panel, table, yuan } from '../dom';
import { csvLinks } from '../csv-links';
import { zh } from '../i18n/zh';
import { soldQuantity } from '../sold-quantity';
import type { DayReportView, Page } from '../types';
import { shiftsPanel } from './report-shifts';

const t = zh.report;

// The exports page shows the same links.
export { csvLinks };

function problemText(problem: CompletenessProblem): string {
  switch (problem.kind) {
    case 'unsynced':
      return problem.pushing
        ? `${t.pushing} #${problem.lastSeq}）`
        : `${t.unsynced} ${clock(problem.lastSeenAt, true)}，最后收到 #${problem.lastSeq}）`;
    case 'missing_operations':
      return `${t.missingOps} #${problem.from}${problem.to > problem.from ? `–#${problem.to}` : ''}（${clock(problem.between[0], true)} – ${clock(problem.between[1], true)}）`;
    case 'missing_orders':
      return `${t.missingOrders} ${problem.orderNos.join('、')}`;
  }
}

export function dayPicker(day: string, go: (day: string) => void): HTMLElement {
  const input = h('input', { type: 'date', value: day, 'data-test': 'day' });
  // The picker's clear button leaves it empty: no day to show, so the one shown stays.
  input.addEventListener('change', () => {
    if (input.value === '') input.value = day;
    else go(input.value);
  });
  return h('label', {}, `${t.day} `, input);
}

export const reportPage: Page = async (root, query) => {
  const day = query.get('day') ?? (await api<{ today: string }>('GET', '/api/reports/days')).today;
  const [view, { staff }, { categories }] = await Promise.all([
    api<DayReportView>('GET', `/api/reports/days/${day}`),
    api<{ staff: Array<{ id: string; name: string }> }>('GET', '/dashboard/api/staff'),
    api<{ categories: Array<{ id: string; name: string }> }>('GET', '/api/catalog'),
  ]);
  const staffNames = new Map(staff.map((s) => [s.id, s.name]));
  const categoryNames = new Map(categories.map((c) => [c.id, c.name]));
  const person = (id: string | null) => (id === null ? '自助' : (staffNames.get(id) ?? id));
  const { report } = view;
  const z = report.z;
  const go = (next: string) => (location.hash = `#/report?day=${next}`);
  const statusBadge =
    view.status === 'closed'
      ? h(
          'span',
          { class: 'badge ok', 'data-test': 'day-status' },
          `${t.closed} ${clock(view.close?.closedAt, true)}`,
        )
      : h('span', { class: 'badge warn', 'data-test': 'day-status' }, t.open);
  const completeness = report.completeness;
  const completenessPanel = panel(
    t.completeness,
    h(
      'div',
      { class: `notice ${completeness.final ? 'ok' : 'warn'}`, 'data-test': 'completeness' },
      completeness.final ? t.final : t.notFinal,
    ),
    ...completeness.devices
      .filter((d) => !d.final)
      .map((d) =>
        h(
          'div',
          { 'data-test': 'completeness-device' },
          h('b', {}, `${d.code} ${d.name}：`),
          d.problems.map(problemText).join('；'),
        ),
      ),
  );
  const figures = (
    rows: Array<{ sales: number; refunds: number; net: number }>,
    label: (i: number) => string,
    count: (i: number) => number | string,
  ) =>
    table(
      ['', [t.count, 'num'], [t.sales, 'num'], [t.refunds, 'num'], [t.net, 'num']],
      rows.map((r, i) => [label(i), count(i), yuan(r.sales), yuan(r.refunds), yuan(r.net)]),
    );

  appendAll(
    root,
    h(
      'div',
      { class: 'row' },
      h('h2', {}, t.heading),
      dayPicker(day, go),
      statusBadge,
      view.status === 'open'
        ? h('a', { class: 'button', href: `#/close?day=${day}` }, t.goClose)
        : null,
    ),
    view.close
      ? h(
          'div',
          { class: 'notice ok' },
          `${t.closedBy} ${person(view.close.closedBy)}${view.close.note ? `：${view.close.note}` : ''}`,
        )
      : null,
    completenessPanel,
    h(
      'div',
      { class: 'cards', style: 'margin-top:12px' },
      card(t.sales, yuan(z.sales.total), 'z-sales'),
      card(zh.today.orders, String(z.sales.orderCount), 'z-orders'),
      card(t.refunds, yuan(z.refunds.total)),
      card(t.net, yuan(z.netSales), 'z-net'),
      card(t.discounts, yuan(z.discounts.total)),
      card(t[roundingKind(z.sales.rounding)], yuan(z.sales.rounding)),
      card(t.voids, `${z.voids.count} / ${yuan(z.voids.total)}`),
    ),
    panel(
      t.byTender,
      table(
        ['', [t.count, 'num'], [t.sales, 'num'], [t.refunds, 'num'], [t.net, 'num']],
        z.byTender.map((r) => [
          zh.tenders[r.method],
          r.count,
          yuan(r.sales),
          yuan(r.refunds),
          yuan(r.net),
        ]),
      ),
    ),
    shiftsPanel(z, {
      approvable: view.status === 'open',
      person,
      approved: () => {
        go(day);
        dispatchEvent(new HashChangeEvent('hashchange'));
      },
    }),
    panel(
      t.wechat,
      table(
        ['', [t.count, 'num'], ['金额', 'num']],
        [
          [t.wechatPaid, report.wechat.paidCount, yuan(report.wechat.paid)],
          [t.wechatPending, report.wechat.pendingCount, yuan(report.wechat.pending)],
        ],
      ),
      report.wechat.pendingList.length === 0
        ? ''
        : h(
            'div',
            { 'data-test': 'wechat-to-check' },
            h('h4', {}, t.wechatToCheck),
            table(
              [t.order, [t.amount, 'num'], t.state, t.problem],
              report.wechat.pendingList.map((p) => [
                p.orderNo ?? p.reference,
                yuan(p.amount),
                t.wechatStates[p.status ?? 'pending'] ?? p.status ?? '',
                p.problem ?? '',
              ]),
            ),
          ),
    ),
    panel(
      t.storedValue,
      table(
        ['', [t.count, 'num'], ['金额', 'num']],
        [
          [t.spent, report.storedValue.spendCount, yuan(report.storedValue.spent)],
          [t.toppedUp, report.storedValue.topUpCount, yuan(report.storedValue.toppedUp)],
          [t.members, report.members.joined, ''],
        ],
      ),
    ),
    panel(
      t.byCategory,
      figures(
        z.byCategory,
        (i) => categoryNames.get(z.byCategory[i].categoryId) ?? z.byCategory[i].categoryId,
        (i) => z.byCategory[i].lineCount,
      ),
    ),
    panel(
      t.byProduct,
      figures(
        z.byProduct,
        (i) => z.byProduct[i].name,
        // 20 件, 0.52 kg: grams and pieces are no one count.
        (i) => soldQuantity(z.byProduct[i]),
      ),
    ),
    panel(
      t.byCashier,
      figures(
        z.byCashier,
        (i) => person(z.byCashier[i].cashierId),
        (i) => z.byCashier[i].orderCount,
      ),
    ),
    panel(
      t.byDevice,
      figures(
        z.byDevice,
        (i) => z.byDevice[i].deviceCode || z.byDevice[i].deviceId,
        (i) => z.byDevice[i].orderCount,
      ),
    ),
    panel(
      t.byHour,
      figures(
        z.byHour,
        (i) => `${z.byHour[i].hour}:00`,
        (i) => z.byHour[i].orderCount,
      ),
    ),
    panel(
      t.refundList,
      z.refunds.list.length === 0
        ? t.none
        : table(
            [t.time, '订单', [t.refunds, 'num'], t.who, t.approver, t.reason],
            z.refunds.list.map((r) => [
              clock(r.createdAt),
              r.orderNo,
              yuan(r.amount),
              person(r.staffId),
              person(r.approvedBy),
              r.reason,
            ]),
          ),
    ),
    panel(
      t.voidList,
      z.voids.list.length === 0
        ? t.none
        : table(
            [t.time, '订单', ['金额', 'num'], t.who, t.approver, t.reason],
            z.voids.list.map((v) => [
              clock(v.at),
              v.orderNo,
              yuan(v.total),
              person(v.staffId),
              person(v.approvedBy),
              v.reason,
            ]),
          ),
    ),
    panel(
      t.discountList,
      z.discounts.list.length === 0
        ? t.none
        : table(
            ['订单', t.who, ['单品折扣', 'num'], ['整单折扣', 'num'], t.approver],
            z.discounts.list.map((d) => [
              d.orderNo,
              person(d.cashierId),
              yuan(d.lineDiscount),
              yuan(d.orderDiscount),
              d.approvedBy.map(person).join('、'),
            ]),
          ),
    ),
    panel(
      t.openOrders,
      z.openOrders.list.length === 0
        ? t.none
        : table(
            ['订单', t.time, ['金额', 'num']],
            z.openOrders.list.map((o) => [o.orderNo, clock(o.createdAt), yuan(o.total)]),
          ),
    ),
    panel(
      t.late,
      report.lateAdjustments.count === 0
        ? t.none
        : table(
            ['营业日', '收到', '订单', [t.net, 'num'], '说明'],
            report.lateAdjustments.list.map((a) => [
              a.forDay,
              clock(a.receivedAt, true),
              a.orderNo ?? '',
              yuan(a.netSales),
              a.description,
            ]),
          ),
    ),
    view.lateSinceClose.length > 0
      ? panel(
          t.lateSinceClose,
          h(
            'div',
            { 'data-test': 'late-since-close' },
            table(
              ['收到', '订单', [t.net, 'num'], '说明'],
              view.lateSinceClose.map((a) => [
                clock(a.receivedAt, true),
                a.orderNo ?? '',
                yuan(a.netSales),
                a.description,
              ]),
            ),
          ),
        )
      : null,
    panel(zh.exports.heading, csvLinks(day)),
  );
};
