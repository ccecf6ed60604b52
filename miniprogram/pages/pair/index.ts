// Pairing: the server's LAN address and the code it shows, typed or scanned from its pairing QR
// (http://<lan>:<port>/pair?code=NNNNNN). The session store pairs; this page only collects input,
// and says when the phone has no network at all (pairing needs the store's Wi-Fi).
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { DeviceKind } from '@pos/shared';
import { wxNetwork, type NetworkMonitor, type NetworkState } from '../../adapters/network';
import { parsePairingLink } from '../../core/pairing';
import { describeError, text, words } from '../../i18n/index';
import { restartAt, screenFor } from '../../view/navigation';
import { pos } from '../../view/pos';
import type { DetailEvent } from '../../view/page-events';

const kinds: Array<{ kind: DeviceKind; label: string }> = [
  { kind: 'tablet', label: text.pair.kinds.tablet },
  { kind: 'phone', label: text.pair.kinds.phone },
  { kind: 'kiosk', label: text.pair.kinds.kiosk },
];

/** Each page instance's watch on the phone's network. */
const networks = new WeakMap<object, NetworkMonitor>();

ComponentWithStore({
  data: {
    t: words(text.pair),
    kinds,
    address: '',
    code: '',
    name: text.pair.defaultName,
    kind: 'tablet' as DeviceKind,
    error: '',
    pairing: false,
    offline: false,
  },
  storeBindings: {
    store: pos,
    fields: { pairing: () => pos.session.pairing },
    actions: {},
  },
  lifetimes: {
    attached() {
      // Already paired: this is not the screen to be on.
      if (pos.session.isPaired) return restartAt(screenFor(pos.session));
      const network = wxNetwork(wx);
      networks.set(this, network);
      const show = (state: NetworkState) => this.setData({ offline: !state.connected });
      network.subscribe(show);
      const known = network.current();
      if (known) show(known);
    },
    detached() {
      networks.get(this)?.dispose();
      networks.delete(this);
    },
  },
  methods: {
    onAddress(event: DetailEvent<string>) {
      this.setData({ address: event.detail, error: '' });
    },
    onCode(event: DetailEvent<string>) {
      this.setData({ code: event.detail, error: '' });
    },
    onName(event: DetailEvent<string>) {
      this.setData({ name: event.detail, error: '' });
    },
    onKind(event: WechatMiniprogram.BaseEvent) {
      this.setData({ kind: event.currentTarget.dataset.kind as DeviceKind });
    },
    onScan() {
      wx.scanCode({
        scanType: ['qrCode'],
        success: (result) => {
          const link = parsePairingLink(result.result);
          if (!link) return this.setData({ error: text.pair.scanUnknown });
          this.setData({ address: link.serverAddress, code: link.code, error: '' });
          void this.pair();
        },
        // Cancelled is the person changing their mind, not a failure to report.
        fail: (failure) => {
          if (!/cancel/i.test(failure.errMsg ?? '')) this.setData({ error: text.pair.scanFailed });
        },
      });
    },
    onSubmit() {
      void this.pair();
    },
    async pair() {
      // The store, not the bound `pairing`: the binding reaches the page (and the button's busy
      // state) a moment after the tap, and a double tap lands in that moment.
      if (pos.session.pairing) return;
      const { address, code, name, kind } = this.data;
      const paired = await pos.session.pair({ serverAddress: address, code, name, kind });
      if (!paired.ok) return this.setData({ error: describeError(paired.error) });
      this.setData({ error: '' });
      restartAt('signIn');
    },
  },
});
