// The real storage adapter over the wx stand-in, with every write and removal recorded, so tests
// can say which keys one change touched.
import {
  StorageFullError,
  wxStorage,
  type KeyValueStorage,
} from '../../../miniprogram/adapters/storage';
import { createWxStandIn, type WxStandIn, type WxStandInOptions } from '../../wx';

export interface RecordingStorage extends KeyValueStorage {
  standIn: WxStandIn;
  /** Keys written (set) since the last reset, in order. */
  writes: string[];
  removals: string[];
  /** Keys for which WeChat should answer "storage full" (to test what a refused write does). */
  refuse: (key: string) => boolean;
  reset(): void;
}

export function recordingStorage(options: WxStandInOptions = {}): RecordingStorage {
  const standIn = createWxStandIn(options);
  const base = wxStorage(standIn.wx);
  const recording: RecordingStorage = {
    ...base,
    standIn,
    writes: [],
    removals: [],
    refuse: () => false,
    set(key, value) {
      if (recording.refuse(key))
        throw new StorageFullError(key, 'setStorageSync:fail exceed storage max size 10Mb');
      base.set(key, value);
      recording.writes.push(key);
    },
    remove(key) {
      base.remove(key);
      recording.removals.push(key);
    },
    reset() {
      recording.writes = [];
      recording.removals = [];
    },
  };
  return recording;
}
