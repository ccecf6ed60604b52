// Paying inside the mini-program: wx.login for a one-time code (the server exchanges it for the
// customer's openid), then wx.requestPayment with the parameters the server made. Never rejects.
import { ruleError, type Checked, type JsapiParams } from '@pos/shared';
import { errorText } from '../adapters/wx-api';

export type WechatPayWx = Pick<WechatMiniprogram.Wx, 'login' | 'requestPayment'>;

export function loginCode(wx: WechatPayWx): Promise<Checked<string>> {
  return new Promise((resolve) => {
    wx.login({
      success: (result) => resolve({ ok: true, value: result.code }),
      fail: (result) => resolve(ruleError('login_failed', errorText(result))),
    });
  });
}

/** The pay sheet: paid, cancelled by the customer, or failed with WeChat Pay's reason. */
export function requestPayment(
  wx: WechatPayWx,
  params: JsapiParams,
): Promise<{ outcome: 'paid' } | { outcome: 'cancelled' } | { outcome: 'failed'; why: string }> {
  return new Promise((resolve) => {
    wx.requestPayment({
      ...params,
      success: () => resolve({ outcome: 'paid' }),
      fail: (result) => {
        const errMsg = errorText(result);
        if (/:fail cancel$/.test(errMsg)) return resolve({ outcome: 'cancelled' });
        resolve({ outcome: 'failed', why: errMsg.replace(/^requestPayment:fail\s*/, '') });
      },
    });
  });
}
