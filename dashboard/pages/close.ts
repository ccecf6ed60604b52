// Closing a business day: what still stands in the way, and the close itself (with an override
// and a note when the manager closes regardless).
import { api, ApiError } from '../api';
import { appendAll, h, yuan } from '../dom';
import { zh } from '../i18n/zh';
import type { CloseBlocker } from '../../shared/report';
import type { DayReportView, Page } from '../types';
import { dayPicker } from './report';

const t = zh.close;

/** The close's own refusals, said here; anything else with the server's words. */
const closeRefusals: Record<string, string> = {
  not_final: t.notFinal,
  note_required: t.noteRequired,
};

/** A blocker in Chinese, with people's names; the server's English when it gave no details. */
function blockerText(blocker: CloseBlocker, person: (staffId: string) => string): string {
  const { device, shift } = blocker;
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
  if (shift && blocker.code === 'variance_unapproved')
    return t.varianceUnapproved(
      person(shift.staffId),
      yuan(shift.variance),
      yuan(shift.approvalFen),
    );
  return blocker.message;
}

export const closePage: Page = async (root, query) => {
  const day = query.get('day') ?? (await api<{ today: string }>('GET', '/api/reports/days')).today;
  const [view, { staff }] = await Promise.all([
    api<DayReportView>('GET', `/api/reports/days/${day}`),
    api<{ staff: Array<{ id: string; name: string }> }>('GET', '/dashboard/api/staff'),
  ]);
  const staffNames = new Map(staff.map((s) => [s.id, s.name]));
  const person = (id: string) => staffNames.get(id) ?? id;
  const go = (next: string) => (location.hash = `#/close?day=${next}`);
  root.append(h('div', { class: 'row' }, h('h2', {}, t.heading), dayPicker(day, go)));
  if (view.status === 'closed') {
    root.append(
      h('div', { class: 'notice ok', 'data-test': 'close-result' }, t.alreadyClosed),
      h('a', { class: 'button', href: `#/report?day=${day}` }, zh.nav.report),
    );
    return;
  }
  const z = view.report.z;
  root.append(
    h(
      'div',
      { class: 'cards' },
      h(
        'div',
        { class: 'card' },
        h('div', { class: 'label' }, zh.report.net),
        h('div', { class: 'value' }, yuan(z.netSales)),
      ),
      h(
        'div',
        { class: 'card' },
        h('div', { class: 'label' }, zh.report.expected),
        h('div', { class: 'value' }, yuan(z.cash.expected)),
      ),
      h(
        'div',
        { class: 'card' },
        h('div', { class: 'label' }, zh.report.counted),
        h('div', { class: 'value' }, yuan(z.cash.counted)),
      ),
    ),
  );
  root.append(
    view.blockers.length === 0
      ? h('div', { class: 'notice ok', 'data-test': 'blockers' }, t.ready)
      : h(
          'div',
          { class: 'notice warn', 'data-test': 'blockers' },
          h('b', {}, t.blockers),
          h('ul', {}, ...view.blockers.map((b) => h('li', {}, blockerText(b, person)))),
        ),
  );
  const override = h('input', { type: 'checkbox', 'data-test': 'override' });
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
  appendAll(
    root,
    view.blockers.length > 0 ? h('label', { class: 'row' }, override, t.override) : null,
    h('div', { style: 'margin:8px 0' }, note),
    submit,
    result,
  );
};
