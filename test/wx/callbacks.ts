// How WeChat hands an API's outcome back: success/fail/complete callbacks, or a Promise when the
// caller gives none (base library 2.10.2+). Callbacks always run on a later tick, never inside the call.

/** What every fail callback and Promise rejection receives. */
export interface FailResult {
  errMsg: string;
  /** WeChat's unified error code; present on network failures. */
  errno?: number;
}

export type Outcome<T extends object> = { ok: true; result: T } | { ok: false; error: FailResult };

export const succeed = <T extends object>(result: T): Outcome<T> => ({ ok: true, result });
export const failWith = (errMsg: string, errno?: number): Outcome<never> => ({
  ok: false,
  error: errno === undefined ? { errMsg } : { errMsg, errno },
});

/** The callback part of any async option object, loosely typed: the wx layer checks the rest. */
export interface CallbackOption {
  success?: unknown;
  fail?: unknown;
  complete?: unknown;
}

type Listener = (payload: never) => void;

/**
 * Calls each listener with the payload. A listener that throws must not stop the others or the
 * stand-in's own bookkeeping (WeChat reports it as a script error and carries on); the first
 * error is rethrown on a fresh tick, so jest still fails the test that caused it.
 */
export function callListeners(listeners: Iterable<unknown>, payload: unknown): void {
  let thrown: { error: unknown } | null = null;
  for (const listener of [...listeners]) {
    if (typeof listener !== 'function') continue;
    try {
      (listener as Listener)(payload as never);
    } catch (error) {
      thrown ??= { error };
    }
  }
  if (thrown) {
    const { error } = thrown;
    setImmediate(() => {
      throw error;
    });
  }
}

/** Calls success or fail, then complete, on a later tick. */
export function deliver(option: CallbackOption, outcome: Outcome<object>): void {
  setImmediate(() => deliverNow(option, outcome));
}

function deliverNow(option: CallbackOption, outcome: Outcome<object>): void {
  const payload = outcome.ok ? outcome.result : outcome.error;
  callListeners([outcome.ok ? option.success : option.fail, option.complete], payload);
}

export function usesCallbacks(option: unknown): boolean {
  if (option === null || typeof option !== 'object') return false;
  const { success, fail, complete } = option as CallbackOption;
  return [success, fail, complete].some((callback) => typeof callback === 'function');
}

/**
 * Runs an async API the way WeChat does: `work` runs on a later tick (so, like on a phone, nothing
 * has happened yet when the call returns), then the callbacks run, or the returned Promise settles
 * when the caller passed no callback.
 */
export function runAsync(
  option: unknown,
  work: () => Outcome<object>,
): Promise<object> | undefined {
  const callbackOption = (option ?? {}) as CallbackOption;
  if (usesCallbacks(option)) {
    setImmediate(() => deliverNow(callbackOption, work()));
    return undefined;
  }
  return new Promise((resolve, reject) => {
    setImmediate(() => {
      const outcome = work();
      if (outcome.ok) resolve(outcome.result);
      else reject(outcome.error);
    });
  });
}

/**
 * What a sync API throws on a phone. Real devices report e.g.
 * `AppServiceSdkKnownError: APP-SERVICE-SDK:setStorageSync:fail:entry size limit reached`:
 * the errMsg behind the base library's prefix.
 */
export function syncApiError(errMsg: string): Error {
  const error = new Error(`APP-SERVICE-SDK:${errMsg}`);
  error.name = 'AppServiceSdkKnownError';
  return error;
}

/** `Object.prototype.toString` names, as WeChat's parameter errors print them ("Undefined", "Number"). */
export function typeName(value: unknown): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

/** A copy of a Buffer's bytes as the ArrayBuffer WeChat hands to mini-program code. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}

/** Response headers with the server's own casing, as WeChat passes them to onOpen and success. */
export function headerObject(rawHeaders: string[]): Record<string, string> {
  const header: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    header[name] = name in header ? `${header[name]}, ${rawHeaders[i + 1]}` : rawHeaders[i + 1];
  }
  return header;
}
