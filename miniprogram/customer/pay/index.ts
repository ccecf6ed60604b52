// A customer pays for an order from the counter's code: the page reads decodeURIComponent(scene)
// (or the link), shows the amount the server's order says, and pays through WeChat Pay
// (wx.requestPayment with the server's parameters) or, with no merchant, the payment simulator.
import { describeError, text, words } from '../../i18n/index';
import { customerPayment, simulatePayment } from '../../core/payments';
import type { CustomerPayment } from '@pos/shared';
import { customerTarget } from '../shared-link';

type State = 'loading' | 'ready' | 'error';

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
      if (!answer.ok) return this.setData({ state: 'error', error: describeError(answer.error) });
      this.show(answer.value);
    },
    show(view: CustomerPayment) {
      const { payment } = view;
      this.setData({
        state: 'ready',
        storeName: view.storeName,
        orderNo: text.customer.order(payment.orderNo),
        amountText: view.amountText,
        payLabel: text.customer.pay(view.amountText),
        status: payment.status,
        statusText: text.customer.statuses[payment.status] ?? payment.status,
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
        // WeChat Pay: the server makes every parameter (JSAPI prepay + paySign) for this payer;
        // the payer's openid comes from the store's login exchange, which this build leaves out.
        this.setData({ busy: false, error: text.customer.statuses.pending });
        return;
      }
      const answer = await simulatePayment(wx, serverAddress, payload, action);
      this.setData({ busy: false });
      if (!answer.ok) return this.setData({ error: describeError(answer.error) });
      this.show(answer.value);
    },
  },
});
