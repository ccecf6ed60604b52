// Closing a business day: what still stands in the way (kept current by the live stream), and the
// close itself (with an override and a note when the manager closes regardless).
import { api, ApiError } from '../api';
import { card, h, yuan } from '../dom';
import { zh } from '../i18n/zh';
import { followLive } from '../live';
import type { CloseBlocker } from '../../shared/report';
import type { DayReportView, Page } from '../types';
import { dayPicker } from './report';
import { approveVarianceButton } from './report-shifts';

const t = zh.close;

/** The close's own refusals, said here; anything else with the server's words. */
const closeRefusals: Record<string, string> = {
  not_final: t.notFinal,
  note_required: t.noteRequired,
};

/** A blocker in Chinese, with people's names; the server's English when it gave no details. */
export function blockerText(blocker: CloseBlocker, person: (staffId: string) => string): string {
  const { device, shift, payment } = blocker;
  if (device) {
    const { problem } = device;
    const name = `${device.code}（${device.name}）`;
    if (problem.kind === 'unsynced')
      return problem.pushing
        ? t.pushing(name, problem.lastSeq)
        : t.unsynced(name, problem.lastSeq, problem.revoked);
    if (problem.kind === 'missing_operations') return t.missingOps(name, problem.from, problem.to);
    return t.missingOrders(name, problem.orderNos);
  }
  if (shift && blocker.code === 'shift_open')
    return t.shiftOpen(person(shift.staffId), yuan(shift.expected));
  if (shift?.businessDay && blocker.code === 'variance_unapproved')
    return t.lateVarianceUnapproved(
      person(shift.staffId),
      shift.businessDay,
      yuan(shift.variance),
      yuan(shift.approvalFen),
    );
  if (shift && blocker.code === 'variance_unapproved')
    return t.varianceUnapproved(
      person(shift.staffId),
      yuan(shift.variance),
      yuan(shift.approvalFen),
    );
  if (payment && blocker.code === 'payment_pending') {
    const what = t.paymentWhat(payment.orderNo, yuan(payment.amount));
    return payment.status === 'pending_verification'
      ? t.paymentUnverified(what)
      : t.paymentWaiting(what);
  }
  return blocker.message;
}

export const closePage: Page = async (root, query) => {
  const day = query.get('day') ?? (await api<{ today: string }>('GET', '/api/reports/days')).today;
  const load = () => api<DayReportView>('GET', `/api/reports/days/${day}`);
  const [view, { staff }] = await Promise.all([
    load(),
    api<{ staff: Array<{ id: string; name: string }> }>('GET', '/dashboard/api/staff'),
  ]);
  const staffNames = new Map(staff.map((s) => [s.id, s.name]));
  const person = (id: string) => staffNames.get(id) ?? id;
  const go = (next: string) => (location.hash = `#/close?day=${next}`);
  root.append(h('div', { class: 'row' }, h('h2', {}, t.heading), dayPicker(day, go)));
  const body = h('div', {});
  root.append(body);
  const showClosed = () =>
    body.replaceChildren(
      h('div', { class: 'notice ok', 'data-test': 'close-result' }, t.alreadyClosed),
      h('a', { class: 'button', href: `#/report?day=${day}` }, zh.nav.report),
    );
  if (view.status === 'closed') return showClosed();

  const cards = h('div', { class: 'cards' });
  const blockers = h('div', { 'data-test': 'blockers' });
  const override = h('input', { type: 'checkbox', 'data-test': 'override' });
  const overrideRow = h('label', { class: 'row' }, override, t.override);
  const draw = ({ report: { z }, blockers: list }: DayReportView) => {
    cards.replaceChildren(
      card(zh.report.net, yuan(z.netSales)),
      card(zh.report.expected, yuan(z.cash.expected)),
      card(zh.report.counted, yuan(z.cash.counted)),
    );
    blockers.className = list.length === 0 ? 'notice ok' : 'notice warn';
    blockers.replaceChildren(
      ...(list.length === 0
        ? [t.ready]
        : [
            h('b', {}, t.blockers),
            h(
              'ul',
              {},
              ...list.map((b) =>
                h(
                  'li',
                  {},
                  blockerText(b, person),
                  // Approved here, the variance is out of the way without leaving the close.
                  b.code === 'variance_unapproved' && b.shift
                    ? approveVarianceButton(b.shift.shiftId, () => void refresh())
                    : null,
                ),
              ),
            ),
          ]),
    );
    // Not `hidden`: .row's display:flex would show it all the same.
    overrideRow.style.display = list.length === 0 ? 'none' : '';
  };
  draw(view);

  const note = h('textarea', { rows: 3, cols: 50, 'data-test': 'note', placeholder: t.note });
  const result = h('div', { 'data-test': 'close-result' });
  const submit = h('button', { class: 'primary', 'data-test': 'close-submit' }, t.submit);
  submit.addEventListener('click', async () => {
    submit.disabled = true;
    try {
      await api('POST', `/api/reports/days/${day}/close`, {
        override: override.checked,
        note: note.value,
      });
      stopLive();
      result.className = 'notice ok';
      result.textContent = t.done;
      setTimeout(() => (location.hash = `#/report?day=${day}`), 600);
    } catch (error) {
      result.className = 'notice bad';
      const refusal = error instanceof ApiError ? closeRefusals[error.code] : undefined;
      result.textContent =
        refusal ??
        `${zh.errors.failed}${error instanceof ApiError ? error.message : String(error)}`;
      submit.disabled = false;
    }
  });
  body.append(
    cards,
    blockers,
    overrideRow,
    h('div', { style: 'margin:8px 0' }, note),
    submit,
    result,
  );

  // A manager often waits here for a till to finish syncing or a cashier to close a shift: the
  // blockers follow the store (and the tills' sync state) by themselves. Only the figures and the
  // blockers are drawn again, so the reason being written and the ticked box stay.
  let loading = false;
  let loadAgain = false;
  const refresh = async () => {
    if (loading) {
      loadAgain = true;
      return;
    }
    loading = true;
    try {
      do {
        loadAgain = false;
        const next = await load();
        if (next.status === 'closed') {
          stopLive();
          return showClosed();
        }
        draw(next);
      } while (loadAgain);
    } catch {
      // Shown as it was until the next change; a session that ended is main's to handle.
    } finally {
      loading = false;
    }
  };
  const stopLive = followLive({ events: { changed: () => void refresh() } });
  return stopLive;
};
