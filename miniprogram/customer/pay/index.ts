// A customer pays for an order from the counter's code: the page reads decodeURIComponent(scene)
// (or the link), shows the amount the server's order says, and pays through WeChat Pay
// (wx.login's code to the server, which makes the JSAPI prepay and paySign for this customer;
// wx.requestPayment with them) or, with no merchant, the payment simulator. Either way the server
// says when it is paid: the page asks it until the payment settles.
import { text, words } from '../../i18n/index';
import { customerPayment, jsapiParams, simulatePayment } from '../../core/payments';
import { loginCode, requestPayment } from '../wechat-pay';
import type { CustomerPayment, RuleError } from '@pos/shared';
import { customerRefusal } from '../../view/customer-refusal';
import { customerTarget } from '../shared-link';

type State = 'loading' | 'ready' | 'error';

/** After the pay sheet, how long the page asks the server whether WeChat Pay has the money. */
const CONFIRM_TRIES = 30;
const CONFIRM_EVERY_MS = 1000;

Component({
  data: {
    t: words(text.customer),
    state: 'loading' as State,
    storeName: '',
    orderNo: '',
    amountText: '',
    payLabel: '',
    status: '',
    statusText: '',
    simulator: false,
    busy: false,
    confirming: false,
    payload: '',
    serverAddress: '',
    error: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const target = customerTarget(query);
      if (!target) return this.setData({ state: 'error', error: text.customer.badCode });
      if (!target.serverAddress)
        return this.setData({ state: 'error', error: text.customer.noServer });
      this.setData({ payload: target.payload, serverAddress: target.serverAddress });
      void this.refresh();
    },
    async refresh() {
      const { payload, serverAddress } = this.data;
      const answer = await customerPayment(wx, serverAddress, payload);
      if (!answer.ok) return this.setData({ state: 'error', error: customerRefusal(answer.error) });
      this.show(answer.value);
    },
    show(view: CustomerPayment) {
      const { payment } = view;
      this.setData({
        state: 'ready',
        storeName: view.storeName,
        orderNo:
          payment.purpose === 'top_up' ? text.customer.topUp : text.customer.order(payment.orderNo),
        amountText: view.amountText,
        payLabel: text.customer.pay(view.amountText),
        status: payment.status,
        statusText:
          this.data.confirming && payment.status === 'pending'
            ? text.customer.confirming
            : (text.customer.statuses[payment.status] ?? payment.status),
        simulator: payment.provider === 'simulator',
        error: '',
      });
    },
    onPay() {
      void this.settle('confirm');
    },
    onDecline() {
      void this.settle('decline');
    },
    async settle(action: 'confirm' | 'decline') {
      if (this.data.busy || this.data.status !== 'pending') return;
      const { payload, serverAddress } = this.data;
      this.setData({ busy: true });
      if (!this.data.simulator) {
        if (action === 'confirm') await this.payInWechat();
        this.setData({ busy: false });
        return;
      }
      const answer = await simulatePayment(wx, serverAddress, payload, action);
      this.setData({ busy: false });
      if (!answer.ok) return this.refused(answer.error);
      this.show(answer.value);
    },
    /**
     * A pay step refused: the payment may have moved on meanwhile (paid, cancelled at the counter,
     * expired), so the server's view is shown again and tells it; only a refusal of a payment still
     * waiting needs its reason said.
     */
    async refused(error: RuleError) {
      await this.refresh();
      if (this.data.state === 'ready' && this.data.status === 'pending')
        this.setData({ error: customerRefusal(error) });
    },
    async payInWechat() {
      const { payload, serverAddress } = this.data;
      const code = await loginCode(wx);
      if (!code.ok) return this.setData({ error: text.customer.loginFailed });
      const params = await jsapiParams(wx, serverAddress, payload, code.value);
      if (!params.ok) return this.refused(params.error);
      const sheet = await requestPayment(wx, params.value);
      if (sheet.outcome === 'cancelled') return this.setData({ error: text.customer.cancelled });
      if (sheet.outcome === 'failed')
        return this.setData({ error: text.customer.payFailed(sheet.why) });
      // WeChat took the money; the order is paid when the store's server hears it from WeChat Pay.
      this.setData({ confirming: true, error: '', statusText: text.customer.confirming });
      for (let i = 0; i < CONFIRM_TRIES && this.data.status === 'pending'; i++) {
        await new Promise((resolve) => setTimeout(resolve, i === 0 ? 0 : CONFIRM_EVERY_MS));
        await this.refresh();
      }
      this.setData({ confirming: false });
    },
  },
});
