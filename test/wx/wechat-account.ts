// wx.login and wx.requestPayment: the parts of WeChat that talk to WeChat's own servers for the
// user. The stand-in is the WeChat runtime, so it plays the user at the pay sheet (confirm or
// cancel, as the test says); the servers behind it are the test's (a fake WeChat Pay), given as
// `wechat` to createWxStandIn.
import { failWith, runAsync, succeed, typeName, type Outcome } from './callbacks';
import type { Network } from './network';

export interface RequestPaymentParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType?: string;
  paySign: string;
}

/** WeChat's servers as this phone's user reaches them. */
export interface WechatServers {
  /** A one-time login code for this user in the mini-program (what wx.login gets). */
  loginCode(): string;
  /** The user confirmed: WeChat Pay takes the payment. Null when paid, WeChat Pay's reason if not. */
  pay(params: RequestPaymentParams): string | null;
}

export type PayerChoice = 'confirm' | 'cancel';

const required = ['timeStamp', 'nonceStr', 'package', 'paySign'] as const;

export class WechatAccount {
  /** What the user does at the next pay sheets. */
  choice: PayerChoice = 'confirm';
  /** Every pay sheet shown, with what the user did. */
  readonly sheets: Array<{ params: RequestPaymentParams; choice: PayerChoice }> = [];

  constructor(
    private readonly network: Network,
    private readonly servers: WechatServers | undefined,
  ) {}

  api() {
    return {
      login: (option?: WechatMiniprogram.LoginOption) =>
        runAsync(option, () => this.login()) as never,
      requestPayment: (option: WechatMiniprogram.RequestPaymentOption) =>
        runAsync(option, () => this.requestPayment(option)) as never,
    };
  }

  private login(): Outcome<object> {
    if (!this.network.current.isConnected)
      return failWith('login:fail -106:net::ERR_INTERNET_DISCONNECTED', 600001);
    // Without servers of the test's, a code no fake knows: like a real phone's, it is only good
    // at WeChat's jscode2session.
    const code = this.servers?.loginCode() ?? randomCode();
    return succeed({ code, errMsg: 'login:ok' });
  }

  private requestPayment(option: WechatMiniprogram.RequestPaymentOption): Outcome<object> {
    for (const name of required) {
      const value = (option as unknown as Record<string, unknown>)[name];
      if (typeof value !== 'string')
        return failWith(
          `requestPayment:fail parameter error: parameter.${name} should be String instead of ${typeName(value)};`,
        );
    }
    if (!this.servers)
      throw new Error(
        'wx.requestPayment needs WeChat Pay behind the stand-in: createWxStandIn({ wechat })',
      );
    const params: RequestPaymentParams = {
      timeStamp: option.timeStamp,
      nonceStr: option.nonceStr,
      package: option.package,
      signType: option.signType,
      paySign: option.paySign,
    };
    const choice = this.choice;
    this.sheets.push({ params, choice });
    if (choice === 'cancel') return failWith('requestPayment:fail cancel');
    const refused = this.servers.pay(params);
    return refused === null
      ? succeed({ errMsg: 'requestPayment:ok' })
      : failWith(`requestPayment:fail ${refused}`);
  }
}

function randomCode(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let code = '';
  for (let i = 0; i < 32; i++) code += alphabet[Math.floor(Math.random() * alphabet.length)];
  return code;
}
