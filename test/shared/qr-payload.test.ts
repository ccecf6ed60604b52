// The signed QR payloads: they fit a wxacode scene, and a changed character, an expired code or a
// code of the wrong kind is refused with its own error; the payment state machine beside them.
import fc from 'fast-check';
import {
  SCENE_MAX_LENGTH,
  observePayment,
  outTradeNoFor,
  qrNonce,
  qrPayloadText,
  qrRef,
  signQrPayload,
  unsettledPayments,
  verifyQrPayload,
  type Payment,
  type QrKind,
  type QrPayload,
} from '@pos/shared';

const secret = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
const otherSecret = Uint8Array.from({ length: 32 }, (_, i) => i * 5 + 3);
const now = Date.UTC(2026, 10, 22, 3, 0, 0);
const payload: QrPayload = {
  kind: 'pay-order',
  ref: 'a1B2c3D4',
  expiresAt: now + 5 * 60_000,
  nonce: 'Xy9Z0',
};
const sceneChars = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;

describe('signed QR payloads', () => {
  test('round trip, within a wxacode scene, and unchanged by decodeURIComponent(encodeURIComponent())', () => {
    const text = signQrPayload(secret, payload);
    expect(text.length).toBeLessThanOrEqual(SCENE_MAX_LENGTH);
    expect(text).toMatch(sceneChars);
    expect(decodeURIComponent(encodeURIComponent(text))).toBe(text);
    expect(verifyQrPayload(secret, text, now)).toEqual({ ok: true, value: payload });
  });

  test('every kind and reference length fits the scene', () => {
    const kinds: QrKind[] = ['pay-order', 'join-membership', 'pair-device'];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.uint8Array({ minLength: 9, maxLength: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.uint8Array({ minLength: 5, maxLength: 5 }),
        fc.integer({ min: 1, max: 365 * 24 * 60 }),
        (kind, refBytes, refLength, nonceBytes, minutes) => {
          const made = {
            kind,
            ref: qrRef(refBytes, refLength),
            nonce: qrNonce(nonceBytes),
            expiresAt: Math.ceil((now + minutes * 60_000) / 60_000) * 60_000,
          };
          const text = signQrPayload(secret, made);
          expect(text.length).toBeLessThanOrEqual(SCENE_MAX_LENGTH);
          expect(text).toMatch(sceneChars);
          expect(verifyQrPayload(secret, text, now, kind)).toEqual({ ok: true, value: made });
        },
      ),
    );
  });

  test('any changed character is refused, never read as another valid code', () => {
    const text = signQrPayload(secret, payload);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    for (let i = 0; i < text.length; i++) {
      for (const replacement of [alphabet[(alphabet.indexOf(text[i]) + 1) % 62], '-']) {
        if (replacement === text[i]) continue;
        const changed = text.slice(0, i) + replacement + text.slice(i + 1);
        const checked = verifyQrPayload(secret, changed, now);
        expect(checked.ok).toBe(false);
        if (!checked.ok) expect(['qr_tampered', 'qr_malformed']).toContain(checked.error.code);
      }
    }
    // Raising the expiry or changing the reference without the secret: the MAC gives it away.
    const longer = signQrPayload(otherSecret, { ...payload, expiresAt: now + 86_400_000 });
    const forged = verifyQrPayload(secret, longer, now);
    expect(forged).toEqual({
      ok: false,
      error: {
        code: 'qr_tampered',
        message: 'this QR code was altered or was not made by this store’s server',
      },
    });
  });

  test('an expired code is refused as expired; one of another kind as the wrong kind', () => {
    const text = signQrPayload(secret, payload);
    expect(verifyQrPayload(secret, text, payload.expiresAt - 1).ok).toBe(true);
    const late = verifyQrPayload(secret, text, payload.expiresAt);
    expect(late.ok || late.error.code).toBe('qr_expired');
    const wrongKind = verifyQrPayload(secret, text, now, 'join-membership');
    expect(wrongKind.ok || wrongKind.error).toEqual({
      code: 'qr_wrong_kind',
      message: 'this QR code is for pay-order, not join-membership',
    });
  });

  test('junk is malformed: empty, too long, outside the scene alphabet, not a string', () => {
    for (const junk of ['', 'x', 'P'.repeat(33), 'weixin://wxpay/bizpayurl?pr=abc', 42 as never])
      expect(verifyQrPayload(secret, junk, now)).toMatchObject({
        ok: false,
        error: { code: 'qr_malformed' },
      });
  });

  test('bad inputs to sign throw naming the field', () => {
    expect(() => signQrPayload(secret, { ...payload, ref: 'has space' })).toThrow(/reference/);
    expect(() => signQrPayload(secret, { ...payload, ref: '1234567890' })).toThrow(/reference/);
    expect(() => signQrPayload(secret, { ...payload, nonce: 'abc' })).toThrow(/nonce/);
    expect(() => signQrPayload(secret.subarray(0, 16), payload)).toThrow(/32 bytes/);
    expect(() => signQrPayload(secret, { ...payload, expiresAt: 1e15 })).toThrow(/expiry/);
  });

  test('the payload inside a scanned link or a scene', () => {
    const text = signQrPayload(secret, payload);
    expect(qrPayloadText(text)).toBe(text);
    expect(qrPayloadText(`http://192.168.1.20:8787/pay/sim/${text}`)).toBe(text);
    expect(qrPayloadText(`https://shop.example/j/${text}?from=card`)).toBe(text);
  });
});

