// A WeChat Pay merchant from the POS_WECHATPAY_* settings: all of them or none (none: the payment
// simulator). Key files are read and parsed at start, so a wrong path or key stops the server
// with a message naming the setting; the keys themselves never live in the repository.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { WechatPayConfig } from './wechatpay-provider';

export const WECHATPAY_BASE_URL = 'https://api.mch.weixin.qq.com';

/** What the settings give, before the files are read (null, as in the example file: not set). */
export type WechatPaySettings = Partial<
  Record<
    | 'wechatpayMchId'
    | 'wechatpayAppId'
    | 'wechatpayCertSerial'
    | 'wechatpayPrivateKeyFile'
    | 'wechatpayApiV3Key'
    | 'wechatpayPlatformSerial'
    | 'wechatpayPlatformKeyFile'
    | 'wechatpayNotifyUrl'
    | 'wechatpayBaseUrl',
    string | null
  >
>;

const required = [
  ['wechatpayMchId', 'POS_WECHATPAY_MCHID'],
  ['wechatpayAppId', 'POS_WECHATPAY_APPID'],
  ['wechatpayCertSerial', 'POS_WECHATPAY_CERT_SERIAL'],
  ['wechatpayPrivateKeyFile', 'POS_WECHATPAY_PRIVATE_KEY_FILE'],
  ['wechatpayApiV3Key', 'POS_WECHATPAY_APIV3_KEY'],
  ['wechatpayPlatformSerial', 'POS_WECHATPAY_PLATFORM_SERIAL'],
  ['wechatpayPlatformKeyFile', 'POS_WECHATPAY_PLATFORM_KEY_FILE'],
  ['wechatpayNotifyUrl', 'POS_WECHATPAY_NOTIFY_URL'],
] as const;

/** Null when no merchant is configured; the merchant when all of it is, and right. */
export function wechatPayConfig(
  settings: WechatPaySettings,
  readFile: (path: string) => string | undefined,
  problems: string[],
): WechatPayConfig | null {
  const given = required.filter(([key]) => settings[key] != null);
  if (given.length === 0 && settings.wechatpayBaseUrl == null) return null;
  const missing = required.filter(([key]) => settings[key] == null);
  if (missing.length > 0) {
    problems.push(
      `WeChat Pay is half configured: ${missing.map(([, env]) => env).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing (set every POS_WECHATPAY_* variable, or none for the payment simulator)`,
    );
    return null;
  }
  const pem = (
    key: 'wechatpayPrivateKeyFile' | 'wechatpayPlatformKeyFile',
    env: string,
    parse: (text: string) => unknown,
  ) => {
    const file = settings[key]!;
    let text: string | undefined;
    try {
      text = readFile(file);
    } catch (error) {
      problems.push(`${env}=${JSON.stringify(file)}: cannot be read (${(error as Error).message})`);
      return '';
    }
    if (text === undefined) {
      problems.push(`${env}=${JSON.stringify(file)}: the file does not exist`);
      return '';
    }
    try {
      parse(text);
    } catch (error) {
      problems.push(`${env}=${JSON.stringify(file)}: not a PEM key (${(error as Error).message})`);
    }
    return text;
  };
  const privateKeyPem = pem(
    'wechatpayPrivateKeyFile',
    'POS_WECHATPAY_PRIVATE_KEY_FILE',
    createPrivateKey,
  );
  const platformPublicKeyPem = pem(
    'wechatpayPlatformKeyFile',
    'POS_WECHATPAY_PLATFORM_KEY_FILE',
    createPublicKey,
  );
  return {
    mchId: settings.wechatpayMchId!,
    appId: settings.wechatpayAppId!,
    certSerial: settings.wechatpayCertSerial!,
    privateKeyPem,
    apiV3Key: settings.wechatpayApiV3Key!,
    platformSerial: settings.wechatpayPlatformSerial!,
    platformPublicKeyPem,
    notifyUrl: settings.wechatpayNotifyUrl!,
    baseUrl: settings.wechatpayBaseUrl ?? WECHATPAY_BASE_URL,
  };
}
