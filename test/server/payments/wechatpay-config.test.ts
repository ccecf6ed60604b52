// WeChat Pay's configuration: none means the payment simulator; all of it, checked (key files
// read and parsed), means the merchant; anything between stops the start naming what is wrong.
import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '../../../sync-server/config';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keyFiles: Record<string, string> = {
  '/keys/apiclient_key.pem': privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  '/keys/wechatpay_pub.pem': publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  '/keys/junk.pem': 'not a key',
};
const read = (path: string) => keyFiles[path];
const merchant = {
  POS_WECHATPAY_MCHID: '1900000109',
  POS_WECHATPAY_APPID: 'wxd678efh567hg6787',
  POS_WECHATPAY_CERT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  POS_WECHATPAY_PRIVATE_KEY_FILE: '/keys/apiclient_key.pem',
  POS_WECHATPAY_APIV3_KEY: 'a'.repeat(32),
  POS_WECHATPAY_PLATFORM_SERIAL: 'PUB_KEY_ID_0114232134912410000000000000',
  POS_WECHATPAY_PLATFORM_KEY_FILE: '/keys/wechatpay_pub.pem',
  POS_WECHATPAY_NOTIFY_URL: 'https://shop.example/api/payments/wechatpay/notify',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, read);
  } catch (error) {
    return (error as ConfigError).problems as string[];
  }
  return [];
}

test('nothing set: the payment simulator', () => {
  expect(loadConfig({}, read).wechatPay).toBeNull();
});

test('every variable set: the merchant, with its keys read from the files', () => {
  const config = loadConfig(merchant, read).wechatPay!;
  expect(config).toMatchObject({ mchId: '1900000109', baseUrl: 'https://api.mch.weixin.qq.com' });
  expect(config.privateKeyPem).toContain('PRIVATE KEY');
  expect(config.platformPublicKeyPem).toContain('PUBLIC KEY');
});

test('half configured, wrong values or unreadable keys: each problem named', () => {
  const { POS_WECHATPAY_APIV3_KEY: _key, POS_WECHATPAY_NOTIFY_URL: _url, ...half } = merchant;
  expect(problems(half)).toEqual([
    'WeChat Pay is half configured: POS_WECHATPAY_APIV3_KEY, POS_WECHATPAY_NOTIFY_URL are missing (set every POS_WECHATPAY_* variable, or none for the payment simulator)',
  ]);
  expect(problems({ ...merchant, POS_WECHATPAY_APPID: 'my-app' })[0]).toMatch(
    /^POS_WECHATPAY_APPID="my-app": must be the mini-program AppID/,
  );
  expect(problems({ ...merchant, POS_WECHATPAY_APIV3_KEY: 'short' })[0]).toMatch(
    /32-character APIv3 key/,
  );
  expect(problems({ ...merchant, POS_WECHATPAY_NOTIFY_URL: 'http://shop.example/n' })[0]).toMatch(
    /https address/,
  );
  expect(problems({ ...merchant, POS_WECHATPAY_PRIVATE_KEY_FILE: '/keys/missing.pem' })).toEqual([
    'POS_WECHATPAY_PRIVATE_KEY_FILE="/keys/missing.pem": the file does not exist',
  ]);
  expect(problems({ ...merchant, POS_WECHATPAY_PLATFORM_KEY_FILE: '/keys/junk.pem' })[0]).toMatch(
    /^POS_WECHATPAY_PLATFORM_KEY_FILE="\/keys\/junk.pem": not a PEM key/,
  );
});
