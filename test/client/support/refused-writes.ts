// A phone whose storage is full for some keys: WeChat refuses their writes with its own message,
// while every other key is written as usual. For what a refused write must not lose.
import { syncApiError } from '../../wx/callbacks';
import type { TestDevice } from './device';

/** Writes of keys starting with `prefix` are refused while `refusing.on` (true to begin with). */
export function refuseWritesOf(device: TestDevice, prefix: string): { on: boolean } {
  const refusing = { on: true };
  const { wx } = device.standIn;
  const set = wx.setStorageSync.bind(wx);
  jest.spyOn(wx, 'setStorageSync').mockImplementation((key, data) => {
    if (refusing.on && key.startsWith(prefix))
      throw syncApiError('setStorageSync:fail exceed storage max size 10Mb');
    set(key, data);
  });
  return refusing;
}
