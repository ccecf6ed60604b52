// The phone's network state from wx.getNetworkType and wx.onNetworkStatusChange. It only hints:
// whether the store's server answers is what the sync engine trusts.
import type { ClientWx } from './wx-api';

export interface NetworkState {
  connected: boolean;
  type: string;
}

export interface NetworkMonitor {
  /** The last known state; null until WeChat has answered. */
  current(): NetworkState | null;
  subscribe(listener: (state: NetworkState) => void): () => void;
  dispose(): void;
}

export function wxNetwork(wx: ClientWx): NetworkMonitor {
  let state: NetworkState | null = null;
  const listeners = new Set<(state: NetworkState) => void>();
  const update = (next: NetworkState) => {
    state = next;
    for (const listener of listeners) listener(next);
  };
  const onChange = (result: WechatMiniprogram.OnNetworkStatusChangeListenerResult) =>
    update({ connected: result.isConnected, type: result.networkType });
  wx.onNetworkStatusChange(onChange);
  wx.getNetworkType({
    success: (result) => {
      // A change event that came first is newer than this answer.
      if (state === null)
        update({ connected: result.networkType !== 'none', type: result.networkType });
    },
  });
  return {
    current: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      listeners.clear();
      // The typings give `off` a different callback type than `on`; it is the same function.
      wx.offNetworkStatusChange(
        onChange as unknown as WechatMiniprogram.OffNetworkStatusChangeCallback,
      );
    },
  };
}
