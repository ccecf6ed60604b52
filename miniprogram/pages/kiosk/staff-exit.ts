// The way out of kiosk mode: 员工 asks for a manager's PIN, which signs that manager in and opens
// Settings, the kiosk left as for the next customer (nothing waiting, the QR closed, the cart
// emptied). A Behavior the page mixes in.
import { describeError, text } from '../../i18n/index';
import { approvalRefusal } from '../../view/approval-refusal';
import { restartAt } from '../../view/navigation';
import type { DetailEvent } from '../../view/page-events';
import { pos } from '../../view/pos';
import { stopWaiting } from './inactivity';
import { kioskPage } from './kiosk-page';
import { stopScanning } from './scan-to-pay';

export const staffExit = Behavior({
  methods: {
    onStaff() {
      this.setData({ leaving: true, error: '' });
      kioskPage(this).touch();
    },
    onCancelLeave() {
      this.setData({ leaving: false, error: '' });
      kioskPage(this).touch();
    },
    /** A manager's PIN signs them in and leaves kiosk mode for the settings. */
    onLeavePin(event: DetailEvent<{ pin: string }>) {
      const page = kioskPage(this);
      const { pin } = event.detail;
      const approval = pos.session.approveAsManager(pin);
      if (!approval.ok) {
        page.touch();
        return this.setData({ error: approvalRefusal(approval.error, text.kiosk.wrongPin) });
      }
      const signedIn = pos.session.signIn(approval.value.id, pin);
      // Read by the manager, not a customer: the till's own sentence.
      if (!signedIn.ok) return this.setData({ error: describeError(signedIn.error) });
      stopWaiting();
      if (page.data.stage === 'scanning') stopScanning();
      pos.cart.clear();
      restartAt('settings');
    },
  },
});
