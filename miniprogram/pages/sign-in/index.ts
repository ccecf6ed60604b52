// Staff sign-in: pick who you are, type your PIN. Checked on the device against the synced PIN
// hashes, so it works offline; the session store counts wrong PINs and locks sign-in after repeats.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { Clock, TimerHandle } from '../../adapters/clock';
import { PIN_ATTEMPTS_BEFORE_LOCKOUT, PIN_LOCKOUT_MS } from '../../core/staff-session';
import { describeError, text, words } from '../../i18n/index';
import { restartAt, screenFor } from '../../view/navigation';
import { pos, posClient } from '../../view/pos';
import type { DetailEvent } from '../../view/page-events';
import type { StaffMember } from '../../stores/session-store';

interface StaffButton extends StaffMember {
  roleName: string;
}

/** When the lock notice next changes (a minute fewer left, or the lock over), on the client's clock. */
let lockTimer: { clock: Clock; handle: TimerHandle } | null = null;

function stopLockTimer(): void {
  lockTimer?.clock.clearTimeout(lockTimer.handle);
  lockTimer = null;
}

ComponentWithStore({
  data: {
    t: words(text.signIn),
    tc: text.common,
    lockRule: text.signIn.lockRule(PIN_ATTEMPTS_BEFORE_LOCKOUT, PIN_LOCKOUT_MS / 60_000),
    staff: [] as StaffButton[],
    device: '',
    lockedUntil: null as number | null,
    locked: false,
    /** Why the pad is greyed out and for how long, while sign-in is locked; shown before `error`. */
    lockNotice: '',
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
      this.showLock(until);
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
      stopLockTimer();
    },
  },
  methods: {
    /** Greys the pad out and says for how many minutes more, counting down, until the lock ends. */
    showLock(until: number | null) {
      stopLockTimer();
      const clock = posClient().clock;
      const left = until === null ? 0 : until - clock.now();
      if (left <= 0) {
        // Over: the refusal shown for the last PIN goes with it.
        if (this.data.locked) this.setData({ locked: false, lockNotice: '', error: '' });
        return;
      }
      const minutes = Math.ceil(left / 60_000);
      this.setData({ locked: true, lockNotice: text.signIn.locked(minutes) });
      const untilFewer = left - (minutes - 1) * 60_000;
      lockTimer = { clock, handle: clock.setTimeout(() => this.showLock(until), untilFewer) };
    },
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
