// A customer joins the store's membership from the counter card: the page reads the signed join
// code (scene or link), asks for a phone number and a name, and the server adds the member.
import { text, words } from '../../i18n/index';
import { joinAsCustomer } from '../../core/payments';
import type { DetailEvent } from '../../view/page-events';
import { customerRefusal } from '../../view/customer-refusal';
import { customerTarget } from '../shared-link';

Component({
  data: {
    t: words(text.customer),
    ready: false,
    phone: '',
    name: '',
    busy: false,
    payload: '',
    serverAddress: '',
    done: '',
    error: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const target = customerTarget(query);
      if (!target) return this.setData({ error: text.customer.badCode });
      if (!target.serverAddress) return this.setData({ error: text.customer.noServer });
      this.setData({ ready: true, payload: target.payload, serverAddress: target.serverAddress });
    },
    onPhone(event: DetailEvent<string>) {
      this.setData({ phone: event.detail, error: '' });
    },
    onName(event: DetailEvent<string>) {
      this.setData({ name: event.detail, error: '' });
    },
    async onJoin() {
      if (this.data.busy || !this.data.payload) return;
      this.setData({ busy: true });
      const { payload, serverAddress } = this.data;
      const joined = await joinAsCustomer(wx, serverAddress, {
        payload,
        phone: this.data.phone.trim(),
        name: this.data.name.trim(),
      });
      if (!joined.ok) return this.setData({ busy: false, error: customerRefusal(joined.error) });
      // Said alike to a new member and one already joined: the server does not tell them apart.
      this.setData({ busy: false, done: text.customer.joined(joined.value.storeName), error: '' });
    },
  },
});
