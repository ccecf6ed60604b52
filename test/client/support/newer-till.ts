// A till of the next sync protocol, as WeChat delivers one before the shop updates its server: its
// hello says PROTOCOL_VERSION + 1, which the real server (speaking PROTOCOL_VERSION) refuses. Once
// `serverUpdated` is set, the hello goes as it is, as an updated server would take the newer one.
import { PROTOCOL_VERSION } from '@pos/shared';
import type { TestDevice } from './device';

export interface NewerTill {
  /** The store's server was updated: from now on it speaks this till's protocol. */
  serverUpdated: boolean;
  /** Hellos this till sent, one a socket: how often it knocked. */
  hellos: number;
}

/** Makes the device's sockets, from the next one on, speak the next protocol. */
export function speakNextProtocol(device: TestDevice): NewerTill {
  const till: NewerTill = { serverUpdated: false, hellos: 0 };
  const { wx } = device.standIn;
  const connect = wx.connectSocket.bind(wx);
  wx.connectSocket = (option) => {
    const task = connect(option);
    const send = task.send.bind(task);
    task.send = (sent) => {
      const message = JSON.parse(String(sent.data)) as { type: string; protocol?: number };
      if (message.type === 'hello') {
        till.hellos += 1;
        if (!till.serverUpdated) message.protocol = PROTOCOL_VERSION + 1;
      }
      send({ ...sent, data: JSON.stringify(message) });
    };
    return task;
  };
  return till;
}
