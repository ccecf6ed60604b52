// One interface for every way a customer pays by QR: WeChat Pay API v3, or the payment simulator.
// The service, state machine and poller above it never know which one they talk to.
import type {
  Fen,
  JsapiParams,
  PaymentProviderName,
  ProviderObservation,
  RefundObservation,
} from '@pos/shared';

export interface ProviderOrder {
  /** Unique per attempt and derived from the order (see outTradeNoFor). */
  outTradeNo: string;
  amount: Fen;
  /** What the customer's WeChat shows: the store and the order number. */
  description: string;
  expiresAt: number;
}

export interface ProviderRefund {
  outTradeNo: string;
  /** The same for every retry of one refund, so the provider refunds once. */
  outRefundNo: string;
  amount: Fen;
  total: Fen;
  reason: string;
}

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /** A Native order: the text its QR encodes (WeChat's code_url), or null to show the store's own page. */
  createNative(order: ProviderOrder): Promise<{ codeUrl: string | null }>;
  /** A JSAPI order for paying inside the mini-program: the wx.requestPayment parameters. */
  createJsapi(order: ProviderOrder, openid: string): Promise<JsapiParams>;
  /** Asks about a payment. Throws ProviderUnreachableError when no trustworthy answer came. */
  query(outTradeNo: string): Promise<ProviderObservation>;
  /** Closes an unpaid order; throws ProviderRefusedError('ORDERPAID') when it was paid meanwhile. */
  close(outTradeNo: string): Promise<void>;
  /**
   * Asks for a refund; sent again with the same outRefundNo it is the same refund (never a second).
   * Throws ProviderUnreachableError when no trustworthy answer came, ProviderRefusedError on a no.
   */
  refund(refund: ProviderRefund): Promise<RefundObservation>;
  /** Asks how a refund stands (ProviderRefusedError('RESOURCE_NOT_EXISTS') when it never arrived). */
  queryRefund(outRefundNo: string): Promise<RefundObservation>;
}

/** No answer, or none the server can trust (a bad or missing signature): try again later. */
export class ProviderUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderUnreachableError';
  }
}

/** The provider answered, signed, and said no (with its own code, such as ORDERPAID). */
export class ProviderRefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderRefusedError';
  }
}
