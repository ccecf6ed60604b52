// wx storage as a small synchronous key-value interface: JSON values in, JSON values out, and
// errors that name the key when WeChat refuses a write (quota or per-key limit).
import { errorText, type ClientWx } from './wx-api';

export interface StorageInfo {
  keys: string[];
  usedBytes: number;
  limitBytes: number;
}

export interface KeyValueStorage {
  /** The stored value, or null when the key is missing (WeChat answers '' for those). */
  get(key: string): unknown;
  /** Stores a JSON-compatible value; throws StorageFullError or StorageError. */
  set(key: string, value: unknown): void;
  remove(key: string): void;
  keys(): string[];
  info(): StorageInfo;
}

export class StorageError extends Error {
  constructor(
    readonly key: string,
    readonly detail: string,
    message = `could not write "${key}" to the device's storage: ${detail}`,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** WeChat refused the write because the mini-program's quota or the key's 1 MB limit is reached. */
export class StorageFullError extends StorageError {
  constructor(key: string, detail: string) {
    super(key, detail, `the device's storage is full: "${key}" was not written (${detail})`);
    this.name = 'StorageFullError';
  }
}

// WeChat's texts: "setStorageSync:fail exceed storage max size 10MB",
// "setStorageSync:fail exceed storage item max length", "... data size exceed 1MB" and the like.
const fullPattern = /exceed|max size|max length|limit|quota|full|no space/i;

export function wxStorage(wx: ClientWx): KeyValueStorage {
  return {
    get(key) {
      const value: unknown = wx.getStorageSync(key);
      return value === '' || value === undefined ? null : value;
    },
    set(key, value) {
      try {
        wx.setStorageSync(key, value);
      } catch (error) {
        const detail = errorText(error);
        throw fullPattern.test(detail)
          ? new StorageFullError(key, detail)
          : new StorageError(key, detail);
      }
    },
    remove(key) {
      try {
        wx.removeStorageSync(key);
      } catch (error) {
        throw new StorageError(key, errorText(error));
      }
    },
    keys() {
      return wx.getStorageInfoSync().keys;
    },
    info() {
      const info = wx.getStorageInfoSync();
      // WeChat reports sizes in KB.
      return {
        keys: info.keys,
        usedBytes: info.currentSize * 1024,
        limitBytes: info.limitSize * 1024,
      };
    },
  };
}
