// The cash drawer's shift: open with a float, cash in and out with a reason, close with the cash
// counted by denomination against what the drawer should hold. The shift store keeps the shift
// and the core works out the expected cash; this page shows them. A variance beyond the threshold
// is shown before the close and a manager's PIN asked for (the approval is recorded on the close);
// the cashier may recount instead, or close without it and a manager approves it on the dashboard.
// 开钱箱 opens the drawer without a sale: the reason is recorded for the audit log, then the printer
// (when the app has one set up) kicks the drawer open. A shift whose close the server refused is
// open again: named above whatever is open now, never hidden behind it. The closed screen says what
// the server kept of the approval: one it dropped shows as awaiting a manager, with why.
import { parseFen, type Fen, type RuleError } from '@pos/shared';
import { describeError, text, words } from '../../i18n/index';
import { approvalRefusal } from '../../view/approval-refusal';
import { noteStaffActivity, StaffPageWithStore } from '../../view/kiosk-staff';
import { back, restartAt, screenFor } from '../../view/navigation';
import { pos } from '../../view/pos';
import type { PrinterApp } from '../../view/printer-view';
import type { DetailEvent } from '../../view/page-events';
import {
  closedApproval,
  varianceApprovalView,
  type ClosedApprovalView,
  type VarianceApprovalView,
} from '../../view/shift-approval-view';
import {
  cashCount,
  closedView,
  countPreview,
  denominationRows,
  drawerNotice,
  reopenedNotices,
  shiftFlows,
  type Counts,
  type DenominationRow,
  type ShiftFlowsView,
  type VarianceView,
} from '../../view/shift-view';

/** The approval of the shift closed here, as the server kept it (closedApproval); null if none. */
function closedHereApproval(): ClosedApprovalView | null {
  const record = pos.shift.closedHere;
  if (!record?.closed) return null;
  const summary = pos.shift.summaryOf(record);
  return closedApproval(
    summary,
    pos.shift.awaitsApproval(summary),
    pos.shift.varianceApprovalFen,
    (id) => pos.session.staffList.find((s) => s.id === id)?.name ?? id,
    record.closed.approvalDropped ?? null,
  );
}

