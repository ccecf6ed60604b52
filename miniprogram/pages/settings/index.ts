// Settings: the store's server and this device (name, code, kind), how full storage is, the
// printer (its own component, when the app holds a printer store), the signed-in staff member with sign-out, and
// un-pairing, which the session store refuses while anything is unsynced (the reason is shown).
import { describeError, text, words } from '../../i18n/index';
import { StaffPageWithStore } from '../../view/kiosk-staff';
import { restartAt, screenFor } from '../../view/navigation';
import { pos } from '../../view/pos';
import type { PrinterApp } from '../../view/printer-view';
import {
  deviceRows,
  serverRows,
  storageView,
  type InfoRow,
  type StorageView,
} from '../../view/settings-view';

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
    staff: '',
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
        return device ? serverRows(device, text.sync.states[pos.sync.status.connection]) : [];
      },
      device: () =>
        pos.session.device
          ? deviceRows(pos.session.device, pos.catalog.settings.utcOffsetMinutes)
          : [],
      storage: () => storageView(pos.sync.status.storage),
      unsynced: () => pos.sync.unsyncedCount + pos.sync.refused.length,
      staff: () => {
        const staff = pos.session.staff;
        return staff ? `${staff.name} · ${text.signIn.roles[staff.role]}` : '';
      },
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
    onSignOut() {
      pos.session.signOut();
      restartAt(screenFor(pos.session));
    },
    /** Refused at once while something is unsynced: nothing to confirm then. */
    onUnpair() {
      if (this.data.unsynced > 0)
        return this.setData({ refusal: text.settings.unpairRefused(this.data.unsynced) });
      this.setData({ confirming: true, refusal: '', error: '' });
    },
    onCancelUnpair() {
      this.setData({ confirming: false });
    },
    onConfirmUnpair() {
      const unpaired = pos.session.unpair();
      if (!unpaired.ok) {
        const refusal =
          unpaired.error.code === 'unsynced'
            ? text.settings.unpairRefused(this.data.unsynced)
            : describeError(unpaired.error);
        return this.setData({ confirming: false, refusal });
      }
      this.setData({ confirming: false, refusal: '' });
      restartAt('pair');
    },
  },
});
