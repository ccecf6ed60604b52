// The payment side of the server in one place: the QR signer (with the data dir's secret), the
// provider (WeChat Pay when a merchant is configured, else the simulator) and the service.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { QrCodes } from '../qr/qr-codes';
import type { Store } from '../store/store';
import { PaymentService } from './payment-service';
import type { PaymentProvider } from './provider';
import { RefundService } from './refund-service';
import { MiniProgramLogin, type MiniProgramConfig } from './mini-program-login';
import { SimulatorProvider } from './simulator-provider';
import { WechatPayProvider, type WechatPayConfig } from './wechatpay-provider';

export interface PaymentsOptions {
  /** The QR signing secret (loadOrCreateQrSecret); a throwaway one when absent. */
  qrSecret?: Uint8Array;
  /** A configured merchant; none: the payment simulator. */
  wechatPay?: WechatPayConfig | null;
  /** The mini-program's AppID and AppSecret: customers pay inside it (JSAPI). */
  miniProgram?: MiniProgramConfig | null;
  /** A provider of the caller's (tests). */
  provider?: PaymentProvider;
  ttlMs?: number;
  pollMs?: number;
  retryMs?: number;
  /** How often a refund being paid out is asked about (retries while unreachable: retryMs). */
  refundPollMs?: number;
}

export interface Payments {
  service: PaymentService;
  /** Refunds of WeChat-paid orders, sent through the same provider. */
  refunds: RefundService;
  qr: QrCodes;
  /** The simulator, when it is the provider: its page confirms and declines through it. */
  simulator: SimulatorProvider | null;
  wechatPay: WechatPayProvider | null;
  /** Signs a customer in by their wx.login code (when the mini-program's AppSecret is set). */
  login: MiniProgramLogin | null;
  stop(): void;
}

export function createPayments(
  options: PaymentsOptions & { store: Store; logger: Logger; now: () => number },
): Payments {
  const { store, logger, now } = options;
  const qr = new QrCodes(options.qrSecret ?? Uint8Array.from(randomBytes(32)), now);
  const provider =
    options.provider ??
    (options.wechatPay
      ? new WechatPayProvider(options.wechatPay, now)
      : new SimulatorProvider(now));
  const service = new PaymentService({
    store,
    provider,
    qr,
    logger,
    now,
    ttlMs: options.ttlMs,
    pollMs: options.pollMs,
    retryMs: options.retryMs,
  });
  const refunds = new RefundService({
    store,
    provider,
    logger,
    now,
    pollMs: options.refundPollMs,
    retryMs: options.retryMs,
  });
  return {
    service,
    refunds,
    qr,
    simulator: provider instanceof SimulatorProvider ? provider : null,
    wechatPay: provider instanceof WechatPayProvider ? provider : null,
    login: options.miniProgram ? new MiniProgramLogin(options.miniProgram) : null,
    stop: () => {
      service.stop();
      refunds.stop();
    },
  };
}
