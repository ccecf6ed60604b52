// The phone's connectivity as wx reports it (getNetworkType, onNetworkStatusChange). Tests switch
// it with set(); the socket and request layers watch it to drop what a real phone would drop.
import { callListeners, runAsync, succeed } from './callbacks';

export type NetworkType = WechatMiniprogram.OnNetworkStatusChangeListenerResult['networkType'];
export interface NetworkStatus {
  isConnected: boolean;
  networkType: NetworkType;
}

const networkTypes: readonly string[] = ['wifi', '2g', '3g', '4g', '5g', 'unknown', 'none'];

type Watcher = (previous: NetworkStatus, next: NetworkStatus) => void;

export class Network {
  private status: NetworkStatus;
  private listeners = new Set<unknown>();
  private watchers: Watcher[] = [];

  constructor(initial: { isConnected: boolean; networkType: string }) {
    this.status = resolveStatus(initial, null);
  }

  get current(): NetworkStatus {
    return { ...this.status };
  }

  /** For the stand-in's own layers; runs synchronously, before the app's listeners. */
  watch(watcher: Watcher): void {
    this.watchers.push(watcher);
  }

  /**
   * Changes connectivity. Listeners hear only real changes, as on a phone. Leaving out
   * networkType keeps the last connected type (or wifi); disconnected is always "none".
   */
  set(status: { isConnected: boolean; networkType?: string }): void {
    const previous = this.status;
    const next = resolveStatus(status, previous);
    if (next.isConnected === previous.isConnected && next.networkType === previous.networkType) {
      return;
    }
    this.status = next;
    for (const watcher of this.watchers) watcher(previous, next);
    setImmediate(() => callListeners(this.listeners, { ...next }));
  }

  dispose(): void {
    this.listeners.clear();
    this.watchers = [];
  }

  api() {
    return {
      getNetworkType: (option?: unknown) =>
        runAsync(option, () =>
          succeed({
            networkType: this.status.networkType,
            signalStrength: this.status.isConnected ? 100 : 0,
            hasSystemProxy: false,
            weakNet: false,
            errMsg: 'getNetworkType:ok',
          }),
        ),
      onNetworkStatusChange: (listener: unknown): void => {
        this.listeners.add(listener);
      },
      offNetworkStatusChange: (listener?: unknown): void => {
        // Without an argument WeChat removes every listener.
        if (listener === undefined) this.listeners.clear();
        else this.listeners.delete(listener);
      },
    };
  }
}

function resolveStatus(
  status: { isConnected: boolean; networkType?: string },
  previous: NetworkStatus | null,
): NetworkStatus {
  if (!status.isConnected) {
    if (status.networkType !== undefined && status.networkType !== 'none') {
      throw new Error(
        `network.set: a disconnected phone has networkType "none", not "${status.networkType}"`,
      );
    }
    return { isConnected: false, networkType: 'none' };
  }
  const fallback = previous && previous.networkType !== 'none' ? previous.networkType : 'wifi';
  const networkType = status.networkType ?? fallback;
  if (!networkTypes.includes(networkType) || networkType === 'none') {
    throw new Error(
      `network.set: "${networkType}" is not a networkType WeChat reports when connected`,
    );
  }
  return { isConnected: true, networkType: networkType as NetworkType };
}
