// The customer's openid for paying inside the mini-program: the code from the page's wx.login,
// exchanged by the server through jscode2session with the mini-program's AppSecret (which never
// leaves the server; the session key WeChat returns is not kept).
import { fetchWithin } from './deadline';
import { PaymentError } from './payment-errors';

export const WECHAT_API_BASE_URL = 'https://api.weixin.qq.com';

export interface MiniProgramConfig {
  appId: string;
  appSecret: string;
  /** https://api.weixin.qq.com; a test's fake server otherwise. */
  baseUrl: string;
  timeoutMs?: number;
}

/** What the settings give: both or neither (POS_WECHAT_APPID, POS_WECHAT_APPSECRET). */
export function miniProgramConfig(
  settings: { appId?: string | null; appSecret?: string | null; baseUrl?: string | null },
  wechatPayAppId: string | null,
  problems: string[],
): MiniProgramConfig | null {
  const { appId, appSecret } = settings;
  if (appId == null && appSecret == null) return null;
  if (appId == null || appSecret == null) {
    problems.push(
      `the mini-program is half configured: ${appId == null ? 'POS_WECHAT_APPID' : 'POS_WECHAT_APPSECRET'} is missing (set both for paying inside the mini-program, or neither)`,
    );
    return null;
  }
  if (wechatPayAppId !== null && wechatPayAppId !== appId)
    problems.push(
      `POS_WECHAT_APPID=${appId} is not the AppID bound to the merchant (POS_WECHATPAY_APPID=${wechatPayAppId}): a payment inside the mini-program needs the same one`,
    );
  return { appId, appSecret, baseUrl: settings.baseUrl ?? WECHAT_API_BASE_URL };
}

/** jscode2session's error codes, as a customer should hear them. */
const refusals: Record<number, string> = {
  40029: 'the login code is not valid (wx.login again)',
  40163: 'the login code was already used (wx.login again)',
  40226: 'WeChat refused this user (high risk): pay at the counter',
  45011: 'too many logins at once: try again in a minute',
};

export class MiniProgramLogin {
  constructor(private readonly config: MiniProgramConfig) {}

  /** The openid of whoever's wx.login made `code`; a PaymentError saying why not otherwise. */
  async openidFor(code: string): Promise<string> {
    const query = new URLSearchParams({
      appid: this.config.appId,
      secret: this.config.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    let answer: { openid?: unknown; errcode?: unknown; errmsg?: unknown };
    try {
      const { text } = await fetchWithin(
        `${this.config.baseUrl}/sns/jscode2session?${query}`,
        { method: 'GET' },
        this.config.timeoutMs ?? 10_000,
      );
      answer = JSON.parse(text) as typeof answer;
    } catch (error) {
      throw new PaymentError(
        503,
        'wechat_unreachable',
        `cannot reach WeChat to sign the customer in (${(error as Error).message}): try again`,
      );
    }
    const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0;
    if (errcode === 0 && typeof answer.openid === 'string' && answer.openid.length > 0)
      return answer.openid;
    const errmsg = typeof answer.errmsg === 'string' ? answer.errmsg : 'no openid';
    if (errcode === -1 || errcode === 45011)
      throw new PaymentError(
        503,
        'wechat_busy',
        `WeChat is busy (${errcode} ${errmsg}): try again`,
      );
    if (errcode === 40013 || errcode === 40125)
      // The store's settings are wrong, not the customer's code: say so plainly.
      throw new PaymentError(
        500,
        'login_misconfigured',
        `WeChat refused the store's mini-program credentials (${errcode} ${errmsg}): check POS_WECHAT_APPID and POS_WECHAT_APPSECRET`,
      );
    throw new PaymentError(
      400,
      'login_refused',
      `WeChat could not sign the customer in: ${refusals[errcode] ?? `${errcode} ${errmsg}`}`,
    );
  }
}
