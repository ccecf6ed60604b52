// The part of WeChat's `wx` the client core uses, typed by miniprogram-api-typings. Adapters take
// this object as a parameter (never the global), so Node tests can hand them a stand-in.

export type ClientWx = Pick<
  WechatMiniprogram.Wx,
  | 'getStorageSync'
  | 'setStorageSync'
  | 'removeStorageSync'
  | 'getStorageInfoSync'
  | 'connectSocket'
  | 'request'
  | 'getNetworkType'
  | 'onNetworkStatusChange'
  | 'offNetworkStatusChange'
>;

/** WeChat's failures come as an Error or as a bare `{ errMsg }`; either way, the text. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'errMsg' in error)
    return String((error as { errMsg: unknown }).errMsg);
  return String(error);
}

/**
 * Removes one listener. The typings still say these `off` APIs take no argument (which removes
 * every listener); newer base libraries take the listener, older ones ignore the argument.
 */
export function offListener(off: () => void, listener: unknown): void {
  (off as (listener?: unknown) => void)(listener);
}