// On a kiosk device, staff untouched for a few minutes are signed out (view/kiosk-staff.ts).
StaffPageWithStore({
  data: {
    t: words(text.shift),
    signedIn: false,
    flows: null as ShiftFlowsView | null,
    /** Shifts whose close the server refused: open again, said so above whatever is open now. */
    reopened: [] as string[],
    floatInput: '',
    amountInput: '',
    reasonInput: '',
    note: '',
    counts: {} as Counts,
    rows: denominationRows({}) as DenominationRow[],
    preview: null as VarianceView | null,
    closed: null as VarianceView | null,
    /** The variance a manager is asked to approve before the close (null: not asking). */
    approval: null as VarianceApprovalView | null,
    /** Once closed: approved at the till, or awaiting a manager (the server's answer followed). */
    closedApproval: null as ClosedApprovalView | null,
    busy: false,
    error: '',
    /** Asking why the drawer is opened without a sale. */
    drawerAsking: false,
    drawerReason: '',
    drawerBusy: false,
    /** What happened to the last drawer opening. */
    drawerNotice: '',
  },
  storeBindings: {
    store: pos,
    fields: {
      signedIn: () => pos.session.isSignedIn,
      flows: () => shiftFlows(pos.shift.currentSummary, pos.catalog.settings.utcOffsetMinutes),
      reopened: () => reopenedNotices(pos.shift.reopened, pos.catalog.settings.utcOffsetMinutes),
      closedApproval: () => closedHereApproval(),
    },
    actions: {},
  },
  observers: {
    'flows, counts'() {
      const { flows, counts } = this.data;
      this.setData({
        rows: denominationRows(counts),
        preview: flows ? countPreview(flows.expectedFen, counts) : null,
      });
      // The cash expected moved while a manager is asked (a sale synced in): ask about it as it is.
      if (this.data.approval) {
        const check = pos.shift.closingCheck(cashCount(counts));
        this.setData({ approval: check?.needsApproval ? varianceApprovalView(check) : null });
      }
    },
  },
  lifetimes: {
    attached() {
      const screen = screenFor(pos.session);
      if (screen !== 'register') restartAt(screen);
    },
  },
  methods: {
    fail(error: RuleError) {
      this.setData({ error: describeError(error) });
    },
    amount(input: string): Fen | null {
      try {
        return parseFen(input);
      } catch {
        this.setData({ error: text.shift.amountInvalid });
        return null;
      }
    },
    onFloat(event: DetailEvent<string>) {
      noteStaffActivity();
      this.setData({ floatInput: event.detail, error: '' });
    },
    onOpen() {
      const float = this.amount(this.data.floatInput || '0');
      if (float === null) return;
      const opened = pos.shift.open(float);
      if (!opened.ok) return this.fail(opened.error);
      this.setData({
        floatInput: '',
        closed: null,
        approval: null,
        counts: {},
        error: '',
      });
    },
    onAmount(event: DetailEvent<string>) {
      noteStaffActivity();
      this.setData({ amountInput: event.detail, error: '' });
    },
    onReason(event: DetailEvent<string>) {
      noteStaffActivity();
      this.setData({ reasonInput: event.detail, error: '' });
    },
    onMove(event: WechatMiniprogram.BaseEvent) {
      const direction = event.currentTarget.dataset.direction === 'out' ? 'out' : 'in';
      const reason = this.data.reasonInput.trim();
      if (!reason) return this.setData({ error: text.shift.reasonMissing });
      const amount = this.amount(this.data.amountInput);
      if (amount === null) return;
      const moved = pos.shift.moveCash(direction, amount, reason);
      if (!moved.ok) return this.fail(moved.error);
      this.setData({ amountInput: '', reasonInput: '', error: '' });
    },
    onCount(event: DetailEvent<number | string>) {
      noteStaffActivity();
      const denomination = String(event.currentTarget.dataset.denomination);
      // Counting again withdraws the question: the manager approves the count as it stands.
      this.setData({
        counts: { ...this.data.counts, [denomination]: Number(event.detail) || 0 },
        approval: null,
      });
    },
    onNote(event: DetailEvent<string>) {
      noteStaffActivity();
      this.setData({ note: event.detail });
    },
    /** 结班: a variance beyond the threshold asks for a manager's PIN first. */
    onClose() {
      if (this.data.busy) return;
      const check = pos.shift.closingCheck(cashCount(this.data.counts));
      if (check?.needsApproval)
        return this.setData({ approval: varianceApprovalView(check), error: '' });
      this.finishClose(null);
    },
    /** The manager's PIN, checked offline against the synced staff: the close carries it. */
    onManagerPin(event: DetailEvent<{ pin: string }>) {
      const approval = pos.session.approveAsManager(event.detail.pin);
      if (!approval.ok)
        return this.setData({ error: approvalRefusal(approval.error, text.shift.wrongManagerPin) });
      this.finishClose(approval.value.id);
    },
    onRecount() {
      this.setData({ approval: null, error: '' });
    },
    /** Closed without the approval: a manager approves the variance later on the dashboard. */
    onCloseUnapproved() {
      this.finishClose(null);
    },
    finishClose(approvedBy: string | null) {
      if (this.data.busy) return;
      this.setData({ busy: true });
      const closed = pos.shift.close(cashCount(this.data.counts), this.data.note, approvedBy);
      if (!closed.ok) return this.setData({ busy: false, error: describeError(closed.error) });
      this.setData({
        busy: false,
        closed: closedView(closed.value),
        approval: null,
        counts: {},
        note: '',
        error: '',
      });
    },
    onDrawer() {
      this.setData({ drawerAsking: true, drawerReason: '', drawerNotice: '', error: '' });
    },
    onDrawerReason(event: DetailEvent<string>) {
      noteStaffActivity();
      this.setData({ drawerReason: event.detail, error: '' });
    },
    onDrawerCancel() {
      this.setData({ drawerAsking: false, drawerReason: '', error: '' });
    },
    async onDrawerConfirm() {
      if (this.data.drawerBusy) return;
      // Recorded first: the audit log has it even when the printer does not answer.
      const opened = pos.shift.openDrawer(this.data.drawerReason);
      if (!opened.ok) return this.fail(opened.error);
      this.setData({ drawerAsking: false, drawerReason: '', drawerBusy: true, error: '' });
      const printer = getApp<Partial<PrinterApp>>().printer;
      const kick = printer?.saved ? await printer.openDrawer() : null;
      this.setData({ drawerBusy: false, drawerNotice: drawerNotice(kick) });
    },
    onBack() {
      back('register');
    },
  },
});
