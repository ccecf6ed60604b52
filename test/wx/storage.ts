// wx local storage: the sync and async key-value API with WeChat's limits (1 MB a key, 10 MB in
// all) and its error messages, over an in-memory area that a test can dump and load to relaunch.
import { failWith, runAsync, succeed, syncApiError, typeName, type Outcome } from './callbacks';

/**
 * A value as WeChat's base library ships it to the native store: a type tag plus text. Keeping
 * text (not the caller's object) is what makes every read a fresh copy.
 */
interface StoredValue {
  type: 'String' | 'Number' | 'Boolean' | 'Date' | 'Undefined' | 'Null' | 'Object' | 'Array';
  text: string;
  /** UTF-8 bytes of the key plus the JSON of the value: what counts against both limits. */
  bytes: number;
}

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The storage of one mini-program for one WeChat user. */
export class StorageArea {
  private entries = new Map<string, StoredValue>();

  constructor(
    readonly quotaBytes: number,
    readonly keyLimitBytes: number,
  ) {}

  usedBytes(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.bytes;
    return total;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** A fresh copy of the value, or `found: false`. */
  read(key: string): { found: true; value: unknown } | { found: false } {
    const entry = this.entries.get(key);
    return entry ? { found: true, value: decode(entry) } : { found: false };
  }

  /** Serialises now, so later changes to the caller's object cannot reach the store. */
  encode(api: string, key: string, data: unknown): Outcome<{ value: StoredValue }> {
    let value: StoredValue;
    try {
      value = encode(data, utf8Bytes(key));
    } catch (error) {
      // A cycle or a BigInt: JSON.stringify refuses it, so WeChat cannot store it either.
      return failWith(`${api}:fail ${(error as Error).message}`);
    }
    return succeed({ value });
  }

  /** Writes if both limits allow it; otherwise nothing changes. */
  commit(api: string, key: string, value: StoredValue): Outcome<object> {
    // WeChat's Android client checks key + data length against 1 MB and answers with this text.
    if (value.bytes > this.keyLimitBytes) return failWith(`${api}:fail:entry size limit reached`);
    const replaced = this.entries.get(key)?.bytes ?? 0;
    if (this.usedBytes() - replaced + value.bytes > this.quotaBytes) {
      return failWith(`${api}:fail exceed storage max size ${formatMb(this.quotaBytes)}`);
    }
    this.entries.set(key, value);
    return succeed({});
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  info(): WechatMiniprogram.GetStorageInfoSyncOption {
    // WeChat reports sizes in KB; a partly used KB counts as used.
    return {
      keys: this.keys(),
      currentSize: Math.ceil(this.usedBytes() / 1024),
      limitSize: Math.floor(this.quotaBytes / 1024),
    };
  }

  dump(): Record<string, unknown> {
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of this.entries) copy[key] = decode(entry);
    return copy;
  }

  /** Replaces the contents, as a relaunch finds them; refuses what a phone could never hold. */
  load(entries: Record<string, unknown>): void {
    this.entries.clear();
    for (const [key, data] of Object.entries(entries)) {
      const encoded = this.encode('load', key, data);
      const written = encoded.ok ? this.commit('load', key, encoded.result.value) : encoded;
      if (!written.ok) throw new Error(`storage.load: key "${key}": ${written.error.errMsg}`);
    }
  }
}

/** "10Mb", as WeChat words its quota error. */
function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(2)}Mb`;
}

/**
 * WeChat stores "native types, Date, and objects JSON.stringify can serialise": a top-level Date
 * comes back as a Date, anything inside objects goes through JSON (nested Dates become strings,
 * functions and undefined members vanish).
 */
function encode(data: unknown, keyBytes: number): StoredValue {
  const json = JSON.stringify(data) as string | undefined;
  const bytes = keyBytes + utf8Bytes(json ?? '');
  if (data === null) return { type: 'Null', text: '', bytes };
  if (data instanceof Date) return { type: 'Date', text: String(data.getTime()), bytes };
  switch (typeof data) {
    case 'string':
      return { type: 'String', text: data, bytes };
    case 'number':
      return { type: 'Number', text: String(data), bytes };
    case 'boolean':
      return { type: 'Boolean', text: String(data), bytes };
    case 'object':
      return { type: Array.isArray(data) ? 'Array' : 'Object', text: json ?? 'null', bytes };
    default:
      // undefined, functions and symbols: JSON drops them, so nothing is stored but the key.
      return { type: 'Undefined', text: '', bytes };
  }
}

function decode(entry: StoredValue): unknown {
  switch (entry.type) {
    case 'String':
      return entry.text;
    case 'Number':
      return Number(entry.text);
    case 'Boolean':
      return entry.text === 'true';
    case 'Date':
      return new Date(Number(entry.text));
    case 'Null':
      return null;
    case 'Undefined':
      return undefined;
    default:
      return JSON.parse(entry.text);
  }
}

/** WeChat's base library checks the key before anything reaches the native store. */
function keyError(api: string, key: unknown): string | null {
  if (typeof key !== 'string') {
    return `${api}:fail parameter error: parameter.key should be String instead of ${typeName(key)};`;
  }
  return key === '' ? `${api}:fail:key is empty` : null;
}

/** The storage part of the `wx` object. */
export function storageApi(area: StorageArea) {
  const write = (api: string, key: unknown, data: unknown): Outcome<object> => {
    const bad = keyError(api, key);
    if (bad) return failWith(bad);
    const encoded = area.encode(api, key as string, data);
    return encoded.ok ? area.commit(api, key as string, encoded.result.value) : encoded;
  };
  const optionOf = (option: unknown): { key?: unknown; data?: unknown } =>
    (option ?? {}) as { key?: unknown; data?: unknown };

  return {
    setStorageSync(key: string, data: unknown): void {
      const outcome = write('setStorageSync', key, data);
      if (!outcome.ok) throw syncApiError(outcome.error.errMsg);
    },
    getStorageSync(key: string): unknown {
      const bad = keyError('getStorageSync', key);
      if (bad) throw syncApiError(bad);
      const read = area.read(key);
      // A missing key reads as an empty string on WeChat, not undefined.
      return read.found ? read.value : '';
    },
    removeStorageSync(key: string): void {
      const bad = keyError('removeStorageSync', key);
      if (bad) throw syncApiError(bad);
      area.remove(key);
    },
    clearStorageSync(): void {
      area.clear();
    },
    getStorageInfoSync(): WechatMiniprogram.GetStorageInfoSyncOption {
      return area.info();
    },

    setStorage(option: unknown) {
      const { key, data } = optionOf(option);
      // Serialised at call time like the base library does; written on the later tick.
      const bad = keyError('setStorage', key);
      const encoded = bad ? failWith(bad) : area.encode('setStorage', key as string, data);
      return runAsync(option, () => {
        if (!encoded.ok) return encoded;
        const written = area.commit('setStorage', key as string, encoded.result.value);
        return written.ok ? succeed({ errMsg: 'setStorage:ok' }) : written;
      });
    },
    getStorage(option: unknown) {
      const { key } = optionOf(option);
      return runAsync(option, () => {
        const bad = keyError('getStorage', key);
        if (bad) return failWith(bad);
        const read = area.read(key as string);
        if (!read.found) return failWith('getStorage:fail data not found');
        return succeed({ data: read.value, errMsg: 'getStorage:ok' });
      });
    },
    removeStorage(option: unknown) {
      const { key } = optionOf(option);
      return runAsync(option, () => {
        const bad = keyError('removeStorage', key);
        if (bad) return failWith(bad);
        area.remove(key as string);
        return succeed({ errMsg: 'removeStorage:ok' });
      });
    },
    clearStorage(option?: unknown) {
      return runAsync(option, () => {
        area.clear();
        return succeed({ errMsg: 'clearStorage:ok' });
      });
    },
    getStorageInfo(option?: unknown) {
      return runAsync(option, () => succeed({ ...area.info(), errMsg: 'getStorageInfo:ok' }));
    },
  };
}
