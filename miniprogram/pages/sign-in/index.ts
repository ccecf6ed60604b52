// Staff sign-in: pick who you are, type your PIN. Checked on the device against the synced PIN
// hashes, so it works offline; the session store counts wrong PINs and locks sign-in after repeats.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { PIN_ATTEMPTS_BEFORE_LOCKOUT, PIN_LOCKOUT_MS } from '../../core/staff-session';
import { describeError, text, words } from '../../i18n/index';
import { restartAt, screenFor } from '../../view/navigation';
import { pos } from '../../view/pos';
import type { DetailEvent } from '../../view/page-events';
import type { StaffMember } from '../../stores/session-store';

interface StaffButton extends StaffMember {
  roleName: string;
}

let unlockTimer: number | null = null;

ComponentWithStore({
  data: {
    t: words(text.signIn),
    tc: text.common,
    lockRule: text.signIn.lockRule(PIN_ATTEMPTS_BEFORE_LOCKOUT, PIN_LOCKOUT_MS / 60_000),
    staff: [] as StaffButton[],
    device: '',
    lockedUntil: null as number | null,
    locked: false,
    selectedId: '',
    error: '',
    /** Paired but the first sync has not brought the staff yet: a spinner, not "no staff". */
    connecting: false,
  },
  storeBindings: {
    store: pos,
    fields: {
      staff: () =>
        pos.session.staffList.map((s) => ({ ...s, roleName: text.signIn.roles[s.role] })),
      device: () => {
        const device = pos.session.device;
        return device ? text.signIn.device(device.name, device.deviceCode) : '';
      },
      lockedUntil: () => pos.session.lockedUntil,
      connecting: () => pos.sync.status.connection === 'connecting',
    },
    actions: {},
  },
  observers: {
    lockedUntil(until: number | null) {
      const wait = until === null ? 0 : until - Date.now();
      this.setData({ locked: wait > 0 });
      if (unlockTimer !== null) clearTimeout(unlockTimer);
      unlockTimer = null;
      if (wait > 0)
        unlockTimer = setTimeout(
          () => this.setData({ locked: false, error: '' }),
          wait,
        ) as unknown as number;
    },
    staff(staff: StaffButton[]) {
      // One person on this device: nobody to pick.
      if (staff.length === 1 && !this.data.selectedId) this.setData({ selectedId: staff[0].id });
    },
  },
  lifetimes: {
    attached() {
      const screen = screenFor(pos.session);
      if (screen !== 'signIn') restartAt(screen);
    },
    detached() {
      if (unlockTimer !== null) clearTimeout(unlockTimer);
      unlockTimer = null;
    },
  },
  methods: {
    onPick(event: WechatMiniprogram.BaseEvent) {
      this.setData({ selectedId: String(event.currentTarget.dataset.id), error: '' });
    },
    onPin(event: DetailEvent<{ pin: string }>) {
      if (!this.data.selectedId) return this.setData({ error: text.signIn.pickStaff });
      const signedIn = pos.session.signIn(this.data.selectedId, event.detail.pin);
      if (!signedIn.ok) {
        const error =
          signedIn.error.code === 'wrong_pin'
            ? text.signIn.wrongPin
            : describeError(signedIn.error);
        return this.setData({ error });
      }
      this.setData({ error: '' });
      restartAt('register');
    },
  },
});
