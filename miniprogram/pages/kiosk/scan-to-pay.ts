// The kiosk's pay by scanning: the order goes to the counter first, then the server's WeChat Pay QR
// shows, in the customer's words. Paid on the server's word, it says so and prints the receipt;
// not paid (declined, expired, no QR at all), the customer takes the number to the counter; the
// order refused by the store's server, there is no number. Giving up on the QR waits for the
// server's close, so a payment made in the last moments still shows paid. A Behavior the page
// mixes in.
import { reaction } from 'mobx-miniprogram';
import { text, words } from '../../i18n/index';
import { KIOSK_SCAN_MS, KIOSK_SENT_MS } from '../../view/idle-timer';
import { kioskCustomerWording, noPayQr, payQrView, type PayQrView } from '../../view/pay-qr-view';
import { pos, posClient } from '../../view/pos';
import { printWhenPaid, type ReceiptNote } from '../../view/sale-receipt';
import { kioskPage } from './kiosk-page';

/** The page's subscription to the payment store. */
let stopQr: (() => void) | null = null;

/** The payment as it changes, to `show` (bound by hand: it is shaped by a view helper). */
export function watchPayQr(show: (qr: PayQrView) => void): void {
  const shown = () => payQrView(pos.payments, kioskCustomerWording);
  stopQr = reaction(shown, () => show(shown()));
}

/** The page is gone. */
export function unwatchPayQr(): void {
  stopQr?.();
  stopQr = null;
}

/**
 * Forgets the QR here at once and closes it on the server in the background, asked again until
 * the server has it, even once the next customer has a QR (the order stays open for the counter).
 */
export function stopScanning(): void {
  void pos.payments.leave();
}

export const scanToPay = Behavior({
  data: {
    ks: words(text.kioskScan),
    q: words(text.payQr),
    qr: noPayQr as PayQrView,
    /** The paid order's receipt, when the kiosk has a printer. */
    receipt: null as ReceiptNote | null,
  },
  observers: {
    qr(qr: PayQrView) {
      if (kioskPage(this).data.stage !== 'scanning') return;
      if (qr.paid) this.showPaid();
      else if (pos.payments.error?.code === 'refused') this.showRefused();
      // Given up on by the customer: onCancelScan moves on once the close is known.
      else if (!qr.active && qr.message && !kioskPage(this).data.cancelling)
        this.showNotPaid(qr.message);
    },
    /** The order on screen refused after it was sent (pay at the counter) or while its QR waited. */
    refusedOrders(ids: string[]) {
      const { stage, sent } = kioskPage(this).data;
      if ((stage === 'sent' || stage === 'scanning') && sent && ids.includes(sent.orderId))
        this.showRefused();
    },
  },
  methods: {
    /** The order goes to the counter first, so a scan that does not end in paid loses nothing. */
    onPayByScan() {
      const page = kioskPage(this);
      if (!page.data.scanAvailable) return;
      const order = page.place('scanning');
      if (order) pos.payments.payOpenOrderByQr(order);
    },
    /** The customer would rather pay at the counter: the QR closes, the order waits there. */
    onCancelScan() {
      const page = kioskPage(this);
      if (page.data.stage !== 'scanning' || page.data.cancelling) return;
      this.giveUpScan(() => {
        this.setData({ stage: 'sent', cancelling: false });
        page.touch(KIOSK_SENT_MS);
      });
    },
    /**
     * Closes the QR on screen. Paid in the moments before the server has the close, it says paid
     * instead (as the checkout does): the scan screen stays, the QR no longer shown, until the
     * close is known; then, not paid, `notPaid` says what comes next.
     */
    giveUpScan(notPaid: () => void) {
      const page = kioskPage(this);
      const payments = pos.payments;
      const orderId = page.data.sent!.orderId;
      this.setData({ cancelling: true });
      page.touch(KIOSK_SCAN_MS);
      void payments.cancel().then(() => {
        const { stage, sent, cancelling } = page.data;
        // Moved on meanwhile (paid, refused, back to the start): that screen stands.
        if (stage !== 'scanning' || !cancelling || sent?.orderId !== orderId) return;
        if (payments.paid && payments.order?.id === orderId) return this.showPaid();
        if (payments.order?.id === orderId) payments.reset();
        notPaid();
      });
    },
    showPaid() {
      const page = kioskPage(this);
      const sent = page.data.sent!;
      this.setData({ stage: 'paid', receipt: null, cancelling: false });
      pos.payments.reset();
      page.touch(KIOSK_SENT_MS);
      printWhenPaid(pos.orders, posClient().clock, sent.orderId, (receipt) => {
        if (page.data.stage === 'paid' && page.data.sent?.orderId === sent.orderId)
          this.setData({ receipt });
      });
    },
    /** Declined, expired or no QR at all: the order is at the counter, to pay there. */
    showNotPaid(reason: string) {
      const page = kioskPage(this);
      const sent = page.data.sent!;
      this.setData({
        stage: 'sent',
        sent: { ...sent, note: text.kioskScan.notPaid(reason, sent.total) },
      });
      pos.payments.reset();
      page.touch(KIOSK_SENT_MS);
    },
    /**
     * The store's server refused the order: the counter never got it, so no number to take there
     * and nothing to pay (its reason, in English, is for the manager, not the customer). The order
     * stays on this device, refused, on the manager screen; the customer orders again.
     */
    showRefused() {
      const page = kioskPage(this);
      const sent = page.data.sent!;
      if (pos.payments.order?.id === sent.orderId) pos.payments.reset();
      this.setData({ stage: 'refused', cancelling: false, receipt: null });
      page.touch(KIOSK_SENT_MS);
    },
  },
});