describe('the payment state machine', () => {
  const pending: Payment = {
    id: 'a1B2c3D4',
    orderId: 'dev-01:2026-11-22:42',
    orderNo: 'T1-1122-0042',
    businessDay: '2026-11-22',
    deviceId: 'dev-01',
    cashierId: 'staff-1',
    provider: 'simulator',
    outTradeNo: 'T120261122004201',
    amount: 3600,
    otherTenders: [],
    status: 'pending',
    createdAt: now,
    expiresAt: now + 300_000,
    updatedAt: now,
    nonce: 'Xy9Z0',
    codeUrl: null,
    transactionId: null,
    paidAt: null,
    problem: null,
    lastCheckedAt: null,
  };
  const paid = { kind: 'paid', transactionId: 'tx-1', paidAt: now + 10, amount: 3600 } as const;

  test('pending -> paid | declined | expired | closed', () => {
    expect(observePayment(pending, paid, now + 20)).toMatchObject({
      status: 'paid',
      transactionId: 'tx-1',
      paidAt: now + 10,
    });
    expect(
      observePayment(pending, { kind: 'declined', reason: 'card refused' }, now + 20),
    ).toMatchObject({ status: 'declined', problem: 'card refused' });
    expect(observePayment(pending, { kind: 'waiting' }, now + 20).status).toBe('pending');
    expect(observePayment(pending, { kind: 'waiting' }, now + 300_000).status).toBe('expired');
    expect(observePayment(pending, { kind: 'closed' }, now + 20).status).toBe('closed');
    expect(observePayment(pending, { kind: 'closed' }, now + 300_000).status).toBe('expired');
  });

  test('unreachable -> pending verification, which resolves by itself once the provider answers', () => {
    const cutOff = observePayment(
      pending,
      { kind: 'unreachable', detail: 'ECONNREFUSED' },
      now + 1,
    );
    expect(cutOff).toMatchObject({ status: 'pending_verification', problem: 'ECONNREFUSED' });
    // Paid while the store was cut off, even past the QR's expiry: paid.
    expect(observePayment(cutOff, paid, now + 3_600_000).status).toBe('paid');
    // Never paid: expired.
    expect(observePayment(cutOff, { kind: 'waiting' }, now + 3_600_000).status).toBe('expired');
    expect(unsettledPayments([pending, cutOff, observePayment(pending, paid, now)])).toHaveLength(
      2,
    );
    expect(unsettledPayments([cutOff], '2026-11-23')).toHaveLength(0);
  });

  test('settled payments never change but for money taken after a close; a success for another amount is kept to refund', () => {
    const done = observePayment(pending, paid, now + 20);
    expect(observePayment(done, { kind: 'declined', reason: 'late' }, now + 30)).toBe(done);
    expect(observePayment(done, { ...paid, transactionId: 'tx-2' }, now + 30)).toBe(done);
    // Money taken after the server closed it is kept, to refund: never dropped, never the order's.
    const closed = observePayment(pending, { kind: 'closed' }, now + 20);
    const late = observePayment(closed, paid, now + 40);
    expect(late).toMatchObject({
      status: 'paid_not_recorded',
      transactionId: 'tx-1',
      paidAmount: 3600,
      problem: expect.stringMatching(/¥36\.00 paid after .* closed: not recorded/),
    });
    expect(observePayment(late, { ...paid, transactionId: 'tx-2' }, now + 50)).toBe(late);
    expect(observePayment(closed, { kind: 'waiting' }, now + 50)).toBe(closed);
    const wrong = observePayment(pending, { ...paid, amount: 1 }, now + 20);
    expect(wrong).toMatchObject({ status: 'paid_not_recorded', paidAmount: 1 });
    expect(wrong.problem).toMatch(/¥0\.01 paid, not ¥36\.00/);
  });

  test('out_trade_no: derived from the order, unique per attempt, within WeChat’s 6-32 characters', () => {
    const order = { deviceCode: 'T1', businessDay: '2026-11-22', orderNo: 'T1-1122-0042' };
    expect(outTradeNoFor(order, 1)).toBe('T120261122004201');
    expect(outTradeNoFor(order, 2)).not.toBe(outTradeNoFor(order, 1));
    expect(outTradeNoFor({ ...order, deviceCode: 'K12', orderNo: 'K12-1122-10042' }, 99)).toMatch(
      /^[0-9A-Za-z_-]{6,32}$/,
    );
  });
});
