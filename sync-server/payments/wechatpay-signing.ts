// WeChat Pay API v3's signatures with node:crypto: SHA256-RSA request signing (the merchant's
// key), response and notification verification (the platform's key, its serial, at most 300 s of
// clock skew), AEAD_AES_256_GCM resource decryption, and the JSAPI paySign.
import { createDecipheriv, createSign, createVerify, type KeyObject } from 'node:crypto';

export const MAX_CLOCK_SKEW_S = 300;
export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

export interface MerchantKey {
  mchId: string;
  /** The serial number of the merchant's API certificate. */
  serial: string;
  privateKey: KeyObject;
}

export interface PlatformKey {
  /** The platform certificate's serial, or the WeChat Pay public key's id (PUB_KEY_ID_...). */
  serial: string;
  publicKey: KeyObject;
}

function rsaSign(message: string, key: KeyObject): string {
  return createSign('RSA-SHA256').update(message).sign(key, 'base64');
}

/** The Authorization header of a request: method, path with query, time, nonce and body signed. */
export function authorization(
  key: MerchantKey,
  request: { method: string; pathWithQuery: string; body: string },
  timestamp: number,
  nonce: string,
): string {
  const message = `${request.method}\n${request.pathWithQuery}\n${timestamp}\n${nonce}\n${request.body}\n`;
  const signature = rsaSign(message, key.privateKey);
  return `${AUTH_SCHEME} mchid="${key.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${key.serial}"`;
}

export interface SignedMessage {
  timestamp: string | null;
  nonce: string | null;
  signature: string | null;
  serial: string | null;
  /** The body exactly as received: the signature covers these bytes. */
  body: string;
}

/** Reads the Wechatpay-* headers (any case) of a response or notification. */
export function signedMessage(
  headers: (name: string) => string | null | undefined,
  body: string,
): SignedMessage {
  return {
    timestamp: headers('wechatpay-timestamp') ?? null,
    nonce: headers('wechatpay-nonce') ?? null,
    signature: headers('wechatpay-signature') ?? null,
    serial: headers('wechatpay-serial') ?? null,
    body,
  };
}

/** Null when the message is WeChat Pay's; otherwise why it is not to be trusted. */
export function signatureProblem(
  message: SignedMessage,
  platform: PlatformKey,
  nowMs: number,
): string | null {
  const { timestamp, nonce, signature, serial, body } = message;
  if (!timestamp || !nonce || !signature || !serial)
    return 'not signed (Wechatpay-* headers missing): treated as forged';
  if (serial !== platform.serial)
    return `signed with serial ${serial}, not the configured platform key ${platform.serial}`;
  if (!/^\d{1,12}$/.test(timestamp)) return `timestamp "${timestamp}" is not a number`;
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_S)
    return `timestamp ${timestamp} is ${Math.round(skew)} s from this server's clock (at most ${MAX_CLOCK_SKEW_S} s): stale or replayed`;
  const valid = createVerify('RSA-SHA256')
    .update(`${timestamp}\n${nonce}\n${body}\n`)
    .verify(platform.publicKey, signature, 'base64');
  return valid ? null : 'signature does not match the body: forged or altered';
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
}

/** Decrypts a notification's resource with the merchant's APIv3 key (32 bytes). */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM')
    throw new Error(`resource algorithm ${resource.algorithm} is not AEAD_AES_256_GCM`);
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length < 17) throw new Error('resource ciphertext is too short');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    Buffer.from(apiV3Key, 'utf8'),
    Buffer.from(resource.nonce, 'utf8'),
  );
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([
    decipher.update(data.subarray(0, data.length - 16)),
    decipher.final(),
  ]).toString('utf8');
}

/** wx.requestPayment's paySign: appId, timeStamp, nonceStr and package, signed by the merchant. */
export function jsapiPaySign(
  appId: string,
  timeStamp: string,
  nonceStr: string,
  pkg: string,
  key: KeyObject,
): string {
  return rsaSign(`${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, key);
}
