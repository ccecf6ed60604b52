// wx.login and wx.requestPayment in the stand-in: codes from the test's WeChat servers, WeChat's
// errMsgs (cancel, parameter errors, WeChat Pay's reason), callbacks on a later tick, offline login.
import { createWxStandIn, type WxStandIn } from './index';
import type { RequestPaymentParams } from './wechat-account';

const params = {
  timeStamp: '1700000000',
  nonceStr: 'n',
  package: 'prepay_id=wx1',
  signType: 'RSA' as const,
  paySign: 's',
};
let phone: WxStandIn;
let paid: RequestPaymentParams[];
let refusal: string | null;
beforeEach(() => {
  paid = [];
  refusal = null;
  let n = 0;
  phone = createWxStandIn({
    wechat: {
      loginCode: () => `code${++n}`,
      pay: (p) => refusal ?? (paid.push(p), null),
    },
  });
});
afterEach(() => phone.dispose());

test('login: a fresh code from WeChat each time, on a later tick; offline it fails', async () => {
  let ran = false;
  const first = new Promise((resolve) =>
    phone.wx.login({ success: (result) => ((ran = true), resolve(result)) }),
  );
  expect(ran).toBe(false);
  expect(await first).toEqual({ code: 'code1', errMsg: 'login:ok' });
  expect(await phone.wx.login()).toEqual({ code: 'code2', errMsg: 'login:ok' });
  phone.network.set({ isConnected: false });
  await expect(phone.wx.login()).rejects.toMatchObject({
    errMsg: expect.stringMatching(/^login:fail /),
  });
});

test('requestPayment: confirmed -> WeChat Pay takes it; cancelled -> "requestPayment:fail cancel"', async () => {
  expect(await phone.wx.requestPayment(params)).toEqual({ errMsg: 'requestPayment:ok' });
  expect(paid).toHaveLength(1);
  phone.payer.choose('cancel');
  await expect(phone.wx.requestPayment(params)).rejects.toEqual({
    errMsg: 'requestPayment:fail cancel',
  });
  expect(paid).toHaveLength(1);
  expect(phone.payer.sheets.map((s) => s.choice)).toEqual(['confirm', 'cancel']);
});

test('requestPayment: WeChat Pay’s refusal and a missing parameter, as WeChat words them', async () => {
  refusal = '支付验证签名失败';
  await expect(phone.wx.requestPayment(params)).rejects.toEqual({
    errMsg: 'requestPayment:fail 支付验证签名失败',
  });
  const { paySign: _paySign, ...unsigned } = params;
  await expect(phone.wx.requestPayment(unsigned as unknown as typeof params)).rejects.toEqual({
    errMsg:
      'requestPayment:fail parameter error: parameter.paySign should be String instead of Undefined;',
  });
  expect(phone.payer.sheets).toHaveLength(1);
});
