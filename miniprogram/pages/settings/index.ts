// Settings: the store's server and this device (name, code, kind), how full storage is and any data
// problem in words (a write storage refused, the server's records not stored or read here), the
// printer (its own component, when the app holds a printer store), the signed-in staff member with sign-out, and
// un-pairing, which the session store refuses while anything is unsynced, a shift is open or a pay
// QR may still be paid here (the reason is shown). It clears the device's data, so a manager decides: a signed-in manager
// confirms with a tap; for anyone else the confirmation is a manager's PIN on a pad, checked as
// every other approval is (wrong ones count towards the manager PIN's lockout).
import type { Checked } from '@pos/shared';
import { describeError, text, words } from '../../i18n/index';
import { signOutStaff, StaffPageWithStore } from '../../view/kiosk-staff';
import { restartAt, screenFor } from '../../view/navigation';
import type { DetailEvent } from '../../view/page-events';
import { pos } from '../../view/pos';
import type { PrinterApp } from '../../view/printer-view';
import {
  deviceRows,
  serverRows,
  storageView,
  type InfoRow,
  type StorageView,
} from '../../view/settings-view';
import { connectionDetail } from '../../view/sync-view';

// On a kiosk device, staff untouched for a few minutes are signed out (view/kiosk-staff.ts).
StaffPageWithStore({
  data: {
    t: words(text.settings),
    tc: text.common,
    paired: false,
    /** The app holds a printer store: its settings component shows. */
    printerReady: false,
    server: [] as InfoRow[],
    device: [] as InfoRow[],
    storage: null as StorageView | null,
    unsynced: 0,
    problem: '',
    staff: '',
    /** The signed-in member is a manager: their tap confirms, no PIN asked. */
    isManager: false,
    /** A shift is open on this device: un-pairing is refused until it is closed. */
    shiftOpen: false,
    confirming: false,
    refusal: '',
    error: '',
  },
  storeBindings: {
    store: pos,
    fields: {
      paired: () => pos.session.isPaired,
      server: () => {
        const device = pos.session.device;
        return device ? serverRows(device, connectionDetail(pos.sync.status)) : [];
      },
      device: () =>
        pos.session.device
          ? deviceRows(pos.session.device, pos.catalog.settings.utcOffsetMinutes)
          : [],
      storage: () => storageView(pos.sync.status.storage),
      unsynced: () => pos.sync.unsyncedCount + pos.sync.refused.length,
      problem: () => {
        const problem = pos.sync.status.problem;
        return problem ? text.settings.dataProblem(problem) : '';
      },
      staff: () => {
        const staff = pos.session.staff;
        return staff ? `${staff.name} · ${text.signIn.roles[staff.role]}` : '';
      },
      isManager: () => pos.session.isManager,
      shiftOpen: () => pos.shift.current !== null,
    },
    actions: {},
  },
  lifetimes: {
    attached() {
      const screen = screenFor(pos.session);
      if (screen !== 'register') return restartAt(screen);
      this.setData({ printerReady: Boolean(getApp<Partial<PrinterApp>>().printer) });
    },
  },
  methods: {
    /** On a kiosk the cart goes too, as at the idle end; a till keeps it for the next cashier. */
    onSignOut() {
      signOutStaff();
    },
    /** Refused at once while something is unsynced or a shift is open: nothing to confirm then. */
    onUnpair() {
      if (this.data.unsynced > 0)
        return this.setData({ refusal: text.settings.unpairRefused(this.data.unsynced) });
      if (this.data.shiftOpen) return this.setData({ refusal: text.settings.unpairShiftOpen });
      this.setData({ confirming: true, refusal: '', error: '' });
    },
    onCancelUnpair() {
      this.setData({ confirming: false, error: '' });
    },
    /** A signed-in manager's confirmation. */
    onConfirmUnpair() {
      this.finishUnpair(pos.session.unpair());
    },
    /** Anyone else's: a manager's PIN approves it. */
    onUnpairPin(event: DetailEvent<{ pin: string }>) {
      this.finishUnpair(pos.session.unpair(event.detail.pin));
    },
    finishUnpair(unpaired: Checked<null>) {
      if (unpaired.ok) {
        this.setData({ confirming: false, refusal: '', error: '' });
        return restartAt('pair');
      }
      const { error } = unpaired;
      // A PIN not a manager's, or locked out: the pad stays for another try (or the wait).
      if (error.code === 'wrong_pin') return this.setData({ error: text.settings.unpairWrongPin });
      if (error.code === 'locked') return this.setData({ error: describeError(error) });
      const refusal =
        error.code === 'unsynced'
          ? text.settings.unpairRefused(this.data.unsynced)
          : error.code === 'shift_open'
            ? text.settings.unpairShiftOpen
            : error.code === 'payment_open'
              ? text.settings.unpairPaymentOpen
              : error.code === 'approval_missing'
                ? text.settings.unpairManagerPin
                : describeError(error);
      this.setData({ confirming: false, refusal, error: '' });
    },
  },
});
