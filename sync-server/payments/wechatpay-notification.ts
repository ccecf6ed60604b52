// WeChat Pay's payment notification, read only once it is proven WeChat Pay's: verified over the
// raw body (signature, serial, clock skew), its resource decrypted, and for this merchant.
import type { ProviderObservation } from '@pos/shared';
import { transactionObservation, type Transaction } from './wechatpay-answers';
import {
  decryptResource,
  signatureProblem,
  signedMessage,
  type EncryptedResource,
  type PlatformKey,
} from './wechatpay-signing';

export class ForgedNotificationError extends Error {
  constructor(reason: string) {
    super(`payment notification refused: ${reason}`);
    this.name = 'ForgedNotificationError';
  }
}

export interface NotificationKeys {
  mchId: string;
  /** The APIv3 key: decrypts the resource. */
  apiV3Key: string;
  platform: PlatformKey;
}

/** The notified order and what it says; throws a ForgedNotificationError with the reason. */
export function readPaymentNotification(
  headers: (name: string) => string | undefined,
  rawBody: string,
  keys: NotificationKeys,
  now: () => number,
): { outTradeNo: string; observation: ProviderObservation } {
  const problem = signatureProblem(signedMessage(headers, rawBody), keys.platform, now());
  if (problem) throw new ForgedNotificationError(problem);
  let resource: EncryptedResource;
  try {
    resource = (JSON.parse(rawBody) as { resource: EncryptedResource }).resource;
  } catch {
    throw new ForgedNotificationError('the body is not JSON');
  }
  let transaction: Transaction;
  try {
    transaction = JSON.parse(decryptResource(resource, keys.apiV3Key)) as Transaction;
  } catch (error) {
    throw new ForgedNotificationError(`the resource does not decrypt: ${(error as Error).message}`);
  }
  if (transaction.mchid !== keys.mchId || !transaction.out_trade_no)
    throw new ForgedNotificationError('the notification is for another merchant');
  return {
    outTradeNo: transaction.out_trade_no,
    observation: transactionObservation(transaction, now),
  };
}
